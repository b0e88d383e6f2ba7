package syncplan_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"portside/internal/linktest"
	"portside/transfer"
	syncplan "portside/transfer/sync"
)

func paths(files []syncplan.File) string {
	var out []string
	for _, f := range files {
		s := f.Path
		if f.IsDir {
			s += "/"
		}
		if f.IsLink {
			s += "@"
		}
		if f.Broken {
			s += "!"
		}
		out = append(out, s)
	}
	return strings.Join(out, " ")
}

// The same tree walked here and on the server (over three sessions) lists
// the same paths, sizes and times; part and probe files are left out,
// and excluded folders are not walked.
func TestWalkBothSidesAgree(t *testing.T) {
	srv := newServer(t)
	writeTree(t, srv.root, sample)
	local := t.TempDir()
	writeTree(t, local, sample)
	for _, root := range []string{srv.root, local} {
		os.WriteFile(filepath.Join(root, "docs", "half.bin.portside-part"), []byte("x"), 0o644)
		os.WriteFile(filepath.Join(root, "portside-clock-probe-0123.tmp"), []byte("x"), 0o644)
	}
	opts := syncplan.Options{Exclude: []string{"cache/"}}
	pool := syncplan.NewPool(srv.dial, 3)
	defer pool.Close()
	rw, err := syncplan.Walk(context.Background(), pool, "/", opts)
	if err != nil {
		t.Fatal(err)
	}
	lw, err := syncplan.Walk(context.Background(), syncplan.LocalPool(2), local, opts)
	if err != nil {
		t.Fatal(err)
	}
	if paths(rw.Files) != paths(lw.Files) {
		t.Fatalf("server: %s\nlocal:  %s", paths(rw.Files), paths(lw.Files))
	}
	if strings.Contains(paths(lw.Files), "portside") || strings.Contains(paths(lw.Files), "skip-me") {
		t.Errorf("walked what it should not: %s", paths(lw.Files))
	}
	for _, w := range []*syncplan.WalkResult{rw, lw} {
		if len(w.Parts) != 1 || w.Parts["docs/half.bin"] != 1 {
			t.Errorf("part files: %v", w.Parts)
		}
	}
	for i, l := range lw.Files {
		r := rw.Files[i]
		if l.IsDir {
			continue
		}
		if l.Size != r.Size || !l.ModTime.Truncate(time.Second).Equal(r.ModTime) {
			t.Errorf("%s: here %d %v, server %d %v", l.Path, l.Size, l.ModTime, r.Size, r.ModTime)
		}
	}
	if rw.Clock.Precision != time.Second || lw.Clock.Precision != 0 {
		t.Errorf("precision: server %v (want 1s: MLSD), local %v", rw.Clock.Precision, lw.Clock.Precision)
	}
	missing, err := syncplan.Walk(context.Background(), pool, "/nothing/here", opts)
	if err != nil || !missing.Missing || len(missing.Files) != 0 {
		t.Errorf("a missing root: %+v, %v", missing, err)
	}
}

// Links: skipped as links, or followed to their targets; a link back into
// its own ancestry is marked broken instead of walked forever.
func TestWalkLocalLinks(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, map[string]string{"a/file.txt": "hello", "b/inner.txt": "x"})
	linktest.Make(t, "file.txt", filepath.Join(root, "a", "to-file"))
	linktest.Make(t, filepath.FromSlash("../b"), filepath.Join(root, "a", "to-b"))
	linktest.Make(t, "..", filepath.Join(root, "a", "loop"))
	linktest.Make(t, "nowhere", filepath.Join(root, "a", "dangling"))

	skip, err := syncplan.Walk(context.Background(), syncplan.LocalPool(2), root, syncplan.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := paths(skip.Files), "a/ a/dangling@ a/file.txt a/loop/@ a/to-b/@ a/to-file@ b/ b/inner.txt"; got != want {
		t.Errorf("not following:\n got %s\nwant %s", got, want)
	}
	follow, err := syncplan.Walk(context.Background(), syncplan.LocalPool(2), root, syncplan.Options{FollowLinks: true})
	if err != nil {
		t.Fatal(err)
	}
	want := "a/ a/dangling@! a/file.txt a/loop/@! a/to-b/@ a/to-b/inner.txt a/to-file@ b/ b/inner.txt"
	if got := paths(follow.Files); got != want {
		t.Errorf("following:\n got %s\nwant %s", got, want)
	}
	for _, f := range follow.Files {
		if f.Path == "a/to-file" && f.Size != 5 {
			t.Errorf("a followed link has its target's size: %d", f.Size)
		}
	}
}

// failingFS lists a wide tree and fails on one folder.
type failingFS struct {
	transfer.FS
	lists *atomic.Int64
}

var errBroken = errors.New("listing broke")

func (f failingFS) List(ctx context.Context, dir string) ([]transfer.Entry, error) {
	f.lists.Add(1)
	if dir == "/d490" { // taken early: the walk takes the last found first
		return nil, errBroken
	}
	if dir != "/" {
		time.Sleep(time.Millisecond)
		return []transfer.Entry{{Name: "x", Size: 1}}, nil
	}
	var out []transfer.Entry
	for i := range 500 {
		out = append(out, transfer.Entry{Name: fmt.Sprintf("d%d", i), IsDir: true})
	}
	return out, nil
}
func (failingFS) Join(dir, name string) string { return path.Join(dir, name) }
func (failingFS) Dir(p string) string          { return path.Dir(p) }
func (failingFS) Close() error                 { return nil }

// The first error stops the walk: the other folders are not all listed.
func TestWalkStopsAtFirstError(t *testing.T) {
	var lists atomic.Int64
	pool := syncplan.NewPool(func(context.Context) (transfer.FS, error) { return failingFS{lists: &lists}, nil }, 4)
	_, err := syncplan.Walk(context.Background(), pool, "/", syncplan.Options{})
	if !errors.Is(err, errBroken) {
		t.Fatalf("err %v", err)
	}
	if n := lists.Load(); n > 400 {
		t.Errorf("the walk went on after the error: %d listings", n)
	}
}
