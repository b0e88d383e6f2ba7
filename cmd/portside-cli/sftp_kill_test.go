//go:build linux

package main

import (
	"crypto/rand"
	"crypto/sha256"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"

	"portside/internal/realsshd"
	"portside/transfer/sftpd"
)

// A 300-file SFTP get killed with SIGKILL midway finishes when run again:
// every file byte-identical, no part file left; against the embedded
// server and OpenSSH.
func TestKill9ResumesSFTPGet(t *testing.T) {
	for _, server := range []string{"embedded", "openssh"} {
		t.Run(server, func(t *testing.T) {
			var root, url, fingerprint, pw string
			if server == "embedded" {
				root = t.TempDir()
				srv, err := sftpd.Start(sftpd.Config{Root: root, User: "ann", Password: "s3cret"})
				if err != nil {
					t.Fatal(err)
				}
				defer srv.Close()
				url = fmt.Sprintf("sftp://ann@127.0.0.1:%d%s/", srv.Port(), root)
				fingerprint, pw = ssh.FingerprintSHA256(srv.HostKey()), "s3cret"
			} else {
				srv := realsshd.Start(t, realsshd.Options{})
				root = srv.Root
				url = fmt.Sprintf("sftp://%s@%s%s/", srv.User, srv.Addr(), root)
				fingerprint, pw = ssh.FingerprintSHA256(srv.HostKey), srv.Password
			}
			want := map[string][32]byte{}
			for i := range 300 {
				name := fmt.Sprintf("d%02d/f%03d.bin", i%15, i)
				b := make([]byte, 30_000+i*211)
				rand.Read(b)
				os.MkdirAll(filepath.Join(root, filepath.Dir(name)), 0o755)
				if err := os.WriteFile(filepath.Join(root, name), b, 0o644); err != nil {
					t.Fatal(err)
				}
				want[name] = sha256.Sum256(b)
			}
			local := t.TempDir()
			journal := filepath.Join(t.TempDir(), "q.db")
			// A config folder of its own: nothing is read from or written to
			// the machine's user's.
			home := t.TempDir()
			args := []string{"--fingerprint", fingerprint, "get", "--parallel", "3", "--journal", journal, url, local}
			start := func() *exec.Cmd {
				c := child(t, args...)
				c.Env = append(c.Env, "PORTSIDE_PASSWORD="+pw, "HOME="+home, "XDG_CONFIG_HOME="+filepath.Join(home, ".config"), "SSH_AUTH_SOCK=")
				return c
			}

			first := start()
			if err := first.Start(); err != nil {
				t.Fatal(err)
			}
			deadline := time.Now().Add(60 * time.Second)
			for {
				if n, _ := countFiles(local); n >= 40 {
					break
				}
				if time.Now().After(deadline) {
					first.Process.Kill()
					first.Wait()
					t.Fatal("the first run did not get going")
				}
				time.Sleep(2 * time.Millisecond)
			}
			first.Process.Signal(syscall.SIGKILL)
			first.Wait()
			got, _ := countFiles(local)
			if got >= 300 {
				t.Fatalf("the first run finished (%d files) before it was killed: the test proves nothing", got)
			}
			t.Logf("killed after %d of 300 files", got)

			out, err := start().CombinedOutput()
			if err != nil {
				t.Fatalf("second run: %v\n%s", err, out)
			}
			if !strings.Contains(string(out), "resuming") {
				t.Errorf("the second run did not resume from the journal:\n%s", out)
			}
			files, parts := countFiles(local)
			if files != 300 || parts != 0 {
				t.Fatalf("%d files and %d part files after the second run", files, parts)
			}
			for name, sum := range want {
				// A folder's get lands in a folder of its name, as cp -r does.
				b, err := os.ReadFile(filepath.Join(local, filepath.Base(root), name))
				if err != nil || sha256.Sum256(b) != sum {
					t.Errorf("%s differs or is missing: %v", name, err)
				}
			}
		})
	}
}
