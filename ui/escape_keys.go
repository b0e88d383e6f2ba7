package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// Fyne hands a key without modifier only to the focused widget (or, with
// nothing focused, to the canvas): there is no window-wide hook and no
// shortcut for a bare Escape. A dialog that closes on Escape however the
// focus lies (the Site Manager) builds its focusable widgets from the
// types below: each is the Fyne widget with Escape sent to an
// escapeHook, every other key to the widget as before. The constructors
// mirror Fyne's, so the fields keep the widgets' own methods.

// escapeHook is where a dialog's widgets send Escape; the dialog sets do
// once it knows how it closes (nil: Escape does nothing).
type escapeHook struct{ do func() }

// typed sends Escape to the hook, any other key to next.
func (h *escapeHook) typed(k *fyne.KeyEvent, next func(*fyne.KeyEvent)) {
	if k.Name == fyne.KeyEscape && h != nil && h.do != nil {
		h.do()
		return
	}
	next(k)
}

type escEntry struct {
	widget.Entry
	esc *escapeHook
}

// newEscEntry is widget.NewEntry; password and multiLine as in
// NewPasswordEntry and NewMultiLineEntry (the entry adds the password
// revealer itself when it is first drawn).
func newEscEntry(esc *escapeHook, password, multiLine bool) *escEntry {
	e := &escEntry{esc: esc}
	e.Password, e.MultiLine = password, multiLine
	e.Wrapping = fyne.TextWrap(fyne.TextTruncateClip)
	e.ExtendBaseWidget(e)
	return e
}

func (e *escEntry) TypedKey(k *fyne.KeyEvent) { e.esc.typed(k, e.Entry.TypedKey) }

type escSelectEntry struct {
	widget.SelectEntry
	esc *escapeHook
}

// newEscSelectEntry is widget.NewSelectEntry; its drop-down button, which
// takes the focus too, is swapped for an escButton doing the same.
func newEscSelectEntry(esc *escapeHook, options []string) *escSelectEntry {
	e := &escSelectEntry{esc: esc}
	e.ExtendBaseWidget(e)
	e.Wrapping = fyne.TextWrap(fyne.TextTruncateClip)
	e.SetOptions(options)
	if dd, ok := e.ActionItem.(*widget.Button); ok {
		b := newEscButton(esc, dd.Text, dd.Icon, dd.OnTapped)
		b.Importance = dd.Importance
		e.ActionItem = b
	}
	return e
}

func (e *escSelectEntry) TypedKey(k *fyne.KeyEvent) { e.esc.typed(k, e.SelectEntry.TypedKey) }

type escSelect struct {
	widget.Select
	esc *escapeHook
}

// newEscSelect is widget.NewSelect (its place holder too).
func newEscSelect(esc *escapeHook, options []string, changed func(string)) *escSelect {
	s := &escSelect{esc: esc}
	s.Options, s.OnChanged = options, changed
	s.PlaceHolder = widget.NewSelect(nil, nil).PlaceHolder
	s.ExtendBaseWidget(s)
	return s
}

func (s *escSelect) TypedKey(k *fyne.KeyEvent) { s.esc.typed(k, s.Select.TypedKey) }

type escCheck struct {
	widget.Check
	esc *escapeHook
}

// newEscCheck is widget.NewCheck.
func newEscCheck(esc *escapeHook, label string, changed func(bool)) *escCheck {
	c := &escCheck{esc: esc}
	c.Text, c.OnChanged = label, changed
	c.ExtendBaseWidget(c)
	return c
}

func (c *escCheck) TypedKey(k *fyne.KeyEvent) { c.esc.typed(k, c.Check.TypedKey) }

type escButton struct {
	widget.Button
	esc *escapeHook
}

// newEscButton is widget.NewButtonWithIcon (icon may be nil).
func newEscButton(esc *escapeHook, label string, icon fyne.Resource, tapped func()) *escButton {
	b := &escButton{esc: esc}
	b.Text, b.Icon, b.OnTapped = label, icon, tapped
	b.ExtendBaseWidget(b)
	return b
}

func (b *escButton) TypedKey(k *fyne.KeyEvent) { b.esc.typed(k, b.Button.TypedKey) }

type escTree struct {
	widget.Tree
	esc *escapeHook
}

// newEscTree is widget.NewTree.
func newEscTree(esc *escapeHook, children func(widget.TreeNodeID) []widget.TreeNodeID, isBranch func(widget.TreeNodeID) bool,
	create func(bool) fyne.CanvasObject, update func(widget.TreeNodeID, bool, fyne.CanvasObject)) *escTree {
	t := &escTree{esc: esc}
	t.ChildUIDs, t.IsBranch, t.CreateNode, t.UpdateNode = children, isBranch, create, update
	t.ExtendBaseWidget(t)
	return t
}

func (t *escTree) TypedKey(k *fyne.KeyEvent) { t.esc.typed(k, t.Tree.TypedKey) }

type escList struct {
	widget.List
	esc *escapeHook
}

// newEscList is widget.NewList.
func newEscList(esc *escapeHook, length func() int, create func() fyne.CanvasObject, update func(widget.ListItemID, fyne.CanvasObject)) *escList {
	l := &escList{esc: esc}
	l.Length, l.CreateItem, l.UpdateItem = length, create, update
	l.ExtendBaseWidget(l)
	return l
}

func (l *escList) TypedKey(k *fyne.KeyEvent) { l.esc.typed(k, l.List.TypedKey) }
