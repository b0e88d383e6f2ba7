package sftp_test

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/knownhosts"

	"portside/transfer/sftp"
	"portside/transfer/sftpd"
)

// pinned is a HostKeys that knows key for 127.0.0.1:port, as a test pins
// its server's key: nothing is ever trusted unseen.
func pinned(t *testing.T, port int, key ssh.PublicKey) *sftp.HostKeys {
	t.Helper()
	file := filepath.Join(t.TempDir(), "known_hosts")
	line := knownhosts.Line([]string{knownhosts.Normalize(net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))}, key)
	if err := os.WriteFile(file, []byte(line+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return &sftp.HostKeys{File: file}
}

// embedded starts an sftpd serving a temp folder with user "ann",
// password "secret", and the extra settings cfg holds.
func embedded(t *testing.T, cfg sftpd.Config) *sftpd.Server {
	t.Helper()
	if cfg.Root == "" {
		cfg.Root = t.TempDir()
	}
	if cfg.User == "" {
		cfg.User = "ann"
	}
	srv, err := sftpd.Start(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	return srv
}

func connect(t *testing.T, cfg sftp.Config) *sftp.Session {
	t.Helper()
	s, err := sftp.Connect(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// serverPath is the path the embedded server, running on this system, gives
// local folder p: on Windows /C:/Users/…, as pkg/sftp's server reads it.
func serverPath(p string) string {
	if runtime.GOOS == "windows" {
		return "/" + filepath.ToSlash(p)
	}
	return p
}
