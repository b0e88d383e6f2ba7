package ui_test

import (
	"context"
	"errors"
	"io"
	"os"
	"path"
	"sort"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"portside/transfer"
)

func TestMain(m *testing.M) {
	// Goldens show modification times; pin the zone they are shown in.
	time.Local = time.UTC
	os.Exit(m.Run())
}

// uiLoop stands in for the UI goroutine. The test driver's fyne.Do runs a
// function on whatever goroutine calls it, which would let a model's
// background result race with the test reading the widgets; models built
// with Do: loop.Do instead queue it, and the test goroutine runs the queue.
type uiLoop struct {
	mu    sync.Mutex
	queue []func()
	wake  chan struct{}
}

func newUILoop() *uiLoop { return &uiLoop{wake: make(chan struct{}, 1)} }

// Do queues f; it is safe from any goroutine.
func (l *uiLoop) Do(f func()) {
	l.mu.Lock()
	l.queue = append(l.queue, f)
	l.mu.Unlock()
	select {
	case l.wake <- struct{}{}:
	default:
	}
}

// until runs queued functions on the test goroutine until cond holds. It
// also looks again every few milliseconds, for conditions that change
// outside the loop (a session closed in the background).
func (l *uiLoop) until(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.After(10 * time.Second)
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for {
		l.drain()
		if cond() {
			return
		}
		select {
		case <-l.wake:
		case <-tick.C:
		case <-deadline:
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

func (l *uiLoop) drain() {
	for {
		l.mu.Lock()
		q := l.queue
		l.queue = nil
		l.mu.Unlock()
		if len(q) == 0 {
			return
		}
		for _, f := range q {
			f()
		}
	}
}

// fakeFS is an in-memory transfer.FS with fixed listings and injectable
// failures; it is enough for the panes, which only list.
type fakeFS struct {
	mu      sync.Mutex
	home    string
	dirs    map[string][]transfer.Entry
	fail    map[string]error
	listed  []string
	release chan struct{} // when set, List waits for it (a slow server)
}

var errNoWrite = errors.New("fakeFS is read-only")

func (f *fakeFS) List(ctx context.Context, dir string) ([]transfer.Entry, error) {
	f.mu.Lock()
	f.listed = append(f.listed, dir)
	entries, ok := f.dirs[dir]
	err := f.fail[dir]
	release := f.release
	f.mu.Unlock()
	if release != nil {
		select {
		case <-release:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, &os.PathError{Op: "list", Path: dir, Err: transfer.ErrNotFound}
	}
	return append([]transfer.Entry(nil), entries...), nil
}

func (f *fakeFS) Stat(context.Context, string) (transfer.Entry, error) {
	return transfer.Entry{}, errNoWrite
}
func (f *fakeFS) Open(context.Context, string, int64) (io.ReadCloser, error) { return nil, errNoWrite }
func (f *fakeFS) Create(context.Context, string, int64) (io.WriteCloser, error) {
	return nil, errNoWrite
}
func (f *fakeFS) Mkdir(context.Context, string) error          { return errNoWrite }
func (f *fakeFS) Remove(context.Context, string) error         { return errNoWrite }
func (f *fakeFS) Rename(context.Context, string, string) error { return errNoWrite }
func (f *fakeFS) Home(context.Context) (string, error)         { return f.home, nil }
func (f *fakeFS) Join(dir, name string) string                 { return path.Join(dir, name) }
func (f *fakeFS) Dir(p string) string                          { return path.Dir(p) }
func (f *fakeFS) Close() error                                 { return nil }

func (f *fakeFS) setFail(dir string, err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fail == nil {
		f.fail = map[string]error{}
	}
	f.fail[dir] = err
}

// stamp is a fixed modification time for goldens.
var stamp = time.Date(2026, 11, 20, 9, 30, 0, 0, time.UTC)

// demoFS is a small tree: a home folder with folders, files and a link.
func demoFS() *fakeFS {
	return &fakeFS{
		home: "/home/ann",
		dirs: map[string][]transfer.Entry{
			"/home/ann": {
				{Name: "notes.txt", Size: 1536, ModTime: stamp.Add(-2 * time.Hour), Perm: "rw-r--r--"},
				{Name: "photos", IsDir: true, ModTime: stamp.Add(-48 * time.Hour), Perm: "rwxr-xr-x"},
				{Name: "Archive.tar.gz", Size: 5 << 20, ModTime: stamp.Add(-24 * time.Hour), Perm: "rw-------"},
				{Name: "docs", IsDir: true, ModTime: stamp, Perm: "rwxr-x---"},
				{Name: "a.bin", Size: 12, ModTime: stamp.Add(time.Hour), Perm: "rwxr-xr-x"},
				{Name: "current", IsDir: true, IsLink: true, ModTime: stamp.Add(-time.Hour), Perm: "rwxrwxrwx"},
			},
			"/home/ann/docs": {
				{Name: "report.pdf", Size: 123456, ModTime: stamp, Perm: "rw-r--r--"},
			},
			"/home/ann/photos":  {},
			"/home/ann/current": {{Name: "today.log", Size: 99, ModTime: stamp, Perm: "rw-r--r--"}},
			"/home":             {{Name: "ann", IsDir: true, ModTime: stamp, Perm: "rwxr-xr-x"}},
			"/":                 {{Name: "home", IsDir: true, ModTime: stamp, Perm: "rwxr-xr-x"}},
		},
	}
}

type transferEntry = transfer.Entry

func names(entries []transfer.Entry) []string {
	out := make([]string, len(entries))
	for i, e := range entries {
		out[i] = e.Name
	}
	return out
}

// click presses and releases the primary button on o, a row, with mods
// held: what the desktop driver sends for a click. (test.Tap sends only
// Tapped, which rows do not use: they select on the press.)
func click(o fyne.CanvasObject, mods fyne.KeyModifier) {
	m := o.(desktop.Mouseable)
	ev := &desktop.MouseEvent{Button: desktop.MouseButtonPrimary, Modifier: mods}
	m.MouseDown(ev)
	m.MouseUp(ev)
}

// listRows are the rows a list shows on screen, top to bottom, each with
// the texts of its labels. File rows and queue rows are the list's
// Mouseable children.
func listRows(list fyne.CanvasObject) (objs []fyne.CanvasObject, texts [][]string) {
	d := fyne.CurrentApp().Driver()
	walk(list, func(o fyne.CanvasObject) bool {
		if _, ok := o.(desktop.Mouseable); !ok || o == list || !o.Visible() {
			return true
		}
		var cells []string
		walk(o, func(c fyne.CanvasObject) bool {
			switch l := c.(type) {
			case *widget.Label:
				cells = append(cells, l.Text)
			case interface{ Text() string }: // a row's cell (cell.go), whole
				cells = append(cells, l.Text())
				return false
			}
			return true
		})
		objs, texts = append(objs, o), append(texts, cells)
		return false
	})
	idx := make([]int, len(objs))
	for i := range idx {
		idx[i] = i
	}
	sort.Slice(idx, func(a, b int) bool {
		return d.AbsolutePositionForObject(objs[idx[a]]).Y < d.AbsolutePositionForObject(objs[idx[b]]).Y
	})
	so, st := make([]fyne.CanvasObject, len(idx)), make([][]string, len(idx))
	for i, j := range idx {
		so[i], st[i] = objs[j], texts[j]
	}
	return so, st
}

// rowOf is the on-screen row of list whose first cell shows name.
func rowOf(t *testing.T, list fyne.CanvasObject, name string) fyne.CanvasObject {
	t.Helper()
	objs, texts := listRows(list)
	for i, cells := range texts {
		if len(cells) > 0 && cells[0] == name {
			return objs[i]
		}
	}
	t.Fatalf("no row shows %q; rows: %v", name, texts)
	return nil
}
