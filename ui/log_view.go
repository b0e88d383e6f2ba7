package ui

import (
	"slices"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"portside/transfer/transport"
)

// DefaultLogLines is how many lines the message log keeps: enough for a
// long session's commands, few enough that the list stays cheap.
const DefaultLogLines = 5000

// LogView is the message log: commands, replies and decisions with their
// times, newest at the bottom and in view. It shows the text it is given;
// masking the password is the transport's job, done before any sink sees it.
type LogView struct {
	widget.BaseWidget

	// Do runs f on the UI goroutine; nil means fyne.Do.
	Do func(f func())
	// MaxLines caps the kept lines; the oldest go first.
	MaxLines int

	List *widget.List

	lines []transport.Event // UI goroutine only

	mu        sync.Mutex
	pending   []transport.Event
	scheduled bool
	flushed   time.Time // the last flush's start
}

// logEvery is how often the log shows new lines at most. A batch of small
// files logs five lines a file, hundreds a second: each flush scrolled the
// log and drew a frame of new line textures, up to 60 a second, which Fyne
// keeps for their lifetime (most of the C heap an upload grew by, issue
// #12). Five times a second reads the same; a line after a quiet spell
// shows at once.
const logEvery = 200 * time.Millisecond

// NewLogView returns an empty log keeping DefaultLogLines lines.
func NewLogView() *LogView {
	v := &LogView{MaxLines: DefaultLogLines}
	v.List = widget.NewList(
		func() int { return len(v.lines) },
		// Cells, not Labels in a dense theme override: see cell.go.
		func() fyne.CanvasObject {
			c := newCell(fyne.TextAlignLeading)
			c.pad = logPadding
			c.text.TextStyle.Monospace = true
			return c
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			e := v.lines[id]
			c := o.(*cell)
			c.SetColor(eventColor[e.Kind])
			c.SetText(FormatEvent(e))
		})
	v.List.HideSeparators = true
	v.ExtendBaseWidget(v)
	return v
}

// Add appends e. It is safe from any goroutine, so it can be a
// transport.Config.Log directly; a burst of events costs one UI update.
func (v *LogView) Add(e transport.Event) {
	v.mu.Lock()
	v.pending = append(v.pending, e)
	if limit := v.MaxLines; limit > 0 && len(v.pending) >= 2*limit {
		// A flood between two flushes: only the newest can be kept anyway.
		v.pending = append(v.pending[:0], v.pending[len(v.pending)-limit:]...)
	}
	if v.scheduled {
		v.mu.Unlock()
		return
	}
	v.scheduled = true
	wait := time.Until(v.flushed.Add(logEvery))
	v.mu.Unlock()
	if wait <= 0 {
		v.do(v.flush)
		return
	}
	time.AfterFunc(wait, func() { v.do(v.flush) }) // a timer, not a tick
}

// Lines returns the log's lines as text, oldest first, those shown and
// those the next flush will show (UI goroutine): what the log holds, not
// how far the screen has caught up (logEvery).
func (v *LogView) Lines() []string {
	v.mu.Lock()
	events := append(slices.Clone(v.lines), v.pending...)
	v.mu.Unlock()
	if limit := v.MaxLines; limit > 0 && len(events) > limit {
		events = events[len(events)-limit:]
	}
	out := make([]string, len(events))
	for i, e := range events {
		out[i] = FormatEvent(e)
	}
	return out
}

func (v *LogView) flush() {
	v.mu.Lock()
	batch := v.pending
	v.pending, v.scheduled, v.flushed = nil, false, time.Now()
	v.mu.Unlock()

	v.lines = append(v.lines, batch...)
	if limit := v.MaxLines; limit > 0 && len(v.lines) > limit {
		// Copy down rather than reslice, so the dropped events can be freed.
		v.lines = append(v.lines[:0:0], v.lines[len(v.lines)-limit:]...)
	}
	v.List.Refresh()
	v.List.ScrollToBottom()
}

func (v *LogView) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(v.List)
}

func (v *LogView) do(f func()) {
	if v.Do != nil {
		v.Do(f)
		return
	}
	fyne.Do(f)
}

// FileZilla's words for the kinds of line, which its users read at a glance.
var eventLabels = map[transport.EventKind]string{
	transport.Info:     "Status:",
	transport.Sent:     "Command:",
	transport.Received: "Response:",
	transport.Failure:  "Error:",
}

var eventColor = map[transport.EventKind]fyne.ThemeColorName{
	transport.Info:     theme.ColorNameForeground,
	transport.Sent:     theme.ColorNamePrimary,
	transport.Received: theme.ColorNameSuccess,
	transport.Failure:  theme.ColorNameError,
}

// logPadding is the room around a log line's text: no more than keeps
// lines from touching, where every line counts.
const logPadding = 2

// FormatEvent is one log line: local time to the millisecond, the kind, the
// text. The text is the server's words or names from it, so it is escaped
// (transfer.Escape): a control character or a bidi override shows as
// \x1b or \u202e instead of acting.
func FormatEvent(e transport.Event) string {
	return e.Time.Local().Format("15:04:05.000") + "  " + padRight(eventLabel(e.Kind), 10) + eventText(e)
}

func padRight(s string, n int) string {
	for len(s) < n {
		s += " "
	}
	return s
}
