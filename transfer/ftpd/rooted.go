package ftpd

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/afero"
)

// rootedFs is afero's BasePathFs with errors that name the path as the
// client sees it. BasePathFs passes on the operating system's errors, which
// name the real path: a client asking for /nope read "stat
// /tmp/portside-demo-123/nope: no such file or directory", and learnt
// where the served folder is.
type rootedFs struct {
	afero.Fs
	root string
}

func newRootedFs(root string) afero.Fs {
	return rootedFs{afero.NewBasePathFs(afero.NewOsFs(), root), filepath.Clean(root)}
}

// hide rewrites the paths in err from the real ones to the served ones.
func (r rootedFs) hide(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return &os.PathError{Op: pe.Op, Path: r.served(pe.Path), Err: pe.Err}
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return &os.LinkError{Op: le.Op, Old: r.served(le.Old), New: r.served(le.New), Err: le.Err}
	}
	return err
}

func (r rootedFs) served(p string) string {
	// On Windows the real path has backslashes (C:\Users\…\www\a.txt).
	if rest, ok := strings.CutPrefix(p, r.root); ok && (rest == "" || rest[0] == '/' || rest[0] == filepath.Separator) {
		return "/" + strings.TrimLeft(filepath.ToSlash(rest), "/")
	}
	return p
}

func (r rootedFs) Create(name string) (afero.File, error) {
	f, err := r.Fs.Create(name)
	return f, r.hide(err)
}

func (r rootedFs) Mkdir(name string, perm os.FileMode) error { return r.hide(r.Fs.Mkdir(name, perm)) }

func (r rootedFs) MkdirAll(path string, perm os.FileMode) error {
	return r.hide(r.Fs.MkdirAll(path, perm))
}

func (r rootedFs) Open(name string) (afero.File, error) {
	f, err := r.Fs.Open(name)
	return f, r.hide(err)
}

func (r rootedFs) OpenFile(name string, flag int, perm os.FileMode) (afero.File, error) {
	f, err := r.Fs.OpenFile(name, flag, perm)
	return f, r.hide(err)
}

func (r rootedFs) Remove(name string) error    { return r.hide(r.Fs.Remove(name)) }
func (r rootedFs) RemoveAll(path string) error { return r.hide(r.Fs.RemoveAll(path)) }
func (r rootedFs) Rename(oldname, newname string) error {
	return r.hide(r.Fs.Rename(oldname, newname))
}

func (r rootedFs) Stat(name string) (os.FileInfo, error) {
	fi, err := r.Fs.Stat(name)
	return fi, r.hide(err)
}

func (r rootedFs) Chmod(name string, mode os.FileMode) error { return r.hide(r.Fs.Chmod(name, mode)) }
func (r rootedFs) Chown(name string, uid, gid int) error {
	return r.hide(r.Fs.Chown(name, uid, gid))
}

func (r rootedFs) Chtimes(name string, atime, mtime time.Time) error {
	return r.hide(r.Fs.Chtimes(name, atime, mtime))
}
