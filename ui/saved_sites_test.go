package ui_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"portside/transfer"
	"portside/transfer/queue"
	"portside/transfer/sites"
	"portside/transfer/transport"
	"portside/ui"
)

// savedDemo is a store in a temporary folder with an in-memory keychain,
// holding one site for the live test's demo server (explicit TLS).
func savedDemo(t *testing.T, l *live, logon sites.Logon) (*sites.Store, sites.Site) {
	t.Helper()
	store, err := sites.Open(t.TempDir(), newSMKeychain())
	if err != nil {
		t.Fatal(err)
	}
	s := sites.NewSite("Demo")
	s.Host, s.Port, s.User, s.Logon = "127.0.0.1", l.srv.Port(), "demo", logon
	s.LocalDir = filepath.Join(l.local, "pics")
	s.RemoteDir = "/public_html"
	s.MaxConnections = 3
	pw := ""
	if logon == sites.Normal {
		pw = "demo"
	}
	saved, err := store.Save(s, &pw)
	if err != nil {
		t.Fatal(err)
	}
	return store, saved
}

func TestConnectSavedSite(t *testing.T) {
	tests := []struct {
		name  string
		logon sites.Logon
	}{
		{"password from the keychain", sites.Normal},
		{"password asked", sites.AskPassword},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var asked atomic.Int32
			ask := func(info sites.CertInfo) (sites.Decision, error) {
				asked.Add(1)
				return sites.TrustAlways, nil
			}
			l := newLive(t, liveOptions{tls: true, offline: true, ask: ask})
			store, site := savedDemo(t, l, tt.logon)
			// The window is rebuilt on the store: newLive made one without.
			l.m.Close()
			l.m = ui.NewMain(l.w, ui.Config{LocalDir: l.local, Do: l.loop.Do, Sites: store, AskCertificate: ask})
			t.Cleanup(l.m.Close)

			connect := func() {
				t.Helper()
				sm := l.m.OpenSaved(site.ID)
				if tt.logon == sites.AskPassword {
					d, ok := sm.Asking.(*dialog.FormDialog)
					if !ok {
						t.Fatalf("no password question: %T", sm.Asking)
					}
					test.Type(sm.PromptEntry, "demo")
					d.Submit()
				}
				l.until("the site's remote folder", func() bool {
					s := l.m.Remote.Model.State()
					if s.Err != nil {
						t.Fatalf("remote pane: %v", s.Err)
					}
					return !s.Loading && s.Path == "/public_html" && len(s.Entries) > 0
				})
			}
			connect()

			if n := asked.Load(); n != 1 {
				t.Errorf("the certificate was asked about %d times, want once", n)
			}
			if _, ok := store.Pins.Pinned(site.ID); !ok {
				t.Error("Always trust did not pin the certificate")
			}
			if got := l.m.Bar.Host.Text; got != "127.0.0.1" {
				t.Errorf("bar host %q", got)
			}
			if got := l.m.Bar.Password.Text; got != "" {
				t.Errorf("the bar shows the password %q", got)
			}
			if got, want := l.m.Bar.TLS.Selected, transport.TLSExplicit.String(); got != want {
				t.Errorf("bar TLS %q, want %q", got, want)
			}
			l.until("the site's local folder", func() bool { return l.m.Local.Model.State().Path == site.LocalDir })
			if r := store.Recent(); len(r) != 1 || r[0].ID != site.ID {
				t.Errorf("Recent = %v", r)
			}
			l.until("the probe saved", func() bool {
				s, _ := store.Site(site.ID)
				return s.Probe != nil
			})
			s, _ := store.Site(site.ID)
			if got, want := s.Probe.Method, l.m.Conn.Remote().Method(); got != want {
				t.Errorf("saved probe %v, the session uses %v", got, want)
			}
			if _, st, _ := l.m.Conn.State(); st.Saved == nil || st.Key() != "site:"+site.ID {
				t.Errorf("connected site %+v is not the saved one", st)
			}
			if !strings.Contains(l.m.Status.Text, "Demo (127.0.0.1:") {
				t.Errorf("status %q does not name the site", l.m.Status.Text)
			}

			// The queue's own sessions are held to the pin: no question.
			src := filepath.Join(l.local, "a.txt")
			info, err := os.Stat(src)
			if err != nil {
				t.Fatal(err)
			}
			items := ui.QueueItems(queue.Upload, "site:"+site.ID, l.m.Remote.Model.FS(), "/incoming",
				[]ui.Source{{Path: src, Entry: transfer.Entry{Name: "a.txt", Size: info.Size(), ModTime: info.ModTime()}}})
			items[0].Exists = queue.Overwrite
			l.m.Transfers.Add(items, true, func(err error) {
				if err != nil {
					t.Error(err)
				}
			})
			l.idle(1)
			l.sameFile(filepath.Join(l.root, "incoming", "a.txt"), "a.txt")

			// Connecting again trusts the pinned certificate without asking.
			l.m.Conn.Disconnect()
			connect()
			if n := asked.Load(); n != 1 {
				t.Errorf("after reconnecting, asked %d times, want once", n)
			}
		})
	}
}

