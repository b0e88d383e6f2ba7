package ui_test

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"golang.org/x/crypto/ssh/knownhosts"

	"portside/transfer/sftp"
	"portside/transfer/sftpd"
	"portside/transfer/sites"
	"portside/ui"
)

// TestMainCheckConnectionSFTP: File → Check connection… on an sftp://
// site in the bar runs the SSH stages (the host key put to the window's
// question), says what failed in the server's words, and offers no
// settings to apply.
func TestMainCheckConnectionSFTP(t *testing.T) {
	for _, tc := range []struct {
		name   string
		noSFTP bool
		works  bool
		says   string
	}{
		{"works", false, true, "Use SFTP"},
		{"no sftp subsystem", true, false, "The server does not offer SFTP"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := t.TempDir()
			srv, err := sftpd.Start(sftpd.Config{Root: root, User: "ann", Password: "s3cret", NoSFTP: tc.noSFTP})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { srv.Close() })
			test.NewTempApp(t)
			loop := newUILoop()
			w := test.NewTempWindow(t, nil)
			w.Resize(fyne.NewSize(1200, 800))
			asked := 0
			m := ui.NewMain(w, ui.Config{Local: demoFS(), Do: loop.Do,
				AskHostKey: func(sftp.HostKey) (sftp.Decision, error) { asked++; return sftp.TrustOnce, nil }})
			t.Cleanup(m.Close)
			m.Bar.Host.SetText(fmt.Sprintf("sftp://ann@127.0.0.1:%d%s", srv.Port(), root))
			m.Bar.Password.SetText("s3cret")
			m.ShowCheck()
			v := findCheck(m.Window)
			if v == nil {
				t.Fatal("no check dialog")
			}
			loop.until(t, "the check's report", func() bool { return v.Report() != nil })
			rep := v.Report()
			if rep.Protocol != "sftp" || rep.Recommend.Works != tc.works || !strings.Contains(v.Text(), tc.says) {
				t.Errorf("protocol %q, works %v; want works %v and %q in:\n%s", rep.Protocol, rep.Recommend.Works, tc.works, tc.says, v.Text())
			}
			if asked != 1 {
				t.Errorf("the host key was asked about %d times, want once", asked)
			}
			if v.Apply.Visible() {
				t.Error("Apply recommended settings is shown for an SFTP site")
			}
		})
	}
}

// TestSiteManagerTestConnectionSFTP: the Site Manager's "Test connection"
// on an SFTP site checks it as SSH, with the host key trusted "always"
// from the window (Portside's known_hosts next to the sites), and shows no
// settings to apply.
func TestSiteManagerTestConnectionSFTP(t *testing.T) {
	root := t.TempDir()
	srv, err := sftpd.Start(sftpd.Config{Root: root, User: "ann", Password: "s3cret"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	var site sites.Site
	f := newSMFixture(t, newSMKeychain(), func(s *sites.Store) {
		in := smSite("SSH box", "127.0.0.1")
		in.Port, in.Protocol = srv.Port(), sites.SFTP
		site = smSave(t, s, in, "s3cret")
		addr := knownhosts.Normalize(net.JoinHostPort("127.0.0.1", strconv.Itoa(srv.Port())))
		line := knownhosts.Line([]string{addr}, srv.HostKey())
		if err := os.WriteFile(filepath.Join(s.Dir(), "known_hosts"), []byte(line+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
	})
	f.m.SelectSite(site.ID)
	f.loop.drain()
	test.Tap(f.m.Test)
	v := f.m.Checking
	if v == nil {
		t.Fatal("no check was opened")
	}
	f.loop.until(t, "the check's report", func() bool { return v.Report() != nil })
	if rep := v.Report(); rep.Protocol != "sftp" || !rep.Recommend.Works {
		t.Errorf("protocol %q, works %v:\n%s", rep.Protocol, rep.Recommend.Works, v.Text())
	}
	if v.Apply.Visible() {
		t.Error("Apply recommended settings is shown for an SFTP site")
	}
}
