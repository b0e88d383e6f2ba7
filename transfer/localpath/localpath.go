// Package localpath builds every local path Portside writes to: the one
// place where a name that came from a server (a listing, a PWD reply, a
// URL) becomes a file on this computer.
//
// Join takes a destination root the user chose and names from elsewhere,
// and returns a path that provably stays under the root:
//   - each name is one plain path element (transfer.CheckName: no "", ".",
//     "..", separators or C0 controls) and holds no C1 control either,
//     which some terminals obey as escape sequences;
//   - the joined, cleaned path still has the root as its prefix;
//   - no component below the root that already exists is a symbolic link,
//     checked with Lstat: a link planted in the destination (by another
//     user, by an earlier download, by the user) is never followed out of
//     it. The root itself may be a link: the user chose it.
//
// Between Join's checks and the open, a local user who can write in the
// destination could still swap a folder for a link. Files are therefore
// opened with O_NOFOLLOW (local.FS.Create), so the last step never follows
// a link, the queue checks each folder again (NoLink) right before it
// lists or fills it, and a download that knows its root (queue.Item.Root:
// the command line's, and every item a folder expands into) creates and
// renames its part file through an os.Root of it (OpenIn, RenameIn), so
// no component can lead outside. Someone who can write in your download
// folder while you download can still replace the files themselves.
package localpath

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"portside/transfer"
)

// ErrLink is a symbolic link where Portside would write, and ErrOutside a
// path that would leave the destination folder. Both are kinds of
// transfer.ErrBadName, so the queue fails them at once: a retry cannot
// make them safe.
var (
	ErrLink    = fmt.Errorf("%w: a symbolic link is in the way", transfer.ErrBadName)
	ErrOutside = fmt.Errorf("%w: outside the destination folder", transfer.ErrBadName)
)

// CheckName refuses a name that may not become a local file name: what
// transfer.CheckLocalName refuses (on Windows also device names, <>:"|?*
// and trailing dots or spaces), and C1 control characters (U+0080–U+009F).
func CheckName(name string) error {
	if err := transfer.CheckLocalName(name); err != nil {
		return err
	}
	for _, r := range name {
		if r >= 0x80 && r <= 0x9f {
			return transfer.BadName(name, "control", "%s holds a control character", strconv.Quote(name))
		}
	}
	return nil
}

// Join returns root joined with names, after checking each name, that the
// result stays under root, and that no existing component below root is a
// symbolic link. root must be absolute.
func Join(root string, names ...string) (string, error) {
	if !filepath.IsAbs(root) {
		return "", fmt.Errorf("%w: %s is not an absolute path", ErrOutside, strconv.Quote(root))
	}
	root = filepath.Clean(root)
	p := root
	for _, n := range names {
		if err := CheckName(n); err != nil {
			return "", err
		}
		p = filepath.Join(p, n)
	}
	if !Under(root, p) {
		return "", fmt.Errorf("%w: %s is not under %s", ErrOutside, strconv.Quote(p), strconv.Quote(root))
	}
	// Each existing component below root must be a real folder (or, for
	// the last, a real file): never a link.
	q := root
	for _, n := range names {
		q = filepath.Join(q, n)
		if err := NoLink(q); err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				break // nothing below a missing folder exists either
			}
			return "", err
		}
	}
	return p, nil
}

// Under reports whether p, cleaned, is root or inside it.
func Under(root, p string) bool {
	root, p = filepath.Clean(root), filepath.Clean(p)
	if p == root {
		return true
	}
	prefix := root
	if !strings.HasSuffix(prefix, string(filepath.Separator)) {
		prefix += string(filepath.Separator)
	}
	return strings.HasPrefix(p, prefix)
}

// NoLink returns nil when p exists and is not a symbolic link, ErrLink
// when it is one, and the Lstat error (fs.ErrNotExist…) otherwise.
func NoLink(p string) error {
	fi, err := os.Lstat(p)
	if err != nil {
		return err
	}
	if fi.Mode()&fs.ModeSymlink != 0 {
		return fmt.Errorf("%w: %s (Portside does not write through links in a destination)", ErrLink, strconv.Quote(p))
	}
	return nil
}

// Check proves an item's destination p, made by Join earlier (perhaps by
// an earlier run, from the journal), is still safe to write: absolute,
// clean, a safe last element, and not a link now.
func Check(p string) error {
	if p == "" || !filepath.IsAbs(p) || filepath.Clean(p) != p {
		return fmt.Errorf("%w: %s is not a clean absolute path", ErrOutside, strconv.Quote(p))
	}
	if err := CheckName(filepath.Base(p)); err != nil {
		return err
	}
	if err := NoLink(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}
