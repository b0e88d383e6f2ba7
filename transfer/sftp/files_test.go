//go:build linux

package sftp_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"portside/internal/realsshd"
	"portside/transfer"
	"portside/transfer/sftp"
	"portside/transfer/sftpd"
)

// backend is a session and the folder it may write in, with that folder's
// place on this machine's disk (both servers serve the real file system).
type backend struct {
	s    *sftp.Session
	root string
}

// backends runs f against the embedded server and against OpenSSH.
func backends(t *testing.T, f func(t *testing.T, b backend)) {
	t.Run("embedded", func(t *testing.T) {
		root := t.TempDir()
		srv := embedded(t, sftpd.Config{Root: root, Password: "secret"})
		f(t, backend{connect(t, sftp.Config{Host: "127.0.0.1", Port: srv.Port(), User: "ann",
			Password: "secret", HostKeys: pinned(t, srv.Port(), srv.HostKey())}), root})
	})
	t.Run("openssh", func(t *testing.T) {
		srv := realsshd.Start(t, realsshd.Options{})
		f(t, backend{connect(t, sftp.Config{Host: srv.Host, Port: srv.Port, User: srv.User,
			Password: srv.Password, HostKeys: pinned(t, srv.Port, srv.HostKey)}), srv.Root})
	})
}

func put(t *testing.T, s *sftp.Session, p string, body []byte) {
	t.Helper()
	w, err := s.Create(context.Background(), p, 0)
	if err == nil {
		_, err = w.Write(body)
		if cerr := w.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		t.Fatal(err)
	}
}

