package ui_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"golang.org/x/crypto/ssh"

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

// What an SSH login asks beyond the site comes up as a dialog: a one-time
// code, an encrypted key's passphrase (asked once for the window's
// connection and the queue's).
func TestSSHQuestionsInTheWindow(t *testing.T) {
	// PEM's key derivation, not OpenSSH's bcrypt: bcrypt takes many
	// seconds under the race detector, which this test is not about.
	keyFile := filepath.Join(t.TempDir(), "id_ecdsa")
	if out, err := exec.Command("ssh-keygen", "-q", "-t", "ecdsa", "-m", "PEM", "-N", "open sesame", "-f", keyFile).CombinedOutput(); err != nil {
		t.Fatalf("ssh-keygen: %v %s", err, out)
	}
	pubText, _ := os.ReadFile(keyFile + ".pub")
	pub, _, _, _, err := ssh.ParseAuthorizedKey(pubText)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name   string
		cfg    sftpd.Config
		answer string
		saved  func(s *sites.Site)
	}{
		{"one-time code", sftpd.Config{Questions: []string{"Verification code: "}, Answers: []string{"424242"}}, "424242", nil},
		// A server's instruction stands above its first question (the SFTP
		// demo's is a long line): the field must keep its width beside it.
		{"a long instruction", sftpd.Config{Questions: []string{"Password: "}, Answers: []string{"s3cret"},
			Instruction: "Portside's SFTP demo: the password is in what Portside printed when it started."}, "s3cret", nil},
		{"key passphrase", sftpd.Config{AuthorizedKeys: []ssh.PublicKey{pub}}, "open sesame", func(s *sites.Site) {
			s.Logon, s.KeyFile = sites.KeyFile, keyFile
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			test.NewTempApp(t)
			root, local := t.TempDir(), t.TempDir()
			os.WriteFile(filepath.Join(root, "hello.txt"), []byte("hello"), 0o644)
			cfg := tt.cfg
			cfg.Root, cfg.User = root, "ann"
			srv, err := sftpd.Start(cfg)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { srv.Close() })
			store, err := sites.Open(t.TempDir(), newSMKeychain())
			if err != nil {
				t.Fatal(err)
			}
			loop := newUILoop()
			w := test.NewTempWindow(t, nil)
			w.Resize(fyne.NewSize(1280, 800))
			trust := func(sftp.HostKey) (sftp.Decision, error) { return sftp.TrustOnce, nil }
			m := ui.NewMain(w, ui.Config{LocalDir: local, Do: loop.Do, Sites: store, AskHostKey: trust})
			t.Cleanup(m.Close)
			s := sites.NewSite("SSH box")
			s.Protocol, s.Host, s.Port, s.User, s.RemoteDir, s.Logon = sites.SFTP, "127.0.0.1", srv.Port(), "ann", root, sites.AskPassword
			if tt.saved != nil {
				tt.saved(&s)
			}
			pw := ""
			saved, err := store.Save(s, &pw)
			if err != nil {
				t.Fatal(err)
			}
			if sm := m.OpenSaved(saved.ID); sm.Asking != nil {
				if d, ok := sm.Asking.(*dialog.FormDialog); ok { // Ask for password: none, the server wants a code
					d.Submit()
				}
			}
			loop.until(t, "the SSH question", func() bool { return m.SSH.Dialog != nil })
			if w := m.SSH.Entries[0].Size().Width; w < 200 {
				t.Errorf("the answer field is %.0f wide: too narrow to see what is typed", w)
			}
			test.Type(m.SSH.Entries[0], tt.answer)
			if (m.SSH.Keep != nil) != (tt.saved != nil) {
				t.Fatalf("Keep box shown: %v", m.SSH.Keep != nil)
			}
			if m.SSH.Keep != nil {
				m.SSH.Keep.SetChecked(true)
			}
			m.SSH.Dialog.Submit()
			loop.until(t, "the remote listing", func() bool {
				st := m.Remote.Model.State()
				if st.Err != nil {
					t.Fatalf("remote pane: %v", st.Err)
				}
				return !st.Loading && st.Path == root && len(st.Entries) == 1
			})
			if tt.saved == nil {
				return
			}
			// The queue's own session opens the key with the passphrase
			// given: no second dialog.
			first := m.SSH.Dialog
			_, site, _ := m.Conn.State()
			items := ui.QueueItems(queue.Download, site.Key(), m.Local.Model.FS(), local,
				[]ui.Source{{Path: root + "/hello.txt", Entry: m.Remote.Model.State().Entries[0]}})
			m.Transfers.Add(items, true, func(error) {})
			loop.until(t, "the download", func() bool {
				for _, it := range m.Transfers.Queue.Items() {
					if it.State == queue.Failed {
						t.Fatalf("the download failed: %v", it.Err)
					}
				}
				_, err := os.Stat(filepath.Join(local, "hello.txt"))
				return err == nil
			})
			if m.SSH.Dialog != first {
				t.Error("the passphrase was asked again for the queue")
			}
			if kept, err := store.KeyPassphrase(saved.ID); kept != tt.answer {
				t.Errorf("the keychain keeps %q, %v", kept, err)
			}
			// The next window finds it there and asks nothing.
			m.Close()
			m2 := ui.NewMain(w, ui.Config{LocalDir: local, Do: loop.Do, Sites: store, AskHostKey: trust})
			t.Cleanup(m2.Close)
			m2.OpenSaved(saved.ID)
			loop.until(t, "the remote listing in the next window", func() bool {
				st := m2.Remote.Model.State()
				if st.Err != nil {
					t.Fatalf("remote pane: %v", st.Err)
				}
				return !st.Loading && st.Path == root && len(st.Entries) > 0
			})
			if m2.SSH.Dialog != nil {
				t.Error("the next window asked for the kept passphrase")
			}
		})
	}
}

// The Site Manager's editor makes an SFTP site with a key file: the key
// file's field shows for that logon only.
func TestSiteEditorKeyFile(t *testing.T) {
	test.NewTempApp(t)
	e := ui.NewSiteEditor()
	test.Type(e.Name, "SSH box")
	test.Type(e.Host, "ssh.example.com")
	test.Type(e.User, "ann")
	e.Protocol.SetSelected(sites.Protocols.Label(sites.SFTP))
	if e.KeyFile.Visible() {
		t.Fatal("the key file field shows for a password logon")
	}
	e.Logon.SetSelected(sites.Logons.Label(sites.KeyFile))
	if !e.KeyFile.Visible() {
		t.Fatal("no key file field for a key file logon")
	}
	test.Type(e.KeyFile, "/home/ann/.ssh/id_ed25519")
	s, err := e.Site()
	if err == nil {
		err = s.Validate()
	}
	if err != nil || s.Protocol != sites.SFTP || s.Logon != sites.KeyFile || s.KeyFile != "/home/ann/.ssh/id_ed25519" {
		t.Fatalf("site %+v, %v", s, err)
	}
	if e.Port.PlaceHolder != "22" {
		t.Errorf("port placeholder %q, want 22", e.Port.PlaceHolder)
	}
}
