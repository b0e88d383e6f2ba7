package sftp_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"io"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"portside/transfer/sftp"
	"portside/transfer/sftpd"
	"portside/transfer/transport"
)

// stallAfter reads r and silences the server once n bytes went by.
type stallAfter struct {
	r    io.Reader
	n    int
	srv  *sftpd.Server
	once sync.Once
}

func (s *stallAfter) Read(p []byte) (int, error) {
	if s.n <= 0 {
		s.once.Do(s.srv.Stall)
	}
	n, err := s.r.Read(p)
	s.n -= n
	return n, err
}

// A server that goes silent in the middle of a transfer ends it with the
// idle timeout's error (retryable: the queue tries again), not a hang;
// the session dials again for the retry, which completes.
func TestIdleTimeoutEndsStalledTransfer(t *testing.T) {
	const size = 32 << 20 // more than the read-ahead and the socket buffers hold
	data := make([]byte, size)
	rand.Read(data)
	for _, tc := range []struct {
		name string
		run  func(ctx context.Context, s *sftp.Session, srv *sftpd.Server, root string) error
	}{
		{"download", func(ctx context.Context, s *sftp.Session, srv *sftpd.Server, root string) error {
			r, err := s.Open(ctx, serverPath(filepath.Join(root, "big")), 0)
			if err != nil {
				return err
			}
			defer r.Close()
			_, err = io.Copy(io.Discard, &stallAfter{r: r, n: 1 << 20, srv: srv})
			return err
		}},
		{"upload", func(ctx context.Context, s *sftp.Session, srv *sftpd.Server, root string) error {
			return s.Upload(ctx, serverPath(filepath.Join(root, "up")), 0, &stallAfter{r: bytes.NewReader(data), n: 1 << 20, srv: srv})
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := t.TempDir()
			if err := os.WriteFile(filepath.Join(root, "big"), data, 0o644); err != nil {
				t.Fatal(err)
			}
			srv := embedded(t, sftpd.Config{Root: root, Password: "secret"})
			// 3 s: the retry is a healthy 32 MiB transfer, which under -race
			// beside the other packages' tests once went a second without a
			// byte (a CI run: "the server sent nothing for 1s" on the retry).
			s := connect(t, sftp.Config{Host: "127.0.0.1", Port: srv.Port(), User: "ann", Password: "secret",
				HostKeys: pinned(t, srv.Port(), srv.HostKey()), IdleTimeout: 3 * time.Second})
			// A guard far above the timeout: failing it means a hang.
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			err := tc.run(ctx, s, srv, root)
			var ie *transport.IdleError
			if !errors.As(err, &ie) || ctx.Err() != nil {
				t.Fatalf("%s from a silent server: %v, want the idle timeout's error", tc.name, err)
			}
			t.Logf("%s: %v", tc.name, err)

			// The retry, on a new connection.
			got := new(bytes.Buffer)
			switch tc.name {
			case "download":
				r, err := s.Open(ctx, serverPath(filepath.Join(root, "big")), 0)
				if err != nil {
					t.Fatalf("download again: %v", err)
				}
				_, err = io.Copy(got, r)
				r.Close()
				if err != nil {
					t.Fatalf("download again: %v", err)
				}
			case "upload":
				if err := s.Upload(ctx, serverPath(filepath.Join(root, "up")), 0, bytes.NewReader(data)); err != nil {
					t.Fatalf("upload again: %v", err)
				}
				b, _ := os.ReadFile(filepath.Join(root, "up"))
				got.Write(b)
			}
			if !bytes.Equal(got.Bytes(), data) {
				t.Fatalf("the retried %s has %d bytes, not the file's %d", tc.name, got.Len(), size)
			}
		})
	}
}

// A healthy server with nothing to do is asked for a sign of life, not
// given up: the idle timeout is about silence while waiting, and the
// connection made first still serves after several timeouts' worth.
func TestIdleTimeoutKeepsHealthyIdleConnection(t *testing.T) {
	root := t.TempDir()
	srv := embedded(t, sftpd.Config{Root: root, Password: "secret"})
	s := connect(t, sftp.Config{Host: "127.0.0.1", Port: srv.Port(), User: "ann", Password: "secret",
		HostKeys: pinned(t, srv.Port(), srv.HostKey()), IdleTimeout: 3 * time.Second})
	time.Sleep(8 * time.Second) // the session sits idle past the timeout
	if _, err := s.List(context.Background(), serverPath(root)); err != nil {
		t.Fatal(err)
	}
	if n := srv.Accepted(); n != 1 {
		t.Fatalf("the server accepted %d connections, want 1: the idle connection was given up", n)
	}
}
