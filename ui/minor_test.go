package ui_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"portside/transfer"
	"portside/transfer/queue"
	"portside/transfer/sites"
	"portside/transfer/transport"
	"portside/ui"
)

// Small things a FileZilla user notices at once (issue 11).

// A click on a column title sorts and leaves the keyboard on the list:
// Ctrl+A and the arrows still work. The tap goes through the canvas, as
// the desktop driver delivers it (which takes the focus from the list).
func TestHeaderClickKeepsListFocus(t *testing.T) {
	f := newPane(t, demoFS())
	f.click("notes.txt", 0)
	c := f.win.Canvas()
	if c.Focused() != f.pane.List {
		t.Fatalf("a click on a row did not focus the list")
	}
	b := f.pane.Header.Buttons[ui.ColSize]
	test.TapCanvas(c, at(b, 10, 5))
	if got := c.Focused(); got != f.pane.List {
		t.Fatalf("after a click on the Size title the focus is on %T, not the list", got)
	}
	c.Focused().(fyne.Shortcutable).TypedShortcut(&fyne.ShortcutSelectAll{})
	if got := len(f.pane.Selected()); got != 6 {
		t.Errorf("Ctrl+A after sorting selected %d of 6", got)
	}
}

// One wheel notch (25 px from Fyne's desktop driver) moves three rows.
func TestWheelScrollsThreeRows(t *testing.T) {
	fs := &fakeFS{home: "/many", dirs: map[string][]transfer.Entry{"/many": nil}}
	for i := range 200 {
		fs.dirs["/many"] = append(fs.dirs["/many"], transfer.Entry{Name: fmt.Sprintf("file%03d.txt", i), Size: 1})
	}
	f := newPane(t, fs)
	list := f.pane.List
	objs, _ := f.rows()
	pitch := at(objs[1], 0, 0).Y - at(objs[0], 0, 0).Y
	for _, tt := range []struct {
		notches float32
		rows    float32
	}{{1, 3}, {2, 9}, {-1, 6}} {
		before := list.GetScrollOffset()
		test.Scroll(f.win.Canvas(), at(list, 100, 100), 0, -25*tt.notches)
		moved := (list.GetScrollOffset() - before) / pitch
		if got := list.GetScrollOffset() / pitch; got < tt.rows-0.1 || got > tt.rows+0.1 {
			t.Errorf("%v notch(es) moved %.2f rows, now at row %.2f, want row %v", tt.notches, moved, got, tt.rows)
		}
	}
}

func TestRenameSelection(t *testing.T) {
	tests := []struct {
		name string
		dir  bool
		want string
	}{
		{"report.pdf", false, "report"},
		{"Archive.tar.gz", false, "Archive"},
		{"photo.2024.jpeg", false, "photo.2024"},
		{".bashrc", false, ".bashrc"},
		{"README", false, "README"},
		{"my.folder", true, "my.folder"},
		{"日本語.txt", false, "日本語"},
		{"x.", false, "x"},
	}
	for _, tt := range tests {
		n := ui.RenameSelection(tt.name, tt.dir)
		if got := string([]rune(tt.name)[:n]); got != tt.want {
			t.Errorf("RenameSelection(%q, dir=%v) selects %q, want %q", tt.name, tt.dir, got, tt.want)
		}
	}
}

// F2 opens Rename with the name's stem selected: typing replaces it and
// keeps the extension.
func TestRenamePreselectsStem(t *testing.T) {
	l := newLive(t, liveOptions{})
	click(l.row(l.m.Remote, "README.txt"), 0)
	l.w.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyF2})
	e, ok := findEntry(t, l.overlay()).(interface {
		SelectedText() string
		TypedRune(rune)
	})
	if !ok {
		t.Fatal("the rename field is not an entry")
	}
	if got := e.SelectedText(); got != "README" {
		t.Fatalf("selected %q, want README", got)
	}
	for _, r := range "notes" {
		e.TypedRune(r)
	}
	if got := findEntry(t, l.overlay()).(interface{ SelectedText() string }); got.SelectedText() != "" {
		t.Errorf("typing left a selection")
	}
	if shown := texts(l.overlay()); !slices.Contains(shown, "notes.txt") {
		t.Errorf("typing over the selection gave %q, want notes.txt", shown)
	}
}

