package ui

import (
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"portside/transfer/queue"
)

// The words and numbers of the queue panel and the status bar.

// FormatSpeed is a transfer rate: "4.5 MiB/s".
func FormatSpeed(bytesPerSecond float64) string {
	return HumanSize(int64(bytesPerSecond)) + "/s"
}

// FormatFileRate is files done a second, shown when a run moves many
// small files (two a second or more), where the byte rate says little:
// "25 files/s", "2.5 files/s"; else empty.
func FormatFileRate(perSec float64) string {
	switch {
	case perSec < 2:
		return ""
	case perSec < 10:
		return lang.X("queue.file_rate", "{{.Rate}} files/s", map[string]any{"Rate": fmt.Sprintf("%.1f", perSec)})
	}
	return lang.X("queue.file_rate", "{{.Rate}} files/s", map[string]any{"Rate": fmt.Sprintf("%.0f", perSec)})
}

// FormatETA is a time left as a clock shows it: "0:42", "12:03",
// "1:02:03"; unknown (negative) is empty.
func FormatETA(d time.Duration) string {
	if d < 0 {
		return ""
	}
	s := int64(d.Round(time.Second) / time.Second)
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

// QueueTotals is the queue's part of the status bar, like "3 running ·
// 12 queued · 4.5 MiB/s · ETA 0:42"; empty when there is nothing to say.
// st is the last progress tick, nil when nothing runs.
func QueueTotals(counts map[queue.State]int, st *queue.Stats) string {
	var parts []string
	for _, c := range []struct {
		s    queue.State
		word func(n int) string
	}{
		{queue.Running, func(n int) string { return lang.X("queue.n.running", "{{.Count}} running", map[string]any{"Count": n}) }},
		{queue.Queued, func(n int) string { return lang.X("queue.n.queued", "{{.Count}} queued", map[string]any{"Count": n}) }},
		{queue.Paused, func(n int) string { return lang.X("queue.n.paused", "{{.Count}} paused", map[string]any{"Count": n}) }},
		{queue.Failed, func(n int) string { return lang.X("queue.n.failed", "{{.Count}} failed", map[string]any{"Count": n}) }},
	} {
		if n := counts[c.s]; n > 0 {
			parts = append(parts, c.word(n))
		}
	}
	if st != nil && counts[queue.Running] > 0 {
		if st.Speed > 0 { // 0: the first second, not measured yet
			parts = append(parts, FormatSpeed(st.Speed))
		}
		if f := FormatFileRate(st.FilesPerSec); f != "" {
			parts = append(parts, f)
		}
		if eta := FormatETA(st.ETA); eta != "" {
			parts = append(parts, lang.X("queue.eta", "ETA {{.Time}}", map[string]any{"Time": eta}))
		}
	}
	return strings.Join(parts, " · ")
}

// ProgressOf is an item's progress bar: the fraction done and the text on
// it. A running item shows its speed and time left; p is its last tick,
// nil before the first.
func ProgressOf(it queue.Item, p *queue.Progress) (float64, string) {
	bytes, size := it.Bytes, it.Size
	if p != nil {
		bytes, size = p.Bytes, p.Size
	}
	if it.State == queue.Done {
		return 1, "100%"
	}
	if size <= 0 || it.IsDir {
		return 0, ""
	}
	f := min(float64(bytes)/float64(size), 1)
	pct := fmt.Sprintf("%d%%", int(f*100))
	switch {
	case it.State == queue.Running && p != nil && p.Speed > 0:
		text := pct + " · " + FormatSpeed(p.Speed)
		if eta := FormatETA(p.ETA); eta != "" {
			text += " · " + eta
		}
		return f, text
	case bytes == 0:
		return 0, ""
	}
	return f, pct
}

// WaitingText is the status of a running item whose destination exists,
// while the question what to do is on screen.
const WaitingText = "Waiting for your answer"

// StateText is an item's status column: its state, and why for a failure
// or a retry.
func StateText(it queue.Item) string {
	var s string
	switch it.State {
	case queue.Queued:
		s = lang.X("queue.state.queued", "Queued")
	case queue.Running:
		s = lang.X("queue.state.running", "Transferring")
		if it.IsDir {
			s = lang.X("queue.state.listing", "Listing folder")
		}
	case queue.Paused:
		s = lang.X("queue.state.paused", "Paused")
	case queue.Done:
		s = lang.X("queue.state.done", "Done")
	case queue.Failed:
		s = lang.X("queue.state.failed", "Failed")
	case queue.Cancelled:
		s = lang.X("queue.state.cancelled", "Cancelled")
	case queue.Skipped:
		s = lang.X("queue.state.skipped", "Skipped")
		if it.Err == "" {
			s = lang.X("queue.state.skipped_exists", "Skipped: the file exists") // else Err says why: a folder too deep, a loop
		}
	}
	if it.Err != "" {
		s = lang.X("queue.state.why", "{{.State}}: {{.Reason}}", map[string]any{"State": s, "Reason": itemError(it)})
	}
	return s
}

// RunNotification is the desktop notification when the queue goes idle,
// or nil: a run the user stopped (paused, cancelled) needs no telling.
func RunNotification(r RunResult) *fyne.Notification {
	switch {
	case r.Failed > 0:
		data := map[string]any{"Transfers": countTransfers(r.Failed),
			"Files": countFiles(r.Done)}
		body := lang.X("queue.notify.failed", "{{.Transfers}} failed. See the Failed tab.", data)
		if r.Done > 0 {
			body = lang.X("queue.notify.some_failed", "{{.Files}} transferred, {{.Transfers}} failed. See the Failed tab.", data)
		}
		return fyne.NewNotification(lang.X("queue.notify.failed.title", "Transfers failed"), body)
	case r.Done > 0 && r.Paused == 0 && r.Cancelled == 0:
		return fyne.NewNotification(lang.X("queue.notify.done.title", "Transfers finished"),
			lang.X("queue.notify.done", "{{.Files}} transferred.", map[string]any{"Files": countFiles(r.Done)}))
	}
	return nil
}
