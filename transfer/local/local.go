// Package local is the local side of a transfer: transfer.FS over the OS file system.
package local

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"syscall"
	"time"

	"portside/transfer"
	"portside/transfer/localpath"
)

// FS is the local file system. The zero value is ready to use.
type FS struct{}

var _ transfer.FS = FS{}

func (FS) List(_ context.Context, dir string) ([]transfer.Entry, error) {
	if dir == DrivesRoot && DrivesRoot != "" {
		return drives() // Windows: the drives, above each drive's root
	}
	des, err := readDir(dir)
	if err != nil {
		return nil, wrap("list", dir, err)
	}
	out := make([]transfer.Entry, len(des)) // a vanished entry stays nameless
	// One stat per entry is most of a listing's time (a system call
	// each: 20,000 take 20–50 ms). Big folders are stat'ed by a few
	// goroutines at once; the order stays ReadDir's.
	parts := min(max(len(des)/statChunk, 1), runtime.GOMAXPROCS(0)*2)
	var wg sync.WaitGroup
	for p := range parts {
		wg.Go(func() {
			for i := p * len(des) / parts; i < (p+1)*len(des)/parts; i++ {
				out[i] = stat(dir, des[i])
			}
		})
	}
	wg.Wait()
	return slices.DeleteFunc(out, func(e transfer.Entry) bool { return e.Name == "" }), nil
}

// statChunk is how many entries make it worth another goroutine.
const statChunk = 2000

// readDir is dir's entries in the order the system gives them: os.ReadDir
// would also sort them by name, which the pane does its own way anyway.
func readDir(dir string) ([]fs.DirEntry, error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return f.ReadDir(-1)
}

// stat is de as an entry; the zero entry when it vanished since ReadDir.
// Lstat tells a link from its target; a dangling link still lists.
func stat(dir string, de fs.DirEntry) transfer.Entry {
	fi, err := de.Info()
	if err != nil {
		return transfer.Entry{}
	}
	e := entry(fi)
	if e.IsLink {
		if t, err := os.Stat(filepath.Join(dir, de.Name())); err == nil {
			e.IsDir = t.IsDir()
			if !e.IsDir {
				e.Size = t.Size()
			}
		}
	}
	return e
}

func (FS) Stat(_ context.Context, path string) (transfer.Entry, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return transfer.Entry{}, wrap("stat", path, err)
	}
	return entry(fi), nil
}

func (FS) Open(_ context.Context, path string, offset int64) (io.ReadCloser, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, wrap("open", path, err)
	}
	if offset > 0 {
		if _, err := f.Seek(offset, io.SeekStart); err != nil {
			f.Close()
			return nil, wrap("open", path, err)
		}
	}
	return f, nil
}

func (FS) Create(_ context.Context, path string, offset int64) (io.WriteCloser, error) {
	flag := os.O_WRONLY | os.O_CREATE | noFollow
	if offset == 0 {
		flag |= os.O_TRUNC
	}
	f, err := os.OpenFile(path, flag, 0o644)
	if err != nil {
		return nil, wrap("create", path, err)
	}
	if offset > 0 {
		// Truncate first: bytes past the offset are from a broken write.
		if err := f.Truncate(offset); err == nil {
			_, err = f.Seek(offset, io.SeekStart)
		}
		if err != nil {
			f.Close()
			return nil, wrap("create", path, err)
		}
	}
	return f, nil
}

// CreateIn is Create through an os.Root of root (localpath.OpenIn): no
// folder on the way, swapped for a link after the path was checked, can
// lead the file outside root.
func (FS) CreateIn(_ context.Context, root, path string, offset int64) (io.WriteCloser, error) {
	flag := os.O_WRONLY | os.O_CREATE | noFollow
	if offset == 0 {
		flag |= os.O_TRUNC
	}
	f, err := localpath.OpenIn(root, path, flag, 0o644)
	if err != nil {
		return nil, wrap("create", path, err)
	}
	if offset > 0 {
		if err := f.Truncate(offset); err == nil {
			_, err = f.Seek(offset, io.SeekStart)
		}
		if err != nil {
			f.Close()
			return nil, wrap("create", path, err)
		}
	}
	return f, nil
}

// RenameIn is Rename through an os.Root of root (localpath.RenameIn).
func (FS) RenameIn(_ context.Context, root, from, to string) error {
	return wrap("rename", from, localpath.RenameIn(root, from, to))
}

func (FS) Mkdir(_ context.Context, path string) error {
	return wrap("make folder", path, os.Mkdir(path, 0o755))
}

func (FS) Remove(_ context.Context, path string) error {
	return wrap("remove", path, os.Remove(path))
}

func (FS) Rename(_ context.Context, from, to string) error {
	return wrap("rename", from, os.Rename(from, to))
}

// SetModTime keeps a downloaded file's time from the server.
func (FS) SetModTime(_ context.Context, path string, t time.Time) error {
	return wrap("set the time of", path, os.Chtimes(path, t, t))
}

func (FS) Home(context.Context) (string, error) { return os.UserHomeDir() }
func (FS) Join(dir, name string) string         { return join(dir, name) }
func (FS) Dir(path string) string               { return parent(path) }
func (FS) Close() error                         { return nil }

func entry(fi fs.FileInfo) transfer.Entry {
	return transfer.Entry{
		Name:    fi.Name(),
		Size:    fi.Size(),
		ModTime: fi.ModTime(),
		IsDir:   fi.IsDir(),
		IsLink:  fi.Mode()&fs.ModeSymlink != 0,
		Perm:    perm(fi),
	}
}

// wrap turns an OS error into "verb path: kind: detail" with a transfer
// sentinel; not there and no permission stay an *fs.PathError, whose path
// the window words.
func wrap(verb, path string, err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, fs.ErrNotExist):
		return &fs.PathError{Op: verb, Path: path, Err: transfer.ErrNotFound}
	case errors.Is(err, fs.ErrPermission):
		return &fs.PathError{Op: verb, Path: path, Err: transfer.ErrPermission}
	case errors.Is(err, syscall.ELOOP): // O_NOFOLLOW met a link
		return fmt.Errorf("%s %s: %w", verb, path, localpath.ErrLink)
	}
	return fmt.Errorf("%s %s: %w", verb, path, err)
}