// Escape closes Help → Keyboard shortcuts and the Site Manager, with
// nothing focused and with the first widget of the Tab chain focused (the
// Close button, the site tree: see also escape_test.go).
func TestEscapeClosesDialogs(t *testing.T) {
	store, err := sites.Open(t.TempDir(), newSMKeychain())
	if err != nil {
		t.Fatal(err)
	}
	keys := func(m *ui.Main) { menuItem(t, m.Window, "Help", "Keyboard shortcuts").Action() }
	for _, tt := range []struct {
		name  string
		open  func(m *ui.Main)
		focus bool
	}{
		{"keyboard shortcuts", keys, false},
		{"keyboard shortcuts, Close focused", keys, true},
		{"site manager", func(m *ui.Main) { m.ShowSiteManager() }, false},
		{"site manager, tree focused", func(m *ui.Main) { m.ShowSiteManager() }, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			l := newLive(t, liveOptions{offline: true, sites: store})
			tt.open(l.m)
			l.overlay()
			if tt.focus {
				l.w.Canvas().FocusNext()
				if l.w.Canvas().Focused() == nil {
					t.Fatal("nothing takes the focus")
				}
			}
			l.key(fyne.KeyEscape)
			if o := l.w.Canvas().Overlays().Top(); o != nil {
				t.Fatalf("Escape left %q up", texts(o))
			}
		})
	}
}

func menuItem(t *testing.T, w fyne.Window, menu, label string) *fyne.MenuItem {
	t.Helper()
	for _, mn := range w.MainMenu().Items {
		if mn.Label != menu {
			continue
		}
		for _, it := range mn.Items {
			if it.Label == label {
				return it
			}
		}
	}
	t.Fatalf("no menu item %s → %s", menu, label)
	return nil
}

func TestWindowTitle(t *testing.T) {
	saved := sites.NewSite("Work")
	tests := []struct {
		state ui.ConnState
		site  ui.Site
		want  string
	}{
		{ui.Disconnected, ui.Site{}, "Portside"},
		{ui.Connecting, ui.Site{Host: "ftp.example.com", User: "alice"}, "Portside"},
		{ui.Connected, ui.Site{Host: "ftp.example.com", User: "alice"}, "Unencrypted: alice@ftp.example.com — Portside"},
		{ui.Connected, ui.Site{Host: "ftp.example.com", Port: 21, User: "alice", TLS: transport.TLSExplicit}, "🔒 alice@ftp.example.com — Portside"},
		{ui.Connected, ui.Site{Host: "ftp.example.com", Port: 2121, User: "alice", TLS: transport.TLSExplicit}, "🔒 alice@ftp.example.com:2121 — Portside"},
		{ui.Connected, ui.Site{Host: "::1", Port: 2121, User: "bob", TLS: transport.TLSExplicit}, "🔒 bob@[::1]:2121 — Portside"},
		{ui.Connected, ui.Site{Host: "ftp.example.com", Port: 990, TLS: transport.TLSImplicit, User: "alice"}, "🔒 alice@ftp.example.com — Portside"},
		{ui.Connected, ui.Site{Host: "ftp.example.com", TLS: transport.TLSExplicit}, "🔒 ftp.example.com — Portside"},
		{ui.Connected, ui.Site{Host: "ftp.example.com", User: "alice", Saved: &saved, TLS: transport.TLSExplicit}, "🔒 Work — alice@ftp.example.com — Portside"},
		// Once connected, "if available" is resolved; unresolved it is no lock.
		{ui.Connected, ui.Site{Host: "ftp.example.com", User: "alice", TLS: transport.TLSIfAvailable}, "Unencrypted: alice@ftp.example.com — Portside"},
		{ui.Connected, ui.Site{Host: "ftp.example.com", User: "alice", TLS: transport.TLSNone, IfAvailable: true}, "Unencrypted: alice@ftp.example.com — Portside"},
		{ui.Connected, ui.Site{Host: "sftp.example.com", Port: 22, User: "alice", SFTP: true}, "🔒 alice@sftp.example.com — Portside"},
	}
	for _, tt := range tests {
		if got := ui.WindowTitle(tt.state, tt.site); got != tt.want {
			t.Errorf("WindowTitle(%v, %+v) = %q, want %q", tt.state, tt.site, got, tt.want)
		}
	}
}

