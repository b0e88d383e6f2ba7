package ui_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"portside/transfer/ftpd"
	"portside/transfer/sites"
	"portside/transfer/transport"
)

// TestSiteManagerTestConnection: "Test connection" checks the site being
// edited, and "Apply recommended settings" puts what it found into the
// editor (passive mode, one connection), for the user to save.
func TestSiteManagerTestConnection(t *testing.T) {
	root := t.TempDir()
	os.WriteFile(filepath.Join(root, "a.bin"), make([]byte, 1000), 0o644)
	srv, err := ftpd.Start(ftpd.Config{Root: root, MaxConnections: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	var site sites.Site
	f := newSMFixture(t, newSMKeychain(), func(s *sites.Store) {
		in := smSite("Demo", "127.0.0.1")
		in.Port, in.User, in.Protocol, in.MaxConnections = srv.Port(), "demo", sites.FTP, 4
		site = smSave(t, s, in, "demo")
		// The server's certificate is pinned: no question during the check.
		leaf := srv.Certificate().Leaf
		if err := s.Pins.Pin(site.ID, sites.CertInfoOf(leaf, nil, time.Now())); err != nil {
			t.Fatal(err)
		}
	})
	f.m.SelectSite(site.ID)
	f.loop.drain()
	if f.m.Test.Disabled() {
		t.Fatal("Test connection is disabled for a site being edited")
	}
	test.Tap(f.m.Test)
	v := f.m.Checking
	if v == nil {
		t.Fatal("no check was opened")
	}
	defer func() {
		if t.Failed() {
			t.Logf("steps:\n%s\nsummary:\n%s", v.Steps.Text, v.Summary.Text)
		}
	}()
	f.loop.until(t, "the check's report", func() bool { return v.Report() != nil && !v.Apply.Disabled() })
	if !strings.Contains(v.Summary.Text, "EPSV") {
		t.Errorf("summary:\n%s", v.Summary.Text)
	}
	test.Tap(v.Apply)
	f.loop.drain()
	if got, want := f.m.Editor.DataMode.Selected, sites.DataModes.Label(transport.ModePassive); got != want {
		t.Errorf("data mode %q, want %q", got, want)
	}
	if got := f.m.Editor.MaxConnections.Selected; got != "1" {
		t.Errorf("max connections %q, want 1", got)
	}
	if f.m.Save.Disabled() {
		t.Error("Save is disabled after applying the settings")
	}
	if s := f.mustSite("Demo"); s.DataMode != transport.ModeAuto {
		t.Error("the store changed before Save")
	}
}
