package ui_test

import (
	"bytes"
	"crypto/x509"
	"fyne.io/fyne/v2/theme"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"portside/transfer/ftpd"
	"portside/transfer/transport"
	"portside/ui"
)

// startDemo runs the embedded server on a seeded temporary folder.
func startDemo(t *testing.T) *ftpd.Server { return startDemoTLS(t, ftpd.TLSNone) }

func startDemoTLS(t *testing.T, mode ftpd.TLSMode) *ftpd.Server {
	t.Helper()
	dir := t.TempDir()
	if err := ftpd.SeedDemo(dir); err != nil {
		t.Fatal(err)
	}
	srv, err := ftpd.Start(ftpd.Config{Root: dir, TLS: mode})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	return srv
}

func TestMainWindowAgainstDemoServer(t *testing.T) {
	tests := []struct {
		name   string
		server ftpd.TLSMode
		client transport.TLSMode
		mode   transport.Mode
	}{
		{"plain auto", ftpd.TLSNone, transport.TLSNone, transport.ModeAuto},
		{"plain active", ftpd.TLSNone, transport.TLSNone, transport.ModeActive},
		{"explicit TLS", ftpd.TLSExplicit, transport.TLSExplicit, transport.ModePassive},
		{"implicit TLS", ftpd.TLSImplicit, transport.TLSImplicit, transport.ModeAuto},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := startDemoTLS(t, tt.server)
			testDemoServer(t, srv, ui.Site{Host: "127.0.0.1", Port: srv.Port(), User: "demo", Password: "demo",
				TLS: tt.client, Mode: tt.mode})
		})
	}
}

// testDemoServer runs the whole window against srv: connect, list, enter a
// folder, disconnect.
func testDemoServer(t *testing.T, srv *ftpd.Server, site ui.Site) {
	test.NewTempApp(t)
	loop := newUILoop()
	w := test.NewTempWindow(t, nil)
	w.Resize(fyne.NewSize(1200, 800))
	own := srv.Certificate().Certificate[0]
	trust := func(chain []*x509.Certificate, verifyErr error) error {
		if len(chain) > 0 && bytes.Equal(chain[0].Raw, own) {
			return nil
		}
		return verifyErr
	}
	m := ui.NewMain(w, ui.Config{Local: demoFS(), Do: loop.Do, TrustCertificate: trust})
	t.Cleanup(m.Close)

	var listed []string
	m.OnRemoteListed = func(dir string, entries []transferEntry) { listed = append(listed, dir) }
	m.Connect(site)
	loop.until(t, "the remote listing", func() bool {
		s := m.Remote.Model.State()
		return s.Err != nil || (!s.Loading && len(s.Entries) > 0)
	})

	s := m.Remote.Model.State()
	if s.Err != nil {
		t.Fatalf("remote pane: %v", s.Err)
	}
	for _, want := range []string{"README.txt", "public_html", "incoming", "notes with spaces.md", "Rapports annuels"} {
		if !slices.ContainsFunc(s.Entries, func(e transferEntry) bool { return e.Name == want }) {
			t.Errorf("remote listing lacks %q: %v", want, names(s.Entries))
		}
	}
	if !strings.HasPrefix(m.Status.Text, "Connected to 127.0.0.1:") {
		t.Errorf("status = %q", m.Status.Text)
	}
	if encrypted := strings.HasSuffix(m.Status.Text, " encrypted ("+site.TLS.String()+" TLS)"); encrypted != (site.TLS != transport.TLSNone) {
		t.Errorf("status %q does not tell whether the connection is encrypted (%v)", m.Status.Text, site.TLS)
	}
	// The mark beside it: a padlock, or a warning sign (an icon: no emoji font).
	wantMark := "lock.svg"
	if site.TLS == transport.TLSNone {
		wantMark = theme.WarningIcon().Name()
	}
	if m.StatusMark.Hidden || m.StatusMark.Resource == nil || !strings.HasSuffix(m.StatusMark.Resource.Name(), wantMark) {
		t.Errorf("status mark hidden %v, %v; want %s", m.StatusMark.Hidden, m.StatusMark.Resource, wantMark)
	}
	if m.Bar.Button.Text != "Disconnect" {
		t.Errorf("button = %q, want Disconnect", m.Bar.Button.Text)
	}
	if len(listed) != 1 {
		t.Errorf("OnRemoteListed calls = %v, want one", listed)
	}

	log := strings.Join(m.Log.Lines(), "\n")
	if !strings.Contains(log, "PASS ****") {
		t.Errorf("log lacks the masked PASS:\n%s", log)
	}
	if strings.Contains(log, "PASS demo") {
		t.Errorf("log shows the password:\n%s", log)
	}

	// Into a folder on the server and back.
	m.Remote.Model.Navigate("/public_html")
	loop.until(t, "public_html", func() bool { return m.Remote.Model.State().Path == "/public_html" })
	if got := names(m.Remote.Model.State().Entries); !slices.Equal(got, []string{"css", "img", "index.html"}) {
		t.Errorf("/public_html = %v", got)
	}

	test.Tap(m.Bar.Button) // Disconnect
	loop.drain()
	if st := m.Remote.Model.State(); st.Connected || len(st.Entries) != 0 {
		t.Errorf("after disconnect the remote pane still shows %v", names(st.Entries))
	}
	if m.Status.Text != "Not connected" || m.Bar.Button.Text != "Connect" {
		t.Errorf("after disconnect: status %q, button %q", m.Status.Text, m.Bar.Button.Text)
	}
}
