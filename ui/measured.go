package ui

import (
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// measured is a value worked out from the app's theme sizes and the
// language, kept until one of them changes: the fixed columns' widths
// (columns.go), a kind of list row's size (fileRow, queueRow). Each is
// asked for at every row's layout or list refresh, and measuring it each
// time cost hundreds of megabytes of allocations, or a renderer kept a
// minute per throwaway row, during a 20,000-file upload (issue #12).
type measured[T any] struct {
	mu    sync.Mutex
	key   measureKey
	value T
	ok    bool
}

// measureKey is what a measured value depends on: the app's theme sizes,
// not an override's (headers and rows must measure alike, and the lists
// are drawn outside any override, see cell.go), and the language (worded
// titles).
type measureKey struct {
	text, pad, inner, icon float32
	lang                   int64 // languageGen
}

// get is the value; measure works it out again after the theme's sizes
// or the language changed. It runs outside the lock, so it may ask for
// other measured values.
func (c *measured[T]) get(measure func(measureKey) T) T {
	th := fyne.CurrentApp().Settings().Theme()
	key := measureKey{
		text:  th.Size(theme.SizeNameText),
		pad:   th.Size(theme.SizeNamePadding),
		inner: th.Size(theme.SizeNameInnerPadding),
		icon:  th.Size(theme.SizeNameInlineIcon),
		lang:  languageGen.Load(),
	}
	c.mu.Lock()
	value, ok := c.value, c.ok && c.key == key
	c.mu.Unlock()
	if ok {
		return value
	}
	value = measure(key)
	c.mu.Lock()
	c.key, c.value, c.ok = key, value, true
	c.mu.Unlock()
	return value
}
