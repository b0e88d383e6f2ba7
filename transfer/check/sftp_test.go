//go:build linux

package check_test

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/knownhosts"

	"portside/i18n/checktext"
	"portside/internal/realsshd"
	"portside/transfer/check"
	"portside/transfer/sftp"
	"portside/transfer/sftpd"
)

// knownHosts is a HostKeys that knows key for 127.0.0.1:port (nil key: an
// empty file, nobody to ask).
func knownHosts(t *testing.T, port int, key ssh.PublicKey) *sftp.HostKeys {
	t.Helper()
	file := filepath.Join(t.TempDir(), "known_hosts")
	var b []byte
	if key != nil {
		b = []byte(knownhosts.Line([]string{knownhosts.Normalize(net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))}, key) + "\n")
	}
	if err := os.WriteFile(file, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return &sftp.HostKeys{File: file}
}

// listen starts a loopback server that answers each connection with
// greet (nil: says nothing) and keeps it open until the test ends.
func listen(t *testing.T, greet []byte) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			t.Cleanup(func() { c.Close() })
			c.Write(greet)
		}
	}()
	return ln.Addr().(*net.TCPAddr).Port
}

func embeddedSSH(t *testing.T, cfg sftpd.Config) *sftpd.Server {
	t.Helper()
	cfg.Root, cfg.User = t.TempDir(), "ann"
	srv, err := sftpd.Start(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	return srv
}

// The SFTP check names the stage that failed and says what to do, in
// English and Chinese: TCP refused, not an SSH server, silent, host key
// unknown or changed, login refused with the methods offered and tried, no
// common method, no sftp subsystem; and a site that works.
func TestSFTPCheck(t *testing.T) {
	otherKey, _ := sftpd.NewHostKey()
	for _, tc := range []struct {
		name    string
		site    func(t *testing.T) sftp.Config
		finding string
		works   bool
		words   []string // in the English text
		facts   map[string]string
	}{
		{"works on OpenSSH", func(t *testing.T) sftp.Config {
			srv := realsshd.Start(t, realsshd.Options{})
			return sftp.Config{Host: srv.Host, Port: srv.Port, User: srv.User, KeyFiles: []string{srv.KeyFile},
				HostKeys: knownHosts(t, srv.Port, srv.HostKey)}
		}, "", true, []string{"Use SFTP", "SSH-2.0-OpenSSH_", "ssh-ed25519 SHA256:"}, nil},
		{"wrong password on OpenSSH", func(t *testing.T) sftp.Config {
			srv := realsshd.Start(t, realsshd.Options{})
			return sftp.Config{Host: srv.Host, Port: srv.Port, User: srv.User, Password: "not-" + srv.Password,
				HostKeys: knownHosts(t, srv.Port, srv.HostKey)}
		}, check.FSSHLogin, false, []string{"Login as portside-ssh failed", "The server offers publickey,"},
			map[string]string{"ssh_tried": "keyboard-interactive, password"}},
		{"refused", func(t *testing.T) sftp.Config {
			ln, _ := net.Listen("tcp", "127.0.0.1:0")
			port := ln.Addr().(*net.TCPAddr).Port
			ln.Close()
			return sftp.Config{Host: "127.0.0.1", Port: port, User: "ann", Password: "x", HostKeys: knownHosts(t, port, nil)}
		}, check.FSSHRefused, false, []string{"the SSH server is not running", "Open TCP port"}, nil},
		{"an FTP server", func(t *testing.T) sftp.Config {
			port := listen(t, []byte("220 (vsFTPd 3.0.3)\r\n"))
			return sftp.Config{Host: "127.0.0.1", Port: port, User: "ann", Password: "x", HostKeys: knownHosts(t, port, nil)}
		}, check.FNotSSH, false, []string{`"220 (vsFTPd 3.0.3)"`, "it is an FTP server", "ftp://"}, nil},
		{"a silent server", func(t *testing.T) sftp.Config {
			port := listen(t, nil)
			return sftp.Config{Host: "127.0.0.1", Port: port, User: "ann", Password: "x", HostKeys: knownHosts(t, port, nil),
				Timeout: 2 * time.Second}
		}, check.FNoBanner, false, []string{"sent no SSH banner", "said nothing for"}, nil},
		{"host key unknown", func(t *testing.T) sftp.Config {
			srv := embeddedSSH(t, sftpd.Config{Password: "secret"})
			return sftp.Config{Host: "127.0.0.1", Port: srv.Port(), User: "ann", Password: "secret", HostKeys: knownHosts(t, srv.Port(), nil)}
		}, check.FHostKeyUnknown, false, []string{"not trusted yet", "ssh-ed25519 SHA256:"}, nil},
		{"host key changed", func(t *testing.T) sftp.Config {
			srv := embeddedSSH(t, sftpd.Config{Password: "secret"})
			return sftp.Config{Host: "127.0.0.1", Port: srv.Port(), User: "ann", Password: "secret",
				HostKeys: knownHosts(t, srv.Port(), otherKey.PublicKey())}
		}, check.FHostKeyChanged, false, []string{"has changed", ssh.FingerprintSHA256(otherKey.PublicKey()), "someone in between"},
			map[string]string{"changed": "yes"}},
		{"no common login method", func(t *testing.T) sftp.Config {
			srv := embeddedSSH(t, sftpd.Config{AuthorizedKeys: []ssh.PublicKey{otherKey.PublicKey()}})
			return sftp.Config{Host: "127.0.0.1", Port: srv.Port(), User: "ann", Password: "secret",
				HostKeys: knownHosts(t, srv.Port(), srv.HostKey())}
		}, check.FSSHNoMethod, false, []string{"The server offers publickey;", "Key file"},
			map[string]string{"ssh_offered": "publickey"}},
		{"no sftp subsystem", func(t *testing.T) sftp.Config {
			srv := embeddedSSH(t, sftpd.Config{Password: "secret", NoSFTP: true})
			return sftp.Config{Host: "127.0.0.1", Port: srv.Port(), User: "ann", Password: "secret",
				HostKeys: knownHosts(t, srv.Port(), srv.HostKey())}
		}, check.FNoSFTP, false, []string{"does not offer SFTP", "Subsystem sftp internal-sftp"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			site := tc.site(t)
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			rep := check.Run(ctx, check.Config{SFTP: &site})
			text := checktext.For("en").Text(rep, checktext.Options{Exchange: true})
			if rep.Recommend.Works != tc.works {
				t.Errorf("works = %v, want %v", rep.Recommend.Works, tc.works)
			}
			if tc.finding != "" && !rep.Has(tc.finding) {
				t.Errorf("no finding %s", tc.finding)
			}
			if tc.works && len(rep.Findings) > 0 {
				t.Errorf("findings on a site that works: %+v", rep.Findings)
			}
			for _, w := range tc.words {
				if !strings.Contains(text, w) {
					t.Errorf("the report does not say %q", w)
				}
			}
			for k, v := range tc.facts {
				if !hasFact(rep, k, v) {
					t.Errorf("no step has %s = %q", k, v)
				}
			}
			zh := checktext.For("zh-Hans").Text(rep, checktext.Options{})
			if strings.Contains(text, "finding.") || strings.Contains(text, "fix.") || strings.Contains(zh, "finding.") || strings.Contains(zh, "fix.") {
				t.Errorf("a catalogue key shows instead of its words")
			}
			if t.Failed() {
				t.Logf("report:\n%s\n%s", text, zh)
			}
		})
	}
}

func hasFact(rep *check.Report, k, v string) bool {
	for _, s := range rep.Steps {
		if s.Facts[k] == v {
			return true
		}
	}
	return false
}
