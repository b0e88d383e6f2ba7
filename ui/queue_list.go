package ui

import (
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"portside/transfer/queue"
)

// QueueList is one tab of the queue panel: the items of that tab in queue
// order, with the file panes' multi-selection and a context menu.
type QueueList struct {
	widget.List

	Tab       QueueTab
	Selection Selection

	// OnContextMenu is called on a right-click with the items it acts on.
	OnContextMenu func(items []queue.Item, at fyne.Position)
	// OnHover is called with the row under the pointer, -1 when it
	// leaves, and with the cursor row after a click.
	OnHover func(id int)

	model *QueueModel
	keys  []string // the tab's IDs as text, for the Selection
	index map[uint64]int
}

// NewQueueList lists tab t of model.
func NewQueueList(model *QueueModel, t QueueTab) *QueueList {
	l := &QueueList{Tab: t, model: model, index: map[uint64]int{}}
	l.Length = func() int { return len(l.keys) }
	// No theme override per row (see cell.go).
	l.CreateItem = func() fyne.CanvasObject { return newQueueRow(l) }
	l.UpdateItem = func(id widget.ListItemID, o fyne.CanvasObject) {
		ids := l.model.IDs(l.Tab)
		if id < 0 || id >= len(ids) {
			return
		}
		it, _ := l.model.Item(ids[id])
		var p *queue.Progress
		if pr, ok := l.model.Progress(it.ID); ok {
			p = &pr
		}
		r := o.(*queueRow)
		r.set(id, it, p, l.Selection.Has(l.keys[id]))
		if l.model.Asking(it.ID) {
			r.state.SetText(lang.X("queue.waiting", WaitingText))
		}
	}
	l.HideSeparators = true
	l.ExtendBaseWidget(l)
	return l
}

// Update re-reads the tab after items came, went or changed state.
func (l *QueueList) Update() {
	ids := l.model.IDs(l.Tab)
	l.keys = l.keys[:0]
	clear(l.index)
	for i, id := range ids {
		l.keys = append(l.keys, strconv.FormatUint(id, 10))
		l.index[id] = i
	}
	l.Refresh()
}

// RefreshIDs redraws the rows of ids that this tab shows: a progress tick
// touches only the running rows.
func (l *QueueList) RefreshIDs(ids []uint64) {
	for _, id := range ids {
		if i, ok := l.index[id]; ok {
			l.RefreshItem(i)
		}
	}
}

// Selected are the selected items, in queue order.
func (l *QueueList) Selected() []queue.Item {
	ids := l.model.IDs(l.Tab)
	var out []queue.Item
	for _, i := range l.Selection.Indices(l.keys) {
		if it, ok := l.model.Item(ids[i]); ok {
			out = append(out, it)
		}
	}
	return out
}

func (l *QueueList) press(id int, m Modifiers) {
	l.Selection.Press(l.keys, id, m)
	l.Selection.Release(false) // queue rows do not drag
	l.Refresh()
	if l.OnHover != nil {
		l.OnHover(id)
	}
}

func (l *QueueList) pressSecondary(id int, at fyne.Position) {
	l.Selection.PressSecondary(l.keys, id)
	l.Refresh()
	if l.OnHover != nil {
		l.OnHover(id)
	}
	if l.OnContextMenu != nil {
		l.OnContextMenu(l.Selected(), at)
	}
}

// TypedShortcut selects all on Ctrl+A.
func (l *QueueList) TypedShortcut(s fyne.Shortcut) {
	if _, ok := s.(*fyne.ShortcutSelectAll); ok {
		l.Selection.All(l.keys)
		l.Refresh()
	}
}
