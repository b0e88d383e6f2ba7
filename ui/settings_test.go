package ui_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"portside/transfer/ftp"
	"portside/transfer/sites"
	"portside/transfer/transport"
	"portside/ui"
)

// settingsWindow is the window with a dialler that only records the
// configuration each connection is dialled with.
type settingsWindow struct {
	t    *testing.T
	loop *uiLoop
	m    *ui.Main
	w    fyne.Window

	mu     sync.Mutex
	dialed []ftp.Config
	// remote, when set, is what the dialler returns: the queue's sessions.
	remote func() (ui.Remote, error)
}

func newSettingsWindow(t *testing.T, prefs *ui.Prefs) *settingsWindow {
	t.Helper()
	test.NewTempApp(t)
	sw := &settingsWindow{t: t, loop: newUILoop()}
	sw.w = test.NewTempWindow(t, nil)
	sw.w.Resize(fyne.NewSize(1280, 800))
	dial := func(ctx context.Context, cfg ftp.Config) (ui.Remote, error) {
		sw.mu.Lock()
		defer sw.mu.Unlock()
		sw.dialed = append(sw.dialed, cfg)
		if sw.remote != nil {
			return sw.remote()
		}
		return nil, errors.New("not dialled in this test")
	}
	sw.m = ui.NewMain(sw.w, ui.Config{LocalDir: t.TempDir(), Do: sw.loop.Do, Dial: dial, Prefs: prefs})
	t.Cleanup(sw.m.Close)
	// Fyne's widget cache stamps new renderers with a clock that only a
	// render (Capture) moves; after a minute of tests without one, the
	// next capture drops the renderers made since, and a later screenshot
	// test (the Site Manager's) draws an unlaid-out window. Rendering once
	// here keeps that clock moving while these tests run.
	t.Cleanup(func() { sw.w.Canvas().Capture() })
	return sw
}

// connect connects to site, or presses the bar's Connect with host typed
// in when site is nil, and returns the configuration dialled.
func (sw *settingsWindow) connect(site *ui.Site) ftp.Config {
	sw.t.Helper()
	sw.mu.Lock()
	n := len(sw.dialed)
	sw.mu.Unlock()
	if site != nil {
		sw.m.Connect(*site)
	} else {
		sw.m.Bar.Host.SetText("ftp.example.net")
		test.Tap(sw.m.Bar.Button)
	}
	var cfg ftp.Config
	sw.loop.until(sw.t, "the dial", func() bool {
		sw.mu.Lock()
		defer sw.mu.Unlock()
		if len(sw.dialed) > n {
			cfg = sw.dialed[n]
			return true
		}
		return false
	})
	sw.loop.until(sw.t, "the failure", func() bool {
		state, _, _ := sw.m.Conn.State()
		return state == ui.Disconnected
	})
	return cfg
}

