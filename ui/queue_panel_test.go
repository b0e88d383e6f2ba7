package ui_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"portside/transfer/queue"
	"portside/ui"
)

// A real queue against a real server: the item shows in Queued with its
// progress, then moves to Done, and a notification tells the run is over.
func TestQueuePanelProgressAndDone(t *testing.T) {
	l := newLive(t, liveOptions{limit: 150 << 10}) // b.bin takes about two seconds
	q := l.m.Queue.Model
	click(l.row(l.m.Local, "b.bin"), 0)
	l.w.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) // Enter on a file transfers it

	l.until("progress", func() bool {
		ids := q.IDs(ui.TabQueued)
		if len(ids) != 1 {
			return false
		}
		p, ok := q.Progress(ids[0])
		return ok && p.Bytes > 0 && p.Speed > 0
	})
	cells := texts(queueRow(t, l.m.Queue.Lists[ui.TabQueued], "/b.bin"))
	if len(cells) < 6 || !strings.HasPrefix(cells[0], "demo@127.0.0.1:") || !strings.HasSuffix(cells[1], "/b.bin") || cells[3] != "293.0 KiB" || cells[len(cells)-1] != "Transferring" {
		t.Errorf("running row shows %q", cells)
	}
	if !slices.ContainsFunc(cells, func(s string) bool { return strings.Contains(s, "% · ") && strings.Contains(s, "/s") }) {
		t.Errorf("running row has no percentage and speed: %q", cells)
	}
	if got := l.m.Queue.Items[ui.TabQueued].Text; got != "Queued (1)" {
		t.Errorf("tab title %q", got)
	}
	if got := l.m.Totals.Text; !strings.HasPrefix(got, "1 running · ") || !strings.Contains(got, "/s") {
		t.Errorf("status bar totals %q", got)
	}

	test.AssertNotificationSent(t, fyne.NewNotification("Transfers finished", "1 file transferred."), func() { l.idle(1) })
	l.sameFile(filepath.Join(l.root, "b.bin"), "b.bin")
	if got := len(q.IDs(ui.TabQueued)); got != 0 {
		t.Errorf("%d items left in Queued", got)
	}
	l.m.Queue.ShowTab(ui.TabDone)
	done := queueRow(t, l.m.Queue.Lists[ui.TabDone], "/b.bin")
	if cells = texts(done); cells[len(cells)-1] != "Done" || progressBar(done).Visible() {
		t.Errorf("done row shows %q, with a progress bar: %v", cells, progressBar(done).Visible())
	}
	titles := []string{l.m.Queue.Items[ui.TabQueued].Text, l.m.Queue.Items[ui.TabFailed].Text, l.m.Queue.Items[ui.TabDone].Text}
	if !slices.Equal(titles, []string{"Queued", "Failed", "Done (1)"}) {
		t.Errorf("tab titles %q", titles)
	}
	if l.m.Totals.Text != "" {
		t.Errorf("totals after the run: %q", l.m.Totals.Text)
	}
	// The remote pane showed "/", where the file landed: it lists it now.
	l.until("the remote pane to list b.bin", func() bool { return entryIndex(l.m.Remote, "b.bin") >= 0 })

	test.Tap(l.m.Queue.RemoveDone)
	l.until("the done list to empty", func() bool { return len(q.IDs(ui.TabDone)) == 0 })
	if n := len(l.m.Transfers.Queue.Items()); n != 0 {
		t.Errorf("the queue still holds %d items", n)
	}
}

