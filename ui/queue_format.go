package ui

import (
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"

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
		return fmt.Sprintf("%.1f files/s", perSec)
	}
	return fmt.Sprintf("%.0f files/s", perSec)
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
		word string
	}{{queue.Running, "running"}, {queue.Queued, "queued"}, {queue.Paused, "paused"}, {queue.Failed, "failed"}} {
		if n := counts[c.s]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, c.word))
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
			parts = append(parts, "ETA "+eta)
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
		s = "Queued"
	case queue.Running:
		s = "Transferring"
		if it.IsDir {
			s = "Listing folder"
		}
	case queue.Paused:
		s = "Paused"
	case queue.Done:
		s = "Done"
	case queue.Failed:
		s = "Failed"
	case queue.Cancelled:
		s = "Cancelled"
	case queue.Skipped:
		s = "Skipped"
		if it.Err == "" {
			s += ": the file exists" // else Err says why: a folder too deep, a loop
		}
	}
	if it.Err != "" {
		s += ": " + it.Err
	}
	return s
}

// RunNotification is the desktop notification when the queue goes idle,
// or nil: a run the user stopped (paused, cancelled) needs no telling.
func RunNotification(r RunResult) *fyne.Notification {
	switch {
	case r.Failed > 0:
		body := plural(r.Failed, "transfer", "transfers") + " failed"
		if r.Done > 0 {
			body = plural(r.Done, "file", "files") + " transferred, " + body
		}
		return fyne.NewNotification("Transfers failed", body+". See the Failed tab.")
	case r.Done > 0 && r.Paused == 0 && r.Cancelled == 0:
		return fyne.NewNotification("Transfers finished", plural(r.Done, "file", "files")+" transferred.")
	}
	return nil
}
