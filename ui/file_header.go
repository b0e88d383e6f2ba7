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
	return widget.NewSimpleRenderer(container.New(headerLayout{h}, cells...))
}

// headerLayout is columnLayout with titles that end in an ellipsis when
// their column is narrower than the title: a button draws its text whole,
// and titles of shrunk columns ran into each other (#11).
type headerLayout struct{ h *FileHeader }

func (l headerLayout) MinSize(objects []fyne.CanvasObject) fyne.Size {
	return columnLayout{}.MinSize(objects)
}

func (l headerLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	widths := columnWidths(size.Width)
	for i, b := range l.h.Buttons {
		full := Column(i).String()
		text := fitTitle(full, func(s string) bool {
			return buttonWidth(b, s) <= widths[i]
		})
		if b.Text != text {
			b.SetText(text)
		}
	}
	columnLayout{}.Layout(objects, size)
}

// buttonWidth is b's width with text as its label.
func buttonWidth(b *widget.Button, text string) float32 {
	w := fyne.MeasureText(text, theme.TextSize(), fyne.TextStyle{Bold: true}).Width + 4*theme.InnerPadding()
	if b.Icon != nil {
		w += theme.IconInlineSize() + theme.Padding()
	}
	return w
}

// fitTitle shortens full, rune by rune, ending it in "…", until fits.
func fitTitle(full string, fits func(string) bool) string {
	if fits(full) {
		return full
	}
	r := []rune(full)
	for n := len(r) - 1; n > 0; n-- {
		if s := string(r[:n]) + "…"; fits(s) {
			return s
		}
	}
	return "…"
}
