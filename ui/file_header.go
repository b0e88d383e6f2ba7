package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// FileHeader is the row of column titles above a file list. A click on a
// title asks for that sort; the sorted column shows an arrow pointing the
// way the values grow.
type FileHeader struct {
	widget.BaseWidget

	// OnSort is called with the column whose title was clicked.
	OnSort func(Column)

	// Buttons are the titles, indexed by Column.
	Buttons [4]*widget.Button
}

// NewFileHeader returns a header showing order.
func NewFileHeader(order SortOrder) *FileHeader {
	h := &FileHeader{}
	for i := range h.Buttons {
		col := Column(i)
		b := widget.NewButton(col.String(), func() {
			if h.OnSort != nil {
				h.OnSort(col)
			}
		})
		b.Importance = widget.LowImportance
		b.Alignment = widget.ButtonAlignLeading
		b.IconPlacement = widget.ButtonIconTrailingText
		h.Buttons[i] = b
	}
	h.ExtendBaseWidget(h)
	h.SetOrder(order)
	return h
}

// SetOrder moves the arrow to order's column.
func (h *FileHeader) SetOrder(order SortOrder) {
	for i, b := range h.Buttons {
		var icon fyne.Resource
		if Column(i) == order.Column {
			icon = theme.MenuDropUpIcon()
			if order.Descending {
				icon = theme.MenuDropDownIcon()
			}
		}
		b.SetIcon(icon)
	}
}

func (h *FileHeader) CreateRenderer() fyne.WidgetRenderer {
	cells := make([]fyne.CanvasObject, len(h.Buttons))
	for i, b := range h.Buttons {
		cells[i] = b
	}
	return widget.NewSimpleRenderer(container.New(columnLayout{}, cells...))
}
