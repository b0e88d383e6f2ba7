package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"portside/transfer"
	"portside/transfer/dircompare"
)

// fileRow is one row of a FileList: icon and name, size, modified time and
// permissions, laid out by columnLayout, over a background that shows
// whether the row is selected or is the folder a drag would drop into.
//
// It selects on mouse-down, as file managers do (a Tapped would arrive
// only after the double-click delay, and a Ctrl-click would then be undone
// by it), opens on double-click, drags, and asks for a context menu on a
// right-click. The list owns the selection; the row only reports.
type fileRow struct {
	widget.BaseWidget

	list     *FileList
	id       int
	selected bool
	drop     bool
	mark     dircompare.Status // the directory comparison's, see compare_marks.go

	background *canvas.Rectangle
	icon       *widget.Icon
	badge      *widget.Icon // the link badge, hidden for plain entries
	name       *cell
	size       *cell
	modified   *cell
	perm       *cell
}

var (
	_ fyne.DoubleTappable    = (*fileRow)(nil)
	_ fyne.SecondaryTappable = (*fileRow)(nil)
	_ fyne.Draggable         = (*fileRow)(nil)
	_ desktop.Mouseable      = (*fileRow)(nil)
	_ fyne.Scrollable        = (*fileRow)(nil)
)

func newFileRow(list *FileList) *fileRow {
	r := &fileRow{
		list:       list,
		id:         -1,
		background: canvas.NewRectangle(color.Transparent),
		icon:       rowIcon(nil),
		badge:      rowIcon(linkIcon),
		name:       cellLabel(fyne.TextAlignLeading),
		size:       cellLabel(fyne.TextAlignTrailing),
		modified:   cellLabel(fyne.TextAlignLeading),
		perm:       cellLabel(fyne.TextAlignLeading),
	}
	r.badge.Hide()
	r.ExtendBaseWidget(r)
	return r
}

// set shows entry e as row id.
func (r *fileRow) set(id int, e transfer.Entry, selected, drop bool) {
	r.id = id
	r.icon.SetResource(entryIcon(e))
	r.badge.Hidden = !e.IsLink
	r.name.SetText(transfer.Escape(e.Name)) // "\u202etxt.exe", not a name that reads backwards
	r.size.SetText(sizeText(e))
	r.modified.SetText(FormatTime(e.ModTime))
	r.perm.SetText(e.Perm)
	r.badge.Refresh()
	if selected != r.selected || drop != r.drop {
		r.selected, r.drop = selected, drop
		r.paintBackground()
	}
}

func (r *fileRow) paintBackground() {
	paintRow(r.background, r.Theme(), r.selected, r.drop)
	paintMark(r.background, r.mark, r.selected, r.drop) // compare_marks.go
}

// MinSize is every file row's size, measured once per theme size and
// language (measured.go): widget.List makes a throwaway row at each of its
// Refreshes only to ask it, and a row that measured itself built its
// renderer for that, which Fyne keeps a minute.
func (r *fileRow) MinSize() fyne.Size {
	return fileRowSize.get(func(measureKey) fyne.Size { return r.BaseWidget.MinSize() })
}

var fileRowSize measured[fyne.Size]

func (r *fileRow) CreateRenderer() fyne.WidgetRenderer {
	r.paintBackground()
	icon := container.NewStack(r.icon, container.New(badgeLayout{}, r.badge))
	name := container.NewBorder(nil, nil, container.NewCenter(icon), nil, r.name)
	cells := container.New(columnLayout{}, name, r.size, r.modified, r.perm)
	return widget.NewSimpleRenderer(container.NewStack(r.background, cells))
}

func (r *fileRow) DoubleTapped(*fyne.PointEvent) { r.list.open(r.id) }

func (r *fileRow) MouseDown(e *desktop.MouseEvent) {
	if r.id >= 0 && e.Button == desktop.MouseButtonPrimary {
		r.list.press(r.id, ModifiersOf(e.Modifier))
	}
}

func (r *fileRow) MouseUp(e *desktop.MouseEvent) {
	if r.id >= 0 && e.Button == desktop.MouseButtonPrimary {
		r.list.release()
	}
}

func (r *fileRow) TappedSecondary(e *fyne.PointEvent) {
	if r.id >= 0 {
		r.list.pressSecondary(r.id, e.AbsolutePosition)
	}
}

func (r *fileRow) Dragged(e *fyne.DragEvent) {
	if r.id >= 0 {
		r.list.dragged(r.id, e)
	}
}

func (r *fileRow) DragEnd() { r.list.dragEnd() }

// badgeLayout puts the link badge over the bottom-right of the icon.
type badgeLayout struct{}

func (badgeLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	s := size.Width * 0.6
	for _, o := range objects {
		o.Resize(fyne.NewSize(s, s))
		o.Move(fyne.NewPos(size.Width-s+2, size.Height-s+2))
	}
}

func (badgeLayout) MinSize([]fyne.CanvasObject) fyne.Size { return fyne.Size{} }

// Scrolled moves the list three rows a notch (see wheel.go).
func (r *fileRow) Scrolled(ev *fyne.ScrollEvent) { wheelScroll(&r.list.List, r.list.itemHeight(), ev) }
