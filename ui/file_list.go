package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"portside/transfer"
)

// FileList is the scrolling list of a pane's entries. It is a widget.List
// with file-manager keys: Enter opens the selected entry, Backspace goes up,
// and the arrow keys move the selection, not only the focus ring.
type FileList struct {
	widget.List

	// OnOpen is called with an entry's index on double-click or Enter.
	OnOpen func(id int)
	// OnUp is called on Backspace.
	OnUp func()

	entry    func(id int) (transfer.Entry, bool)
	current  int  // the selected row, -1 for none
	keyboard bool // a highlight change comes from the arrow keys, not the mouse hovering
	rendered bool // List's scroller exists only after CreateRenderer
}

// NewFileList shows count() rows, entry(id) giving each one.
func NewFileList(count func() int, entry func(id int) (transfer.Entry, bool)) *FileList {
	l := &FileList{entry: entry, current: -1}
	l.Length = count
	// Each row carries its own compact theme: List passes an enclosing
	// theme override on to new rows only when the override holds the List
	// itself, and here it holds the *FileList around it.
	l.CreateItem = func() fyne.CanvasObject { return compact(newFileRow(l.selectRow, l.open)) }
	l.UpdateItem = func(id widget.ListItemID, o fyne.CanvasObject) {
		if e, ok := l.entry(id); ok {
			o.(*container.ThemeOverride).Content.(*fileRow).set(id, e)
		}
	}
	l.HideSeparators = true
	l.OnSelected = func(id widget.ListItemID) { l.current = id }
	l.OnUnselected = func(id widget.ListItemID) {
		if l.current == id {
			l.current = -1
		}
	}
	l.OnHighlighted = func(id widget.ListItemID) {
		if l.keyboard {
			l.Select(id)
		}
	}
	l.ExtendBaseWidget(l)
	return l
}

// Selected is the selected row, or -1.
func (l *FileList) Selected() int { return l.current }

// Reset clears the selection and scrolls to the top, for a new folder.
func (l *FileList) Reset() {
	l.current = -1
	l.UnselectAll()
	if l.rendered {
		l.ScrollToTop()
	}
	l.Refresh()
}

func (l *FileList) CreateRenderer() fyne.WidgetRenderer {
	l.rendered = true
	return l.List.CreateRenderer()
}

// TypedKey adds Enter and Backspace to the list's own keys.
func (l *FileList) TypedKey(e *fyne.KeyEvent) {
	switch e.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		l.open(l.current)
	case fyne.KeyBackspace:
		if l.OnUp != nil {
			l.OnUp()
		}
	default:
		l.keyboard = true
		l.List.TypedKey(e)
		l.keyboard = false
	}
}

// selectRow is a click on a row: focus the list so the keys work, select.
func (l *FileList) selectRow(id int) {
	if c := fyne.CurrentApp().Driver().CanvasForObject(l); c != nil {
		c.Focus(l)
	}
	l.Highlight(id) // so the arrow keys continue from the clicked row
	l.Select(id)
}

func (l *FileList) open(id int) {
	if id >= 0 && l.OnOpen != nil {
		l.OnOpen(id)
	}
}
