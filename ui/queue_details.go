package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"portside/transfer/queue"
)

// A failure's reason is often longer than the Status column: the row
// cuts it off with an ellipsis. The details line under each tab's list
// shows the row under the pointer, or else the one selected last, whole
// and wrapped; it is a selectable label, so the text can be copied, and
// the rows' menu copies the reasons of the selected failures at once.

// CopyErrorsLabel is the rows' menu entry that copies failure reasons.
const CopyErrorsLabel = "Copy error message"

// DetailText is the details line for it: the paths and the whole status,
// with the reason of a failure.
func DetailText(it queue.Item) string {
	local, remote := it.Dst, it.Src
	if it.Dir == queue.Upload {
		local, remote = it.Src, it.Dst
	}
	// FileZilla's arrows. Fyne draws "→" from its symbol font, which has
	// no space, and the shaper keeps the space after the arrow in that
	// font's run: " → " showed a box (TestOwnTextsKeepSpacesOutOfSymbolRuns).
	arrow := " <-- "
	if it.Dir == queue.Upload {
		arrow = " --> "
	}
	return local + arrow + remote + "\n" + StateText(it)
}

// newDetails is a tab's details line, hidden until there is something
// to show.
func newDetails() *widget.Label {
	d := widget.NewLabel("")
	d.Selectable = true
	d.Wrapping = fyne.TextWrapWord
	d.Hide()
	return d
}

// showDetails puts row id's item (of list l, -1: the selection's cursor)
// in its tab's details line.
func (p *QueuePanel) showDetails(t QueueTab, id int) {
	d := p.Details[t]
	l := p.Lists[t]
	if id < 0 {
		id = l.CursorRow()
	}
	ids := p.Model.IDs(t)
	if id < 0 || id >= len(ids) {
		d.Hide()
		return
	}
	it, _ := p.Model.Item(ids[id])
	d.SetText(DetailText(it))
	d.Show()
}

// copyErrors puts the reasons of the failed items among items on the
// clipboard, one a line with its file.
func copyErrors(items []queue.Item) {
	var lines []string
	for _, it := range items {
		if it.Err != "" {
			lines = append(lines, it.Src+": "+it.Err)
		}
	}
	if len(lines) > 0 {
		fyne.CurrentApp().Clipboard().SetContent(strings.Join(lines, "\n"))
	}
}

var _ desktop.Hoverable = (*queueRow)(nil)

// MouseIn shows the row in the details line while the pointer is on it.
func (r *queueRow) MouseIn(*desktop.MouseEvent) {
	if r.id >= 0 && r.list.OnHover != nil {
		r.list.OnHover(r.id)
	}
}

func (r *queueRow) MouseMoved(*desktop.MouseEvent) {}

func (r *queueRow) MouseOut() {
	if r.list.OnHover != nil {
		r.list.OnHover(-1)
	}
}