func get(t *testing.T, s *sftp.Session, p string) []byte {
	t.Helper()
	r, err := s.Open(context.Background(), p, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var buf bytes.Buffer
	if _, err := io.Copy(&buf, r); err != nil { // WriteTo: the concurrent path
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestAttributes(t *testing.T) {
	ctx := context.Background()
	backends(t, func(t *testing.T, b backend) {
		p := b.root + "/f.txt"
		put(t, b.s, p, []byte("x"))
		when := time.Date(2021, 3, 4, 5, 6, 7, 0, time.UTC)
		if err := b.s.SetModTime(ctx, p, when); err != nil {
			t.Fatal(err)
		}
		if err := b.s.Chmod(ctx, p, 0o640); err != nil {
			t.Fatal(err)
		}
		e, err := b.s.Stat(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		if !e.ModTime.Equal(when) || e.Perm != "rw-r-----" {
			t.Fatalf("after setstat: time %v, permissions %q; want %v, rw-r-----", e.ModTime, e.Perm, when)
		}
	})
}

func TestSymlinksListAsLinks(t *testing.T) {
	ctx := context.Background()
	backends(t, func(t *testing.T, b backend) {
		os.Mkdir(filepath.Join(b.root, "dir"), 0o755)
		os.WriteFile(filepath.Join(b.root, "file"), []byte("12345"), 0o644)
		for name, target := range map[string]string{"to-dir": "dir", "to-file": "file", "dangling": "nowhere"} {
			if err := os.Symlink(target, filepath.Join(b.root, name)); err != nil {
				t.Fatal(err)
			}
		}
		list, err := b.s.List(ctx, b.root)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]transfer.Entry{}
		for _, e := range list {
			got[e.Name] = e
		}
		for _, c := range []struct {
			name        string
			link, isDir bool
			size        int64
		}{
			{"dir", false, true, -1},
			{"file", false, false, 5},
			{"to-dir", true, true, -1},
			{"to-file", true, false, 5},
			{"dangling", true, false, -1},
		} {
			e, ok := got[c.name]
			if !ok || e.IsLink != c.link || e.IsDir != c.isDir || (c.size >= 0 && e.Size != c.size) {
				t.Errorf("%s = %+v (listed %v), want link %v, folder %v, size %d", c.name, e, ok, c.link, c.isDir, c.size)
			}
		}
	})
}

// A part file renamed onto an older copy replaces it, as on the local side
// and on FTP servers: SFTP v3's rename would refuse.
func TestRenameReplaces(t *testing.T) {
	ctx := context.Background()
	backends(t, func(t *testing.T, b backend) {
		put(t, b.s, b.root+"/a.txt", []byte("old"))
		put(t, b.s, b.root+"/a.txt.portside-part", []byte("new"))
		if err := b.s.Rename(ctx, b.root+"/a.txt.portside-part", b.root+"/a.txt"); err != nil {
			t.Fatal(err)
		}
		if got := get(t, b.s, b.root+"/a.txt"); string(got) != "new" {
			t.Fatalf("after rename: %q", got)
		}
	})
}

func TestResumeUpload(t *testing.T) {
	ctx := context.Background()
	backends(t, func(t *testing.T, b backend) {
		for _, c := range []struct {
			name, have string
			offset     int64
			want       string
			err        error
		}{
			{"after the part sent", "hello, ", 7, "hello, world", nil},
			{"cuts a broken write's tail", "hello, wo#$", 7, "hello, world", nil},
			{"the file is shorter", "hel", 7, "hel", transfer.ErrNoResume},
		} {
			t.Run(c.name, func(t *testing.T) {
				p := b.root + "/r.txt"
				put(t, b.s, p, []byte(c.have))
				w, err := b.s.Create(ctx, p, c.offset)
				if err == nil {
					w.Write([]byte("world"))
					err = w.Close()
				}
				if !errors.Is(err, c.err) {
					t.Fatalf("resume: %v, want %v", err, c.err)
				}
				if got := get(t, b.s, p); string(got) != c.want {
					t.Fatalf("file = %q, want %q", got, c.want)
				}
			})
		}
	})
}

// One session carries several transfers at once, each with its requests in
// flight: the queue's workers and a listing share a connection.
func TestConcurrentTransfers(t *testing.T) {
	ctx := context.Background()
	backends(t, func(t *testing.T, b backend) {
		body := make([]byte, 3<<20+17)
		rand.Read(body)
		var wg sync.WaitGroup
		errs := make(chan error, 8)
		for i := range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				p := fmt.Sprintf("%s/c%d.bin", b.root, i)
				if err := b.s.Upload(ctx, p, 0, bytes.NewReader(body)); err != nil {
					errs <- err
					return
				}
				r, err := b.s.Open(ctx, p, 1000)
				if err != nil {
					errs <- err
					return
				}
				got, err := io.ReadAll(struct{ io.Reader }{r})
				r.Close()
				if err == nil && !bytes.Equal(got, body[1000:]) {
					err = fmt.Errorf("%s: read back %d bytes that differ", p, len(got))
				}
				if err != nil {
					errs <- err
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		if got := get(t, b.s, b.root+"/c0.bin"); !bytes.Equal(got, body) {
			t.Errorf("c0.bin read with WriteTo: %d bytes that differ", len(got))
		}
	})
}

// A download closed before its end (a cancelled or paused item) stops its
// read-ahead and leaves the session usable.
func TestCloseDownloadEarly(t *testing.T) {
	ctx := context.Background()
	backends(t, func(t *testing.T, b backend) {
		body := make([]byte, 8<<20)
		rand.Read(body)
		put(t, b.s, b.root+"/big.bin", body)
		for range 3 {
			r, err := b.s.Open(ctx, b.root+"/big.bin", 5)
			if err != nil {
				t.Fatal(err)
			}
			head := make([]byte, 100)
			if _, err := io.ReadFull(r, head); err != nil || !bytes.Equal(head, body[5:105]) {
				t.Fatalf("first bytes: %v", err)
			}
			if err := r.Close(); err != nil {
				t.Fatalf("close early: %v", err)
			}
		}
		if got := get(t, b.s, b.root+"/big.bin"); !bytes.Equal(got, body) {
			t.Fatal("the session reads wrong after early closes")
		}
	})
}
