//go:build linux

package sftp

import (
	"bytes"
	"context"
	"crypto/rand"
	"io"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"golang.org/x/crypto/ssh/knownhosts"

	"portside/internal/realsshd"
	"portside/transfer/sftpd"
)

func TestPacketSize(t *testing.T) {
	for _, tc := range []struct {
		name string
		l    limits
		want int
	}{
		{"OpenSSH 9", limits{packet: 256 << 10, read: 255 << 10, write: 255 << 10}, 255 << 10},
		{"writes smaller than reads", limits{packet: 256 << 10, read: 255 << 10, write: 64 << 10}, 64 << 10},
		{"packet smaller than reads", limits{packet: 100 << 10, read: 255 << 10, write: 255 << 10}, 99 << 10},
		{"boasting server", limits{packet: 1 << 40, read: 1 << 40, write: 1 << 40}, maxPacket},
		{"below the minimum", limits{packet: 8 << 10, read: 4 << 10, write: 4 << 10}, defaultPacket},
		{"zeros", limits{}, defaultPacket},
	} {
		if got := tc.l.packetSize(); got != tc.want {
			t.Errorf("%s: packetSize = %d, want %d", tc.name, got, tc.want)
		}
	}
}

// OpenSSH announces limits@openssh.com: requests grow to its read and
// write limit, fewer of them in flight, and files of every size around
// the request size (one write, or the concurrent path) and larger than
// the bytes in flight come back whole. The embedded server (pkg/sftp) does
// not announce them and keeps 32 KiB.
func TestLargerRequestsWhereTheServerTakesThem(t *testing.T) {
	data := make([]byte, 5<<20+12345)
	rand.Read(data)
	for _, tc := range []struct {
		name     string
		start    func(t *testing.T) (Config, string)
		requests int
	}{
		{"OpenSSH", func(t *testing.T) (Config, string) {
			srv := realsshd.Start(t, realsshd.Options{})
			return Config{Host: srv.Host, Port: srv.Port, User: srv.User, Password: srv.Password,
				HostKeys: pinnedKeys(t, srv.Port, srv)}, srv.Root
		}, inFlight / (255 << 10)},
		{"embedded", func(t *testing.T) (Config, string) {
			root := t.TempDir()
			srv, err := sftpd.Start(sftpd.Config{Root: root, User: "ann", Password: "secret"})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { srv.Close() })
			return Config{Host: "127.0.0.1", Port: srv.Port(), User: "ann", Password: "secret",
				HostKeys: pinnedKeys(t, srv.Port(), srv)}, root
		}, defaultConcurrency},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg, root := tc.start(t)
			ctx := context.Background()
			s, err := Connect(ctx, cfg)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			c, err := s.live(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if c.requests != tc.requests {
				t.Errorf("%d requests in flight, want %d", c.requests, tc.requests)
			}
			for _, n := range []int{0, 1, c.packet - 1, c.packet, c.packet + 1, 3*c.packet + 7, len(data)} {
				p := filepath.Join(root, strconv.Itoa(n))
				// Through a reader that hides its size, as the queue's does.
				if err := s.Upload(ctx, p, 0, struct{ io.Reader }{bytes.NewReader(data[:n])}); err != nil {
					t.Fatal(err)
				}
				if size, err := s.Size(ctx, p); err != nil || size != int64(n) {
					t.Errorf("%d bytes uploaded, Size says %d (%v)", n, size, err)
				}
				r, err := s.Open(ctx, p, 0)
				if err != nil {
					t.Fatal(err)
				}
				got, err := io.ReadAll(r)
				r.Close()
				if err != nil || !bytes.Equal(got, data[:n]) {
					t.Fatalf("read back %d bytes (%v), want the %d written", len(got), err, n)
				}
			}
		})
	}
}

// pinnedKeys pins srv's host key for 127.0.0.1:port.
func pinnedKeys(t *testing.T, port int, srv any) *HostKeys {
	t.Helper()
	var line string
	addr := knownhosts.Normalize(net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
	switch s := srv.(type) {
	case *realsshd.Server:
		line = knownhosts.Line([]string{addr}, s.HostKey)
	case *sftpd.Server:
		line = knownhosts.Line([]string{addr}, s.HostKey())
	}
	file := filepath.Join(t.TempDir(), "known_hosts")
	if err := os.WriteFile(file, []byte(line+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return &HostKeys{File: file}
}
