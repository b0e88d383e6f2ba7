//go:build linux

package sftp_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/crypto/ssh"

	"portside/internal/realsshd"
	"portside/transfer/sftp"
	"portside/transfer/sftpd"
)

// asker records the questions and gives one answer to all of them.
type asker struct {
	answer sftp.Decision
	asked  []sftp.HostKey
}

func (a *asker) ask(k sftp.HostKey) (sftp.Decision, error) {
	a.asked = append(a.asked, k)
	return a.answer, nil
}

func TestHostKeyTrust(t *testing.T) {
	other, _ := sftpd.NewHostKey()
	for _, c := range []struct {
		name     string
		known    func(srv *sftpd.Server) ssh.PublicKey // in Portside's file; nil: unknown
		userFile bool                                  // the known key is in ~/.ssh/known_hosts instead
		answer   sftp.Decision
		noAsk    bool // Ask is nil: no one to ask
		wantErr  error
		wantAsk  int
		saved    bool // the key is in Portside's file afterwards
	}{
		{name: "unknown, nobody to ask", noAsk: true, wantErr: sftp.ErrHostKeyRejected},
		{name: "unknown, rejected (and asked again)", answer: sftp.Reject, wantErr: sftp.ErrHostKeyRejected, wantAsk: 2},
		{name: "unknown, trusted once", answer: sftp.TrustOnce, wantAsk: 1},
		{name: "unknown, trusted always", answer: sftp.TrustAlways, wantAsk: 1, saved: true},
		{name: "known in Portside's file", known: (*sftpd.Server).HostKey, answer: sftp.Reject, saved: true},
		{name: "known in ~/.ssh/known_hosts", known: (*sftpd.Server).HostKey, userFile: true, answer: sftp.Reject},
		{name: "changed", known: func(*sftpd.Server) ssh.PublicKey { return other.PublicKey() }, answer: sftp.TrustAlways,
			wantErr: &sftp.HostKeyChangedError{}},
		{name: "changed, known in ~/.ssh", known: func(*sftpd.Server) ssh.PublicKey { return other.PublicKey() }, userFile: true,
			answer: sftp.TrustAlways, wantErr: &sftp.HostKeyChangedError{}},
	} {
		t.Run(c.name, func(t *testing.T) {
			srv := embedded(t, sftpd.Config{Password: "secret"})
			dir := t.TempDir()
			hk := &sftp.HostKeys{File: filepath.Join(dir, "portside", "known_hosts"),
				UserFiles: []string{filepath.Join(dir, "home", ".ssh", "known_hosts")}}
			if c.known != nil {
				file := hk.File
				if c.userFile {
					file = hk.UserFiles[0]
				}
				os.MkdirAll(filepath.Dir(file), 0o700)
				line := "[127.0.0.1]:" + strconv.Itoa(srv.Port()) + " " + string(ssh.MarshalAuthorizedKey(c.known(srv)))
				if err := os.WriteFile(file, []byte(line), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			a := &asker{answer: c.answer}
			if !c.noAsk {
				hk.Ask = a.ask
			}
			cfg := sftp.Config{Host: "127.0.0.1", Port: srv.Port(), User: "ann", Password: "secret", HostKeys: hk}
			// Twice: an answer holds for the session's next connections.
			for range 2 {
				s, err := sftp.Connect(context.Background(), cfg)
				if s != nil {
					s.Close()
				}
				var changed *sftp.HostKeyChangedError
				switch {
				case errors.As(c.wantErr, &changed):
					if !errors.As(err, &changed) {
						t.Fatalf("connect: %v, want a changed key", err)
					}
					want := ssh.FingerprintSHA256(other.PublicKey())
					got := ssh.FingerprintSHA256(srv.HostKey())
					if len(changed.Known) != 1 || changed.Known[0].Fingerprint != want || changed.Presented.Fingerprint != got ||
						!strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), got) {
						t.Fatalf("the error does not name both fingerprints: %v", err)
					}
				case !errors.Is(err, c.wantErr):
					t.Fatalf("connect: %v, want %v", err, c.wantErr)
				}
			}
			if len(a.asked) != c.wantAsk {
				t.Fatalf("asked %d times, want %d", len(a.asked), c.wantAsk)
			}
			if c.wantAsk > 0 {
				k := a.asked[0]
				if k.Type != ssh.KeyAlgoED25519 || k.Fingerprint != ssh.FingerprintSHA256(srv.HostKey()) ||
					!strings.HasPrefix(k.Fingerprint, "SHA256:") {
					t.Fatalf("asked about %+v", k)
				}
			}
			// Portside's file, read by OpenSSH's own tool.
			out, _ := exec.Command("ssh-keygen", "-F", "[127.0.0.1]:"+strconv.Itoa(srv.Port()), "-f", hk.File).Output()
			b64 := strings.Fields(string(ssh.MarshalAuthorizedKey(srv.HostKey())))[1]
			if saved := strings.Contains(string(out), b64); saved != c.saved {
				t.Fatalf("key saved in Portside's known_hosts = %v, want %v (ssh-keygen -F: %q)", saved, c.saved, out)
			}
		})
	}
}

// A server with keys of several types shows the one on record: Portside
// offers the known key's algorithm first, as OpenSSH does, instead of
// calling the ECDSA key the library prefers a changed key.
func TestHostKeyOfAnotherType(t *testing.T) {
	priv, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	ec, _ := ssh.NewSignerFromKey(priv)
	srv := embedded(t, sftpd.Config{Password: "secret", MoreHostKeys: []ssh.Signer{ec}})
	connect(t, sftp.Config{Host: "127.0.0.1", Port: srv.Port(), User: "ann", Password: "secret",
		HostKeys: pinned(t, srv.Port(), srv.HostKey())})
}

// OpenSSH's own host key, met for the first time and trusted always, is
// then known to OpenSSH's client through Portside's file.
func TestHostKeyOpenSSH(t *testing.T) {
	srv := realsshd.Start(t, realsshd.Options{})
	file := filepath.Join(t.TempDir(), "known_hosts")
	a := &asker{answer: sftp.TrustAlways}
	connect(t, sftp.Config{Host: srv.Host, Port: srv.Port, User: srv.User, KeyFiles: []string{srv.KeyFile},
		HostKeys: &sftp.HostKeys{File: file, Ask: a.ask}})
	if len(a.asked) != 1 || a.asked[0].Fingerprint != ssh.FingerprintSHA256(srv.HostKey) {
		t.Fatalf("asked %+v", a.asked)
	}
	cmd := exec.Command("sftp", "-b", "-", "-P", strconv.Itoa(srv.Port), "-i", srv.KeyFile,
		"-o", "StrictHostKeyChecking=yes", "-o", "UserKnownHostsFile="+file, "-o", "GlobalKnownHostsFile=/dev/null",
		"-o", "BatchMode=yes", "-o", "IdentityAgent=none", srv.User+"@127.0.0.1")
	cmd.Stdin = strings.NewReader("pwd\n")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("OpenSSH's sftp with Portside's known_hosts: %v\n%s", err, out)
	}
}
