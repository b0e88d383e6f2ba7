package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// pathLabel shows a path that may be wider than its column by cutting it
// at the start, "…/photos/img_0001.jpg": the end, the file's name, is what
// a reader scans a queue for, and a label's own ellipsis would cut it off.
type pathLabel struct {
	widget.BaseWidget

	label *widget.Label
	full  string
}

func newPathLabel() *pathLabel {
	p := &pathLabel{label: widget.NewLabel("")}
	p.label.Truncation = fyne.TextTruncateClip // the fitting is ours; this keeps MinSize small
	p.ExtendBaseWidget(p)
	return p
}

// SetPath shows path, shortened to fit.
func (p *pathLabel) SetPath(path string) {
	p.full = path
	p.fit()
}

// Path is the whole path, whatever is shown.
func (p *pathLabel) Path() string { return p.full }

func (p *pathLabel) Resize(size fyne.Size) {
	p.BaseWidget.Resize(size)
	p.fit()
}

func (p *pathLabel) fit() {
	th := p.Theme()
	room := p.Size().Width - 2*th.Size(theme.SizeNameInnerPadding)
	textSize := th.Size(theme.SizeNameText)
	text := p.full
	if room > 0 {
		text = FitPath(p.full, func(s string) bool {
			return fyne.MeasureText(s, textSize, fyne.TextStyle{}).Width <= room
		})
	}
	if text != p.label.Text {
		p.label.SetText(text)
	}
}

func (p *pathLabel) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(p.label)
}

// FitPath shortens path from the start until fits accepts it, cutting at
// a separator where it can: "/home/ann/photos/a.jpg" becomes
// "…/photos/a.jpg", then "…/a.jpg", then "….jpg".
func FitPath(path string, fits func(string) bool) string {
	if fits(path) {
		return path
	}
	for i := 1; i < len(path); i++ {
		if path[i] == '/' || path[i] == '\\' {
			if s := "…" + path[i:]; fits(s) {
				return s
			}
		}
	}
	runes := []rune(path)
	for i := 1; i < len(runes); i++ {
		if s := "…" + string(runes[i:]); fits(s) {
			return s
		}
	}
	return "…"
}
