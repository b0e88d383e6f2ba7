package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// cellPadding is the room around a row's text, the compact theme's inner
// padding (compact.go), so rows are as tall as they were when each row
// wore a compact theme of its own.
const cellPadding = 3

// cell is one column's text in a file or queue row, or a line of the log:
// a single canvas.Text, cut to the column with an ellipsis (or by fit, for
// paths).
//
// Rows do not wrap themselves in a container.ThemeOverride, and cells are
// not widget.Labels inside one: Fyne 2.8 gives every override a new scope
// (at creation and at every Refresh of the override), loads the fonts
// afresh for each scope and keeps them for good, and widget.List makes a
// throwaway row at each of its Refreshes to measure it. With an override
// per row that was megabytes of parsed fonts per list refresh, and the
// window grew past a gigabyte during a 20,000-file upload (issue #12). A
// canvas.Text outside any override scope shares the app's one font cache.
//
// Nor are the lists that refresh all the time (the panes', the queue's,
// the log's) inside an override; compact.go wraps what is around them.
// Fyne gives each throwaway row the scope of its list, which walks the
// row, empties the app's text-size and icon caches, and records every
// text and rectangle of the row in its scope map for good.
type cell struct {
	widget.BaseWidget

	text  *canvas.Text
	full  string
	align fyne.TextAlign
	color fyne.ThemeColorName // "": the foreground's
	pad   float32             // around the text: cellPadding, or less for the log
	// fit shortens full until fits says it fits the room; nil cuts the
	// end off with an ellipsis.
	fit func(full string, fits func(string) bool) string
	// width is the room the shown text was fitted to; -1 when the text
	// changed since.
	width float32
}

func newCell(align fyne.TextAlign) *cell {
	c := &cell{text: canvas.NewText("", nil), align: align, pad: cellPadding, width: -1}
	c.ExtendBaseWidget(c)
	return c
}

// SetText shows s (cut to the column when it is too wide).
func (c *cell) SetText(s string) {
	if s == c.full {
		return
	}
	c.full, c.width = s, -1
	c.fitText(c.Size().Width)
}

// Text is the whole text, before any cut.
func (c *cell) Text() string { return c.full }

// Shown is the text as drawn: cut to the column.
func (c *cell) Shown() string { return c.text.Text }

// SetColor draws the text in the theme's colour name ("" for the
// foreground): the error colour for a failed item, the log's per kind.
func (c *cell) SetColor(name fyne.ThemeColorName) {
	if name == c.color {
		return
	}
	c.color = name
	c.style()
	c.text.Refresh()
}

func (c *cell) Resize(size fyne.Size) {
	c.BaseWidget.Resize(size)
	c.fitText(size.Width)
}

// style takes colour and size from the theme (again after a theme change).
func (c *cell) style() {
	th := c.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	name := c.color
	if name == "" {
		name = theme.ColorNameForeground
	}
	c.text.Color = th.Color(name, v)
	if size := th.Size(theme.SizeNameText); size != c.text.TextSize {
		c.text.TextSize, c.width = size, -1
	}
}

// fitText cuts the text to width and places it; measuring is cached by
// Fyne per text, so a row that shows the same text again costs nothing.
func (c *cell) fitText(width float32) {
	if c.text.TextSize == 0 {
		c.style()
	}
	if width != c.width {
		c.width = width
		room := width - 2*c.pad
		shown := c.full
		if room > 0 && c.full != "" {
			size, style := c.text.TextSize, c.text.TextStyle
			fits := func(s string) bool { return fyne.MeasureText(s, size, style).Width <= room }
			if c.fit != nil {
				shown = c.fit(c.full, fits)
			} else {
				shown = ellipsis(c.full, fits)
			}
		}
		if shown != c.text.Text {
			c.text.Text = shown
			c.text.Refresh()
		}
	}
	ts := c.text.MinSize()
	x := c.pad
	if c.align == fyne.TextAlignTrailing {
		x = c.Size().Width - c.pad - ts.Width
	}
	c.text.Resize(ts)
	c.text.Move(fyne.NewPos(x, (c.Size().Height-ts.Height)/2))
}

// ellipsis is s, or the longest start of s that fits with "…" after it.
func ellipsis(s string, fits func(string) bool) string {
	if fits(s) {
		return s
	}
	runes := []rune(s)
	lo, hi := 0, len(runes) // runes[:lo]+"…" fits; runes[:hi]+"…" does not (or hi is all)
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if fits(string(runes[:mid]) + "…") {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return string(runes[:lo]) + "…"
}

func (c *cell) CreateRenderer() fyne.WidgetRenderer {
	c.style()
	return &cellRenderer{c: c, objects: []fyne.CanvasObject{c.text}}
}

type cellRenderer struct {
	c       *cell
	objects []fyne.CanvasObject
}

func (r *cellRenderer) Layout(size fyne.Size)        { r.c.fitText(size.Width) }
func (r *cellRenderer) Objects() []fyne.CanvasObject { return r.objects }
func (r *cellRenderer) Destroy()                     {}

// MinSize is one line of text with the padding: a cell is as narrow as
// its column makes it. It is worked out here, not by a renderer, so a
// throwaway row made only to be measured builds none (fileRow.MinSize).
func (c *cell) MinSize() fyne.Size {
	size := c.text.TextSize
	if size == 0 {
		size = c.Theme().Size(theme.SizeNameText)
	}
	h := fyne.MeasureText("M", size, c.text.TextStyle).Height
	return fyne.NewSize(2*c.pad, h+2*c.pad)
}

func (r *cellRenderer) MinSize() fyne.Size { return r.c.MinSize() }

func (r *cellRenderer) Refresh() {
	r.c.style()
	r.c.fitText(r.c.Size().Width)
	r.c.text.Refresh()
}
