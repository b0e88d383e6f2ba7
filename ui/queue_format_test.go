package ui_test

import (
	"slices"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"portside/transfer/queue"
	"portside/ui"
)

func TestFormatETA(t *testing.T) {
	tests := []struct {
		in   time.Duration
		want string
	}{
		{-1, ""},
		{0, "0:00"},
		{42 * time.Second, "0:42"},
		{12*time.Minute + 3*time.Second, "12:03"},
		{time.Hour + 2*time.Minute + 3*time.Second, "1:02:03"},
		{1500 * time.Millisecond, "0:02"},
	}
	for _, tt := range tests {
		if got := ui.FormatETA(tt.in); got != tt.want {
			t.Errorf("FormatETA(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestQueueTotals(t *testing.T) {
	running := &queue.Stats{Speed: 4.5 * 1024 * 1024, ETA: 42 * time.Second}
	tests := []struct {
		name   string
		counts map[queue.State]int
		stats  *queue.Stats
		want   string
	}{
		{"empty", nil, nil, ""},
		{"running", map[queue.State]int{queue.Running: 3, queue.Queued: 12, queue.Done: 9}, running, "3 running · 12 queued · 4.5 MiB/s · ETA 0:42"},
		{"no ETA yet", map[queue.State]int{queue.Running: 1}, &queue.Stats{Speed: 100, ETA: -1}, "1 running · 100 B/s"},
		{"stopped", map[queue.State]int{queue.Paused: 2, queue.Failed: 1}, nil, "2 paused · 1 failed"},
		{"many small files", map[queue.State]int{queue.Running: 4, queue.Queued: 500}, &queue.Stats{Speed: 40 << 10, FilesPerSec: 25, ETA: 20 * time.Second}, "4 running · 500 queued · 40.0 KiB/s · 25 files/s · ETA 0:20"},
		{"a few files a second", map[queue.State]int{queue.Running: 2}, &queue.Stats{Speed: 40 << 10, FilesPerSec: 2.5, ETA: 2 * time.Second}, "2 running · 40.0 KiB/s · 2.5 files/s · ETA 0:02"},
		{"big files: no files/s", map[queue.State]int{queue.Running: 1}, &queue.Stats{Speed: 1 << 20, FilesPerSec: 0.2, ETA: 5 * time.Second}, "1 running · 1.0 MiB/s · ETA 0:05"},
		{"the first second: no speed yet", map[queue.State]int{queue.Running: 1}, &queue.Stats{ETA: -1}, "1 running"},
		{"a stale tick after the run", map[queue.State]int{queue.Done: 1}, running, ""},
	}
	for _, tt := range tests {
		if got := ui.QueueTotals(tt.counts, tt.stats); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestProgressOf(t *testing.T) {
	it := func(s queue.State, bytes int64) queue.Item { return queue.Item{State: s, Size: 1000, Bytes: bytes} }
	tests := []struct {
		name     string
		it       queue.Item
		p        *queue.Progress
		want     float64
		wantText string
	}{
		{"queued", it(queue.Queued, 0), nil, 0, ""},
		{"running", it(queue.Running, 0), &queue.Progress{Bytes: 420, Size: 1000, Speed: 2048, ETA: 13 * time.Second}, 0.42, "42% · 2.0 KiB/s · 0:13"},
		{"running, no speed yet", it(queue.Running, 0), &queue.Progress{Bytes: 100, Size: 1000}, 0.1, "10%"},
		{"paused half way", it(queue.Paused, 500), nil, 0.5, "50%"},
		{"done", it(queue.Done, 0), nil, 1, "100%"},
		{"unknown size", queue.Item{State: queue.Running, Size: -1}, nil, 0, ""},
		{"a folder", queue.Item{State: queue.Running, IsDir: true, Size: -1}, nil, 0, ""},
	}
	for _, tt := range tests {
		v, text := ui.ProgressOf(tt.it, tt.p)
		if v != tt.want || text != tt.wantText {
			t.Errorf("%s: %v %q, want %v %q", tt.name, v, text, tt.want, tt.wantText)
		}
	}
}

func TestStateText(t *testing.T) {
	tests := []struct {
		it   queue.Item
		want string
	}{
		{queue.Item{State: queue.Queued}, "Queued"},
		{queue.Item{State: queue.Queued, Err: "retrying in 2s: reset"}, "Queued: retrying in 2s: reset"},
		{queue.Item{State: queue.Running}, "Transferring"},
		{queue.Item{State: queue.Running, IsDir: true}, "Listing folder"},
		{queue.Item{State: queue.Failed, Err: "550 not found"}, "Failed: 550 not found"},
		{queue.Item{State: queue.Skipped}, "Skipped: the file exists"},
		{queue.Item{State: queue.Skipped, Err: "not copied: more than 64 folders deep"}, "Skipped: not copied: more than 64 folders deep"},
	}
	for _, tt := range tests {
		if got := ui.StateText(tt.it); got != tt.want {
			t.Errorf("StateText(%v) = %q, want %q", tt.it.State, got, tt.want)
		}
	}
}

func TestRunNotification(t *testing.T) {
	tests := []struct {
		r    ui.RunResult
		want *fyne.Notification
	}{
		{ui.RunResult{Done: 3}, fyne.NewNotification("Transfers finished", "3 files transferred.")},
		{ui.RunResult{Done: 1}, fyne.NewNotification("Transfers finished", "1 file transferred.")},
		{ui.RunResult{Done: 10, Failed: 2}, fyne.NewNotification("Transfers failed", "10 files transferred, 2 transfers failed. See the Failed tab.")},
		{ui.RunResult{Failed: 1, Paused: 3}, fyne.NewNotification("Transfers failed", "1 transfer failed. See the Failed tab.")},
		{ui.RunResult{Done: 2, Paused: 1}, nil}, // the user paused: no news
		{ui.RunResult{Done: 2, Cancelled: 1}, nil},
		{ui.RunResult{}, nil},
	}
	for _, tt := range tests {
		got := ui.RunNotification(tt.r)
		if (got == nil) != (tt.want == nil) || got != nil && (got.Title != tt.want.Title || got.Content != tt.want.Content) {
			t.Errorf("RunNotification(%+v) = %+v, want %+v", tt.r, got, tt.want)
		}
	}
}

func TestQueueMenu(t *testing.T) {
	items := func(states ...queue.State) []queue.Item {
		var out []queue.Item
		for _, s := range states {
			out = append(out, queue.Item{State: s})
		}
		return out
	}
	tests := []struct {
		items []queue.Item
		want  []string
	}{
		{items(queue.Running), []string{"Pause", "Cancel"}},
		{items(queue.Paused), []string{"Resume", "Cancel"}},
		{items(queue.Failed), []string{"Retry", "Remove"}},
		{items(queue.Done), []string{"Remove"}},
		{items(queue.Queued, queue.Done), []string{"Pause", "Cancel", "Remove"}},
	}
	for _, tt := range tests {
		var enabled []string
		for _, c := range ui.QueueMenu(tt.items) {
			if !c.Disabled {
				enabled = append(enabled, c.Command.String())
			}
		}
		if !slices.Equal(enabled, tt.want) {
			t.Errorf("QueueMenu(%v) = %v, want %v", tt.items[0].State, enabled, tt.want)
		}
	}
}

func TestFitPath(t *testing.T) {
	// Every rune is one unit wide; the room is in runes.
	fitsIn := func(n int) func(string) bool {
		return func(s string) bool { return len([]rune(s)) <= n }
	}
	tests := []struct {
		path string
		room int
		want string
	}{
		{"/home/ann/a.jpg", 20, "/home/ann/a.jpg"},
		{"/home/ann/photos/a.jpg", 16, "…/photos/a.jpg"},
		{"/home/ann/photos/a.jpg", 10, "…/a.jpg"},
		{"/home/ann/photos/a.jpg", 5, "….jpg"},
		{`C:\Users\ann\a.jpg`, 10, `…\a.jpg`},
		{"/a", 0, "…"},
	}
	for _, tt := range tests {
		if got := ui.FitPath(tt.path, fitsIn(tt.room)); got != tt.want {
			t.Errorf("FitPath(%q, %d) = %q, want %q", tt.path, tt.room, got, tt.want)
		}
	}
}
