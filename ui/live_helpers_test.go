package ui_test

import (
	"bytes"
	"crypto/rand"
	"crypto/x509"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"portside/transfer/ftpd"
	"portside/transfer/queue"
	"portside/transfer/sites"
	"portside/transfer/transport"
	"portside/ui"
)

// live is the whole window on the real local file system and a real
// embedded server: what the drag, queue and menu tests drive.
type live struct {
	t     *testing.T
	loop  *uiLoop
	m     *ui.Main
	w     fyne.Window
	local string // the local pane's folder
	root  string // the server's folder
	srv   *ftpd.Server
	files map[string][]byte // local files by slash path under local
}

type liveOptions struct {
	tls     bool
	limit   int64  // speed limit, bytes/s
	journal string // empty: temporary
	offline bool   // do not connect
	sites   *sites.Store
	ask     sites.Ask // a saved site's certificate question
	covers  func(rune) bool
	logger  *slog.Logger // the server's log
}

// newLive starts a demo server, fills a local folder with a.txt, b.bin
// (300 kB), pics/one.jpg and pics/deep/two.jpg, and opens the window on
// both, connected.
func newLive(t *testing.T, o liveOptions) *live {
	t.Helper()
	test.NewTempApp(t)
	l := &live{t: t, loop: newUILoop(), local: t.TempDir(), root: t.TempDir(), files: map[string][]byte{}}
	if err := ftpd.SeedDemo(l.root); err != nil {
		t.Fatal(err)
	}
	mode := ftpd.TLSNone
	if o.tls {
		mode = ftpd.TLSExplicit
	}
	srv, err := ftpd.Start(ftpd.Config{Root: l.root, TLS: mode, Logger: o.logger})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	l.srv = srv
	for name, size := range map[string]int{"a.txt": 1000, "b.bin": 300_000, "pics/one.jpg": 5000, "pics/deep/two.jpg": 7000} {
		l.writeLocal(name, size)
	}

	l.w = test.NewTempWindow(t, nil)
	l.w.Resize(fyne.NewSize(1280, 800))
	own := srv.Certificate().Certificate[0]
	trust := func(chain []*x509.Certificate, verifyErr error) error {
		if len(chain) > 0 && bytes.Equal(chain[0].Raw, own) {
			return nil
		}
		return verifyErr
	}
	l.m = ui.NewMain(l.w, ui.Config{LocalDir: l.local, Do: l.loop.Do, TrustCertificate: trust,
		Journal: o.journal, SpeedLimit: o.limit, RefreshDelay: 10 * time.Millisecond, Sites: o.sites, AskCertificate: o.ask, FontCovers: o.covers})
	t.Cleanup(l.m.Close)
	l.until("the local listing", func() bool { return len(l.m.Local.Model.State().Entries) > 0 })
	if !o.offline {
		l.connect(o.tls)
	}
	return l
}

func (l *live) connect(tls bool) {
	l.t.Helper()
	site := ui.Site{Host: "127.0.0.1", Port: l.srv.Port(), User: "demo", Password: "demo", Mode: transport.ModePassive}
	if tls {
		site.TLS = transport.TLSExplicit
	}
	l.m.Connect(site)
	l.until("the remote listing", func() bool {
		s := l.m.Remote.Model.State()
		if s.Err != nil {
			l.t.Fatalf("remote pane: %v", s.Err)
		}
		return !s.Loading && len(s.Entries) > 0
	})
}

func (l *live) writeLocal(name string, size int) {
	b := make([]byte, size)
	rand.Read(b)
	p := filepath.Join(l.local, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		l.t.Fatal(err)
	}
	if err := os.WriteFile(p, b, 0o644); err != nil {
		l.t.Fatal(err)
	}
	l.files[name] = b
}

func (l *live) until(what string, cond func() bool) {
	l.t.Helper()
	l.loop.until(l.t, what, cond)
}

