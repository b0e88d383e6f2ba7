package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"portside/transfer"
	"portside/transfer/queue"
)

// queueRow is one item of a QueueList: direction arrow, local path, remote
// path, size, a progress bar with percent, speed and time left, and the
// state with the error of a failure. Clicks select as in the file panes.
type queueRow struct {
	widget.BaseWidget

	list     *QueueList
	id       int // the row, -1 while unused
	selected bool

	background *canvas.Rectangle
	arrow      *widget.Icon
	site       *cell // the server, for transfers of several tabs (queue_site.go)
	local      *pathLabel
	remote     *pathLabel
	size       *cell
	bar        *widget.ProgressBar
	state      *cell
	barText    string
}

var (
	_ desktop.Mouseable      = (*queueRow)(nil)
	_ fyne.SecondaryTappable = (*queueRow)(nil)
	_ fyne.Scrollable        = (*queueRow)(nil)
)

func newQueueRow(list *QueueList) *queueRow {
	r := &queueRow{
		list:       list,
		id:         -1,
		background: canvas.NewRectangle(color.Transparent),
		arrow:      rowIcon(nil),
		site:       cellLabel(fyne.TextAlignLeading),
		local:      newPathLabel(),
		remote:     newPathLabel(),
		size:       cellLabel(fyne.TextAlignTrailing),
		bar:        widget.NewProgressBar(),
		state:      cellLabel(fyne.TextAlignLeading),
	}
	r.bar.TextFormatter = func() string { return r.barText }
	r.ExtendBaseWidget(r)
	return r
}

// set shows it as row id; p is its progress while it runs.
func (r *queueRow) set(id int, it queue.Item, p *queue.Progress, selected bool) {
	r.id = id
	local, remote := it.Dst, it.Src
	if it.Dir == queue.Upload {
		local, remote = it.Src, it.Dst
		r.arrow.SetResource(theme.UploadIcon())
	} else {
		r.arrow.SetResource(theme.DownloadIcon())
	}
	site := it.Site
	if f := r.list.model.SiteName; f != nil {
		site = f(site)
	}
	r.site.SetText(transfer.Escape(site))
	r.local.SetPath(transfer.Escape(local)) // names and errors from a server, shown escaped
	r.remote.SetPath(transfer.Escape(remote))
	size := it.Size
	if p != nil && p.Size >= 0 {
		size = p.Size
	}
	r.size.SetText("")
	if size >= 0 && !it.IsDir {
		r.size.SetText(HumanSize(size))
	}
	r.setProgress(it, p)
	r.state.SetText(transfer.Escape(StateText(it)))
	stateColor := fyne.ThemeColorName("") // the foreground
	if it.State == queue.Failed {
		stateColor = theme.ColorNameError
	}
	r.state.SetColor(stateColor)
	if selected != r.selected {
		r.selected = selected
		r.paintBackground()
	}
}

// setProgress fills the bar; an item with nothing to show (waiting, done,
// failed before a byte moved) has none, as in FileZilla, where a column of
// empty or full bars would only be noise.
func (r *queueRow) setProgress(it queue.Item, p *queue.Progress) {
	v, text := ProgressOf(it, p)
	done := it.State == queue.Done || it.State == queue.Skipped
	hide := done || text == "" && it.State != queue.Running
	if hide != r.bar.Hidden {
		r.bar.Hidden = hide
		r.bar.Refresh()
	}
	if v == r.bar.Value && text == r.barText {
		return
	}
	r.barText = text
	r.bar.SetValue(v) // refreshes the text too
}

// MinSize is every queue row's size, measured once (see fileRow.MinSize).
func (r *queueRow) MinSize() fyne.Size {
	return queueRowSize.get(func(measureKey) fyne.Size { return r.BaseWidget.MinSize() })
}

var queueRowSize measured[fyne.Size]

func (r *queueRow) paintBackground() { paintRow(r.background, r.Theme(), r.selected, false) }

func (r *queueRow) CreateRenderer() fyne.WidgetRenderer {
	r.paintBackground()
	cells := container.New(queueColumns{}, container.NewCenter(r.arrow), r.site, r.local, r.remote, r.size, r.bar, r.state)
	return widget.NewSimpleRenderer(container.NewStack(r.background, cells))
}

func (r *queueRow) MouseDown(e *desktop.MouseEvent) {
	if r.id >= 0 && e.Button == desktop.MouseButtonPrimary {
		r.list.press(r.id, ModifiersOf(e.Modifier))
	}
}

// Scrolled moves the list three rows a notch (see wheel.go).
func (r *queueRow) Scrolled(ev *fyne.ScrollEvent) {
	wheelScroll(&r.list.List, r.MinSize().Height, ev)
}

func (r *queueRow) MouseUp(*desktop.MouseEvent) {}

func (r *queueRow) TappedSecondary(e *fyne.PointEvent) {
	if r.id >= 0 {
		r.list.pressSecondary(r.id, e.AbsolutePosition)
	}
}

// queueColumns lays out a queue row or its header: the arrow, then the
// site, local and remote paths sharing the room with the state, and fixed
// widths for size and progress, so every row's bars line up.
type queueColumns struct{}

const (
	queueArrowWidth    = 22
	queueSizeWidth     = 84
	queueProgressWidth = 230
)

func (queueColumns) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	gap := theme.Padding()
	spare := max(size.Width-queueArrowWidth-queueSizeWidth-queueProgressWidth-6*gap, 4*60)
	widths := []float32{queueArrowWidth, spare * 0.2, spare * 0.26, spare * 0.26, queueSizeWidth, queueProgressWidth, spare * 0.28}
	x := float32(0)
	for i, o := range objects {
		if i >= len(widths) {
			break
		}
		h := size.Height
		if _, bar := o.(*widget.ProgressBar); bar {
			// A bar as tall as the row looks like a button; inset it.
			h = min(o.MinSize().Height, size.Height-4)
		}
		o.Resize(fyne.NewSize(widths[i], h))
		o.Move(fyne.NewPos(x, (size.Height-h)/2))
		x += widths[i] + gap
	}
}

func (queueColumns) MinSize(objects []fyne.CanvasObject) fyne.Size {
	h := float32(0)
	for _, o := range objects {
		if _, bar := o.(*widget.ProgressBar); bar {
			continue // inset into the row (Layout), it does not set its height
		}
		h = max(h, o.MinSize().Height)
	}
	return fyne.NewSize(queueArrowWidth+queueSizeWidth+queueProgressWidth+4*60+6*theme.Padding(), h)
}
