package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// The quick-connect bar in one row needed 1,093 px, and it set the
// window's minimum width (#11: the window could not be narrower than
// 1,121 px, and at 800 px Connect fell off the right edge). When the row
// does not fit, the less-used fields (port, protocol, TLS, mode) leave it
// for a "More" pop-up, as a browser folds its toolbar: host, user,
// password and Connect stay in the row, each still reachable by Tab and
// by mouse.

// barFold is the bar's folding state.
type barFold struct {
	folded bool
	pop    *widget.PopUp   // the More pop-up while it is up
	form   *fyne.Container // its content
}

// refresh rebuilds an open pop-up (the protocol changed which fields apply).
func (f *barFold) refresh(b *ConnectBar) {
	if f.pop != nil && f.pop.Visible() {
		f.form.Objects = b.moreFields()
		f.form.Refresh()
		f.pop.Resize(fyne.NewSize(f.pop.Size().Width, f.pop.MinSize().Height))
	}
}

// Folded reports whether port, protocol, TLS and mode are in the More
// pop-up rather than the row.
func (b *ConnectBar) Folded() bool { return b.fold.folded }

// main and extra are the row's two parts, each field after its label.
func (b *ConnectBar) main() []fyne.CanvasObject {
	return []fyne.CanvasObject{b.labels[b.Host], b.Host, b.labels[b.User], b.User, b.labels[b.Password], b.Password}
}

// The protocol needs no label in the row ("FTP", "SFTP" say it); without
// one the whole row fits a 1,280 px window.
func (b *ConnectBar) extra() []fyne.CanvasObject {
	return []fyne.CanvasObject{b.labels[b.Port], b.Port, b.Protocol,
		b.labels[b.TLS], b.TLS, b.labels[b.Mode], b.Mode}
}

// rowLayout weighs host, user and password (the rest keep their width);
// minWidths keep a short host and name readable when the window is narrow
// and make the port field fit five digits.
func (b *ConnectBar) rowLayout(withExtra bool) *weightedRow {
	n := 6
	if withExtra {
		n += 7
	}
	weights := make([]float32, n+2)
	mins := make([]float32, n+2)
	weights[1], weights[3], weights[5] = 3, 2, 2
	mins[1], mins[3], mins[5] = 120, 80, 80
	if withExtra {
		mins[7] = fyne.MeasureText("000000", theme.TextSize(), fyne.TextStyle{}).Width + 4*theme.InnerPadding()
	}
	return &weightedRow{weights: weights, minWidths: mins}
}

func (b *ConnectBar) rowObjects(withExtra bool) []fyne.CanvasObject {
	objs := b.main()
	if withExtra {
		objs = append(objs, b.extra()...)
	} else {
		objs = append(objs, b.More)
	}
	return append(objs, b.Button)
}

func (b *ConnectBar) CreateRenderer() fyne.WidgetRenderer {
	r := &barRenderer{b: b, row: container.New(b.rowLayout(true), b.rowObjects(true)...)}
	return r
}

type barRenderer struct {
	b   *ConnectBar
	row *fyne.Container
}

// fullWidth is what the row needs with every field in it.
func (r *barRenderer) fullWidth() float32 {
	return r.b.rowLayout(true).MinSize(r.b.rowObjects(true)).Width
}

func (r *barRenderer) Layout(size fyne.Size) {
	b := r.b
	fold := size.Width < r.fullWidth()
	if fold != b.fold.folded || len(r.row.Objects) == 0 {
		b.fold.folded = fold
		if !fold && b.fold.pop != nil {
			b.fold.pop.Hide()
			b.fold.pop = nil
		}
		r.row.Layout = b.rowLayout(!fold)
		r.row.Objects = b.rowObjects(!fold)
	}
	r.row.Resize(size)
	r.row.Layout.Layout(r.row.Objects, size)
}

// MinSize is the folded row's: the bar never makes the window wider than
// host, user, password, More and Connect need.
func (r *barRenderer) MinSize() fyne.Size {
	return r.b.rowLayout(false).MinSize(r.b.rowObjects(false))
}

func (r *barRenderer) Refresh() {
	r.Layout(r.b.Size())
	r.row.Refresh()
}

func (r *barRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.row} }
func (r *barRenderer) Destroy()                     {}

// moreFields are the pop-up's form: the folded fields that apply to the
// protocol, each after its label.
func (b *ConnectBar) moreFields() []fyne.CanvasObject {
	var out []fyne.CanvasObject
	for _, o := range []fyne.CanvasObject{b.Port, b.Protocol, b.TLS, b.Mode} {
		if o.Visible() {
			out = append(out, b.labels[o], o)
		}
	}
	return out
}

// showMore puts the folded fields in a pop-up under the More button.
func (b *ConnectBar) showMore() {
	c := fyne.CurrentApp().Driver().CanvasForObject(b)
	if c == nil || !b.fold.folded {
		return
	}
	b.fold.form = container.New(layout.NewFormLayout(), b.moreFields()...)
	// dialog: bar-more
	pop := widget.NewPopUp(b.fold.form, c)
	b.fold.pop = pop
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(b.More).AddXY(0, b.More.Size().Height)
	width := max(pop.MinSize().Width, 260)
	pos.X = max(0, min(pos.X, c.Size().Width-width))
	pop.ShowAtPosition(pos)
	pop.Resize(fyne.NewSize(width, pop.MinSize().Height))
	nameObject("bar.more.popup", pop)
	c.Focus(b.Port)
}
