package ui_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"portside/transfer"
	"portside/transfer/local"
	"portside/transfer/queue"
	"portside/ui"
)

func TestQueueItems(t *testing.T) {
	srcs := []ui.Source{
		{Path: "/r/a.txt", Entry: transfer.Entry{Name: "a.txt", Size: 10, ModTime: stamp}},
		{Path: "/r/docs", Entry: transfer.Entry{Name: "docs", IsDir: true, Size: 4096}},
		{Path: "/r/link", Entry: transfer.Entry{Name: "link", IsLink: true, Size: 7}},
	}
	got := ui.QueueItems(queue.Download, "ftp://demo@h:21", local.FS{}, "/home/ann", srcs)
	want := []queue.Item{
		{Site: "ftp://demo@h:21", Dir: queue.Download, Src: "/r/a.txt", Dst: "/home/ann/a.txt", Size: 10, ModTime: stamp, Exists: queue.Ask, Root: "/home/ann"},
		{Site: "ftp://demo@h:21", Dir: queue.Download, Src: "/r/docs", Dst: "/home/ann/docs", IsDir: true, Size: -1, Exists: queue.Ask, Root: "/home/ann"},
		{Site: "ftp://demo@h:21", Dir: queue.Download, Src: "/r/link", Dst: "/home/ann/link", Size: -1, Exists: queue.Ask, Root: "/home/ann"},
	}
	if len(got) != len(want) {
		t.Fatalf("%d items, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("item %d:\n got %+v\nwant %+v", i, got[i], want[i])
		}
	}
}

func TestSiteKeyHasNoPassword(t *testing.T) {
	tests := []struct {
		site ui.Site
		want string
	}{
		{ui.Site{Host: "example.com", User: "ann", Password: "s3cret"}, "ftp://ann@example.com:21"},
		{ui.Site{Host: "example.com", Port: 990, TLS: 2}, "ftps://example.com:990"},
		{ui.Site{Host: "::1", User: "a b", TLS: 1}, "ftpes://a%20b@[::1]:21"},
	}
	for _, tt := range tests {
		if got := tt.site.Key(); got != tt.want {
			t.Errorf("Key() = %q, want %q", got, tt.want)
		}
	}
}

// The queue's own sessions to an FTPS server are held to the certificate
// decision of the window's connection, and work.
func TestQueueOverExplicitTLS(t *testing.T) {
	l := newLive(t, liveOptions{tls: true})
	click(l.row(l.m.Local, "a.txt"), 0)
	l.w.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	l.idle(1)
	l.sameFile(filepath.Join(l.root, "a.txt"), "a.txt")
}

// A transfer a quit (or crash) cut short comes back paused, because its
// site's password is known only after connecting; resumed before that it
// fails saying so, and after connecting a retry finishes it from its part.
func TestQueueSurvivesRestart(t *testing.T) {
	journal := filepath.Join(t.TempDir(), "portside", "queue.db")
	l := newLive(t, liveOptions{journal: journal, limit: 100 << 10})
	click(l.row(l.m.Local, "b.bin"), 0)
	l.w.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	l.until("progress", func() bool {
		p, ok := l.m.Queue.Model.Progress(firstOf(l.m.Queue.Model.IDs(ui.TabQueued)))
		return ok && p.Bytes > 20_000
	})
	l.m.Close()

	// The next start, on the same folders and journal.
	m := ui.NewMain(l.w, ui.Config{LocalDir: l.local, Do: l.loop.Do, Journal: journal})
	t.Cleanup(m.Close)
	q := m.Queue.Model
	if q.Count(queue.Paused) != 1 || !strings.Contains(m.Status.Text, "1 transfer from the last session wait") {
		t.Fatalf("restored: %d paused, status %q", q.Count(queue.Paused), m.Status.Text)
	}
	test.Tap(m.Queue.ResumeAll)
	l.until("the failure", func() bool { return len(q.IDs(ui.TabFailed)) == 1 })
	it, _ := q.Item(q.IDs(ui.TabFailed)[0])
	if !strings.Contains(it.Err, "not connected to it since Portside started") {
		t.Errorf("failed with %q", it.Err)
	}

	m.Connect(ui.Site{Host: "127.0.0.1", Port: l.srv.Port(), User: "demo", Password: "demo"})
	l.until("the connection", func() bool { return len(m.Remote.Model.State().Entries) > 0 })
	test.Tap(m.Queue.RetryAll)
	l.until("the retried transfer", func() bool { return len(q.IDs(ui.TabDone)) == 1 })
	l.sameFile(filepath.Join(l.root, "b.bin"), "b.bin")
}

// Download to… and drags into the local pane build their paths through
// localpath: a name that would leave the folder, or a link planted in it,
// makes a failed item with the reason, never a path (#20 item 1).
func TestQueueItemsRefuseUnsafeDownloads(t *testing.T) {
	dir, outside := t.TempDir(), t.TempDir()
	os.Symlink(outside, filepath.Join(dir, "planted"))
	cases := []struct {
		name   string
		reason string
	}{
		{"ok.txt", ""},
		{"..", "unsafe file name"},
		{"../escape", "unsafe file name"},
		{"planted", "symbolic link"},
		{"c1\u0085", "control character"},
	}
	for _, tc := range cases {
		got := ui.QueueItems(queue.Download, "s", local.FS{}, dir, []ui.Source{{Path: "/r/" + tc.name, Entry: transfer.Entry{Name: tc.name, IsDir: true}}})
		it := got[0]
		if tc.reason == "" {
			if it.State != queue.Queued || it.Dst != filepath.Join(dir, tc.name) {
				t.Errorf("%q: %+v", tc.name, it)
			}
			continue
		}
		if it.State != queue.Failed || it.Dst != "" || !strings.Contains(it.Err, tc.reason) {
			t.Errorf("%q: state %s, dst %q, err %q; want failed for %q", tc.name, it.State, it.Dst, it.Err, tc.reason)
		}
	}
}

// A file dragged into a folder that holds a real NAME.portside-part gets
// a part file of another name (#20 item 6).
func TestQueueItemsPartBesideARealPartFile(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.portside-part"), []byte("mine"), 0o644)
	got := ui.QueueItems(queue.Download, "s", local.FS{}, dir, []ui.Source{
		{Path: "/r/a", Entry: transfer.Entry{Name: "a", Size: 1}},
		{Path: "/r/b", Entry: transfer.Entry{Name: "b", Size: 1}},
	})
	if want := filepath.Join(dir, "a.1.portside-part"); got[0].Part != want || got[1].Part != "" {
		t.Errorf("parts %q and %q, want %q and the usual", got[0].Part, got[1].Part, want)
	}
}
