package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// Fyne's dialogs take no keys; FileZilla users answer them with Enter and
// Escape. While a dialog is up nothing under it has the focus, so the
// window's own key handler gets the keys.

// keysForDialog makes Enter confirm and Escape cancel a dialog while it
// is up; onClosed is the dialog's SetOnClosed.
func keysForDialog(c fyne.Canvas, confirm, cancel func(), onClosed func(func())) {
	prev := c.OnTypedKey()
	c.SetOnTypedKey(func(e *fyne.KeyEvent) {
		switch e.Name {
		case fyne.KeyEscape:
			cancel()
		case fyne.KeyReturn, fyne.KeyEnter:
			confirm()
		}
	})
	onClosed(func() { c.SetOnTypedKey(prev) })
}

// escapeCloses makes Escape call cancel while a dialog is up, when
// nothing in it has the focus and no other dialog was opened over it (that
// one takes its own keys); onClosed is the dialog's SetOnClosed. Call it
// after Show.
func escapeCloses(c fyne.Canvas, cancel func(), onClosed func(func())) {
	prev := c.OnTypedKey()
	depth := len(c.Overlays().List())
	c.SetOnTypedKey(func(e *fyne.KeyEvent) {
		if e.Name == fyne.KeyEscape && len(c.Overlays().List()) == depth {
			cancel()
		}
	})
	onClosed(func() { c.SetOnTypedKey(prev) })
}

// keysForConfirm makes Enter confirm d and Escape cancel it while it is up.
func keysForConfirm(c fyne.Canvas, d *dialog.ConfirmDialog) {
	keysForDialog(c, d.Confirm, d.Dismiss, d.SetOnClosed)
}

// nameEntry is a form dialog's text field: Enter submits the form, Escape
// cancels it (while the field has the focus the keys come here, not to
// the window).
type nameEntry struct {
	widget.Entry
	form  *dialog.FormDialog
	guard spaceGuard // see stray_space.go
}

func newNameEntry() *nameEntry {
	e := &nameEntry{}
	e.ExtendBaseWidget(e)
	e.OnSubmitted = func(string) {
		if e.form != nil {
			e.form.Submit() // validates first
		}
	}
	return e
}

func (e *nameEntry) TypedKey(k *fyne.KeyEvent) {
	if k.Name == fyne.KeyEscape && e.form != nil {
		e.form.Dismiss()
		return
	}
	e.Entry.TypedKey(k)
}
