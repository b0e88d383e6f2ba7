package ui_test

import (
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"

	"portside/transfer"
	"portside/transfer/ftp"
	"portside/transfer/ftpd"
	"portside/transfer/sites"
	"portside/transfer/transport"
	"portside/ui"
)

// tabServer is a second embedded server, with its own user and password,
// for a second tab.
func tabServer(t *testing.T) (*ftpd.Server, string, ui.Site) {
	t.Helper()
	root := t.TempDir()
	if err := ftpd.SeedDemo(root); err != nil {
		t.Fatal(err)
	}
	srv, err := ftpd.Start(ftpd.Config{Root: root, User: "alice", Password: "tab-secret-7"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	return srv, root, ui.Site{Host: "127.0.0.1", Port: srv.Port(), User: "alice", Password: "tab-secret-7", Mode: transport.ModePassive}
}

// connectTab connects the current tab to site and waits for its listing.
func (l *live) connectTab(site ui.Site) {
	l.t.Helper()
	l.m.Connect(site)
	l.until("the remote listing of "+site.Addr(), func() bool {
		s := l.m.Remote.Model.State()
		if s.Err != nil {
			l.t.Fatalf("remote pane: %v", s.Err)
		}
		return !s.Loading && s.Connected && len(s.Entries) > 0
	})
}

// dropOnRemote drops local file name from the desktop onto the current
// tab's remote pane, as Window.SetOnDropped would.
func (l *live) dropOnRemote(name string) {
	l.t.Helper()
	uri := storage.NewFileURI(filepath.Join(l.local, name))
	l.m.HandleOSDrop(at(l.m.Remote.List, 40, 200), []fyne.URI{uri})
}

// Two tabs on two servers: each has its own bar, panes and log; a drop goes
// to the current tab's server; both tabs' transfers run in the one queue,
// whose site column tells them apart; closing a tab leaves the other.
func TestTabsTwoServersOneQueue(t *testing.T) {
	l := newLive(t, liveOptions{})
	srvB, rootB, siteB := tabServer(t)
	first := l.m.Tab
	nameA := "demo@127.0.0.1:" + strconv.Itoa(l.srv.Port())
	nameB := "alice@127.0.0.1:" + strconv.Itoa(srvB.Port())

	second := l.m.NewTab()
	if len(l.m.Tabs) != 2 || l.m.Tab != second || len(l.m.DocTabs.Items) != 2 {
		t.Fatalf("after New tab: %d tabs, %d shown, current is the new one: %v", len(l.m.Tabs), len(l.m.DocTabs.Items), l.m.Tab == second)
	}
	if second.Bar == first.Bar || second.Remote == first.Remote || second.Log == first.Log || second.Conn == first.Conn {
		t.Fatal("the new tab shares its bar, panes, log or connection with the first")
	}
	if second.Bar.Host.Text != "" || second.Remote.Model.State().Connected {
		t.Errorf("the new tab is not empty: host %q, remote connected %v", second.Bar.Host.Text, second.Remote.Model.State().Connected)
	}
	l.until("the new tab's local pane in the current one's folder", func() bool { return second.Local.Model.State().Path == l.local })
	if second.Item.Text != "New tab" || second.Item.Icon != nil {
		t.Errorf("new tab titled %q (icon %v)", second.Item.Text, second.Item.Icon)
	}
	firstLog := len(first.Log.Lines())
	l.connectTab(siteB)
	if got := len(first.Log.Lines()); got != firstLog {
		t.Errorf("the second tab's connection wrote %d lines into the first tab's log", got-firstLog)
	}
	if !strings.Contains(strings.Join(second.Log.Lines(), "\n"), "USER alice") {
		t.Errorf("the second tab's log lacks its login:\n%s", strings.Join(second.Log.Lines(), "\n"))
	}
	for _, c := range []struct {
		tab  *ui.Tab
		want string
	}{{first, nameA}, {second, nameB}} {
		if c.tab.Item.Text != c.want || c.tab.Item.Icon != nil {
			t.Errorf("tab titled %q (mark %v), want %q unmarked", c.tab.Item.Text, c.tab.Item.Icon != nil, c.want)
		}
	}
	if title := l.w.Title(); !strings.Contains(title, nameB) {
		t.Errorf("window title %q does not name the current tab's server %q", title, nameB)
	}

	// A drop from the desktop goes to the current tab's server: B, then A.
	l.dropOnRemote("a.txt")
	l.idle(1)
	l.m.NextTab()
	if l.m.Tab != first {
		t.Fatal("Next tab did not come back to the first tab")
	}
	if title := l.w.Title(); !strings.Contains(title, nameA) {
		t.Errorf("window title %q after the switch, want %q", title, nameA)
	}
	l.dropOnRemote("b.bin")
	l.idle(2)
	l.sameFile(filepath.Join(rootB, "a.txt"), "a.txt")
	l.sameFile(filepath.Join(l.root, "b.bin"), "b.bin")
	for _, stray := range []string{filepath.Join(l.root, "a.txt"), filepath.Join(rootB, "b.bin")} {
		if _, err := os.Stat(stray); err == nil {
			t.Errorf("%s was uploaded to the other tab's server", stray)
		}
	}

	// One queue, a site column naming each transfer's server.
	l.m.Queue.ShowTab(ui.TabDone)
	_, rows := listRows(l.m.Queue.Lists[ui.TabDone])
	var sitesShown []string
	for _, cells := range rows {
		if len(cells) > 0 {
			sitesShown = append(sitesShown, cells[0])
		}
	}
	slices.Sort(sitesShown)
	if want := []string{nameB, nameA}; !slices.Equal(sitesShown, sortedCopy(want)) {
		t.Errorf("the queue's site column shows %q, want %q", sitesShown, sortedCopy(want))
	}

	// Close the second tab: its connection goes, the first stays current.
	l.m.CloseTab(second)
	if len(l.m.Tabs) != 1 || l.m.Tab != first || len(l.m.DocTabs.Items) != 1 {
		t.Fatalf("after Close tab: %d tabs, %d shown, first current %v", len(l.m.Tabs), len(l.m.DocTabs.Items), l.m.Tab == first)
	}
	if st, _, _ := second.Conn.State(); st != ui.Disconnected {
		t.Errorf("the closed tab's connection is %v", st)
	}
	if st, _, _ := first.Conn.State(); st != ui.Connected {
		t.Errorf("closing the second tab left the first %v", st)
	}
	// The last tab stays: Close tab only disconnects it, and marks it.
	l.m.CloseTab(first)
	if len(l.m.Tabs) != 1 || first.Item.Icon == nil || first.Item.Text != nameA {
		t.Errorf("closing the last tab: %d tabs, title %q, marked %v", len(l.m.Tabs), first.Item.Text, first.Item.Icon != nil)
	}
}

func sortedCopy(s []string) []string {
	c := slices.Clone(s)
	slices.Sort(c)
	return c
}

// The File menu's tab items work by their shortcuts.
func TestTabsMenuShortcuts(t *testing.T) {
	l := newLive(t, liveOptions{offline: true})
	file := l.w.MainMenu().Items[0]
	byKey := map[string]*fyne.MenuItem{}
	for _, it := range file.Items {
		if it.Shortcut != nil {
			byKey[it.Shortcut.ShortcutName()] = it
		}
	}
	for _, c := range []struct {
		key   string
		label string
		tabs  int
		index int // of the current tab
	}{
		{"CustomDesktop:" + "Control+T", "New tab", 2, 1},
		{"CustomDesktop:" + "Control+T", "New tab", 3, 2},
		{"CustomDesktop:" + "Control+Tab", "Next tab", 3, 0},
		{"CustomDesktop:" + "Control+W", "Close tab", 2, 0},
	} {
		it := byKey[c.key]
		if it == nil || it.Label != c.label {
			t.Fatalf("no %q under %s in the File menu (%v)", c.label, c.key, keys(byKey))
		}
		it.Action()
		if len(l.m.Tabs) != c.tabs || l.m.Tab != l.m.Tabs[c.index] {
			t.Fatalf("after %s: %d tabs, current is #%d; want %d, #%d", c.label, len(l.m.Tabs), slices.Index(l.m.Tabs, l.m.Tab), c.tabs, c.index)
		}
	}
}

func keys(m map[string]*fyne.MenuItem) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func TestTabTitle(t *testing.T) {
	tests := []struct {
		name  string
		state ui.ConnState
		site  ui.Site
		want  string
		down  bool
	}{
		{"no server yet", ui.Disconnected, ui.Site{}, "New tab", false},
		{"connected", ui.Connected, ui.Site{Host: "ftp.example.com", User: "alice"}, "alice@ftp.example.com", false},
		{"usual port left out", ui.Connected, ui.Site{Host: "ftp.example.com", Port: 21, User: "alice"}, "alice@ftp.example.com", false},
		{"other port shown", ui.Connected, ui.Site{Host: "ftp.example.com", Port: 2121, User: "alice"}, "alice@ftp.example.com:2121", false},
		{"implicit TLS's port", ui.Connected, ui.Site{Host: "h", Port: 990, TLS: transport.TLSImplicit}, "h", false},
		{"SFTP's port", ui.Connected, ui.Site{Host: "h", Port: 22, SFTP: true, User: "bob"}, "bob@h", false},
		{"anonymous", ui.Connected, ui.Site{Host: "h", User: "anonymous"}, "h", false},
		{"IPv6", ui.Connected, ui.Site{Host: "::1", Port: 2121}, "[::1]:2121", false},
		{"down", ui.Disconnected, ui.Site{Host: "h", User: "alice"}, "alice@h", true},
		{"connecting is down too", ui.Connecting, ui.Site{Host: "h"}, "h", true},
	}
	for _, tt := range tests {
		got, down := ui.TabTitle(tt.state, tt.site)
		if got != tt.want || down != tt.down {
			t.Errorf("%s: TabTitle = %q, %v; want %q, %v", tt.name, got, down, tt.want, tt.down)
		}
	}
}

func TestSiteColumn(t *testing.T) {
	names := func(id string) (string, bool) { return map[string]string{"w1": "Work"}[id], id == "w1" }
	tests := []struct {
		key, want string
	}{
		{"site:w1", "Work"},
		{"site:gone", "site:gone"}, // deleted since: the key, not nothing
		{"ftp://alice@ftp.example.com:21", "alice@ftp.example.com"},
		{"ftpes://bob@h:2121", "bob@h:2121"},
		{"sftp://carol@h:22", "carol@h"},
		{"not a url \x1b", "not a url \x1b"},
	}
	for _, tt := range tests {
		if got := ui.SiteColumn(tt.key, names); got != tt.want {
			t.Errorf("SiteColumn(%q) = %q, want %q", tt.key, got, tt.want)
		}
	}
}

// A saved site opens in a new tab when the current one is connected, or
// in the current one when the settings say to replace it.
func TestSavedSiteOpensInNewTab(t *testing.T) {
	for _, replace := range []bool{false, true} {
		t.Run("replace="+strconv.FormatBool(replace), func(t *testing.T) {
			l := newLive(t, liveOptions{offline: true})
			store, err := sites.Open(t.TempDir(), newSMKeychain())
			if err != nil {
				t.Fatal(err)
			}
			_, _, siteB := tabServer(t)
			s := sites.NewSite("Tab B")
			s.Host, s.Port, s.User, s.Logon, s.DataMode = siteB.Host, siteB.Port, siteB.User, sites.Normal, transport.ModePassive
			s.Protocol = sites.FTP
			saved, err := store.Save(s, &siteB.Password)
			if err != nil {
				t.Fatal(err)
			}
			l.m.Close()
			l.m = ui.NewMain(l.w, ui.Config{LocalDir: l.local, Do: l.loop.Do, Sites: store, RefreshDelay: 10e6})
			t.Cleanup(l.m.Close)
			set := l.m.Prefs.Get()
			set.SitesReplaceTab = replace
			if err := l.m.Prefs.Set(set); err != nil {
				t.Fatal(err)
			}
			l.connect(false)
			first := l.m.Tab
			l.m.OpenSaved(saved.ID)
			l.until("the saved site's listing", func() bool {
				st := l.m.Remote.Model.State()
				_, cur, _ := l.m.Conn.State()
				return cur.Saved != nil && !st.Loading && st.Connected && len(st.Entries) > 0
			})
			wantTabs := 2
			if replace {
				wantTabs = 1
			}
			if len(l.m.Tabs) != wantTabs {
				t.Fatalf("%d tabs, want %d", len(l.m.Tabs), wantTabs)
			}
			// Replaced, the first tab holds the saved site; else it keeps
			// its quick connect and the saved site is in the new tab.
			_, firstSite, _ := first.Conn.State()
			if (l.m.Tab == first) != replace || (firstSite.Saved != nil) != replace {
				t.Errorf("the first tab is current %v, connected to %s (saved %v)", l.m.Tab == first, firstSite.Addr(), firstSite.Saved != nil)
			}
			if got := l.m.Tab.Item.Text; got != "alice@127.0.0.1:"+strconv.Itoa(siteB.Port) {
				t.Errorf("the saved site's tab is titled %q", got)
			}
		})
	}
}

// Tabs come back after a restart with their servers and folders, never a
// password; the restored tab's Connect opens the folder of last time.
func TestTabsRestoreAfterRestart(t *testing.T) {
	tabsFile := filepath.Join(t.TempDir(), "tabs.json")
	l := newLive(t, liveOptions{offline: true})
	l.m.Close()
	l.m = ui.NewMain(l.w, ui.Config{LocalDir: l.local, Do: l.loop.Do, RefreshDelay: 10e6, TabsFile: tabsFile})
	l.until("the local listing", func() bool { return len(l.m.Local.Model.State().Entries) > 0 })
	l.connect(false)
	l.m.Local.Model.Navigate(filepath.Join(l.local, "pics"))
	srvB, _, siteB := tabServer(t)
	second := l.m.NewTab()
	l.connectTab(siteB)
	second.Remote.Model.Navigate("/public_html")
	l.until("the second tab's folder", func() bool {
		st := second.Remote.Model.State()
		return !st.Loading && st.Path == "/public_html"
	})
	l.until("the first tab's local folder", func() bool {
		return l.m.Tabs[0].Local.Model.State().Path == filepath.Join(l.local, "pics")
	})
	l.m.Close()

	b, err := os.ReadFile(tabsFile)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), siteB.Password) {
		t.Fatalf("the tabs file holds a password:\n%s", b)
	}

	// The next start, as cmd/portside makes it: no local folder named.
	w := test.NewTempWindow(t, nil)
	w.Resize(fyne.NewSize(1280, 800))
	m := ui.NewMain(w, ui.Config{Do: l.loop.Do, RefreshDelay: 10e6, TabsFile: tabsFile})
	t.Cleanup(m.Close)
	if len(m.Tabs) != 2 || m.Tab != m.Tabs[1] {
		t.Fatalf("restored %d tabs, current #%d; want 2, the second", len(m.Tabs), slices.Index(m.Tabs, m.Tab))
	}
	nameB := "alice@127.0.0.1:" + strconv.Itoa(srvB.Port())
	for i, want := range []string{"demo@127.0.0.1:" + strconv.Itoa(l.srv.Port()), nameB} {
		if it := m.Tabs[i].Item; it.Text != want || it.Icon == nil {
			t.Errorf("restored tab %d titled %q (marked %v), want %q, marked: not connected", i, it.Text, it.Icon != nil, want)
		}
	}
	l.until("the first tab's local folder restored", func() bool {
		return m.Tabs[0].Local.Model.State().Path == filepath.Join(l.local, "pics")
	})
	bar := m.Bar
	if bar.Host.Text != "127.0.0.1" || bar.Port.Text != strconv.Itoa(srvB.Port()) || bar.User.Text != "alice" || bar.Password.Text != "" {
		t.Errorf("restored bar: host %q port %q user %q password %q", bar.Host.Text, bar.Port.Text, bar.User.Text, bar.Password.Text)
	}
	bar.Password.SetText(siteB.Password) // a quick connect's password is typed again
	test.Tap(bar.Button)
	l.until("the restored folder", func() bool {
		st := m.Remote.Model.State()
		if st.Err != nil {
			t.Fatalf("remote pane: %v", st.Err)
		}
		return !st.Loading && st.Connected && st.Path == "/public_html"
	})
	if it := m.Tab.Item; it.Icon != nil {
		t.Error("the tab keeps its mark once connected")
	}
	// A site named on the command line goes to a new tab, not over a tab
	// with a server; a fresh tab is used as it is.
	n := len(m.Tabs)
	fresh := m.FreeTab()
	if len(m.Tabs) != n+1 || fresh != m.Tab {
		t.Errorf("FreeTab over a tab with a server: %d tabs (want %d), the new one current %v", len(m.Tabs), n+1, fresh == m.Tab)
	}
	if again := m.FreeTab(); again != fresh || len(m.Tabs) != n+1 {
		t.Errorf("FreeTab on a fresh tab opened another (%d tabs)", len(m.Tabs))
	}
}

