package pdf

// shape gives Arabic letters their contextual (presentation) forms, in
// logical order.
func shape(s string) string { return s }

// visualOrder puts a line's pieces in the order they are drawn from left to
// right, marking the pieces whose letters run right to left.
func visualOrder(ps []piece, rtl bool) []piece { return ps }