// Every connection setting changes what the next connection is dialled
// with, without a restart: the window starts with the defaults and the
// settings change while it is open.
func TestSettingsChangeTheConnection(t *testing.T) {
	own := sites.NewSite("Own ports")
	own.ID, own.Host, own.Port = "own1", "files.example.net", 21
	own.ActivePortMin, own.ActivePortMax, own.ExternalAddress = 40000, 40010, "own.example.net"
	plain := sites.NewSite("Plain")
	plain.ID, plain.Host, plain.Port = "plain1", "files.example.net", 21
	ownSite, plainSite := ui.SiteOf(own, "pw"), ui.SiteOf(plain, "pw")
	tests := []struct {
		name  string
		set   sites.Settings
		site  *ui.Site // nil: the quick-connect bar
		check func(ftp.Config) bool
		keeps bool // the site's own value holds before and after
	}{
		{"quick connect TLS", sites.Settings{QuickTLS: transport.TLSImplicit}, nil,
			func(c ftp.Config) bool { return c.TLS == transport.TLSImplicit }, false},
		{"quick connect plain FTP", sites.Settings{QuickTLS: sites.PlainQuickTLS}, nil,
			func(c ftp.Config) bool { return c.TLS == transport.TLSNone }, false},
		{"quick connect TLS if available (the default)", sites.Settings{Mode: transport.ModePassive}, nil,
			func(c ftp.Config) bool { return c.TLS == transport.TLSIfAvailable }, true},
		{"quick connect mode", sites.Settings{Mode: transport.ModeActive}, nil,
			func(c ftp.Config) bool { return c.Mode == transport.ModeActive }, false},
		{"active ports and external address", sites.Settings{ActivePortMin: 50000, ActivePortMax: 50010, ExternalAddress: "home.example.net"}, nil,
			func(c ftp.Config) bool {
				return c.ActivePortMin == 50000 && c.ActivePortMax == 50010 && c.ExternalAddress == "home.example.net"
			}, false},
		{"a saved site inherits the ports", sites.Settings{ActivePortMin: 50000, ActivePortMax: 50010, ExternalAddress: "home.example.net"}, &plainSite,
			func(c ftp.Config) bool { return c.ActivePortMin == 50000 && c.ExternalAddress == "home.example.net" }, false},
		{"a saved site keeps its own ports", sites.Settings{ActivePortMin: 50000, ActivePortMax: 50010, ExternalAddress: "home.example.net"}, &ownSite,
			func(c ftp.Config) bool { return c.ActivePortMin == 40000 && c.ExternalAddress == "own.example.net" }, true},
		{"timeouts", sites.Settings{ConnectTimeout: 42, DataTimeout: 7}, nil,
			func(c ftp.Config) bool {
				return c.DialTimeout == 42*time.Second && c.DataTimeout == 7*time.Second && c.IdleTimeout == 7*time.Second
			}, false},
		{"hidden files", sites.Settings{ShowHidden: true}, &plainSite,
			func(c ftp.Config) bool { return c.ListHidden }, false},
		{"connections of a quick connect", sites.Settings{Connections: 1}, nil,
			func(c ftp.Config) bool { return c.MaxConns == 1 }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			prefs := ui.NewPrefs("", sites.Settings{})
			sw := newSettingsWindow(t, prefs)
			if before := sw.connect(tt.site); tt.check(before) != tt.keeps {
				t.Fatalf("with the defaults: %+v", before)
			}
			if err := prefs.Set(tt.set); err != nil {
				t.Fatal(err)
			}
			sw.loop.drain()
			if after := sw.connect(tt.site); !tt.check(after) {
				t.Errorf("after the change: %+v", after)
			}
		})
	}
}

// The Settings window saves what the user entered (and the next start
// reads it), and refuses what cannot work, saying why.
func TestSettingsWindowSaves(t *testing.T) {
	dir := t.TempDir()
	prefs := ui.NewPrefs(dir, sites.Settings{})
	sw := newSettingsWindow(t, prefs)
	tests := []struct {
		name string
		fill func(f *ui.SettingsForm)
		ok   bool
	}{
		{"a bad port range", func(f *ui.SettingsForm) { f.PortMin.SetText("60000"); f.PortMax.SetText("50000") }, false},
		{"not a number", func(f *ui.SettingsForm) { f.Retries.SetText("many") }, false},
		{"good values", func(f *ui.SettingsForm) {
			f.PortMin.SetText("50000")
			f.PortMax.SetText("50010")
			f.External.SetText(" home.example.net ")
			f.SpeedDown.SetText("300")
			f.ExistsUpload.SetSelectedIndex(6) // skip
			f.Language.SetSelectedIndex(2)
			f.SiteTab.SetSelectedIndex(1) // saved sites replace the current tab
		}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sw.m.ShowSettings()
			f := sw.m.Settings
			tt.fill(f)
			tapText(t, sw.w.Canvas().Overlays().Top(), "Save")
			saved, err := sites.LoadSettings(dir)
			if err != nil {
				t.Fatal(err)
			}
			if !tt.ok {
				if f.Problem.Text == "" || saved != (sites.Settings{}) {
					t.Errorf("problem %q, saved %+v", f.Problem.Text, saved)
				}
				sw.w.Canvas().Overlays().Top().Hide()
				sw.w.Canvas().Overlays().Remove(sw.w.Canvas().Overlays().Top())
				return
			}
			want := sites.Settings{Language: "zh-Hans", ActivePortMin: 50000, ActivePortMax: 50010, ExternalAddress: "home.example.net",
				Connections: 2, ConnectTimeout: 15, DataTimeout: 10, Retries: 3, SpeedDown: 300, ExistsDownload: "ask", ExistsUpload: "skip",
				SitesReplaceTab: true}
			if saved != want || prefs.Get() != want {
				t.Errorf("saved %+v\nlive %+v\nwant %+v", saved, prefs.Get(), want)
			}
		})
	}
}
