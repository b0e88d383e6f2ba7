package ui

import (
	"strings"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// The Rename dialog starts with the old name's stem selected, as file
// managers do: typing replaces "report" of "report.pdf" and keeps the
// extension.

// doubleExtensions are the extensions that file managers keep whole.
var doubleExtensions = []string{".tar.gz", ".tar.bz2", ".tar.xz", ".tar.zst"}

// RenameSelection is how many characters (runes) of name the Rename
// dialog selects: all of a folder's name, and of a file's the part before
// its extension. A name that is only an extension (".bashrc") or has none
// is selected whole.
func RenameSelection(name string, isDir bool) int {
	n := utf8.RuneCountInString(name)
	if isDir {
		return n
	}
	lower := strings.ToLower(name)
	for _, ext := range doubleExtensions {
		if strings.HasSuffix(lower, ext) && len(name) > len(ext) {
			return utf8.RuneCountInString(name[:len(name)-len(ext)])
		}
	}
	dot := strings.LastIndexByte(name, '.')
	if dot <= 0 {
		return n
	}
	return utf8.RuneCountInString(name[:dot])
}

// selectPrefix selects the first n characters of a single-line entry and
// leaves the cursor after them. Entry has no call for a selection, so this
// plays the keys a user would: Home, then Shift+Right n times.
func selectPrefix(e *widget.Entry, n int) {
	e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyHome})
	shift := &fyne.KeyEvent{Name: desktop.KeyShiftLeft}
	e.KeyDown(shift)
	for range n {
		e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyRight})
	}
	e.KeyUp(shift)
}
