//go:build linux

package sftp_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"

	"portside/internal/realsshd"
	"portside/transfer"
	"portside/transfer/sftp"
	"portside/transfer/sftpd"
)

// keyFile makes a key with OpenSSH's ssh-keygen: kind is its -t, format
// "" (OpenSSH's own) or "PEM", passphrase "" for none.
type keyFile struct {
	kind, format, passphrase string
}

func (k keyFile) String() string {
	s := k.kind
	if k.format != "" {
		s += "-" + k.format
	}
	if k.passphrase != "" {
		s += "-encrypted"
	}
	return s
}

func (k keyFile) make(t *testing.T) (file string, pub ssh.PublicKey, line string) {
	t.Helper()
	file = filepath.Join(t.TempDir(), "id_"+k.String())
	args := []string{"-q", "-t", k.kind, "-N", k.passphrase, "-C", "test", "-f", file}
	if k.format != "" {
		args = append(args, "-m", k.format)
	}
	if k.kind == "rsa" {
		args = append(args, "-b", "2048")
	}
	if out, err := exec.Command("ssh-keygen", args...).CombinedOutput(); err != nil {
		t.Fatalf("ssh-keygen: %v: %s", err, out)
	}
	b, err := os.ReadFile(file + ".pub")
	if err != nil {
		t.Fatal(err)
	}
	pub, _, _, _, err = ssh.ParseAuthorizedKey(b)
	if err != nil {
		t.Fatal(err)
	}
	return file, pub, strings.TrimSpace(string(b))
}

var keyKinds = []keyFile{
	{kind: "ed25519"},
	{kind: "ecdsa"},
	{kind: "rsa"},
	{kind: "ed25519", passphrase: "correct horse"},
	{kind: "ecdsa", format: "PEM"},
	{kind: "rsa", format: "PEM"},
	{kind: "rsa", format: "PEM", passphrase: "correct horse"},
}

func TestKeyFiles(t *testing.T) {
	for _, k := range keyKinds {
		t.Run(k.String(), func(t *testing.T) {
			file, pub, line := k.make(t)
			asked := 0
			ask := sftp.OncePassphrase(func(string) (string, error) { asked++; return k.passphrase, nil })
			run := func(t *testing.T, host string, port int, user string, hostKey ssh.PublicKey) {
				// Two connections, as a site's pool makes: one question.
				for range 2 {
					connect(t, sftp.Config{Host: host, Port: port, User: user, KeyFiles: []string{file},
						Passphrase: ask, HostKeys: pinned(t, port, hostKey)})
				}
			}
			t.Run("embedded", func(t *testing.T) {
				srv := embedded(t, sftpd.Config{AuthorizedKeys: []ssh.PublicKey{pub}})
				run(t, "127.0.0.1", srv.Port(), "ann", srv.HostKey())
			})
			t.Run("openssh", func(t *testing.T) {
				srv := realsshd.Start(t, realsshd.Options{AuthorizedKeys: []string{line}})
				run(t, srv.Host, srv.Port, srv.User, srv.HostKey)
			})
			want := 0
			if k.passphrase != "" {
				want = 1
			}
			if asked != want {
				t.Errorf("passphrase asked %d times, want %d", asked, want)
			}
		})
	}
}

func TestLoginRefused(t *testing.T) {
	encrypted, _, line := keyFile{kind: "ed25519", passphrase: "right"}.make(t)
	srv := realsshd.Start(t, realsshd.Options{AuthorizedKeys: []string{line}})
	for _, c := range []struct {
		name string
		cfg  sftp.Config
		want error // beside transfer.ErrLogin
	}{
		{"wrong password", sftp.Config{Password: "wrong"}, nil},
		{"wrong passphrase", sftp.Config{KeyFiles: []string{encrypted},
			Passphrase: func(string) (string, error) { return "wrong", nil }}, sftp.ErrBadPassphrase},
		{"no passphrase to ask", sftp.Config{KeyFiles: []string{encrypted}}, sftp.ErrNeedPassphrase},
		{"a key the server does not know", sftp.Config{KeyFiles: []string{func() string {
			f, _, _ := keyFile{kind: "ed25519"}.make(t)
			return f
		}()}}, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			cfg := c.cfg
			cfg.Host, cfg.Port, cfg.User = srv.Host, srv.Port, srv.User
			cfg.HostKeys = pinned(t, srv.Port, srv.HostKey)
			s, err := sftp.Connect(context.Background(), cfg)
			if err == nil {
				s.Close()
			}
			if !errors.Is(err, transfer.ErrLogin) || (c.want != nil && !errors.Is(err, c.want)) {
				t.Fatalf("connect: %v, want %v and %v", err, transfer.ErrLogin, c.want)
			}
			if cfg.Password != "" && strings.Contains(err.Error(), cfg.Password) {
				t.Fatalf("the error shows the password: %v", err)
			}
		})
	}
}

