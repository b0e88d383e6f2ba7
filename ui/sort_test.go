package ui_test

import (
	"slices"
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
