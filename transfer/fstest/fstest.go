// Package fstest is the conformance suite every transfer.FS passes: the
// local file system, and FTP sessions against the embedded server and the
// real ones. A backend that behaves differently from the others is a bug
// the queue and sync would otherwise meet in the field.
package fstest

import (
	"bytes"
	"context"
	"errors"
	"io"
	"regexp"
	"sort"
	"testing"
	"time"

	"portside/transfer"
)

// Run checks fs, whose root (an empty, writable folder) is root.
var permRe = regexp.MustCompile(`^([-r][-w][-xsS][-r][-w][-xsS][-r][-w][-xtT]|[acdeflmprw]+)$`)

func Run(t *testing.T, fs transfer.FS, root string) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	p := func(names ...string) string {
		out := root
		for _, n := range names {
			out = fs.Join(out, n)
		}
		return out
	}
	write := func(t *testing.T, path string, off int64, body []byte) {
		t.Helper()
		w, err := fs.Create(ctx, path, off)
		if err != nil {
			t.Fatalf("create %s: %v", path, err)
		}
		if _, err := w.Write(body); err != nil {
			t.Fatalf("write %s: %v", path, err)
		}
		if err := w.Close(); err != nil {
			t.Fatalf("close %s: %v", path, err)
		}
	}
	read := func(t *testing.T, path string, off int64) []byte {
		t.Helper()
		r, err := fs.Open(ctx, path, off)
		if err != nil {
			t.Fatalf("open %s: %v", path, err)
		}
		b, err := io.ReadAll(r)
		if cerr := r.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			t.Fatalf("read %s: %v", path, err)
		}
		return b
	}

	t.Run("write and read back", func(t *testing.T) {
		body := bytes.Repeat([]byte("portside "), 50_000)
		write(t, p("a.bin"), 0, body)
		if got := read(t, p("a.bin"), 0); !bytes.Equal(got, body) {
			t.Fatalf("read %d bytes, wrote %d", len(got), len(body))
		}
		if got := read(t, p("a.bin"), 9); !bytes.Equal(got, body[9:]) {
			t.Fatalf("read from offset 9: %d bytes", len(got))
		}
	})
	t.Run("empty file", func(t *testing.T) {
		write(t, p("empty"), 0, nil)
		if e, err := fs.Stat(ctx, p("empty")); err != nil || e.Size != 0 || e.IsDir {
			t.Fatalf("stat empty = %+v, %v", e, err)
		}
	})
	t.Run("resume a write at an offset", func(t *testing.T) {
		write(t, p("r.txt"), 0, []byte("hello, "))
		w, err := fs.Create(ctx, p("r.txt"), 7)
		if err == nil {
			w.Write([]byte("world"))
			err = w.Close()
		}
		if errors.Is(err, transfer.ErrNoResume) {
			t.Skipf("this server does not resume uploads, and says so: %v", err)
		}
		if err != nil {
			t.Fatal(err)
		}
		if got := read(t, p("r.txt"), 0); string(got) != "hello, world" {
			t.Fatalf("got %q", got)
		}
	})
	t.Run("folders, names and listing", func(t *testing.T) {
		names := []string{"plain.txt", "with space.txt", "ünïcødé 中文.txt", "dash-and_underscore.tar.gz"}
		if err := fs.Mkdir(ctx, p("dir")); err != nil {
			t.Fatal(err)
		}
		for _, n := range names {
			write(t, p("dir", n), 0, []byte(n))
		}
		if err := fs.Mkdir(ctx, p("dir", "sub")); err != nil {
			t.Fatal(err)
		}
		list, err := fs.List(ctx, p("dir"))
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, e := range list {
			got = append(got, e.Name)
			if e.Name == "sub" && !e.IsDir {
				t.Errorf("sub is not a folder")
			}
			if e.Name == "plain.txt" && (e.IsDir || e.Size != int64(len("plain.txt"))) {
				t.Errorf("plain.txt = %+v", e)
			}
			// Unix modes, RFC 3659 perm facts, or nothing when the
			// listing has neither (a DOS listing, ftpserverlib's MLSD).
			if e.Perm != "" && !permRe.MatchString(e.Perm) {
				t.Errorf("%s has permissions %q", e.Name, e.Perm)
			}
		}
		want := append(append([]string{}, names...), "sub")
		sort.Strings(got)
		sort.Strings(want)
		if len(got) != len(want) {
			t.Fatalf("listing = %q, want %q", got, want)
		}
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("listing = %q, want %q", got, want)
			}
		}
		if e, err := fs.Stat(ctx, p("dir", "sub")); err != nil || !e.IsDir {
			t.Fatalf("stat sub = %+v, %v", e, err)
		}
	})
	t.Run("rename and remove", func(t *testing.T) {
		write(t, p("old.txt"), 0, []byte("x"))
		if err := fs.Rename(ctx, p("old.txt"), p("new.txt")); err != nil {
			t.Fatal(err)
		}
		if _, err := fs.Stat(ctx, p("old.txt")); !errors.Is(err, transfer.ErrNotFound) {
			t.Fatalf("old name after rename: %v", err)
		}
		if err := fs.Remove(ctx, p("new.txt")); err != nil {
			t.Fatal(err)
		}
		if err := fs.Mkdir(ctx, p("gone")); err != nil {
			t.Fatal(err)
		}
		if err := fs.Remove(ctx, p("gone")); err != nil {
			t.Fatalf("remove an empty folder: %v", err)
		}
		if _, err := fs.Stat(ctx, p("gone")); !errors.Is(err, transfer.ErrNotFound) {
			t.Fatalf("folder after remove: %v", err)
		}
	})
	t.Run("missing things are ErrNotFound", func(t *testing.T) {
		if _, err := fs.Stat(ctx, p("nope")); !errors.Is(err, transfer.ErrNotFound) {
			t.Errorf("stat: %v", err)
		}
		if r, err := fs.Open(ctx, p("nope"), 0); err == nil {
			r.Close()
			t.Errorf("open of a missing file worked")
		}
	})
	t.Run("paths", func(t *testing.T) {
		if d := fs.Dir(fs.Join(root, "x")); d != root {
			t.Errorf("Dir(Join(root, x)) = %q, want %q", d, root)
		}
	})
}
