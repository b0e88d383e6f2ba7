package ui_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"portside/transfer/queue"
	"portside/transfer/sftp"
	"portside/transfer/sftpd"
	"portside/transfer/sites"
	"portside/ui"
)

func TestParseSFTPSiteURL(t *testing.T) {
	s, err := ui.ParseSiteURL("sftp://ann@ssh.example.com/var/www")
	if err != nil || !s.SFTP || s.User != "ann" || s.Path != "/var/www" || s.Addr() != "ssh.example.com:22" ||
		s.URL() != "sftp://ann@ssh.example.com:22" {
		t.Fatalf("ParseSiteURL = %+v (%s, %s), %v", s, s.Addr(), s.URL(), err)
	}
}

// An SFTP site in the window, from the quick-connect bar and saved: the
// host key asked about once for the window and the queue together, the
// folder listed, a file downloaded by the queue.
func TestSFTPInTheWindow(t *testing.T) {
	for _, how := range []string{"quick connect", "saved site"} {
		t.Run(how, func(t *testing.T) {
			test.NewTempApp(t)
			root, local := t.TempDir(), t.TempDir()
			os.WriteFile(filepath.Join(root, "hello.txt"), []byte("hello over ssh"), 0o644)
			srv, err := sftpd.Start(sftpd.Config{Root: root, User: "ann", Password: "s3cret"})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { srv.Close() })
			var asked atomic.Int32
			ask := func(k sftp.HostKey) (sftp.Decision, error) {
				asked.Add(1)
				if !strings.HasPrefix(k.Fingerprint, "SHA256:") || k.Type != "ssh-ed25519" {
					t.Errorf("asked about %+v", k)
				}
				return sftp.TrustOnce, nil
			}
			store, err := sites.Open(t.TempDir(), newSMKeychain())
			if err != nil {
				t.Fatal(err)
			}
			loop := newUILoop()
			w := test.NewTempWindow(t, nil)
			w.Resize(fyne.NewSize(1280, 800))
			m := ui.NewMain(w, ui.Config{LocalDir: local, Do: loop.Do, Sites: store, AskHostKey: ask})
			t.Cleanup(m.Close)

			if how == "quick connect" {
				m.Bar.Host.SetText(fmt.Sprintf("sftp://ann@127.0.0.1:%d%s", srv.Port(), root))
				m.Bar.Password.SetText("s3cret")
				site, err := m.Bar.Site()
				if err != nil || !site.SFTP {
					t.Fatalf("bar: %+v, %v", site, err)
				}
				m.Connect(site)
			} else {
				s := sites.NewSite("SSH box")
				s.Protocol, s.Host, s.Port, s.User, s.RemoteDir = sites.SFTP, "127.0.0.1", srv.Port(), "ann", root
				pw := "s3cret"
				saved, err := store.Save(s, &pw)
				if err != nil {
					t.Fatal(err)
				}
				m.OpenSaved(saved.ID)
			}
			loop.until(t, "the remote listing", func() bool {
				s := m.Remote.Model.State()
				if s.Err != nil {
					t.Fatalf("remote pane: %v", s.Err)
				}
				return !s.Loading && s.Path == root && len(s.Entries) == 1
			})
			if !strings.Contains(m.Status.Text, "SFTP") {
				t.Errorf("status %q does not say SFTP", m.Status.Text)
			}

			_, site, _ := m.Conn.State()
			entry := m.Remote.Model.State().Entries[0]
			items := ui.QueueItems(queue.Download, site.Key(), m.Local.Model.FS(), local,
				[]ui.Source{{Path: root + "/hello.txt", Entry: entry}})
			done := make(chan error, 1)
			m.Transfers.Add(items, true, func(err error) { done <- err })
			loop.until(t, "the download", func() bool {
				for _, it := range m.Transfers.Queue.Items() {
					if it.State == queue.Failed {
						t.Fatalf("the download failed: %v", it.Err)
					}
				}
				b, err := os.ReadFile(filepath.Join(local, "hello.txt"))
				return err == nil && string(b) == "hello over ssh"
			})
			if n := asked.Load(); n != 1 {
				t.Errorf("the host key was asked about %d times, want once", n)
			}
		})
	}
}

// The host key dialog shows the key type and fingerprint, and its three
// buttons are the three answers.
func TestHostKeyPrompt(t *testing.T) {
	for _, tt := range []struct {
		button string
		want   sftp.Decision
	}{
		{"Trust once", sftp.TrustOnce},
		{"Always trust", sftp.TrustAlways},
		{"Cancel", sftp.Reject},
	} {
		t.Run(tt.button, func(t *testing.T) {
			test.NewTempApp(t)
			loop := newUILoop()
			w := test.NewTempWindow(t, nil)
			w.Resize(fyne.NewSize(800, 600))
			p := &ui.HostKeyPrompt{Window: w, Do: loop.Do}
			got := make(chan sftp.Decision, 1)
			go func() {
				d, _ := p.Ask(sftp.HostKey{Host: "[127.0.0.1]:2222", Type: "ssh-ed25519", Fingerprint: "SHA256:abcdef"})
				got <- d
			}()
			c := w.Canvas()
			loop.until(t, "the host key dialog", func() bool { return c.Overlays().Top() != nil })
			var text string
			var button *widget.Button
			walk(c.Overlays().Top(), func(o fyne.CanvasObject) bool {
				switch x := o.(type) {
				case *widget.Label:
					text += x.Text
				case *widget.Button:
					if x.Text == tt.button {
						button = x
					}
				}
				return true
			})
			if !strings.Contains(text, "ssh-ed25519") || !strings.Contains(text, "SHA256:abcdef") || button == nil {
				t.Fatalf("dialog text %q, button %q found: %v", text, tt.button, button != nil)
			}
			test.Tap(button)
			var d sftp.Decision
			loop.until(t, "the answer", func() bool {
				select {
				case d = <-got:
					return true
				default:
					return false
				}
			})
			if d != tt.want {
				t.Fatalf("answer %v, want %v", d, tt.want)
			}
		})
	}
}
