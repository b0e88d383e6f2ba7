package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"portside/transfer"
)

// Where dragged things land. The rules are plain functions so tests can
// table them; Main.hitTest turns a window position into their inputs.

// Hit is what lies under a point of the window: a pane (InPane), and the
// row of its list under the point, -1 for none.
type Hit struct {
	InPane bool
	Side   Side
	Row    int
}

// DropRow decides where rows dragged from side from land when let go over
// hit, whose pane lists entries and is connected or not: into the folder
// row under the pointer, or (-1) into the pane's folder. ok is false when
// the drop does nothing: outside both panes, back onto the pane it came
// from, or onto a pane with no file system.
func DropRow(from Side, hit Hit, entries []transfer.Entry, connected bool) (row int, ok bool) {
	if !hit.InPane || hit.Side == from || !connected {
		return -1, false
	}
	if hit.Row >= 0 && hit.Row < len(entries) && entries[hit.Row].IsDir {
		return hit.Row, true
	}
	return -1, true
}

// DragLabel is the text that follows the pointer during a drag: what is
// dragged and, over a target, what letting go would do.
func DragLabel(from Side, entries []transfer.Entry, target string, ok bool) string {
	what := describe(entries)
	if !ok {
		return what
	}
	data := map[string]any{"What": what, "Target": target}
	if from == RemoteSide {
		return lang.X("drag.download", "Download {{.What}} to {{.Target}}", data)
	}
	return lang.X("drag.upload", "Upload {{.What}} to {{.Target}}", data)
}

// hitTest finds the pane and row under at, in window coordinates.
func (m *Main) hitTest(at fyne.Position) (*Pane, Hit) {
	d := fyne.CurrentApp().Driver()
	for _, p := range []*Pane{m.Local, m.Remote} {
		if within(at, d.AbsolutePositionForObject(p), p.Size()) {
			row := p.List.RowAt(at.Subtract(d.AbsolutePositionForObject(p.List)))
			return p, Hit{InPane: true, Side: p.Side, Row: row}
		}
	}
	return nil, Hit{Row: -1}
}

// dropTarget is where a drop over at would go, and the folder path; p is
// nil when it would do nothing.
func (m *Main) dropTarget(from Side, at fyne.Position) (p *Pane, row int, dir string) {
	p, hit := m.hitTest(at)
	if p == nil {
		return nil, -1, ""
	}
	s := p.Model.State()
	row, ok := DropRow(from, hit, s.Entries, s.Connected && s.Path != "")
	if !ok {
		return nil, -1, ""
	}
	if row >= 0 {
		return p, row, p.Model.PathOf(s.Entries[row].Name)
	}
	return p, -1, s.Path
}

func within(at, pos fyne.Position, size fyne.Size) bool {
	return at.X >= pos.X && at.Y >= pos.Y && at.X < pos.X+size.Width && at.Y < pos.Y+size.Height
}
