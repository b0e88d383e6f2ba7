package ui

import (
	"fyne.io/fyne/v2"
)

// columnLayout places a header's or a row's four cells side by side: Size,
// Modified and Permissions get fixed widths measured from the text they
// hold, and Name takes what is left. Header and rows share it, so the
// columns always line up, and every row has the same height, which keeps
// widget.List fast on big folders.
type columnLayout struct{}

// minNameWidth keeps a sliver of the name visible in a narrow pane; the
// label truncates with an ellipsis rather than pushing the other columns out.
const minNameWidth = 80

// roomyNameWidth is as narrow as Name gets before the fixed columns shrink:
// in an 800 px window names were cut to "back…" while Modified kept its
// full width (#11). Below it both give: the fixed columns down to
// minFixedShare, then Name down to minNameWidth.
const roomyNameWidth = 160

// minFixedShare is how far Size, Modified and Permissions shrink (their
// texts then end in an ellipsis) before a pane stops getting narrower:
// at full width the four columns needed 460 px a pane, and two panes
// made the window at least 939 px wide (#11).
const minFixedShare = 0.45

// columnGap separates right-aligned sizes from the dates next to them.
const columnGap = 8

func (columnLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	widths := columnWidths(size.Width)
	x := float32(0)
	for i, o := range objects {
		if i >= len(widths) {
			break
		}
		o.Move(fyne.NewPos(x, 0))
		o.Resize(fyne.NewSize(widths[i], size.Height))
		x += widths[i] + columnGap
	}
}

func (columnLayout) MinSize(objects []fyne.CanvasObject) fyne.Size {
	fixed := fixedColumnWidths()
	w := float32(minNameWidth)
	for _, f := range fixed {
		w += f*minFixedShare + columnGap
	}
	h := float32(0)
	for _, o := range objects {
		h = max(h, o.MinSize().Height)
	}
	return fyne.NewSize(w, h)
}

// columnWidths splits total among the four columns.
// Name gives up width first, down to roomyNameWidth; then the fixed
// columns shrink together, down to minFixedShare of their width; then
// Name again, down to minNameWidth.
func columnWidths(total float32) [4]float32 {
	fixed := fixedColumnWidths()
	sum := fixed[0] + fixed[1] + fixed[2]
	room := total - 3*columnGap - roomyNameWidth
	if room < sum {
		scale := max(room/sum, minFixedShare)
		for i := range fixed {
			fixed[i] *= scale
		}
		sum *= scale
	}
	name := max(total-sum-3*columnGap, minNameWidth)
	return [4]float32{name, fixed[0], fixed[1], fixed[2]}
}

// fixedColumnWidths measures the widest value each fixed column shows, and
// its header with the sort arrow, so nothing is cut off in any theme or
// text size. Every row's layout asks, so the widths are kept until the
// theme's sizes or the language change: measuring six texts and wording
// three titles per row laid out allocated 250 MB during a 20,000-file
// upload (issue #12).
func fixedColumnWidths() [3]float32 {
	return columnCache.get(func(k measureKey) [3]float32 { return measureColumns(k.text, k.inner, k.icon+k.pad) })
}

var columnCache measured[[3]float32]

func measureColumns(textSize, pad, arrow float32) [3]float32 {
	widest := func(header string, samples ...string) float32 {
		w := fyne.MeasureText(header, textSize, fyne.TextStyle{}).Width + arrow
		for _, s := range samples {
			w = max(w, fyne.MeasureText(s, textSize, fyne.TextStyle{}).Width)
		}
		return w + 2*pad + 2
	}
	return [3]float32{
		widest(ColSize.String(), "1023.9 MiB"),
		widest(ColModified.String(), "2026-12-31 23:59"),
		widest(ColPerm.String(), "rwxrwxrwx"),
	}
}