// startAgent runs OpenSSH's ssh-agent for the test and adds key to it.
func startAgent(t *testing.T, key string) string {
	t.Helper()
	sock := filepath.Join(t.TempDir(), "agent.sock")
	cmd := exec.Command("ssh-agent", "-D", "-a", sock)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Signal(syscall.SIGTERM); cmd.Wait() })
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if c, err := net.Dial("unix", sock); err == nil {
			c.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("ssh-agent did not start")
		}
	}
	add := exec.Command("ssh-add", key)
	add.Env = append(os.Environ(), "SSH_AUTH_SOCK="+sock)
	if out, err := add.CombinedOutput(); err != nil {
		t.Fatalf("ssh-add: %v: %s", err, out)
	}
	return sock
}

func TestAgent(t *testing.T) {
	srv := realsshd.Start(t, realsshd.Options{})
	sock := startAgent(t, srv.KeyFile)
	for _, c := range []struct {
		name   string
		env    string // SSH_AUTH_SOCK
		socket string // Config.AgentSocket
		err    error
	}{
		{"from SSH_AUTH_SOCK", sock, "", nil},
		{"from the site", "", sock, nil},
		{"no agent", "", "", transfer.ErrLogin},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Setenv("SSH_AUTH_SOCK", c.env)
			s, err := sftp.Connect(context.Background(), sftp.Config{Host: srv.Host, Port: srv.Port, User: srv.User,
				Agent: true, AgentSocket: c.socket, HostKeys: pinned(t, srv.Port, srv.HostKey)})
			if err == nil {
				_, err = s.Home(context.Background())
				s.Close()
			}
			if !errors.Is(err, c.err) {
				t.Fatalf("connect: %v, want %v", err, c.err)
			}
		})
	}
}

func TestKeyboardInteractive(t *testing.T) {
	t.Run("one-time code", func(t *testing.T) {
		srv := embedded(t, sftpd.Config{Questions: []string{"Verification code: "}, Answers: []string{"123456"}})
		for _, code := range []string{"123456", "000000"} {
			var shown []sftp.Challenge
			s, err := sftp.Connect(context.Background(), sftp.Config{Host: "127.0.0.1", Port: srv.Port(), User: "ann",
				Answer: func(c sftp.Challenge) ([]string, error) {
					shown = append(shown, c)
					return []string{code}, nil
				},
				HostKeys: pinned(t, srv.Port(), srv.HostKey())})
			if err == nil {
				s.Close()
			}
			if len(shown) == 0 || shown[0].Questions[0] != "Verification code: " || shown[0].Echo[0] {
				t.Fatalf("prompts shown: %+v", shown)
			}
			if (err == nil) != (code == "123456") || (err != nil && !errors.Is(err, transfer.ErrLogin)) {
				t.Fatalf("code %s: %v", code, err)
			}
		}
	})
	// OpenSSH with passwords only through PAM's prompt: the site's
	// password answers it, and a wrong one is refused.
	t.Run("PAM password prompt", func(t *testing.T) {
		srv := realsshd.Start(t, realsshd.Options{NoPassword: true})
		for _, pw := range []string{srv.Password, "wrong"} {
			s, err := sftp.Connect(context.Background(), sftp.Config{Host: srv.Host, Port: srv.Port, User: srv.User,
				Password: pw, HostKeys: pinned(t, srv.Port, srv.HostKey)})
			if err == nil {
				s.Close()
			}
			if ok := pw == srv.Password; (err == nil) != ok {
				t.Fatalf("password right=%v: %v\n%s", ok, err, srv.Log())
			}
		}
	})
}

// The server's offer decides the order: with a key and a password, a
// server that takes keys first never sees the password.
func TestServerDecidesOrder(t *testing.T) {
	srv := realsshd.Start(t, realsshd.Options{})
	s := connect(t, sftp.Config{Host: srv.Host, Port: srv.Port, User: srv.User, Password: "not tried",
		KeyFiles: []string{srv.KeyFile}, HostKeys: pinned(t, srv.Port, srv.HostKey)})
	s.Close()
	log := srv.Log()
	if !strings.Contains(log, "Accepted publickey") || strings.Contains(log, "Failed password") {
		t.Fatalf("sshd's log:\n%s", tail(log))
	}
}

func tail(s string) string {
	var lines []string
	sc := bufio.NewScanner(strings.NewReader(s))
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	if len(lines) > 20 {
		lines = lines[len(lines)-20:]
	}
	return fmt.Sprint(strings.Join(lines, "\n"))
}
