package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"portside/transfer"
)

// A result of Find files… dragged out of the dialog onto the other pane
// is transferred there, as a row dragged between the panes is: into the
// folder row under the pointer, or the pane's folder. The dialog stays
// open over the window, so the drop lands on the part of the pane it
// leaves visible; the pane and the label that follows the pointer show
// where it would go, as in a drag between the panes (drag.go).

// findRow is a row of the results: a label that can be dragged. A tap
// still reaches the list (a label is not Tappable), which selects it.
type findRow struct {
	widget.Label
	f  *FindDialog
	id int
}

func newFindRow(f *FindDialog) *findRow {
	r := &findRow{f: f, id: -1}
	r.ExtendBaseWidget(r)
	return r
}

func (r *findRow) Dragged(e *fyne.DragEvent) { r.f.dragTo(r.id, e.AbsolutePosition) }

func (r *findRow) DragEnd() { r.f.dragEnd() }

// findDrag is the drag under way: the match, and where it would land.
type findDrag struct {
	id     int // the match dragged; -1: none
	target *Pane
	dir    string
}

// dragTo moves the drag of match id to at, in window coordinates.
func (f *FindDialog) dragTo(id int, at fyne.Position) {
	if id < 0 || id >= len(f.matches) {
		return
	}
	if f.drag.id < 0 {
		f.drag.id = id
	}
	p, row, dir := f.m.dropTarget(f.pane.Side, at)
	if f.covers(at) {
		p, row, dir = nil, -1, "" // the pane is under the dialog there: not where the user sees it
	}
	if f.drag.target != nil {
		f.drag.target.SetDropTarget(false, -1)
	}
	if p != nil {
		p.SetDropTarget(true, row)
	}
	f.drag.target, f.drag.dir = p, dir
	mt := f.matches[f.drag.id]
	if f.m.drag != nil {
		f.m.drag.ghost.show(at, DragLabel(f.pane.Side, []transfer.Entry{mt.Entry}, dir, p != nil))
	}
}

// dragEnd queues the transfer when the drag ended over the other pane.
func (f *FindDialog) dragEnd() {
	d := f.drag
	f.drag = findDrag{id: -1}
	if d.target != nil {
		d.target.SetDropTarget(false, -1)
	}
	if f.m.drag != nil {
		f.m.drag.ghost.hide()
	}
	if d.id < 0 || d.id >= len(f.matches) || d.target == nil {
		return
	}
	mt := f.matches[d.id]
	f.m.enqueue(f.pane.Side, []Source{{Path: mt.Path, Entry: mt.Entry}}, d.dir, true)
	f.Status.SetText(lang.X("find.dropped", "Queued {{.Name}} for {{.Folder}}.",
		map[string]any{"Name": transfer.Escape(mt.Entry.Name), "Folder": transfer.Escape(d.dir)}))
}

// covers reports whether at is on the dialog: its content, with a margin
// for its title above and its buttons below.
func (f *FindDialog) covers(at fyne.Position) bool {
	if f.body == nil {
		return false
	}
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(f.body)
	size := f.body.Size()
	const side, above, below = 24, 70, 80
	return within(at, pos.AddXY(-side, -above), size.AddWidthHeight(2*side, above+below))
}
