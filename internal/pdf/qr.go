package pdf

import (
	"errors"
	"sync"
)

// A QR code encoder for the badges' check-in addresses (ISO/IEC 18004):
// byte mode, error correction level M, versions 1 to 10 (up to 213 bytes),
// the mask chosen by the standard's penalty rules. It writes the same
// modules as github.com/boombuler/barcode/qr (the tests compare them), in
// a small fraction of the time: that encoder spends about two milliseconds
// a code on choosing the mask, which for an edition's 2,000 badges was
// most of the document's time. Its layout follows Project Nayuki's
// reference implementation.

// qrMatrix is a QR code's modules, row by row; true is dark.
type qrMatrix struct {
	size int
	dark []bool
	fn   []bool // function modules (finders, timing, format ...), which masks leave alone
}

func (m *qrMatrix) at(x, y int) bool { return m.dark[y*m.size+x] }

func (m *qrMatrix) setFunction(x, y int, dark bool) {
	m.dark[y*m.size+x] = dark
	m.fn[y*m.size+x] = true
}

// qrBlocks is, per version at level M, the error correction codewords per
// block and the blocks of each of the two groups with their data codewords.
var qrBlocks = [11]struct{ ec, blocks1, data1, blocks2, data2 int }{
	1: {10, 1, 16, 0, 0}, 2: {16, 1, 28, 0, 0}, 3: {26, 1, 44, 0, 0}, 4: {18, 2, 32, 0, 0},
	5: {24, 2, 43, 0, 0}, 6: {16, 4, 27, 0, 0}, 7: {18, 4, 31, 0, 0}, 8: {22, 2, 38, 2, 39},
	9: {22, 3, 36, 2, 37}, 10: {26, 4, 43, 1, 44},
}

// qrAlignment is, per version, the rows and columns of the alignment patterns' centres.
var qrAlignment = [11][]int{
	2: {6, 18}, 3: {6, 22}, 4: {6, 26}, 5: {6, 30}, 6: {6, 34},
	7: {6, 22, 38}, 8: {6, 24, 42}, 9: {6, 26, 46}, 10: {6, 28, 50},
}

// errQRTooLong answers content beyond version 10.
var errQRTooLong = errors.New("pdf: too long for a QR code")

// encodeQR returns the QR code of content.
func encodeQR(content string) (*qrMatrix, error) {
	data := []byte(content)
	version := 0
	for v := 1; v <= 10; v++ {
		b := qrBlocks[v]
		if 4+qrCountBits(v)+8*len(data) <= 8*(b.blocks1*b.data1+b.blocks2*b.data2) {
			version = v
			break
		}
	}
	if version == 0 {
		return nil, errQRTooLong
	}
	m := newQRMatrix(version)
	m.drawCodewords(qrCodewords(data, version))
	best, bestPenalty := 0, -1
	for mask := range 8 {
		m.applyMask(mask)
		m.drawFormat(mask)
		if p := m.penalty(); bestPenalty < 0 || p < bestPenalty {
			best, bestPenalty = mask, p
		}
		m.applyMask(mask) // undone: a mask is its own inverse
	}
	m.applyMask(best)
	m.drawFormat(best)
	return m, nil
}

func qrCountBits(version int) int {
	if version < 10 {
		return 8
	}
	return 16
}

// qrCodewords returns the data in byte mode with its terminator and
// padding, split into blocks, each with its error correction, interleaved.
func qrCodewords(data []byte, version int) []byte {
	b := qrBlocks[version]
	capacity := b.blocks1*b.data1 + b.blocks2*b.data2
	var bits qrBits
	bits.add(0b0100, 4)
	bits.add(len(data), qrCountBits(version))
	for _, c := range data {
		bits.add(int(c), 8)
	}
	bits.add(0, min(4, 8*capacity-bits.n))
	bits.add(0, (8-bits.n%8)%8)
	for pad := 0xEC; len(bits.bytes) < capacity; pad ^= 0xEC ^ 0x11 {
		bits.add(pad, 8)
	}
	var blocks, eccs [][]byte
	rest := bits.bytes
	for i := range b.blocks1 + b.blocks2 {
		n := b.data1
		if i >= b.blocks1 {
			n = b.data2
		}
		blocks = append(blocks, rest[:n])
		eccs = append(eccs, rsRemainder(rest[:n], b.ec))
		rest = rest[n:]
	}
	out := make([]byte, 0, capacity+b.ec*len(blocks))
	for i := range max(b.data1, b.data2) {
		for _, blk := range blocks {
			if i < len(blk) {
				out = append(out, blk[i])
			}
		}
	}
	for i := range b.ec {
		for _, e := range eccs {
			out = append(out, e[i])
		}
	}
	return out
}

