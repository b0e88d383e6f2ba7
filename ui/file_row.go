package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"portside/transfer"
)

// fileRow is one row of a FileList: icon and name, size, modified time and
// permissions, laid out by columnLayout. It selects on mouse-down, as file
// managers do (a Tapped would arrive only after the double-click delay),
// and opens on double-click.
type fileRow struct {
	widget.BaseWidget

	id       int
	icon     *widget.Icon
	badge    *widget.Icon // the link badge, hidden for plain entries
	name     *widget.Label
	size     *widget.Label
	modified *widget.Label
	perm     *widget.Label

	onSelect func(id int)
	onOpen   func(id int)
}

var (
	_ fyne.Tappable       = (*fileRow)(nil)
	_ fyne.DoubleTappable = (*fileRow)(nil)
	_ desktop.Mouseable   = (*fileRow)(nil)
)

func newFileRow(onSelect, onOpen func(id int)) *fileRow {
	label := func(align fyne.TextAlign) *widget.Label {
		l := widget.NewLabel("")
		l.Alignment = align
		l.Truncation = fyne.TextTruncateEllipsis
		return l
	}
	r := &fileRow{
		id:       -1,
		icon:     widget.NewIcon(nil),
		badge:    widget.NewIcon(linkIcon),
		name:     label(fyne.TextAlignLeading),
		size:     label(fyne.TextAlignTrailing),
		modified: label(fyne.TextAlignLeading),
		perm:     label(fyne.TextAlignLeading),
		onSelect: onSelect,
		onOpen:   onOpen,
	}
	r.badge.Hide()
	r.ExtendBaseWidget(r)
	return r
}

// set shows entry e as row id.
func (r *fileRow) set(id int, e transfer.Entry) {
	r.id = id
	r.icon.SetResource(entryIcon(e))
	r.badge.Hidden = !e.IsLink
	r.name.SetText(e.Name)
	r.size.SetText(sizeText(e))
	r.modified.SetText(FormatTime(e.ModTime))
	r.perm.SetText(e.Perm)
	r.badge.Refresh()
}

func (r *fileRow) CreateRenderer() fyne.WidgetRenderer {
	icon := container.NewStack(r.icon, container.New(badgeLayout{}, r.badge))
	name := container.NewBorder(nil, nil, container.NewCenter(icon), nil, r.name)
	return widget.NewSimpleRenderer(container.New(columnLayout{}, name, r.size, r.modified, r.perm))
}

func (r *fileRow) Tapped(*fyne.PointEvent) { r.selectRow() }

func (r *fileRow) DoubleTapped(*fyne.PointEvent) {
	if r.id >= 0 && r.onOpen != nil {
		r.onOpen(r.id)
	}
}

func (r *fileRow) MouseDown(e *desktop.MouseEvent) {
	if e.Button == desktop.MouseButtonPrimary {
		r.selectRow()
	}
}

func (r *fileRow) MouseUp(*desktop.MouseEvent) {}

func (r *fileRow) selectRow() {
	if r.id >= 0 && r.onSelect != nil {
		r.onSelect(r.id)
	}
}

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
