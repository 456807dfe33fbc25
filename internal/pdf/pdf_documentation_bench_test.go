package pdf

import (
	"fmt"
	"io"
	rtmetrics "runtime/metrics" // fonts.go on main declares a metrics of its own
	"strings"
	"testing"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/assets"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/i18n"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
)

// benchMinutes is a workshop's minutes of about two and a half pages:
// headings, paragraphs, lists with emphasis and links, as facilitators write them.
func benchMinutes(n int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Moderation: Inken Vollmering und Knut Unger, Arbeitsgruppe %d.\n\n", n)
	for s := range 4 {
		fmt.Fprintf(&b, "## Abschnitt %d\n\n", s+1)
		for range 3 {
			b.WriteString("Im Mittelpunkt stand bezahlbarer Wohnraum: In NRW fehlen nach Presseberichten rund 400.000 " +
				"Wohnungen, vor allem weil der **soziale Wohnungsbau** lange vernachlässigt wurde. Selbst vorhandene " +
				"Fördermittel werden oft nicht abgerufen, weil sich für günstige Wohnungen keine Träger finden. Der " +
				"Flüchtlingsrat und *Médecins du Monde* berichteten aus der Bahnhofstraße – „gemeinsam“.\n\n")
		}
		b.WriteString("- eine neue Wohnungsgemeinnützigkeit und bezahlbarer Wohnraum für alle\n" +
			"- kommunale Grundstückspolitik, siehe [Leverkusener Modell](https://example.org/modell)\n" +
			"  - lange leerstehende Häuser in den Blick nehmen\n" +
			"- Orte der Begegnung schaffen, denn Isolation ist eines der größten Probleme\n\n")
	}
	return b.String()
}

// benchDocumentation is an edition of 5 slots of 10 workshops, each with
// minutes, 2,000 participants from 7 categories and 80 municipalities, 100
// adopted demands and 100 earlier ones.
func benchDocumentation() Documentation {
	loc, _ := time.LoadLocation(model.DefaultTimeZone)
	day := time.Date(2026, 3, 14, 0, 0, 0, 0, loc)
	in := Documentation{
		Series: model.Series{Title: "Kommunale Flüchtlingskonferenz NRW"},
		Conference: model.Conference{Title: "5. Kommunale Flüchtlingskonferenz NRW", Subtitle: "Ankommen, Wohnen, Arbeiten",
			StartsAt: day.Add(9 * time.Hour), EndsAt: day.Add(18 * time.Hour), TimeZone: model.DefaultTimeZone,
			Venue: "Rathaus", Address: "Musterstraße 1, 42103 Wuppertal", Hosts: "Kommunalpolitisches Forum NRW",
			Description: benchMinutes(0)},
	}
	for s := range 5 {
		slot := model.Session{ID: int64(s + 1), Kind: model.KindWorkshopSlot, Title: fmt.Sprintf("Arbeitsgruppen %d", s+1),
			StartsAt: day.Add(time.Duration(9+s) * time.Hour), EndsAt: day.Add(time.Duration(10+s) * time.Hour)}
		for w := range 10 {
			ws := model.Workshop{Title: fmt.Sprintf("Arbeitsgruppe %d.%d: Wohnen und Gesundheitsversorgung", s+1, w+1), Room: "Raum " + fmt.Sprint(w+1),
				People: []model.Person{{Name: "Anamaria Diaz", Affiliation: "Medizinische Flüchtlingshilfe Bochum", Role: model.RoleModerator}}}
			slot.Workshops = append(slot.Workshops, ws)
			rec := Record{Title: ws.Title, Context: slot.Title, Body: benchMinutes(s*10 + w + 1)}
			rec.Files = []Attachment{{Name: "praesentation.pdf", ContentType: model.TypePDF, Size: 1234567, URL: "https://example.org/k/x/protokolle/1/anhang/1"}}
			in.Records = append(in.Records, rec)
		}
		in.Programme = append(in.Programme, slot)
		in.Choices = append(in.Choices, SlotChoices{Slot: slot.Title, Placed: 1900, First: 1500})
	}
	for i := range 100 {
		d := Demand{Resolution: model.Resolution{ID: int64(i + 1), Title: fmt.Sprintf("Forderung %d: Gesundheitsversorgung ohne Hürden", i+1),
			Body:           "Die Kommunen führen die **elektronische Gesundheitskarte** für Geflüchtete ein und richten einen anonymen Behandlungsschein ein.",
			Reasoning:      "Wer für jeden Arztbesuch erst einen Schein holen muss, wird zu spät behandelt.",
			AddresseeLevel: model.LevelMunicipality, AddresseeName: "Räte der Städte und Gemeinden in NRW"},
			Vote: []model.VoteGroup{{Label: "Alle", Yes: 1500, No: 200, Abstain: 100}}, State: model.FollowSent,
			URL: fmt.Sprintf("https://example.org/forderungen/%d", i+1)}
		in.Adopted = append(in.Adopted, d)
		d.Edition = "4. Kommunale Flüchtlingskonferenz NRW"
		in.Earlier = append(in.Earlier, d)
	}
	n := 0
	for m := range 80 {
		for _, c := range model.Categories {
			k := 2000 / (80 * len(model.Categories))
			if n+k > 2000 || m == 79 && c == model.Categories[len(model.Categories)-1] {
				k = 2000 - n
			}
			in.Counts = append(in.Counts, Count{Category: c, Municipality: fmt.Sprintf("Gemeinde %d", m+1), Registered: k, Present: k - 1})
			n += k
		}
	}
	return in
}

