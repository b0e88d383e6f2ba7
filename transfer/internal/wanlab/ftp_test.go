//go:build linux

package wanlab_test

import (
	"bytes"
	"crypto/rand"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"portside/transfer/internal/realftpd"
	"portside/transfer/internal/wanlab"
)

// TestFTPOverLink runs vsftpd in the server namespace and curl in the
// client namespace, with the emulated link between them: uploads and
// downloads must arrive whole in passive and active mode and over explicit
// TLS, and the engine must have carried the data connections (the link is
// IP forwarding, not a relay of the control connection).
func TestFTPOverLink(t *testing.T) {
	w := wanlab.New(t, wanlab.Symmetric(20*time.Millisecond, 0))
	cases := []struct {
		name string
		tls  realftpd.TLSMode
		args []string
		cmd  string // what the server's log must show
	}{
		{"passive", realftpd.TLSNone, []string{"--ftp-pasv"}, `"EPSV"`},
		{"active", realftpd.TLSNone, []string{"--ftp-port", wanlab.ClientIP}, `"EPRT |1|` + wanlab.ClientIP},
		{"explicit TLS passive", realftpd.TLSExplicit, []string{"--ftp-pasv", "--ssl-reqd", "--tls-max", "1.2"}, `"EPSV"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv := realftpd.Start(t, realftpd.Vsftpd, realftpd.Options{TLS: c.tls,
				Netns: w.Server.Name, Host: wanlab.ServerIP})
			data := make([]byte, 300<<10)
			rand.Read(data)
			local := filepath.Join(t.TempDir(), "up.bin")
			os.WriteFile(local, data, 0o644)
			os.Chmod(filepath.Dir(local), 0o755)
			// The test certificate names localhost: curl connects to the
			// lab's address under that name.
			port := strconv.Itoa(srv.Port)
			url := fmt.Sprintf("ftp://%s:%s@localhost:%s/f.bin", srv.User, srv.Password, port)
			via := "localhost:" + port + ":" + wanlab.ServerIP + ":" + port
			_, before := w.Stats()
			curl := func(args ...string) string {
				all := append([]string{"curl", "-sS", "--max-time", "60", "--cacert", srv.CAFile, "--connect-to", via}, c.args...)
				out, errOut, err := w.Client.Exec(90*time.Second, nil, append(all, append(args, url)...)...)
				if err != nil {
					t.Fatalf("curl %v: %v: %s", args, err, errOut)
				}
				return out
			}
			curl("-T", local)
			got := curl()
			if !bytes.Equal([]byte(got), data) {
				t.Fatalf("downloaded %d bytes, not the %d uploaded", len(got), len(data))
			}
			if !strings.Contains(srv.Log(), c.cmd) {
				t.Errorf("the server's log has no %s:\n%s", c.cmd, srv.Log())
			}
			if _, after := w.Stats(); after.Bytes-before.Bytes < int64(len(data)) {
				t.Errorf("the link carried %d bytes server→client, less than the download's %d",
					after.Bytes-before.Bytes, len(data))
			}
		})
	}
}
