package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// Fyne's menus (the main menu bar and pop-up menus) take an entry on the
// key press of Space, and the driver then delivers that key's character
// to whatever has the focus by then. An action that opens a dialog and
// focuses a field therefore got a stray " " in the field: Find files…
// chosen from the File menu with the keyboard searched for " README" and
// found nothing (seen in the real window, Fyne 2.8.1), and Rename chosen
// so replaced the selected name with a space.
//
// A real key press reaches the focused field as KeyDown before its
// character; the menu's Space went to the menu. So a field drops a space
// that arrives before any key press since it gained the focus. Input
// methods that commit text without a key press commit words, not a lone
// space, so they are not affected.

// spaceGuard is the state: armed from focus until the first key press or
// character.
type spaceGuard struct{ armed bool }

func (g *spaceGuard) focused() { g.armed = true }
func (g *spaceGuard) pressed() { g.armed = false }

// drop reports whether r is the menu's stray space; any character disarms.
func (g *spaceGuard) drop(r rune) bool {
	armed := g.armed
	g.armed = false
	return armed && r == ' '
}

// FreshEntry is a widget.Entry for a field a dialog focuses when it opens.
type FreshEntry struct {
	widget.Entry
	guard spaceGuard
}

// NewFreshEntry is a single-line FreshEntry.
func NewFreshEntry() *FreshEntry {
	e := &FreshEntry{}
	e.ExtendBaseWidget(e)
	return e
}

func (e *FreshEntry) FocusGained() {
	e.guard.focused()
	e.Entry.FocusGained()
}

func (e *FreshEntry) KeyDown(k *fyne.KeyEvent) {
	e.guard.pressed()
	e.Entry.KeyDown(k)
}

func (e *FreshEntry) TypedRune(r rune) {
	if e.guard.drop(r) {
		return
	}
	e.Entry.TypedRune(r)
}

// The name form's field (Rename, New folder) has the same guard.

func (e *nameEntry) FocusGained() {
	e.guard.focused()
	e.Entry.FocusGained()
}

func (e *nameEntry) KeyDown(k *fyne.KeyEvent) {
	e.guard.pressed()
	e.Entry.KeyDown(k)
}

func (e *nameEntry) TypedRune(r rune) {
	if e.guard.drop(r) {
		return
	}
	e.Entry.TypedRune(r)
}