// "Add to queue" leaves items paused; a failure lands in Failed with its
// reason; Retry and Remove from the row's menu act on it.
func TestQueuePanelPausedFailedRetry(t *testing.T) {
	l := newLive(t, liveOptions{})
	q := l.m.Queue.Model
	test.TapSecondary(l.row(l.m.Local, "a.txt").(fyne.SecondaryTappable))
	tapText(t, l.overlay(), "Add to queue")
	l.until("the paused item", func() bool { return q.Count(queue.Paused) == 1 })
	time.Sleep(100 * time.Millisecond)
	l.loop.drain()
	if _, err := os.Stat(filepath.Join(l.root, "a.txt")); err == nil {
		t.Fatal("a paused item was transferred")
	}
	local := filepath.Join(l.local, "a.txt")
	paused := queueRow(t, l.m.Queue.Lists[ui.TabQueued], "/a.txt")
	if cells := texts(paused); cells[len(cells)-1] != "Paused" || progressBar(paused).Visible() {
		t.Errorf("paused row shows %q, with a bar: %v", cells, progressBar(paused).Visible())
	}

	os.Remove(local)
	test.AssertNotificationSent(t, fyne.NewNotification("Transfers failed", "1 transfer failed. See the Failed tab."), func() {
		test.Tap(l.m.Queue.ResumeAll)
		l.until("the failure", func() bool { return len(q.IDs(ui.TabFailed)) == 1 })
	})
	l.m.Queue.ShowTab(ui.TabFailed)
	cells := texts(queueRow(t, l.m.Queue.Lists[ui.TabFailed], "/a.txt"))
	if state := cells[len(cells)-1]; !strings.HasPrefix(state, "Failed: ") || !strings.Contains(state, "not found") {
		t.Errorf("failed row shows %q", state)
	}
	if got := l.m.Queue.Items[ui.TabFailed].Text; got != "Failed (1)" {
		t.Errorf("tab title %q", got)
	}
	if !strings.Contains(strings.Join(l.m.Log.Lines(), "\n"), "upload "+local) {
		t.Error("the failure is not in the message log")
	}

	l.writeLocal("a.txt", 1000) // the item expects the size it was queued with
	test.TapSecondary(queueRow(t, l.m.Queue.Lists[ui.TabFailed], "/a.txt").(fyne.SecondaryTappable))
	tapText(t, l.overlay(), "Retry")
	l.until("the retry to finish", func() bool { return len(q.IDs(ui.TabDone)) == 1 })
	l.sameFile(filepath.Join(l.root, "a.txt"), "a.txt")

	l.m.Queue.ShowTab(ui.TabDone)
	test.TapSecondary(queueRow(t, l.m.Queue.Lists[ui.TabDone], "/a.txt").(fyne.SecondaryTappable))
	tapText(t, l.overlay(), "Remove")
	l.until("the removal", func() bool { return len(q.IDs(ui.TabDone)) == 0 })
}

// Pause all keeps the part of a running transfer; Resume all finishes it
// from there, whole.
func TestQueuePanelPauseResume(t *testing.T) {
	l := newLive(t, liveOptions{limit: 100 << 10})
	q := l.m.Queue.Model
	click(l.row(l.m.Local, "b.bin"), 0)
	l.w.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	l.until("progress", func() bool {
		ids := q.IDs(ui.TabQueued)
		p, ok := q.Progress(firstOf(ids))
		return ok && p.Bytes > 20_000
	})
	test.Tap(l.m.Queue.PauseAll)
	l.until("the pause", func() bool { return q.Count(queue.Paused) == 1 })
	part, err := os.Stat(filepath.Join(l.root, "b.bin.portside-part"))
	if err != nil || part.Size() == 0 {
		t.Fatalf("no part file after the pause: %v", err)
	}
	if !strings.Contains(l.m.Totals.Text, "1 paused") {
		t.Errorf("totals %q", l.m.Totals.Text)
	}
	test.Tap(l.m.Queue.ResumeAll)
	l.until("the transfer to finish", func() bool { return len(q.IDs(ui.TabDone)) == 1 })
	l.sameFile(filepath.Join(l.root, "b.bin"), "b.bin")
}

func firstOf(ids []uint64) uint64 {
	if len(ids) == 0 {
		return 0
	}
	return ids[0]
}

// queueRow is the on-screen row of a queue list whose remote file is
// remote (the local paths of temp folders are too long to show whole).
func queueRow(t *testing.T, list *ui.QueueList, remote string) fyne.CanvasObject {
	t.Helper()
	objs, cells := listRows(list)
	for i, c := range cells {
		if len(c) > 2 && c[2] == remote { // site, local, remote…
			return objs[i]
		}
	}
	t.Fatalf("no queue row for %s; rows: %q", remote, cells)
	return nil
}

func progressBar(row fyne.CanvasObject) *widget.ProgressBar {
	var bar *widget.ProgressBar
	walk(row, func(o fyne.CanvasObject) bool {
		if b, ok := o.(*widget.ProgressBar); ok {
			bar = b
		}
		return bar == nil
	})
	return bar
}