func TestRecentMenu(t *testing.T) {
	tests := []struct {
		name    string
		touch   []string // site names, in the order connected to
		want    []string
		noStore bool
	}{
		{name: "none yet", want: []string{"No recent sites: connect from the Site Manager"}},
		{name: "latest first", touch: []string{"Alpha", "Beta", "Alpha", "Gamma"},
			want: []string{"Gamma — gamma.example:21", "Alpha — alpha.example:21", "Beta — beta.example:21"}},
		{name: "no store", noStore: true, want: []string{"No recent sites: connect from the Site Manager"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			test.NewTempApp(t)
			var store *sites.Store
			if !tt.noStore {
				var err error
				if store, err = sites.Open(t.TempDir(), newSMKeychain()); err != nil {
					t.Fatal(err)
				}
				ids := map[string]string{}
				for _, n := range []string{"Alpha", "Beta", "Gamma"} {
					s := smSite(n, map[string]string{"Alpha": "alpha.example", "Beta": "beta.example", "Gamma": "gamma.example"}[n])
					s.Protocol = sites.FTP
					ids[n] = smSave(t, store, s, "pw").ID
				}
				for _, n := range tt.touch {
					if err := store.Touch(ids[n]); err != nil {
						t.Fatal(err)
					}
				}
			}
			loop := newUILoop()
			w := test.NewTempWindow(t, nil)
			m := ui.NewMain(w, ui.Config{LocalDir: t.TempDir(), Do: loop.Do, Sites: store})
			t.Cleanup(m.Close)
			var got []string
			for _, it := range m.RecentItems() {
				got = append(got, it.Label)
				if it.Disabled != (len(tt.touch) == 0) {
					t.Errorf("%q disabled = %v", it.Label, it.Disabled)
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("recent menu %q\n want %q", got, tt.want)
			}
			if m.SiteManager.Disabled() != tt.noStore || m.Recent.Disabled() != tt.noStore {
				t.Errorf("Site Manager / Recent disabled = %v / %v without a store = %v",
					m.SiteManager.Disabled(), m.Recent.Disabled(), tt.noStore)
			}
			if !m.SyncButton.Disabled() {
				t.Error("Synchronize is enabled while not connected")
			}
		})
	}
}

// Ctrl+S is the main menu's File → Site Manager: the driver runs a menu
// item's shortcut before the focused widget (a text entry would swallow
// one on the canvas). scripts/smoke-xvfb.sh presses it in the real window
// with the host entry focused.
func TestSiteManagerShortcut(t *testing.T) {
	test.NewTempApp(t)
	store, err := sites.Open(t.TempDir(), newSMKeychain())
	if err != nil {
		t.Fatal(err)
	}
	w := test.NewTempWindow(t, nil)
	m := ui.NewMain(w, ui.Config{LocalDir: t.TempDir(), Do: newUILoop().Do, Sites: store})
	t.Cleanup(m.Close)
	ctrlS := &desktop.CustomShortcut{KeyName: fyne.KeyS, Modifier: fyne.KeyModifierShortcutDefault}
	var item *fyne.MenuItem
	for _, menu := range w.MainMenu().Items {
		for _, it := range menu.Items {
			if it.Shortcut != nil && it.Shortcut.ShortcutName() == ctrlS.ShortcutName() {
				item = it
			}
		}
	}
	if item == nil || item.Label != "Site Manager…" || item.Disabled {
		t.Fatalf("no enabled main menu item for Ctrl+S: %+v", item)
	}
	item.Action()
	if m.Manager == nil || w.Canvas().Overlays().Top() == nil {
		t.Fatal("File → Site Manager did not open the Site Manager")
	}
}
