package ui_test

import (
	"testing"
	"time"

	"portside/transfer/ftp"
	"portside/transfer/sites"
	"portside/transfer/transport"
	"portside/ui"
)

// TestQuickConnectRemembersMethod: a quick-connect site in auto mode keeps
// the method auto mode found (methods.json beside sites.json), and the
// next connect starts with the remembered one.
func TestQuickConnectRemembersMethod(t *testing.T) {
	dir := t.TempDir()
	store, err := sites.Open(dir, newSMKeychain())
	if err != nil {
		t.Fatal(err)
	}
	l := newLive(t, liveOptions{offline: true, sites: store})
	site := ui.Site{Host: "127.0.0.1", Port: l.srv.Port(), User: "demo", Password: "demo", Mode: transport.ModeAuto}
	cfg := ftp.Config{Config: transport.Config{Host: site.Host, Port: site.Port}}
	connect := func() {
		t.Helper()
		l.m.Connect(site)
		l.until("the remote listing", func() bool {
			s := l.m.Remote.Model.State()
			if s.Err != nil {
				t.Fatalf("remote pane: %v", s.Err)
			}
			return !s.Loading && len(s.Entries) > 0
		})
	}
	connect()
	l.until("the method remembered", func() bool {
		m, _, ok := store.Methods().Known(cfg)
		return ok && m == transport.EPSV
	})

	// Another method remembered (as behind a firewall that drops passive
	// connections): the next connect starts with it, and it works.
	if err := store.Methods().Remember(cfg, ftp.Probe{Method: transport.EPRT, When: time.Now()}); err != nil {
		t.Fatal(err)
	}
	l.m.Conn.Disconnect()
	connect()
	if got := l.m.Conn.Remote().Method(); got != transport.EPRT {
		t.Errorf("the second connect uses %v, want the remembered EPRT", got)
	}
}
