package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"

	"portside/transfer"
)

// dragDrop carries a drag of rows from one pane to the other. The row
// being dragged reports every move (FileList.OnDrag); each move hit-tests
// the window, highlights the target (the pane, or a folder row in it) and
// moves a label along with the pointer. Letting go over a target queues
// the transfer; anywhere else nothing happens.
type dragDrop struct {
	m       *Main
	from    *Pane
	entries []transfer.Entry

	target *Pane // highlighted, nil for none
	row    int
	dir    string

	ghost *dragGhost
}

func (d *dragDrop) move(from *Pane, ids []int, at fyne.Position) {
	if d.from == nil {
		d.from = from
		all := from.List.Entries()
		d.entries = make([]transfer.Entry, len(ids))
		for i, id := range ids {
			d.entries[i] = all[id]
		}
	}
	p, row, dir := d.m.dropTarget(d.from.Side, at)
	if p != d.target || row != d.row {
		if d.target != nil {
			d.target.SetDropTarget(false, -1)
		}
		if p != nil {
			p.SetDropTarget(true, row)
		}
		d.target, d.row = p, row
	}
	d.dir = dir
	d.ghost.show(at, DragLabel(d.from.Side, d.entries, dir, p != nil))
}

func (d *dragDrop) end() {
	from, entries, target, dir := d.from, d.entries, d.target, d.dir
	if target != nil {
		target.SetDropTarget(false, -1)
	}
	d.ghost.hide()
	d.from, d.entries, d.target, d.row, d.dir = nil, nil, nil, -1, ""
	if from == nil || target == nil {
		return
	}
	srcs := make([]Source, len(entries))
	for i, e := range entries {
		srcs[i] = Source{Path: from.Model.PathOf(e.Name), Entry: e}
	}
	d.m.enqueue(from.Side, srcs, dir, true)
}

// dragGhost is the label that follows the pointer. Fyne draws no drag
// image, so it lives in a layer stacked over the window's content: plain
// canvas objects there take no events, so the panes under it still get
// theirs, and no overlay (which would take the focus) is involved.
type dragGhost struct {
	layer *fyne.Container // fills the window; the ghost is placed in it by hand
	box   *canvas.Rectangle
	text  *canvas.Text
}

func newDragGhost() *dragGhost {
	g := &dragGhost{box: canvas.NewRectangle(color.Transparent), text: canvas.NewText("", color.Black)}
	g.layer = container.NewWithoutLayout(g.box, g.text)
	g.hide()
	return g
}

// show puts the label text just below and right of the pointer at (window
// coordinates), or left of it near the right edge.
func (g *dragGhost) show(at fyne.Position, text string) {
	th := fyne.CurrentApp().Settings().Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	pad := th.Size(theme.SizeNameInnerPadding)
	g.text.Text = text
	g.text.TextSize = th.Size(theme.SizeNameText)
	g.text.Color = th.Color(theme.ColorNameForegroundOnPrimary, v)
	g.box.FillColor = th.Color(theme.ColorNamePrimary, v)
	g.box.CornerRadius = th.Size(theme.SizeNameInputRadius)
	ts := g.text.MinSize()
	size := fyne.NewSize(ts.Width+2*pad, ts.Height+pad)

	origin := fyne.CurrentApp().Driver().AbsolutePositionForObject(g.layer)
	pos := at.Subtract(origin).AddXY(16, 12)
	if w := g.layer.Size().Width; pos.X+size.Width > w {
		pos.X = max(pos.X-size.Width-24, 0)
	}
	g.box.Resize(size)
	g.box.Move(pos)
	g.text.Resize(ts)
	g.text.Move(pos.AddXY(pad, pad/2))
	g.box.Show()
	g.text.Show()
	g.box.Refresh()
	g.text.Refresh()
}

func (g *dragGhost) hide() {
	g.box.Hide()
	g.text.Hide()
}

// Visible reports whether the label shows, and its text.
func (g *dragGhost) Visible() (bool, string) { return g.box.Visible(), g.text.Text }
