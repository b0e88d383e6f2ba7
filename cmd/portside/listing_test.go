package main

import (
	"fmt"
	"strings"
	"testing"

	"portside/transfer"
)

// TestPrintListing: the line scripts wait for shows a server's names
// escaped and at most listedNames of them, whatever the folder holds.
func TestPrintListing(t *testing.T) {
	many := make([]transfer.Entry, 20_000)
	for i := range many {
		many[i].Name = fmt.Sprintf("item_%05d", i)
	}
	tests := []struct {
		name    string
		dir     string
		entries []transfer.Entry
		want    string // the whole line, or its start when cut
		maxLen  int
	}{
		{"plain", "/", []transfer.Entry{{Name: "a.txt"}, {Name: "b"}}, "portside: remote listing / 2 entries: a.txt, b\n", 0},
		{"hostile names", "/up\x1b]0;x\a", []transfer.Entry{{Name: "evil\x1b[2J"}, {Name: "over\rwrite"}},
			"portside: remote listing /up\\x1b]0;x\\x07 2 entries: evil\\x1b[2J, over\\rwrite\n", 0},
		{"a folder of 20,000", "/big", many, "portside: remote listing /big 20000 entries: item_00000, item_00001, ", 4_000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			printListing(&b, tt.dir, tt.entries)
			got := b.String()
			if tt.maxLen == 0 && got != tt.want {
				t.Fatalf("got  %q\nwant %q", got, tt.want)
			}
			if tt.maxLen > 0 {
				if !strings.HasPrefix(got, tt.want) || len(got) > tt.maxLen || !strings.HasSuffix(got, ", … 19800 more\n") {
					t.Fatalf("%d bytes: %.120q … %q", len(got), got, got[max(0, len(got)-40):])
				}
			}
		})
	}
}