// BenchmarkDocumentation writes the documentation of a large edition and,
// beside it, the same number of pages of plain text with the same font
// through fpdf alone: the floor any document of that length can reach.
// "bare-fpdf" reports the documentation's time as a multiple of its own
// (x-documentation): the fastest documentation run so far against this
// run, since with -count the documentation's runs all come first and the
// shared machine's load varies between them.
//
//	go test -run '^$' -bench BenchmarkDocumentation -benchmem ./internal/pdf/
func BenchmarkDocumentation(b *testing.B) {
	bundle, err := i18n.New()
	if err != nil {
		b.Fatal(err)
	}
	l := bundle.Localizer("de")
	in := benchDocumentation()
	pages := 0
	var docNs float64 // the fastest documentation run's ns/op
	b.Run("documentation", func(b *testing.B) {
		b.ReportAllocs()
		stop := heapPeak()
		for b.Loop() {
			d := NewDocumentation(in, l)
			pages = d.f.PageNo()
			if err := d.Output(io.Discard); err != nil {
				b.Fatal(err)
			}
		}
		if ns := float64(b.Elapsed().Nanoseconds()) / float64(b.N); docNs == 0 || ns < docNs {
			docNs = ns
		}
		b.ReportMetric(stop(), "MB-heap-peak")
		b.ReportMetric(float64(pages), "pages")
	})
	b.Run("bare-fpdf", func(b *testing.B) {
		if pages == 0 {
			b.Skip("needs the documentation sub-benchmark for its page count")
		}
		font, err := assets.Fonts.ReadFile("fonts/DejaVuSans.ttf") // the documents' body face
		if err != nil {
			b.Fatal(err)
		}
		line := "Im Mittelpunkt stand bezahlbarer Wohnraum: In NRW fehlen rund 400.000 Wohnungen – „gemeinsam“."
		lh := Style{}.LineHeight()
		b.ReportAllocs()
		stop := heapPeak()
		for b.Loop() {
			f := fpdf.New("P", "mm", "A4", "")
			f.AddUTF8FontFromBytes("sans", "", font)
			f.SetFont("sans", "", BodySize)
			f.SetAutoPageBreak(false, Margin)
			for range pages {
				f.AddPage()
				for y := Margin; y < 297-Margin; y += lh {
					f.Text(Margin, y, line)
				}
			}
			if err := f.Output(io.Discard); err != nil {
				b.Fatal(err)
			}
		}
		bareNs := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
		b.ReportMetric(stop(), "MB-heap-peak")
		b.ReportMetric(float64(pages), "pages")
		b.ReportMetric(docNs/bareNs, "x-documentation")
	})
}

// heapPeak samples the live heap every millisecond until stop is called,
// which returns the highest figure seen in MB: the peak memory of what ran
// in between, without stopping the world as runtime.ReadMemStats does.
func heapPeak() (stop func() float64) {
	sample := []rtmetrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	var peak uint64
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			rtmetrics.Read(sample)
			peak = max(peak, sample[0].Value.Uint64())
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() float64 {
		close(done)
		<-finished
		return float64(peak) / (1 << 20)
	}
}
