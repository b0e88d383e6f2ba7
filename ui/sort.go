package ui

import (
	"cmp"
	"fyne.io/fyne/v2/lang"
	"slices"
	"strings"

	"portside/transfer"
)

// Column is a column of a file pane.
type Column int

const (
	ColName Column = iota
	ColSize
	ColModified
	ColPerm
)

var columnTitles = []string{"Name", "Size", "Modified", "Permissions"}

func (c Column) String() string {
	if int(c) >= 0 && int(c) < len(columnTitles) {
		return [...]string{lang.X("col.name", "Name"), lang.X("col.size", "Size"), lang.X("col.modified", "Modified"),
			lang.X("col.perm", "Permissions")}[c]
	}
	return "?"
}

// SortOrder is how a pane orders its entries.
type SortOrder struct {
	Column     Column
	Descending bool
}

// Toggle is the order after a click on column c's header: a new column
// sorts ascending, the same column again reverses.
func (o SortOrder) Toggle(c Column) SortOrder {
	if o.Column == c {
		return SortOrder{Column: c, Descending: !o.Descending}
	}
	return SortOrder{Column: c}
}

// SortEntries orders entries in place. Folders always come first, in both
// directions, as in FileZilla and every file manager: reversing a listing
// must not bury the folders under the files. Ties fall back to the name so
// the order is stable across refreshes.
func SortEntries(entries []transfer.Entry, o SortOrder) {
	slices.SortStableFunc(entries, func(a, b transfer.Entry) int {
		if a.IsDir != b.IsDir {
			if a.IsDir {
				return -1
			}
			return 1
		}
		c := compareBy(a, b, o.Column)
		if c == 0 {
			c = compareNames(a.Name, b.Name)
		}
		if o.Descending {
			c = -c
		}
		return c
	})
}

func compareBy(a, b transfer.Entry, col Column) int {
	switch col {
	case ColSize:
		if a.IsDir { // both folders: their sizes mean nothing
			return 0
		}
		return cmp.Compare(a.Size, b.Size)
	case ColModified:
		return a.ModTime.Compare(b.ModTime)
	case ColPerm:
		return strings.Compare(a.Perm, b.Perm)
	}
	return compareNames(a.Name, b.Name)
}

// compareNames ignores case first, so "readme" sits next to "README", then
// breaks the tie by bytes so the order is total.
func compareNames(a, b string) int {
	if c := strings.Compare(strings.ToLower(a), strings.ToLower(b)); c != 0 {
		return c
	}
	return strings.Compare(a, b)
}
