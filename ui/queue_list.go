package ui

import (
	"slices"
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
	// keys are the tab's IDs as text, for the Selection; made when a
	// selection needs them, not at every batch (200,000 strings a batch
	// froze the window, issue #12). nil: not made since the last change.
	keys []string
}

// NewQueueList lists tab t of model.
func NewQueueList(model *QueueModel, t QueueTab) *QueueList {
	l := &QueueList{Tab: t, model: model}
	l.Length = func() int { return len(l.model.IDs(l.Tab)) }
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
		r.set(id, it, p, l.Selection.Has(strconv.FormatUint(it.ID, 10)))
		if l.model.Asking(it.ID) {
			r.state.SetText(lang.X("queue.waiting", WaitingText))
		}
	}
	l.HideSeparators = true
	l.ExtendBaseWidget(l)
	return l
}

// Update re-reads the tab after items came, went or changed state: only
// the rows in view are drawn again, by a refresh of the list unless the
// caller refreshed it already.
func (l *QueueList) Update(refresh bool) {
	l.keys = nil
	if refresh {
		l.Refresh()
	}
}

// Keys are the tab's item IDs as text, in queue order: the keys of the
// Selection.
func (l *QueueList) Keys() []string {
	if l.keys == nil {
		ids := l.model.IDs(l.Tab)
		l.keys = make([]string, len(ids))
		for i, id := range ids {
			l.keys[i] = strconv.FormatUint(id, 10)
		}
	}
	return l.keys
}

// row is where item id is listed in this tab, -1 when it is not.
func (l *QueueList) row(id uint64) int {
	ids := l.model.IDs(l.Tab)
	if i, ok := slices.BinarySearch(ids, id); ok {
		return i
	}
	return -1
}

// CursorRow is the row of the selection's cursor, -1 when there is none.
func (l *QueueList) CursorRow() int {
	id, err := strconv.ParseUint(l.Selection.cursor, 10, 64)
	if err != nil {
		return -1
	}
	return l.row(id)
}

// RefreshIDs redraws the rows in view when this tab shows one of ids (a
// progress tick's running items). It refreshes the list once: Fyne's
// RefreshItem refreshes the whole list too, and then the row again, and
// did so for every running item.
func (l *QueueList) RefreshIDs(ids []uint64) {
	if slices.ContainsFunc(ids, func(id uint64) bool { return l.row(id) >= 0 }) {
		l.Refresh()
	}
}

// Selected are the selected items, in queue order.
func (l *QueueList) Selected() []queue.Item {
	ids := l.model.IDs(l.Tab)
	rows := l.Selection.Indices(l.Keys())
	sel := make([]uint64, len(rows))
	for k, i := range rows {
		sel[k] = ids[i]
	}
	return l.model.Items(sel)
}

func (l *QueueList) press(id int, m Modifiers) {
	l.Selection.Press(l.Keys(), id, m)
	l.Selection.Release(false) // queue rows do not drag
	l.Refresh()
	if l.OnHover != nil {
		l.OnHover(id)
	}
}

func (l *QueueList) pressSecondary(id int, at fyne.Position) {
	l.Selection.PressSecondary(l.Keys(), id)
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
		l.Selection.All(l.Keys())
		l.Refresh()
	}
}
