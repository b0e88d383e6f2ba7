package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"portside/transfer"
	"portside/transfer/dircompare"
)

// FileList is the scrolling list of a pane's entries with a file manager's
// selection. Fyne's List selects one row, so the list keeps its own
// Selection and each row draws whether it is selected; the List underneath
// only scrolls, recycles rows and shows the keyboard cursor.
//
// Mouse: click, Ctrl-click, Shift-click select; double-click opens; a drag
// of selected rows reports where it goes; right-click asks for a menu.
// Keys: the arrows, Page Up/Down, Home and End move (Shift extends),
// Ctrl+A selects all, Enter opens, Backspace goes up; other keys go to
// OnKey.
type FileList struct {
	widget.List

	Selection Selection

	// OnOpen is called with an entry's index on double-click or Enter.
	OnOpen func(id int)
	// OnUp is called on Backspace.
	OnUp func()
	// OnKey gets the keys the list does not use itself: Delete, F2, F5, Tab.
	OnKey func(name fyne.KeyName)
	// OnShortcut gets the shortcuts other than Select All (Copy).
	OnShortcut func(s fyne.Shortcut)
	// OnSelectionChanged is called after every change of the selection.
	OnSelectionChanged func()
	// OnContextMenu is called on a right-click, with the row (-1 for the
	// blank space under the rows) and the pointer in window coordinates.
	OnContextMenu func(id int, at fyne.Position)
	// OnDrag is called while rows are dragged, with the dragged rows and
	// the pointer in window coordinates; OnDragEnd when the button is let go.
	OnDrag    func(ids []int, at fyne.Position)
	OnDragEnd func()

	entries   []transfer.Entry
	keys      []string
	dropRow   int  // the folder row highlighted as a drop target, -1 for none
	shift     bool // a Shift key is held: the arrow keys extend the selection
	dragging  bool
	dragIDs   []int
	rowHeight float32 // every row's, measured once
	rendered  bool    // List's scroller exists only after CreateRenderer

	marks map[string]dircompare.Status // by name; see compare_marks.go
}

var (
	_ fyne.Tabbable          = (*FileList)(nil)
	_ fyne.Shortcutable      = (*FileList)(nil)
	_ desktop.Keyable        = (*FileList)(nil)
	_ desktop.Mouseable      = (*FileList)(nil)
	_ fyne.SecondaryTappable = (*FileList)(nil)
)

// NewFileList returns an empty list; SetEntries fills it.
func NewFileList() *FileList {
	l := &FileList{dropRow: -1}
	l.Length = func() int { return len(l.entries) }
	// No theme override per row: Fyne keys its parsed fonts by override
	// scope and never drops them (see cell.go). The rows draw their text
	// with the compact padding themselves.
	l.CreateItem = func() fyne.CanvasObject { return newFileRow(l) }
	l.UpdateItem = func(id widget.ListItemID, o fyne.CanvasObject) {
		if id < 0 || id >= len(l.entries) {
			return
		}
		row := o.(*fileRow)
		row.set(id, l.entries[id], l.Selection.Has(l.keys[id]), id == l.dropRow)
		row.setMark(l.marks[l.keys[id]]) // directory comparison (compare_marks.go)
	}
	l.HideSeparators = true
	l.ExtendBaseWidget(l)
	return l
}

// SetEntries shows entries (in pane order). The selection keeps the names
// that are still there.
func (l *FileList) SetEntries(entries []transfer.Entry) {
	l.setEntries(entries)
	l.Refresh()
}

func (l *FileList) setEntries(entries []transfer.Entry) {
	l.entries = entries
	l.keys = make([]string, len(entries))
	for i, e := range entries {
		l.keys[i] = e.Name
	}
	l.dropRow = -1
}

// Entries are the entries shown, in order (shared: read, never modify).
func (l *FileList) Entries() []transfer.Entry { return l.entries }

// Selected are the selected rows, in display order.
func (l *FileList) Selected() []int { return l.Selection.Indices(l.keys) }

// Cursor is the row the keyboard is on, or -1.
func (l *FileList) Cursor() int { return l.Selection.Cursor(l.keys) }

// ShowFolder shows a new folder's entries: no selection, scrolled to the
// top, one refresh (20,000 rows' worth of a frame each).
func (l *FileList) ShowFolder(entries []transfer.Entry) {
	l.Selection.Clear()
	l.setEntries(entries)
	if l.rendered {
		l.ScrollToTop()
	}
	l.Refresh()
	l.selectionChanged()
}

// SetDropRow highlights row id as the folder a drop would go into; -1
// clears it.
func (l *FileList) SetDropRow(id int) {
	if id == l.dropRow {
		return
	}
	old := l.dropRow
	l.dropRow = id
	for _, r := range []int{old, id} {
		if r >= 0 {
			l.RefreshItem(r)
		}
	}
}

// DropRow is the highlighted drop target row, or -1.
func (l *FileList) DropRow() int { return l.dropRow }

// RowAt is the row under pos (in the list's coordinates), or -1 for the
// blank space under the rows. Rows all have one height and List places
// them a padding apart, so the row follows from the scroll offset;
// TestFileListRowAt checks this against where List really draws them. The
// gap under a row counts as the row's, so a drag moving down a column of
// folders never flickers to the pane in between.
func (l *FileList) RowAt(pos fyne.Position) int {
	if pos.X < 0 || pos.X > l.Size().Width || pos.Y < 0 || pos.Y > l.Size().Height {
		return -1
	}
	pitch := l.itemHeight() + l.Theme().Size(theme.SizeNamePadding)
	i := int((pos.Y + l.GetScrollOffset()) / pitch)
	if i >= len(l.entries) {
		return -1
	}
	return i
}

