package ui_test

import (
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