// The real window's title follows the connection.
func TestWindowTitleFollowsConnection(t *testing.T) {
	l := newLive(t, liveOptions{})
	want := fmt.Sprintf("Unencrypted: demo@127.0.0.1:%d — Portside", l.srv.Port())
	if got := l.w.Title(); got != want {
		t.Errorf("connected, the title is %q, want %q", got, want)
	}
	l.m.Bar.OnDisconnect()
	l.until("the disconnect", func() bool { return l.w.Title() == "Portside" })
}

// "Download to…" titles its folder picker with what it is for, not Fyne's
// "Download here Folder".
func TestDownloadToTitle(t *testing.T) {
	l := newLive(t, liveOptions{})
	click(l.row(l.m.Remote, "README.txt"), 0)
	test.TapSecondary(l.row(l.m.Remote, "README.txt").(fyne.SecondaryTappable))
	tapText(t, l.overlay(), "Download to…")
	shown := texts(l.overlay())
	if !slices.Contains(shown, ui.DownloadFolderTitle) || slices.Contains(shown, "Download here Folder") {
		t.Errorf("the folder picker shows %q", shown)
	}
	_ = widget.NewLabel
}

// A row whose destination exists says it waits for the user while the
// question is up, not "Transferring".
func TestRowWaitsForAnswer(t *testing.T) {
	l := newLive(t, liveOptions{})
	os.WriteFile(filepath.Join(l.root, "a.txt"), []byte("old"), 0o644)
	click(l.row(l.m.Local, "a.txt"), 0)
	l.w.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	l.until("the question", func() bool { return l.w.Canvas().Overlays().Top() != nil })
	list := l.m.Queue.Lists[ui.TabQueued]
	l.until("the waiting row", func() bool {
		_, rows := listRows(list)
		return len(rows) == 1 && slices.Contains(rows[0], ui.WaitingText)
	})
	tapText(t, l.overlay(), "Skip")
	l.idle(1)
}

// The red "Transfers failed" goes while a Retry runs: that run has not
// failed.
func TestRetryClearsFailedStatus(t *testing.T) {
	l := newLive(t, liveOptions{limit: 150 << 10})
	in := filepath.Join(l.root, "b.bin")
	os.Mkdir(in, 0o755) // a folder in the way: the upload fails
	click(l.row(l.m.Local, "b.bin"), 0)
	l.w.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	l.idle(1)
	if l.m.Status.Importance != widget.DangerImportance || !strings.Contains(l.m.Status.Text, "Transfers failed") {
		t.Fatalf("after the failure the status is %q (importance %v)", l.m.Status.Text, l.m.Status.Importance)
	}
	os.Remove(in)
	test.Tap(l.m.Queue.RetryAll)
	q := l.m.Queue.Model
	l.until("the retry to run", func() bool { return q.Count(queue.Running) > 0 })
	if l.m.Status.Importance == widget.DangerImportance || strings.Contains(l.m.Status.Text, "Transfers failed") {
		t.Errorf("while the retry runs the status is %q (importance %v)", l.m.Status.Text, l.m.Status.Importance)
	}
	l.idle(1)
}