// qrBits collects bits, most significant first.
type qrBits struct {
	bytes []byte
	n     int
}

func (b *qrBits) add(v, count int) {
	for i := count - 1; i >= 0; i-- {
		if b.n%8 == 0 {
			b.bytes = append(b.bytes, 0)
		}
		if v>>i&1 == 1 {
			b.bytes[b.n/8] |= 0x80 >> (b.n % 8)
		}
		b.n++
	}
}

// Reed-Solomon over GF(256) with the QR code's polynomial x⁸+x⁴+x³+x²+1.
var (
	gfExp, gfLog = gfTables()
	rsDivisors   sync.Map // degree → []byte
)

func gfTables() (exp [512]byte, log [256]byte) {
	x := 1
	for i := range 255 {
		exp[i], log[x] = byte(x), byte(i)
		x <<= 1
		if x&0x100 != 0 {
			x ^= 0x11D
		}
	}
	for i := 255; i < 512; i++ {
		exp[i] = exp[i-255]
	}
	return exp, log
}

func gfMul(a, b byte) byte {
	if a == 0 || b == 0 {
		return 0
	}
	return gfExp[int(gfLog[a])+int(gfLog[b])]
}

// rsDivisor returns the generator polynomial of the degree, without its
// leading 1, highest power first.
func rsDivisor(degree int) []byte {
	if d, ok := rsDivisors.Load(degree); ok {
		return d.([]byte)
	}
	d := make([]byte, degree)
	d[degree-1] = 1
	root := byte(1)
	for range degree {
		for j := range d {
			d[j] = gfMul(d[j], root)
			if j+1 < degree {
				d[j] ^= d[j+1]
			}
		}
		root = gfMul(root, 2)
	}
	rsDivisors.Store(degree, d)
	return d
}

// rsRemainder returns the error correction codewords of data.
func rsRemainder(data []byte, degree int) []byte {
	div := rsDivisor(degree)
	r := make([]byte, degree)
	for _, c := range data {
		factor := c ^ r[0]
		copy(r, r[1:])
		r[degree-1] = 0
		for i := range r {
			r[i] ^= gfMul(div[i], factor)
		}
	}
	return r
}