func TestConnectionLost(t *testing.T) {
	tests := []struct {
		name string
		err  error
		lost bool
	}{
		{"no error", nil, false},
		{"a folder not found", fmt.Errorf("list /x: %w", transfer.ErrNotFound), false},
		{"permission", fmt.Errorf("list /x: %w", transfer.ErrPermission), false},
		{"a refused command", fmt.Errorf("list /x: %w", transfer.ErrRefused), false},
		{"a data connection", fmt.Errorf("list /x: %w", transfer.ErrDataConn), false},
		{"cancelled by the user", context.Canceled, false},
		{"the server is gone", &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}, true},
		{"the login is refused now", fmt.Errorf("list /: %w", transfer.ErrLogin), true},
	}
	for _, tt := range tests {
		if got := ui.ConnectionLost(tt.err); got != tt.lost {
			t.Errorf("%s: ConnectionLost = %v, want %v", tt.name, got, tt.lost)
		}
	}
}

// A tab whose server went away shows the mark once a listing fails for
// that reason, though its connection was never closed from here; a folder
// that is not found does not mark it.
func TestTabMarkedWhenTheServerGoes(t *testing.T) {
	fs := demoFS()
	remote := &fakeRemote{fakeFS: fs}
	m, loop := newWindow(t, func(context.Context, ftp.Config) (ui.Remote, error) { return remote, nil })
	m.Connect(ui.Site{Host: "h", User: "ann"})
	loop.until(t, "the remote listing", func() bool {
		s := m.Remote.Model.State()
		return s.Connected && !s.Loading && len(s.Entries) > 0
	})
	for _, c := range []struct {
		name   string
		err    error
		marked bool
	}{
		{"a folder not found", fmt.Errorf("list: %w", transfer.ErrNotFound), false},
		{"the server gone", &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}, true},
		{"back again", nil, false},
	} {
		fs.setFail("/home/ann", c.err)
		m.Remote.Model.Refresh()
		loop.until(t, "the listing: "+c.name, func() bool { return !m.Remote.Model.State().Loading })
		if got := m.Tab.Item.Icon != nil; got != c.marked {
			t.Errorf("%s: marked %v, want %v", c.name, got, c.marked)
		}
	}
}
