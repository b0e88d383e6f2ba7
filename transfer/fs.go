// Package transfer holds what moves files: the file-system interface that both
// panes, the queue and sync use, and the errors every backend translates into.
package transfer

import (
	"context"
	"errors"
	"io"
	"strings"
	"time"
)

// Entry is one row of a listing, local or remote.
type Entry struct {
	Name    string
	Size    int64
	ModTime time.Time // zero when the server did not say
	IsDir   bool
	IsLink  bool
	Perm    string // as the side reports it, e.g. "rwxr-xr-x"; empty when unknown
}

// FS is the one interface for both sides of a transfer. Paths are absolute
// and in the side's own syntax; Join and Dir build them so callers never
// guess the separator.
type FS interface {
	// List returns the entries of dir, without "." and "..".
	List(ctx context.Context, dir string) ([]Entry, error)
	Stat(ctx context.Context, path string) (Entry, error)
	// Open reads path from offset (a resumed download starts past zero).
	Open(ctx context.Context, path string, offset int64) (io.ReadCloser, error)
	// Create writes path; offset > 0 appends at that offset (a resumed upload).
	// The returned writer's Close reports whether the server kept the data.
	Create(ctx context.Context, path string, offset int64) (io.WriteCloser, error)
	Mkdir(ctx context.Context, path string) error
	// Remove deletes a file or an empty folder.
	Remove(ctx context.Context, path string) error
	Rename(ctx context.Context, from, to string) error

	// Home is where a pane opens: the user's home folder, the login folder.
	Home(ctx context.Context) (string, error)
	Join(dir, name string) string
	Dir(path string) string
	Close() error
}

// The errors every backend translates into, so that callers decide on kinds,
// never on reply texts. Backends wrap them with %w and the details.
var (
	ErrNotFound   = errors.New("not found")
	ErrPermission = errors.New("permission denied")
	ErrLogin      = errors.New("login refused")
	ErrTooMany    = errors.New("too many connections")
	ErrDataConn   = errors.New("data connection failed")
	ErrTLS        = errors.New("TLS failed")
	ErrBadName    = errors.New("unsafe file name")
	ErrRefused    = errors.New("refused by the server") // a permanent (5xx) reply
	ErrNoResume   = errors.New("the server does not resume uploads")
)

// Uploader is an FS that can take an upload from a reader directly, saving
// the pipe and goroutine that Create's writer needs on FTP. Close-style
// confirmation is in the returned error.
type Uploader interface {
	Upload(ctx context.Context, path string, offset int64, r io.Reader) error
}

// Refusal is a listing entry that List leaves out, and why: its name is
// unsafe as a local name (transfer.CheckName).
type Refusal struct {
	Entry
	Err error
}

// RefusingLister is an FS whose List leaves entries out. ListRefusals
// returns them too, so that a copy can report each one as not copied
// instead of dropping it silently.
type RefusingLister interface {
	ListRefusals(ctx context.Context, dir string) ([]Entry, []Refusal, error)
}

// StreamLister is an FS that can hand a listing over entry by entry as it
// arrives, so that a folder of a million entries is never whole in memory.
// refused is set for an entry whose name is unsafe as a local name (as
// RefusingLister returns apart). An error from fn ends the listing with
// it; fn may block, and the server waits.
type StreamLister interface {
	ListEach(ctx context.Context, dir string, fn func(e Entry, refused error) error) error
}

// Sizer is an FS that can tell a file's size more cheaply than Stat (FTP's
// SIZE, without the MDTM a Stat needs on servers without MLST).
type Sizer interface {
	Size(ctx context.Context, path string) (int64, error)
}

// TimeSetter is an FS that can set a file's modification time (MFMT on FTP
// servers that have it), so a copy keeps its source's time.
type TimeSetter interface {
	SetModTime(ctx context.Context, path string, t time.Time) error
}

// CheckName refuses a name that is not a single, plain path element: a
// listing from a hostile or broken server could otherwise send a download to
// "../../.bashrc" or an absolute path, or hide control characters.
func CheckName(name string) error {
	switch name {
	case "", ".", "..":
		return badName(name, "unsafe", "%q", name)
	}
	for _, r := range name {
		if r == '/' || r == '\\' || r < 0x20 || r == 0x7f {
			return badName(name, "unsafe", "%q", name)
		}
	}
	return nil
}

// CheckRemoteName refuses a local name that cannot become a name on an FTP
// server: not a single element ("", ".", "..", a slash), or holding what
// the protocol cannot carry in a command line (CR, LF, NUL). Anything else
// the server may take or refuse itself: a backslash or a tab is a legal
// name on a Unix server, and uploads send it.
func CheckRemoteName(name string) error {
	switch name {
	case "", ".", "..":
		return badName(name, "unsafe", "%q", name)
	}
	if strings.ContainsAny(name, "/\r\n\x00") {
		return badName(name, "ftp_chars", "%q: FTP cannot carry a slash, CR, LF or NUL in a name", name)
	}
	return nil
}
