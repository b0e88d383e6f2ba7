package localpath

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Join proves a path stays under its root when it is built, and the
// queue checks it again before a run; between that check and the open, a
// local user who can write in the destination could swap a folder for a
// link. OpenIn and RenameIn close that gap where a download writes: they
// go through an os.Root of the destination root, which opens each
// component relative to the one before it (openat), so neither the open
// nor the rename can leave the root whatever the path holds by then: a
// link that leads outside fails with ErrOutside.

// within is p relative to root; p must be under it.
func within(root, p string) (string, error) {
	root, p = filepath.Clean(root), filepath.Clean(p)
	rel, err := filepath.Rel(root, p)
	if err != nil || rel == "." || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || filepath.IsAbs(rel) {
		return "", fmt.Errorf("%w: %s is not under %s", ErrOutside, p, root)
	}
	return rel, nil
}

// escaped names os.Root's refusal ("path escapes from parent") as
// ErrOutside, which the queue does not retry.
func escaped(err error) error {
	if err != nil && strings.Contains(err.Error(), "escapes from parent") {
		return fmt.Errorf("%w: %v", ErrOutside, err)
	}
	return err
}

// OpenIn opens p, a path under root, with flag and perm through an
// os.Root of root.
func OpenIn(root, p string, flag int, perm os.FileMode) (*os.File, error) {
	rel, err := within(root, p)
	if err != nil {
		return nil, err
	}
	r, err := os.OpenRoot(root)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	f, err := r.OpenFile(rel, flag, perm)
	return f, escaped(err)
}

// RenameIn renames from to to, both under root, through an os.Root of
// root: like os.Rename, it replaces a link at to rather than follow it.
func RenameIn(root, from, to string) error {
	relFrom, err := within(root, from)
	if err != nil {
		return err
	}
	relTo, err := within(root, to)
	if err != nil {
		return err
	}
	r, err := os.OpenRoot(root)
	if err != nil {
		return err
	}
	defer r.Close()
	return escaped(r.Rename(relFrom, relTo))
}