func (l *FileList) itemHeight() float32 {
	if l.rowHeight == 0 {
		l.rowHeight = l.CreateItem().MinSize().Height
	}
	return l.rowHeight
}

func (l *FileList) CreateRenderer() fyne.WidgetRenderer {
	l.rendered = true
	return l.List.CreateRenderer()
}

// AcceptsTab keeps Tab for the window, which switches panes with it.
func (l *FileList) AcceptsTab() bool { return true }

// TypedKey moves the cursor and selection; see FileList.
func (l *FileList) TypedKey(e *fyne.KeyEvent) {
	cur := l.Cursor()
	page := max(int(l.Size().Height/(l.itemHeight()+theme.Padding()))-1, 1)
	switch e.Name {
	case fyne.KeyUp:
		l.moveTo(cur - 1)
	case fyne.KeyDown:
		l.moveTo(cur + 1)
	case fyne.KeyPageUp:
		l.moveTo(cur - page)
	case fyne.KeyPageDown:
		l.moveTo(cur + page)
	case fyne.KeyHome:
		l.moveTo(0)
	case fyne.KeyEnd:
		l.moveTo(len(l.entries) - 1)
	case fyne.KeyReturn, fyne.KeyEnter:
		l.open(cur)
	case fyne.KeyBackspace:
		if l.OnUp != nil {
			l.OnUp()
		}
	default:
		if l.OnKey != nil {
			l.OnKey(e.Name)
		}
	}
}

// KeyDown and KeyUp track Shift: the window hands Shift+arrow to TypedKey
// without its modifier.
func (l *FileList) KeyDown(e *fyne.KeyEvent) {
	if e.Name == desktop.KeyShiftLeft || e.Name == desktop.KeyShiftRight {
		l.shift = true
	}
}

func (l *FileList) KeyUp(e *fyne.KeyEvent) {
	if e.Name == desktop.KeyShiftLeft || e.Name == desktop.KeyShiftRight {
		l.shift = false
	}
}

func (l *FileList) FocusLost() {
	l.shift = false
	l.List.FocusLost()
}

// TypedShortcut selects all on Ctrl+A and passes the rest on.
func (l *FileList) TypedShortcut(s fyne.Shortcut) {
	if _, ok := s.(*fyne.ShortcutSelectAll); ok {
		l.Selection.All(l.keys)
		l.Refresh()
		l.selectionChanged()
		return
	}
	if l.OnShortcut != nil {
		l.OnShortcut(s)
	}
}

// MouseDown on the blank space under the rows clears the selection, as in
// any file manager; rows take their own presses.
func (l *FileList) MouseDown(e *desktop.MouseEvent) {
	l.focus()
	// The scroll bar is not a Mouseable, so its clicks land here too.
	if e.Button != desktop.MouseButtonPrimary || e.Position.X > l.Size().Width-2*theme.ScrollBarSize() {
		return
	}
	if l.RowAt(e.Position) < 0 && e.Modifier == 0 {
		l.Selection.Clear()
		l.Refresh()
		l.selectionChanged()
	}
}

func (l *FileList) MouseUp(*desktop.MouseEvent) {}

// TappedSecondary on the blank space asks for the folder's menu.
func (l *FileList) TappedSecondary(e *fyne.PointEvent) {
	if l.OnContextMenu != nil {
		l.OnContextMenu(-1, e.AbsolutePosition)
	}
}

// press is the primary button going down on row id.
func (l *FileList) press(id int, m Modifiers) {
	l.focus()
	l.Selection.Press(l.keys, id, m)
	l.showCursor()
	l.Refresh()
	l.selectionChanged()
}

// release is the primary button coming up after press; during a drag it
// comes before dragEnd.
func (l *FileList) release() {
	l.Selection.Release(l.dragging)
	l.Refresh()
	l.selectionChanged()
}

func (l *FileList) pressSecondary(id int, at fyne.Position) {
	l.focus()
	l.Selection.PressSecondary(l.keys, id)
	l.Refresh()
	l.selectionChanged()
	if l.OnContextMenu != nil {
		l.OnContextMenu(id, at)
	}
}

func (l *FileList) dragged(id int, e *fyne.DragEvent) {
	if !l.dragging {
		l.dragging = true
		l.dragIDs = l.Selection.Dragged(l.keys, id)
	}
	if l.OnDrag != nil && len(l.dragIDs) > 0 {
		l.OnDrag(l.dragIDs, e.AbsolutePosition)
	}
}

func (l *FileList) dragEnd() {
	if !l.dragging {
		return
	}
	l.dragging, l.dragIDs = false, nil
	if l.OnDragEnd != nil {
		l.OnDragEnd()
	}
}

func (l *FileList) moveTo(id int) {
	if len(l.entries) == 0 {
		return
	}
	l.Selection.Move(l.keys, id, l.shift)
	l.showCursor()
	l.Refresh()
	l.selectionChanged()
}

// showCursor scrolls the cursor row into view and puts List's focus
// indicator on it.
func (l *FileList) showCursor() {
	if c := l.Cursor(); c >= 0 && l.rendered {
		l.Highlight(c)
	}
}

func (l *FileList) focus() {
	if c := fyne.CurrentApp().Driver().CanvasForObject(l); c != nil {
		c.Focus(l)
	}
}

func (l *FileList) open(id int) {
	if id >= 0 && id < len(l.entries) && l.OnOpen != nil {
		l.OnOpen(id)
	}
}

func (l *FileList) selectionChanged() {
	if l.OnSelectionChanged != nil {
		l.OnSelectionChanged()
	}
}
