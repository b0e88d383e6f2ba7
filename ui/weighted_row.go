package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// weightedRow lays objects out in one row: weight 0 gets the object's
// minimum width, and the width left over is shared in proportion to the
// other weights. The quick-connect bar needs this because HBox gives an
// Entry only its tiny minimum width and a grid makes labels as wide as
// entries.
type weightedRow struct {
	weights []float32
	// minWidths raise an object's minimum width where its own is too
	// small (a port field must fit five digits); 0 keeps its own.
	minWidths []float32
}

func (r *weightedRow) minWidth(i int, o fyne.CanvasObject) float32 {
	w := o.MinSize().Width
	if i < len(r.minWidths) {
		w = max(w, r.minWidths[i])
	}
	return w
}

func (r *weightedRow) weight(i int) float32 {
	if i < len(r.weights) {
		return r.weights[i]
	}
	return 0
}

func (r *weightedRow) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	pad := theme.Padding()
	fixed, total := float32(0), float32(0)
	visible := 0
	for i, o := range objects {
		if !o.Visible() {
			continue
		}
		visible++
		if w := r.weight(i); w > 0 {
			total += w
		} else {
			fixed += r.minWidth(i, o)
		}
	}
	spare := max(size.Width-fixed-pad*float32(max(visible-1, 0)), 0)
	x := float32(0)
	for i, o := range objects {
		if !o.Visible() {
			continue
		}
		w := r.minWidth(i, o)
		if wt := r.weight(i); wt > 0 {
			w = max(spare*wt/total, w)
		}
		h := o.MinSize().Height
		o.Resize(fyne.NewSize(w, h))
		o.Move(fyne.NewPos(x, (size.Height-h)/2))
		x += w + pad
	}
}

func (r *weightedRow) MinSize(objects []fyne.CanvasObject) fyne.Size {
	pad := theme.Padding()
	var s fyne.Size
	n := 0
	for i, o := range objects {
		if !o.Visible() {
			continue
		}
		m := o.MinSize()
		s.Width += r.minWidth(i, o)
		s.Height = max(s.Height, m.Height)
		n++
	}
	if n > 1 {
		s.Width += pad * float32(n-1)
	}
	return s
}