// A failure's reason, cut short in its row, shows whole in the details
// line on hover and on a click, and the rows' menu copies it.
func TestFailureReasonWhole(t *testing.T) {
	l := newLive(t, liveOptions{})
	os.Mkdir(filepath.Join(l.root, "b.bin"), 0o755) // a folder in the way: the upload fails
	click(l.row(l.m.Local, "b.bin"), 0)
	l.w.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	l.idle(1)
	q := l.m.Queue
	q.ShowTab(ui.TabFailed)
	it, _ := q.Model.Item(q.Model.IDs(ui.TabFailed)[0])
	if !strings.Contains(it.Err, "in the way") {
		t.Fatalf("failed with %q", it.Err)
	}
	rows, _ := listRows(q.Lists[ui.TabFailed])
	if len(rows) != 1 {
		t.Fatalf("%d rows in the Failed tab", len(rows))
	}
	details := q.Details[ui.TabFailed]
	rows[0].(desktop.Hoverable).MouseIn(&desktop.MouseEvent{})
	if !details.Visible() || !strings.Contains(details.Text, it.Err) {
		t.Errorf("on hover the details line (shown=%v) reads %q, want the whole %q", details.Visible(), details.Text, it.Err)
	}
	if !details.Selectable {
		t.Error("the details line cannot be selected to copy")
	}
	rows[0].(desktop.Hoverable).MouseOut()
	test.TapSecondary(rows[0].(fyne.SecondaryTappable))
	tapText(t, l.overlay(), ui.CopyErrorsLabel)
	if got := fyne.CurrentApp().Clipboard().Content(); !strings.Contains(got, it.Err) {
		t.Errorf("the clipboard holds %q, want the reason %q", got, it.Err)
	}
	if !details.Visible() || !strings.Contains(details.Text, it.Err) {
		t.Errorf("after a right-click on the row, the details line reads %q", details.Text)
	}
}

// Synchronize → Compare… writes nothing on the server: the clock probe
// waits for Run (the message log shows every command the sync sends).
func TestSyncCompareWritesNothing(t *testing.T) {
	store, err := sites.Open(t.TempDir(), newSMKeychain())
	if err != nil {
		t.Fatal(err)
	}
	l := newLive(t, liveOptions{sites: store})
	os.Mkdir(filepath.Join(l.root, "mirror"), 0o755)
	l.m.Remote.Model.Navigate("/mirror")
	l.until("the remote folder", func() bool { return l.m.Remote.Model.State().Path == "/mirror" })
	probes := func() int {
		return strings.Count(strings.Join(l.m.Log.Lines(), "\n"), "STOR /mirror/portside-clock-probe-")
	}
	d := l.m.ShowSync()
	test.Tap(d.Start)
	l.until("the plan", func() bool { return !strings.HasPrefix(d.Preview.Summary.Text, "Comparing") })
	if n := probes(); n != 0 {
		t.Fatalf("Compare wrote %d probe files on the server", n)
	}
	if !strings.Contains(d.Preview.Notes.Text, "comparing writes nothing") {
		t.Errorf("the preview does not say the clock waits for Run: %q", d.Preview.Notes.Text)
	}
	test.Tap(d.Preview.Run)
	l.until("the sync to finish", func() bool { return d.Finished })
	if n := probes(); n != 1 {
		t.Errorf("Run wrote %d probe files, want 1 (the log shows STOR: %v)", n, d.Err)
	}
}

// A quick connect is remembered in the host field's drop-down, without
// its password; choosing it fills the bar.
func TestQuickConnectHistory(t *testing.T) {
	l := newLive(t, liveOptions{})
	raw := fyne.CurrentApp().Preferences().String("quickconnect.history")
	if strings.Contains(strings.ToLower(raw), "password") {
		t.Errorf("the history holds a password: %s", raw)
	}
	h := ui.QuickHistory()
	if len(h) != 1 || h[0].Host != "127.0.0.1" || h[0].Port != l.srv.Port() || h[0].User != "demo" {
		t.Fatalf("history %+v", h)
	}
	l.m.Bar.OnDisconnect()
	l.until("the disconnect", func() bool { return l.w.Title() == "Portside" })
	l.m.Bar.SetSite(ui.Site{Host: "elsewhere.example"})
	l.m.Bar.Password.SetText("")
	test.Tap(l.m.Bar.Host.ActionItem.(fyne.Tappable))
	label := fmt.Sprintf("demo@127.0.0.1:%d (plain FTP)", l.srv.Port())
	tapText(t, l.overlay(), label)
	if l.m.Bar.Host.Text != "127.0.0.1" || l.m.Bar.User.Text != "demo" || l.m.Bar.Port.Text != fmt.Sprint(l.srv.Port()) {
		t.Errorf("the bar shows %q %q %q", l.m.Bar.Host.Text, l.m.Bar.User.Text, l.m.Bar.Port.Text)
	}
	if l.m.Bar.Password.Text != "" {
		t.Error("the history filled in a password")
	}
	// The same address again stays one entry.
	l.connect(false)
	if h := ui.QuickHistory(); len(h) != 1 {
		t.Errorf("after the same quick connect again: %d entries", len(h))
	}
}

