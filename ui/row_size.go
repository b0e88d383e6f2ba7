package ui

import (
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// rowSize is the size one kind of list row asks for, measured once per
// theme size and language rather than by each row.
//
// widget.List makes a throwaway row at each of its Refreshes only to ask
// its MinSize. A row that measured itself built its renderer for that, and
// Fyne keeps a renderer for a minute after its last use: the queue lists,
// refreshed at every batch of a 20,000-file upload, kept thousands of
// throwaway rows (issue #12). A row's size does not depend on what it
// shows, so one measure serves them all.
type rowSize struct {
	mu   sync.Mutex
	key  rowSizeKey
	size fyne.Size
	ok   bool
}

// rowSizeKey is what a row's size depends on: the app's theme sizes (rows
// are drawn outside any theme override, see cell.go) and, through the
// fixed columns' titles, the language.
type rowSizeKey struct {
	text, pad, inner, icon float32
	lang                   int64 // languageGen
}

// get is the size; measure finds it again after the theme or language
// changed.
func (c *rowSize) get(measure func() fyne.Size) fyne.Size {
	th := fyne.CurrentApp().Settings().Theme()
	key := rowSizeKey{
		text:  th.Size(theme.SizeNameText),
		pad:   th.Size(theme.SizeNamePadding),
		inner: th.Size(theme.SizeNameInnerPadding),
		icon:  th.Size(theme.SizeNameInlineIcon),
		lang:  languageGen.Load(),
	}
	c.mu.Lock()
	size, ok := c.size, c.ok && c.key == key
	c.mu.Unlock()
	if ok {
		return size
	}
	size = measure()
	c.mu.Lock()
	c.key, c.size, c.ok = key, size, true
	c.mu.Unlock()
	return size
}
