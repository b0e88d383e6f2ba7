package sftp_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"portside/transfer/sftp"
	"portside/transfer/sftpd"
)

// The queue asks an uploaded file's size right after the upload; the
// session answers from the writes the server acknowledged, without a
// round trip (the server's file is changed behind its back to tell the
// two apart), once: anything later asks the server, and so does a path
// renamed or removed since.
func TestSizeAfterUploadNeedsNoRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		name   string
		offset int64
		body   string
		want   int64
		// then, after the upload and before asking: the path asked
		// changes, and Size must ask the server (nil: nothing)
		then func(s *sftp.Session, p string) (string, error)
	}{
		{"new file", 0, "hello world", 11, nil},
		{"resumed", 5, " world", 11, nil},
		{"renamed over", 0, "hello world", 1, func(s *sftp.Session, p string) (string, error) {
			q := p + ".2"
			os.WriteFile(q, []byte("abc"), 0o644)
			if err := s.Rename(context.Background(), serverPath(q), serverPath(p)); err != nil {
				return "", err
			}
			return p, os.WriteFile(p, []byte("x"), 0o644)
		}},
		{"removed", 0, "hello world", 1, func(s *sftp.Session, p string) (string, error) {
			if err := s.Remove(context.Background(), serverPath(p)); err != nil {
				return "", err
			}
			return p, nil
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := t.TempDir()
			p := filepath.Join(root, "f.part")
			os.WriteFile(p, []byte("hello"), 0o644)
			srv := embedded(t, sftpd.Config{Root: root, Password: "secret"})
			s := connect(t, sftp.Config{Host: "127.0.0.1", Port: srv.Port(), User: "ann", Password: "secret",
				HostKeys: pinned(t, srv.Port(), srv.HostKey())})
			ctx := context.Background()
			if err := s.Upload(ctx, serverPath(p), tc.offset, bytes.NewReader([]byte(tc.body))); err != nil {
				t.Fatal(err)
			}
			os.WriteFile(p, []byte("x"), 0o644) // what a Stat would see now
			if tc.then != nil {
				if _, err := tc.then(s, p); err != nil {
					t.Fatal(err)
				}
				os.WriteFile(p, []byte("x"), 0o644)
			}
			if n, err := s.Size(ctx, serverPath(p)); err != nil || n != tc.want {
				t.Fatalf("Size after the upload = %d, %v; want %d", n, err, tc.want)
			}
			if n, err := s.Size(ctx, serverPath(p)); err != nil || n != 1 {
				t.Fatalf("Size asked again = %d, %v; want the server's 1", n, err)
			}
		})
	}
}