// newQRMatrix draws a version's function patterns: timing, finders,
// alignment patterns, and the format and version areas.
func newQRMatrix(version int) *qrMatrix {
	size := 4*version + 17
	m := &qrMatrix{size: size, dark: make([]bool, size*size), fn: make([]bool, size*size)}
	for i := range size {
		m.setFunction(6, i, i%2 == 0)
		m.setFunction(i, 6, i%2 == 0)
	}
	for _, c := range [][2]int{{3, 3}, {size - 4, 3}, {3, size - 4}} {
		for dy := -4; dy <= 4; dy++ {
			for dx := -4; dx <= 4; dx++ {
				x, y := c[0]+dx, c[1]+dy
				if x >= 0 && x < size && y >= 0 && y < size {
					d := max(abs(dx), abs(dy))
					m.setFunction(x, y, d != 2 && d != 4)
				}
			}
		}
	}
	pos := qrAlignment[version]
	last := len(pos) - 1
	for i := range pos {
		for j := range pos {
			if i == 0 && j == 0 || i == 0 && j == last || i == last && j == 0 {
				continue // where the finders are
			}
			for dy := -2; dy <= 2; dy++ {
				for dx := -2; dx <= 2; dx++ {
					m.setFunction(pos[i]+dx, pos[j]+dy, max(abs(dx), abs(dy)) != 1)
				}
			}
		}
	}
	m.drawFormat(0) // reserves the area; the chosen mask's bits come later
	if version >= 7 {
		rem := version
		for range 12 {
			rem = rem<<1 ^ (rem>>11)*0x1F25
		}
		bits := version<<12 | rem
		for i := range 18 {
			dark := bits>>i&1 == 1
			a, b := size-11+i%3, i/3
			m.setFunction(a, b, dark)
			m.setFunction(b, a, dark)
		}
	}
	return m
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// drawFormat draws both copies of the format bits for level M and the
// mask, and the dark module.
func (m *qrMatrix) drawFormat(mask int) {
	data := mask // level M's two bits are 00
	rem := data
	for range 10 {
		rem = rem<<1 ^ (rem>>9)*0x537
	}
	bits := (data<<10 | rem) ^ 0x5412
	bit := func(i int) bool { return bits>>i&1 == 1 }
	size := m.size
	for i := range 6 {
		m.setFunction(8, i, bit(i))
	}
	m.setFunction(8, 7, bit(6))
	m.setFunction(8, 8, bit(7))
	m.setFunction(7, 8, bit(8))
	for i := 9; i < 15; i++ {
		m.setFunction(14-i, 8, bit(i))
	}
	for i := range 8 {
		m.setFunction(size-1-i, 8, bit(i))
	}
	for i := 8; i < 15; i++ {
		m.setFunction(8, size-15+i, bit(i))
	}
	m.setFunction(8, size-8, true)
}

// drawCodewords places the codewords in the zigzag of two-module columns
// from the bottom right, around the function modules.
func (m *qrMatrix) drawCodewords(data []byte) {
	size, i := m.size, 0
	for right := size - 1; right >= 1; right -= 2 {
		if right == 6 {
			right = 5 // the vertical timing pattern
		}
		upward := (right+1)&2 == 0
		for vert := range size {
			for j := range 2 {
				x, y := right-j, vert
				if upward {
					y = size - 1 - vert
				}
				if !m.fn[y*size+x] && i < len(data)*8 {
					m.dark[y*size+x] = data[i>>3]>>(7-i&7)&1 == 1
					i++
				}
			}
		}
	}
}

// applyMask inverts the data modules the mask selects.
func (m *qrMatrix) applyMask(mask int) {
	for y := range m.size {
		for x := range m.size {
			var invert bool
			switch mask {
			case 0:
				invert = (x+y)%2 == 0
			case 1:
				invert = y%2 == 0
			case 2:
				invert = x%3 == 0
			case 3:
				invert = (x+y)%3 == 0
			case 4:
				invert = (x/3+y/2)%2 == 0
			case 5:
				invert = x*y%2+x*y%3 == 0
			case 6:
				invert = (x*y%2+x*y%3)%2 == 0
			case 7:
				invert = ((x+y)%2+x*y%3)%2 == 0
			}
			k := y*m.size + x
			if invert && !m.fn[k] {
				m.dark[k] = !m.dark[k]
			}
		}
	}
}

// penalty scores the modules by the standard's four rules, as
// github.com/boombuler/barcode/qr does: runs of five or more of one colour
// in a line, 2×2 blocks of one colour, the finder's 1:1:3:1:1 pattern with
// four light modules on one side, and the share of dark modules away from half.
func (m *qrMatrix) penalty() int {
	size, p, dark := m.size, 0, 0
	column := make([]bool, size)
	for a := range size {
		row := m.dark[a*size : (a+1)*size]
		p += linePenalty(row)
		for b := range size {
			column[b] = m.dark[b*size+a]
			if row[b] {
				dark++
			}
		}
		p += linePenalty(column)
		if a+1 < size {
			next := m.dark[(a+1)*size : (a+2)*size]
			for b := 0; b+1 < size; b++ {
				c := row[b]
				if row[b+1] == c && next[b] == c && next[b+1] == c {
					p += 3
				}
			}
		}
	}
	// The share of dark modules in steps of 5 % away from 50 %, the nearer
	// step counting.
	total := size * size
	lo, hi := dark*100/total/5, (dark*100+total*5-1)/total/5
	return p + 10*min(abs(lo-10), abs(hi-10))
}

// linePenalty scores one row or column: its runs of five or more modules of
// one colour, and its finder-like patterns.
func linePenalty(line []bool) int {
	const (
		finderLeft  = 0b10111010000
		finderRight = 0b00001011101
		window      = 1<<11 - 1
	)
	p, run, win := 0, 0, 0
	last := !line[0]
	for b, d := range line {
		if d == last {
			run++
		} else {
			if run >= 5 {
				p += run - 2
			}
			run, last = 1, d
		}
		win = (win<<1 | b2i(d)) & window
		if b >= 10 && (win == finderLeft || win == finderRight) {
			p += 40
		}
	}
	if run >= 5 {
		p += run - 2
	}
	return p
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
