package queue

import "testing"

// The journal's record of ranges is read back only when it is a whole plan
// of the file as listed now; anything else starts the download over.
func TestParseRanges(t *testing.T) {
	cases := []struct {
		name   string
		text   string
		size   int64
		ok     bool
		prefix int64 // where one stream would resume
	}{
		{"a plan part-way", "0+100+100,100+100+40,200+50+0", 250, true, 140},
		{"first range part-way", "0+100+10,100+150+150", 250, true, 10},
		{"empty", "", 250, false, 0},
		{"the file changed size", "0+100+100,100+100+40", 250, false, 0},
		{"a gap", "0+100+100,150+100+0", 250, false, 0},
		{"an overlap", "0+100+100,50+200+0", 250, false, 0},
		{"more landed than the range", "0+100+101,100+150+0", 250, false, 0},
		{"negative", "0+100+-1,100+150+0", 250, false, 0},
		{"an empty range", "0+0+0,0+250+0", 250, false, 0},
		{"damaged", "0+100,100+150+0", 250, false, 0},
		{"not numbers", "0+x+0", 1, false, 0},
		{"past the size", "0+300+0", 250, false, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			spans := parseRanges(c.text, c.size)
			if (spans != nil) != c.ok {
				t.Fatalf("parsed %v, want ok %v", spans != nil, c.ok)
			}
			if spans == nil {
				return
			}
			if got := formatRanges(spans); got != c.text {
				t.Errorf("formats back as %q", got)
			}
			if p := prefix(spans); p != c.prefix {
				t.Errorf("prefix %d, want %d", p, c.prefix)
			}
		})
	}
}

// Ranges are planned from what one stream already landed, in pieces of at
// least SegmentMin, and not more than the item or site allows.
func TestSegmentCount(t *testing.T) {
	q := &Queue{cfg: Config{SegmentMin: 10, Segments: func(site string) int { return map[string]int{"off": 1, "eight": 8}[site] }}}
	cases := []struct {
		it   Item
		want int
	}{
		{Item{Site: "default", Size: 1000}, DefaultSegments},
		{Item{Site: "off", Size: 1000}, 1},
		{Item{Site: "off", Size: 1000, Segments: 3}, 3},
		{Item{Site: "eight", Size: 1000}, 8},
		{Item{Site: "eight", Size: 35}, 3},
		{Item{Site: "eight", Size: 19}, 1},
		{Item{Site: "eight", Size: 1 << 40, Segments: 99}, maxSegments},
	}
	for _, c := range cases {
		if got := q.segmentCount(c.it); got != c.want {
			t.Errorf("%+v: %d ranges, want %d", c.it, got, c.want)
		}
	}
	spans := planRanges(1000, 100, 3)
	if got := formatRanges(spans); got != "0+100+100,100+300+0,400+300+0,700+300+0" {
		t.Errorf("plan after a 100-byte part: %s", got)
	}
}
