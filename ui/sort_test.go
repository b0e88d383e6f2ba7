package ui_test

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"portside/transfer"
	"portside/ui"
)

func TestSortEntries(t *testing.T) {
	day := func(d int) time.Time { return stamp.AddDate(0, 0, d) }
	entries := []transfer.Entry{
		{Name: "b.txt", Size: 300, ModTime: day(1), Perm: "rw-r--r--"},
		{Name: "Zeta", IsDir: true, ModTime: day(3), Perm: "rwxr-xr-x"},
		{Name: "a.txt", Size: 20, ModTime: day(5), Perm: "rw-------"},
		{Name: "alpha", IsDir: true, ModTime: day(2), Perm: "rwx------"},
		{Name: "C.bin", Size: 1000, ModTime: day(4), Perm: "rwxr-xr-x"},
		{Name: "c.bin", Size: 1000, ModTime: day(4), Perm: "rwxr-xr-x"},
	}
	tests := []struct {
		order ui.SortOrder
		want  []string
	}{
		// Folders come first in every order; case is ignored, then breaks ties.
		{ui.SortOrder{Column: ui.ColName}, []string{"alpha", "Zeta", "a.txt", "b.txt", "C.bin", "c.bin"}},
		{ui.SortOrder{Column: ui.ColName, Descending: true}, []string{"Zeta", "alpha", "c.bin", "C.bin", "b.txt", "a.txt"}},
		{ui.SortOrder{Column: ui.ColSize}, []string{"alpha", "Zeta", "a.txt", "b.txt", "C.bin", "c.bin"}},
		{ui.SortOrder{Column: ui.ColSize, Descending: true}, []string{"Zeta", "alpha", "c.bin", "C.bin", "b.txt", "a.txt"}},
		{ui.SortOrder{Column: ui.ColModified}, []string{"alpha", "Zeta", "b.txt", "C.bin", "c.bin", "a.txt"}},
		{ui.SortOrder{Column: ui.ColModified, Descending: true}, []string{"Zeta", "alpha", "a.txt", "c.bin", "C.bin", "b.txt"}},
		{ui.SortOrder{Column: ui.ColPerm}, []string{"alpha", "Zeta", "a.txt", "b.txt", "C.bin", "c.bin"}},
		{ui.SortOrder{Column: ui.ColPerm, Descending: true}, []string{"Zeta", "alpha", "c.bin", "C.bin", "b.txt", "a.txt"}},
	}
	for _, tt := range tests {
		t.Run(tt.order.Column.String()+map[bool]string{false: "/asc", true: "/desc"}[tt.order.Descending], func(t *testing.T) {
			got := slices.Clone(entries)
			ui.SortEntries(got, tt.order)
			if n := names(got); !slices.Equal(n, tt.want) {
				t.Errorf("got  %v\nwant %v", n, tt.want)
			}
		})
	}
}

func TestSortOrderToggle(t *testing.T) {
	o := ui.SortOrder{Column: ui.ColName}
	steps := []struct {
		click ui.Column
		want  ui.SortOrder
	}{
		{ui.ColName, ui.SortOrder{Column: ui.ColName, Descending: true}},
		{ui.ColName, ui.SortOrder{Column: ui.ColName}},
		{ui.ColSize, ui.SortOrder{Column: ui.ColSize}},
		{ui.ColSize, ui.SortOrder{Column: ui.ColSize, Descending: true}},
		{ui.ColModified, ui.SortOrder{Column: ui.ColModified}}, // a new column starts ascending
	}
	for i, s := range steps {
		o = o.Toggle(s.click)
		if o != s.want {
			t.Fatalf("step %d: click %v gave %+v, want %+v", i, s.click, o, s.want)
		}
	}
}

// TestSortEntriesMatchesReference: the key sort orders every mix of
// folders, names that differ only in case, equal sizes and times exactly
// as a stable sort with the plain comparison does.
func TestSortEntriesMatchesReference(t *testing.T) {
	names := []string{"a", "A", "b", "B.txt", "b.txt", "Ä", "ä", "z", "_x", "10", "9", "été", "Été"}
	var entries []transfer.Entry
	for i := range 400 {
		entries = append(entries, transfer.Entry{
			Name:    names[i%len(names)] + strconv.Itoa(i/len(names)), // unique, as in a folder
			Size:    int64(i % 5),
			ModTime: stamp.Add(time.Duration(i%3) * time.Hour),
			IsDir:   i%11 == 0,
			Perm:    []string{"rw-r--r--", "rwx------"}[i%2],
		})
	}
	for _, c := range []ui.Column{ui.ColName, ui.ColSize, ui.ColModified, ui.ColPerm} {
		for _, desc := range []bool{false, true} {
			o := ui.SortOrder{Column: c, Descending: desc}
			want := slices.Clone(entries)
			slices.SortStableFunc(want, func(a, b transfer.Entry) int { return referenceCompare(a, b, o) })
			for _, from := range [][]transfer.Entry{entries, want, reversed(want)} {
				got := slices.Clone(from)
				ui.SortEntries(got, o)
				if !slices.Equal(got, want) {
					t.Fatalf("%v desc=%v: got %v\nwant %v", c, desc, names4(got), names4(want))
				}
			}
		}
	}
}

// referenceCompare is the pane's order written plainly: folders first,
// the column, the name ignoring case, the name's bytes; reversed whole.
func referenceCompare(a, b transfer.Entry, o ui.SortOrder) int {
	if a.IsDir != b.IsDir {
		if a.IsDir {
			return -1
		}
		return 1
	}
	c := 0
	switch o.Column {
	case ui.ColSize:
		if !a.IsDir {
			c = cmp.Compare(a.Size, b.Size)
		}
	case ui.ColModified:
		c = a.ModTime.Compare(b.ModTime)
	case ui.ColPerm:
		c = strings.Compare(a.Perm, b.Perm)
	}
	if c == 0 {
		c = strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name))
	}
	if c == 0 {
		c = strings.Compare(a.Name, b.Name)
	}
	if o.Descending {
		c = -c
	}
	return c
}

func reversed(e []transfer.Entry) []transfer.Entry {
	r := slices.Clone(e)
	slices.Reverse(r)
	return r
}

func names4(e []transfer.Entry) []string {
	n := names(e)
	return n[:min(len(n), 12)]
}
