package ui_test

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"

	"portside/internal/proxyd"
	"portside/transfer/sites"
	"portside/transfer/transport"
	"portside/ui"
)

// TestProxySettingsDialog sets a default SOCKS5 proxy with a login in
// File → Proxy settings, then connects: the window reaches the embedded
// server through a real Dante, says so in the message log, and keeps the
// proxy's password in the keychain only.
func TestProxySettingsDialog(t *testing.T) {
	keys := newSMKeychain()
	store, err := sites.Open(t.TempDir(), keys)
	if err != nil {
		t.Fatal(err)
	}
	px := proxyd.Start(t, proxyd.Dante, true)
	l := newLive(t, liveOptions{offline: true, sites: store})
	if menuItem(t, l.w, "File", "Proxy settings…").Disabled {
		t.Fatal("File → Proxy settings is disabled")
	}
	f := l.m.ShowProxySettings()
	f.Kind.SetSelectedIndex(1)
	f.Host.SetText(px.Host)
	f.Port.SetText(strconv.Itoa(px.Port))
	f.User.SetText(px.User)
	f.Password.SetText(px.Password)
	tapText(t, l.overlay(), "Save")

	saved, err := store.DefaultProxy()
	if err != nil || saved != (sites.Proxy{Kind: transport.ProxySOCKS5, Host: px.Host, Port: px.Port, User: px.User}) {
		t.Fatalf("saved proxy %+v (%v)", saved, err)
	}
	if got, ok := keys.Secret(sites.DefaultProxyAccount); !ok || got != px.Password {
		t.Errorf("the keychain holds %q (%v) for the proxy, want its password", got, ok)
	}

	// File → Check connection, before any connection, goes the same way
	// and says so.
	l.m.Bar.SetSite(ui.Site{Host: "127.0.0.1", Port: l.srv.Port(), User: "demo", Password: "demo", Mode: transport.ModeAuto})
	menuItem(t, l.w, "File", "Check connection…").Action()
	v := findCheck(l.w)
	if v == nil {
		t.Fatal("no check dialog")
	}
	l.until("the check's report", func() bool { return v.Report() != nil })
	if r := v.Report(); !strings.Contains(r.Proxy, px.Addr()) || !r.Recommend.Works {
		t.Errorf("check report: proxy %q, works %v, want via %s:\n%s", r.Proxy, r.Recommend.Works, px.Addr(), v.Text())
	}
	v.Close.OnTapped()
	l.until("the check dialog to close", func() bool { return findCheck(l.w) == nil })

	l.connect(false)
	want := "Through SOCKS5 proxy " + px.Addr()
	if !slices.ContainsFunc(l.m.Log.Lines(), func(s string) bool { return strings.Contains(s, want) }) {
		t.Errorf("the message log lacks %q:\n%s", want, strings.Join(l.m.Log.Lines(), "\n"))
	}
	for _, line := range l.m.Log.Lines() {
		if strings.Contains(line, px.Password) {
			t.Errorf("the message log shows the proxy's password: %s", line)
		}
	}

}

// A proxy that cannot be saved shows why, saves nothing, and once the
// error is closed gives the form back as the user left it, to correct:
// Fyne closes a confirm dialog on Save, which lost every field typed.
func TestProxySettingsErrorKeepsTheForm(t *testing.T) {
	cases := []struct {
		name, host, port, user, password string
		locked                           bool // the keychain refuses the password
		want                             string
	}{
		{name: "port not a number", host: "proxy.example", port: "80x", want: "a number from 1 to 65535"},
		{name: "no host", host: "", port: "1080", want: "host name or address"},
		{name: "keychain refuses", host: "proxy.example", port: "1080", user: "ann", password: "pw", locked: true, want: "Save the proxy password"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			keys := newSMKeychain()
			store, err := sites.Open(t.TempDir(), keys)
			if err != nil {
				t.Fatal(err)
			}
			if c.locked {
				keys.LockWrites(errors.New("the keychain is locked"))
			}
			l := newLive(t, liveOptions{offline: true, sites: store})
			f := l.m.ShowProxySettings()
			f.Kind.SetSelectedIndex(1)
			f.Host.SetText(c.host)
			f.Port.SetText(c.port)
			f.User.SetText(c.user)
			f.Password.SetText(c.password)
			tapText(t, l.overlay(), "Save")

			if got := strings.Join(texts(l.overlay()), " "); !strings.Contains(got, c.want) {
				t.Fatalf("after Save the top dialog says %q, want the error %q", got, c.want)
			}
			if saved, err := store.DefaultProxy(); err != nil || saved != (sites.Proxy{}) {
				t.Errorf("saved %+v (%v), want nothing", saved, err)
			}
			if keys.Len() != 0 {
				t.Errorf("the keychain holds %d secrets, want none", keys.Len())
			}
			tapText(t, l.overlay(), "OK")
			if top := texts(l.overlay()); !slices.Contains(top, "Proxy settings") || strings.Contains(strings.Join(top, " "), c.want) {
				t.Fatalf("after the error's OK the top dialog says %q, want the proxy form back", top)
			}
			got := []string{f.Host.Text, f.Port.Text, f.User.Text, f.Password.Text}
			if want := []string{c.host, c.port, c.user, c.password}; !slices.Equal(got, want) {
				t.Errorf("the form came back with %q, want what was typed %q", got, want)
			}
		})
	}
}