// idle waits until the queue holds at least n items and has nothing
// queued or running.
func (l *live) idle(n int) {
	l.t.Helper()
	q := l.m.Queue.Model
	l.until("the queue to finish", func() bool {
		all := len(q.IDs(ui.TabQueued)) + len(q.IDs(ui.TabFailed)) + len(q.IDs(ui.TabDone))
		return all >= n && q.Count(queue.Queued)+q.Count(queue.Running) == 0
	})
}

// sameFile fails unless path has the bytes of local file name.
func (l *live) sameFile(path, name string) {
	l.t.Helper()
	got, err := os.ReadFile(path)
	if err != nil {
		l.t.Errorf("%s: %v", name, err)
		return
	}
	if !bytes.Equal(got, l.files[name]) {
		l.t.Errorf("%s arrived with %d bytes, not the %d sent", path, len(got), len(l.files[name]))
	}
}

// row is the on-screen row of pane p showing name.
func (l *live) row(p *ui.Pane, name string) fyne.CanvasObject {
	l.t.Helper()
	return rowOf(l.t, p.List, name)
}

// at is a point inside o, in window coordinates.
func at(o fyne.CanvasObject, dx, dy float32) fyne.Position {
	return fyne.CurrentApp().Driver().AbsolutePositionForObject(o).AddXY(dx, dy)
}

// dragTo drags src along a few steps to end, as the desktop driver does
// (it sends only Dragged events, each with the pointer's window position),
// without letting go.
func dragTo(src fyne.Draggable, end fyne.Position) {
	start := at(src.(fyne.CanvasObject), 20, 8)
	for i := 1; i <= 4; i++ {
		f := float32(i) / 4
		p := fyne.NewPos(start.X+(end.X-start.X)*f, start.Y+(end.Y-start.Y)*f)
		src.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{AbsolutePosition: p}, Dragged: fyne.NewDelta(4, 1)})
	}
}

// entryIndex is the position of name among p's entries, or -1.
func entryIndex(p *ui.Pane, name string) int {
	return slices.IndexFunc(p.Model.State().Entries, func(e transferEntry) bool { return e.Name == name })
}

// texts are the texts shown inside o: labels and canvas texts.
func texts(o fyne.CanvasObject) []string {
	var out []string
	walk(o, func(c fyne.CanvasObject) bool {
		switch v := c.(type) {
		case *widget.Label:
			out = append(out, v.Text)
			return false
		case interface{ Text() string }: // a row's cell (cell.go), whole
			out = append(out, v.Text())
			return false
		case *canvas.Text:
			out = append(out, v.Text)
		}
		return true
	})
	return out
}

// tapText taps the innermost tappable inside o that shows text (a
// button, a menu item, not the menu around it) and fails when there is
// none.
func tapText(t *testing.T, o fyne.CanvasObject, text string) {
	t.Helper()
	var found fyne.Tappable
	walk(o, func(c fyne.CanvasObject) bool {
		if !slices.Contains(texts(c), text) {
			return false
		}
		if tp, ok := c.(fyne.Tappable); ok {
			found = tp
		}
		return true
	})
	if found == nil {
		t.Fatalf("nothing to tap shows %q; texts: %q", text, texts(o))
	}
	test.Tap(found)
}

// overlay is the top overlay of the window (a menu, a dialog); it fails
// when there is none.
func (l *live) overlay() fyne.CanvasObject {
	l.t.Helper()
	o := l.w.Canvas().Overlays().Top()
	if o == nil {
		l.t.Fatal("no menu or dialog is shown")
	}
	return o
}

// key presses a key as the desktop driver delivers it: to the focused
// widget, or, when nothing has the focus (a dialog is up), to the window.
func (l *live) key(name fyne.KeyName) {
	ev := &fyne.KeyEvent{Name: name}
	c := l.w.Canvas()
	if f := c.Focused(); f != nil {
		f.TypedKey(ev)
	} else if h := c.OnTypedKey(); h != nil {
		h(ev)
	}
}