// File → "Copy current connection to Site Manager" saves the quick
// connect as a site, its password in the keychain, and shows it.
func TestCopyConnectionToSiteManager(t *testing.T) {
	keys := newSMKeychain()
	store, err := sites.Open(t.TempDir(), keys)
	if err != nil {
		t.Fatal(err)
	}
	l := newLive(t, liveOptions{sites: store})
	l.m.Remote.Model.Navigate("/camera")
	l.until("the remote folder", func() bool { return l.m.Remote.Model.State().Path == "/camera" })
	menuItem(t, l.w, "File", "Copy current connection to Site Manager").Action()
	all := store.Sites()
	if len(all) != 1 {
		t.Fatalf("%d sites saved", len(all))
	}
	s := all[0]
	if s.Host != "127.0.0.1" || s.Port != l.srv.Port() || s.User != "demo" || s.RemoteDir != "/camera" || s.Logon != sites.Normal {
		t.Errorf("saved %+v", s)
	}
	if pw, err := store.Password(s.ID); err != nil || pw != "demo" {
		t.Errorf("the keychain holds %q (%v)", pw, err)
	}
	if l.m.Manager == nil || l.m.Manager.Editor.Host.Text != "127.0.0.1" {
		t.Error("the Site Manager does not show the copied site")
	}
}

// Connected from the quick-connect bar, the keyboard moves to the remote
// files: no text cursor is left blinking (a Fyne animation that redraws
// the window 60 times a second while the window sits idle).
func TestConnectMovesFocusToRemoteList(t *testing.T) {
	l := newLive(t, liveOptions{offline: true})
	c := l.w.Canvas()
	c.Focus(l.m.Bar.Password)
	l.connect(false)
	if got := c.Focused(); got != l.m.Remote.List {
		t.Errorf("after connecting the focus is on %T, want the remote list", got)
	}
	// Focus elsewhere (the local path) is the user's: left alone.
	l.m.Bar.OnDisconnect()
	l.until("the disconnect", func() bool { return l.w.Title() == "Portside" })
	c.Focus(l.m.Local.Path)
	l.connect(false)
	if got := c.Focused(); got != l.m.Local.Path {
		t.Errorf("a connect took the focus from the local path to %T", got)
	}
}

// A listed name with characters no font has is logged once, with the
// package to install; listing it again says nothing more.
func TestNoFontForNameLoggedOnce(t *testing.T) {
	l := newLive(t, liveOptions{offline: true, covers: func(r rune) bool { return r < 0x3000 }})
	os.WriteFile(filepath.Join(l.local, "日本語.txt"), []byte("x"), 0o644)
	count := func() int {
		return strings.Count(strings.Join(l.m.Log.Lines(), "\n"), "no installed font can show")
	}
	l.m.Local.Model.Refresh()
	l.until("the log line", func() bool { return count() == 1 })
	l.m.Local.Model.Refresh()
	l.until("the second listing", func() bool { return !l.m.Local.Model.State().Loading })
	l.loop.drain()
	if n := count(); n != 1 || !strings.Contains(strings.Join(l.m.Log.Lines(), "\n"), "fonts-wqy-microhei") {
		t.Errorf("logged %d times: %q", n, l.m.Log.Lines())
	}
}
