package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"portside/transfer/dircompare"
)

// The directory comparison's colours are FileZilla's (its file lists'
// comparison backgrounds): red for a different size, yellow for an entry
// on one side only, green for the newer of two files. They are drawn
// half-transparent as the row's background, so the text stays readable on
// the light and the dark theme; a selected row shows the selection.
var markColors = map[dircompare.Status]color.NRGBA{
	dircompare.Different: {R: 255, G: 128, B: 128, A: 0xa0},
	dircompare.Lonely:    {R: 255, G: 255, B: 128, A: 0xa0},
	dircompare.Newer:     {R: 128, G: 255, B: 128, A: 0xa0},
}

// MarkColor is the background of a row with status s; transparent for the
// statuses FileZilla leaves unmarked (same, older).
func MarkColor(s dircompare.Status) color.Color {
	if c, ok := markColors[s]; ok {
		return c
	}
	return color.Transparent
}

// SetMarks colours rows by name; nil clears the colours.
func (l *FileList) SetMarks(marks map[string]dircompare.Status) {
	if len(marks) == 0 && len(l.marks) == 0 {
		return
	}
	l.marks = marks
	l.Refresh()
}

// Mark is row id's comparison status.
func (l *FileList) Mark(id int) dircompare.Status {
	if id < 0 || id >= len(l.keys) {
		return dircompare.Same
	}
	return l.marks[l.keys[id]]
}

// setMark paints the row's comparison colour.
func (r *fileRow) setMark(s dircompare.Status) {
	if r.mark == s {
		return
	}
	r.mark = s
	r.paintBackground()
}

// paintMark colours an unselected row by its comparison status; the
// selection and a drop target keep their own colours, as in FileZilla.
func paintMark(b *canvas.Rectangle, s dircompare.Status, selected, drop bool) {
	if selected || drop || s == dircompare.Same || s == dircompare.Older {
		return
	}
	b.FillColor = MarkColor(s)
	b.Refresh()
}

// newCompareLegend explains the colours, under the panes, as FileZilla's
// manual does: FileZilla itself shows none, and new users ask.
func newCompareLegend() *fyne.Container {
	item := func(s dircompare.Status, text string) fyne.CanvasObject {
		sw := canvas.NewRectangle(MarkColor(s))
		sw.SetMinSize(fyne.NewSize(14, 14))
		sw.StrokeColor, sw.StrokeWidth = color.NRGBA{A: 0x60}, 1
		l := widget.NewLabel(text)
		l.SizeName = theme.SizeNameCaptionText
		return container.NewHBox(container.NewCenter(sw), l)
	}
	title := widget.NewLabelWithStyle(lang.X("compare.legend", "Directory comparison:"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameCaptionText
	c := container.NewHBox(title,
		item(dircompare.Lonely, lang.X("compare.lonely", "only on this side")),
		item(dircompare.Newer, lang.X("compare.newer", "newer than the other side's")),
		item(dircompare.Different, lang.X("compare.different", "different size (or file vs folder)")))
	c.Hide()
	return c
}
