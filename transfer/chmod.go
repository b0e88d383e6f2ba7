package transfer

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"strconv"
	"strings"
)

// ErrUnsupported is a command the server does not have (FTP 500, 502, 504):
// an answer about the server, not about the file.
var ErrUnsupported = errors.New("the server does not support this")

// Chmoder is an FS that can set permission bits: FTP's SITE CHMOD, SFTP's
// setstat. Only the permission bits and setuid, setgid and sticky of mode
// are sent.
type Chmoder interface {
	Chmod(ctx context.Context, path string, mode fs.FileMode) error
}

// ModeBits are the bits a chmod sends: rwx for owner, group and public, and
// setuid, setgid and sticky.
const ModeBits = 0o7777

// ParseMode reads a numeric mode as chmod(1) takes it: one to four octal
// digits ("644", "0755", "1777"). Symbolic modes are not taken: what "g+w"
// means depends on the file's current mode, which a listing may not tell.
func ParseMode(s string) (uint32, error) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 4 {
		return 0, fmt.Errorf("mode %q: give one to four octal digits, as 644 or 0755", s)
	}
	n, err := strconv.ParseUint(s, 8, 32)
	if err != nil {
		return 0, fmt.Errorf("mode %q: give one to four octal digits, as 644 or 0755", s)
	}
	return uint32(n), nil
}

// ModeFromPerm reads the nine-letter form listings give ("rwxr-xr-x", with
// s, S, t and T) back into bits. ok is false for anything else (an MLSD
// perm fact such as "adfrw", or nothing): the dialog then starts empty.
func ModeFromPerm(perm string) (mode uint32, ok bool) {
	if len(perm) == 10 {
		perm = perm[1:] // with the type letter, as ls prints it
	}
	if len(perm) != 9 {
		return 0, false
	}
	for i := 0; i < 9; i++ {
		c := perm[i]
		bit := uint32(1) << (8 - i)
		switch {
		case c == '-':
		case c == "rwxrwxrwx"[i]:
			mode |= bit
		case (i == 2 || i == 5) && (c == 's' || c == 'S'):
			if c == 's' {
				mode |= bit
			}
			mode |= map[int]uint32{2: 0o4000, 5: 0o2000}[i]
		case i == 8 && (c == 't' || c == 'T'):
			if c == 't' {
				mode |= bit
			}
			mode |= 0o1000
		default:
			return 0, false
		}
	}
	return mode, true
}

// Recurse says which entries below a folder a chmod changes, as FileZilla's
// dialog offers.
type Recurse int

const (
	RecurseNone    Recurse = iota // the selected entries only
	RecurseAll                    // and everything below them
	RecurseFiles                  // and the files below them (the selected folders too)
	RecurseFolders                // and the folders below them
)

// MaxChmodDepth bounds the walk below a folder: a server that lists a
// folder inside itself (a link loop it reports as a folder) must not keep
// us walking. Deeper than this, the walk stops with an error.
const MaxChmodDepth = 64

// ChmodResult is one entry a ChmodTree changed or failed to change.
type ChmodResult struct {
	Path string
	Err  error
}

// ChmodTree sets mode on path and, by rec, on the entries below it when it
// is a folder. It goes on past an entry that fails (each is reported), but
// stops at the first refusal that says the server has no chmod at all, and
// when ctx ends. Links are changed as entries and never followed.
func ChmodTree(ctx context.Context, fsys FS, path string, isDir bool, mode uint32, rec Recurse, report func(ChmodResult)) error {
	ch, ok := fsys.(Chmoder)
	if !ok {
		return fmt.Errorf("change the permissions of %s: %w", path, ErrUnsupported)
	}
	// A folder is changed before its entries when the new mode lets its
	// owner in (r and x), else after them: changed first, a mode without x
	// would lock the walk out of the very entries it must still change.
	first := mode&0o500 == 0o500
	var walk func(p string, dir bool, depth int, top bool) error
	walk = func(p string, dir bool, depth int, top bool) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		change := top || rec == RecurseAll || (rec == RecurseFiles && !dir) || (rec == RecurseFolders && dir)
		apply := func() error {
			if !change {
				return nil
			}
			err := ch.Chmod(ctx, p, FileMode(mode))
			report(ChmodResult{Path: p, Err: err})
			if errors.Is(err, ErrUnsupported) {
				return err
			}
			return nil
		}
		if !dir || rec == RecurseNone {
			return apply()
		}
		if first {
			if err := apply(); err != nil {
				return err
			}
		}
		if depth >= MaxChmodDepth {
			err := fmt.Errorf("change the permissions below %s: deeper than %d folders", p, MaxChmodDepth)
			report(ChmodResult{Path: p, Err: err})
		} else if list, err := fsys.List(ctx, p); err != nil {
			report(ChmodResult{Path: p, Err: err})
		} else {
			for _, e := range list {
				if err := walk(fsys.Join(p, e.Name), e.IsDir && !e.IsLink, depth+1, false); err != nil {
					return err
				}
			}
		}
		if !first {
			return apply()
		}
		return nil
	}
	return walk(path, isDir, 0, true)
}

// FileMode turns chmod bits (0o7777) into the fs.FileMode Chmoder takes.
func FileMode(bits uint32) fs.FileMode {
	m := fs.FileMode(bits & 0o777)
	if bits&0o4000 != 0 {
		m |= fs.ModeSetuid
	}
	if bits&0o2000 != 0 {
		m |= fs.ModeSetgid
	}
	if bits&0o1000 != 0 {
		m |= fs.ModeSticky
	}
	return m
}
