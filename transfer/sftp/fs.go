package sftp

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/pkg/sftp"

	"portside/transfer"
)

// maxLinkStats bounds the extra round trips a listing spends finding out
// whether its symlinks point at folders: a folder of links from a hostile
// server must not cost one request each without end.
const maxLinkStats = 1000

// do runs op on a live connection. The caller's cancel closes the
// connection (pkg/sftp requests have no other way out), and a connection
// that failed under op is dropped so the next call dials again;
// idempotent ops are retried once on the new one.
func (s *Session) do(ctx context.Context, verb, target string, idempotent bool, op func(*sftp.Client) error) error {
	return s.doConn(ctx, verb, target, idempotent, func(c *conn) error { return op(c.sftp) })
}

func (s *Session) doConn(ctx context.Context, verb, target string, idempotent bool, op func(*conn) error) error {
	for try := 0; ; try++ {
		c, err := s.live(ctx)
		if err != nil {
			return opError(verb, target, err)
		}
		stop := context.AfterFunc(ctx, func() { s.drop(c) })
		err = op(c)
		stop()
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return opError(verb, target, ctx.Err())
		}
		if lost(err) {
			s.drop(c)
			err = c.cause(err)
			if idempotent && try == 0 {
				continue
			}
		}
		return opError(verb, target, classify(err))
	}
}

// lost reports an error that says nothing about the file and everything
// about the connection: no status from the server, just a broken pipe.
func lost(err error) bool {
	var se *sftp.StatusError
	if errors.As(err, &se) || errors.Is(err, fs.ErrNotExist) || errors.Is(err, fs.ErrPermission) {
		return false
	}
	return true
}

// opCodes are the verbs of this file's errors as transfer.OpError's codes.
var opCodes = map[string]string{"list": "list", "stat": "stat", "change the permissions of": "chmod", "make folder": "mkdir",
	"remove": "remove", "rename": "rename", "set the time of": "mtime", "find the home folder on": "home",
	"download": "download", "upload": "upload"}

// opError is err of the operation verb on target.
func opError(verb, target string, err error) error {
	return &transfer.OpError{Op: opCodes[verb], Verb: verb, Path: target, Err: err}
}

// classify translates SFTP status codes into transfer's sentinels,
// keeping the server's message.
func classify(err error) error {
	var se *sftp.StatusError
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("%w: %v", transfer.ErrNotFound, err)
	case errors.Is(err, fs.ErrPermission):
		return fmt.Errorf("%w: %v", transfer.ErrPermission, err)
	case errors.As(err, &se):
		// OpenSSH answers a bare "Failure" to a mkdir of a folder that
		// exists, an rmdir of a full one and a rename onto a name that
		// exists without posix-rename: the server's no, for good. The
		// status stays in the chain for Status.
		return fmt.Errorf("%w: %w", transfer.ErrRefused, err)
	}
	return err
}

// Status is the SFTP status the server answered with in err: its code
// (SSH_FX_*) and its message, as the server sent it, for a front end to
// word the code and show the message. pkg/sftp keeps the message
// unexported; its Error is `sftp: "MESSAGE" (SSH_FX_…)`, the message
// quoted with %q, which is read back here.
func Status(err error) (code uint32, msg string, ok bool) {
	var se *sftp.StatusError
	if !errors.As(err, &se) {
		return 0, "", false
	}
	if rest, found := strings.CutPrefix(se.Error(), "sftp: "); found {
		if q, qerr := strconv.QuotedPrefix(rest); qerr == nil {
			msg, _ = strconv.Unquote(q)
		}
	}
	return se.Code, msg, true
}

func (s *Session) List(ctx context.Context, dir string) ([]transfer.Entry, error) {
	var infos []os.FileInfo
	var client *sftp.Client
	err := s.do(ctx, "list", dir, true, func(c *sftp.Client) (err error) {
		client = c
		infos, err = c.ReadDirContext(ctx, dir)
		return err
	})
	if err != nil {
		return nil, err
	}
	out := make([]transfer.Entry, 0, len(infos))
	links := 0
	for _, fi := range infos {
		if transfer.CheckName(fi.Name()) != nil {
			continue // "../x" or a control character from a broken or hostile server
		}
		e := entry(fi)
		if e.IsLink && links < maxLinkStats {
			// Shown as a link, sized and typed as its target, as the
			// local side does; a dangling link stays a plain link.
			links++
			if t, err := client.Stat(path.Join(dir, fi.Name())); err == nil {
				e.IsDir = t.IsDir()
				if !e.IsDir {
					e.Size = t.Size()
				}
			}
		}
		out = append(out, e)
	}
	return out, nil
}

func entry(fi os.FileInfo) transfer.Entry {
	return transfer.Entry{
		Name:    fi.Name(),
		Size:    fi.Size(),
		ModTime: fi.ModTime(),
		IsDir:   fi.IsDir(),
		IsLink:  fi.Mode()&fs.ModeSymlink != 0,
		Perm:    fi.Mode().Perm().String()[1:],
	}
}

func (s *Session) Stat(ctx context.Context, p string) (transfer.Entry, error) {
	var fi os.FileInfo
	err := s.do(ctx, "stat", p, true, func(c *sftp.Client) (err error) {
		fi, err = c.Stat(p)
		return err
	})
	if err != nil {
		return transfer.Entry{}, err
	}
	e := entry(fi)
	e.Name = path.Base(p)
	return e, nil
}

// Size is Stat's size, except right after an upload this session closed:
// the queue asks an uploaded file's size to catch a transfer that ended
// early, which FTP cannot tell, but SFTP's server acknowledged every write
// and the close, so the size is known without a round trip (one of six
// per small file).
func (s *Session) Size(ctx context.Context, p string) (int64, error) {
	if n, ok := s.takeWritten(p); ok {
		return n, nil
	}
	e, err := s.Stat(ctx, p)
	return e.Size, err
}

// maxWritten bounds the sizes kept for Size: nobody asking is no leak.
const maxWritten = 256

func (s *Session) noteWritten(p string, n int64) {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	if s.written == nil || len(s.written) >= maxWritten {
		s.written = map[string]int64{}
	}
	s.written[p] = n
}

// takeWritten is p's size as its upload left it, once; anything done to
// p since (forgetWritten) makes it unknown.
func (s *Session) takeWritten(p string) (int64, bool) {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	n, ok := s.written[p]
	delete(s.written, p)
	return n, ok
}

func (s *Session) forgetWritten(paths ...string) {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	for _, p := range paths {
		delete(s.written, p)
	}
}

// Open reads p from offset. Behind the reader, pkg/sftp's WriteTo keeps
// Concurrency read requests in flight, whatever size the caller's reads
// are: the queue reads through a progress counter in 256 KiB steps, and
// a plain Read of 256 KiB would wait for its 8 requests before sending
// the next ones (13 s for 1 GiB on loopback instead of ~rclone's 12 s).
func (s *Session) Open(ctx context.Context, p string, offset int64) (io.ReadCloser, error) {
	f, c, stop, err := s.open(ctx, "download", p, func(c *sftp.Client) (*sftp.File, error) { return c.Open(p) })
	if err != nil {
		return nil, err
	}
	if offset > 0 {
		if _, err := f.Seek(offset, io.SeekStart); err != nil {
			f.Close()
			stop()
			return nil, opError("download", p, c.cause(err))
		}
	}
	return newDownload(&file{f: f, c: c, stop: stop, verb: "download", path: p, n: c.requests}), nil
}

// download is a file read ahead by pkg/sftp's concurrent WriteTo on its
// own goroutine, through a pipe.
type download struct {
	f    *file
	pr   *io.PipeReader
	done chan error
}

func newDownload(f *file) *download {
	pr, pw := io.Pipe()
	d := &download{f: f, pr: pr, done: make(chan error, 1)}
	go func() {
		_, err := f.f.WriteTo(pw)
		err = f.wrap(err)
		pw.CloseWithError(err) // nil: EOF for the reader
		d.done <- err
	}()
	return d
}

func (d *download) Read(p []byte) (int, error) { return d.pr.Read(p) }

// Close stops the read-ahead (its next write fails) and closes the file.
func (d *download) Close() error {
	d.pr.Close()
	err := d.f.Close()
	<-d.done
	return err
}

// Create writes p; offset > 0 keeps the first offset bytes and writes
// after them (a resumed upload). Bytes past the offset, left by a broken
// write, are cut first.
func (s *Session) Create(ctx context.Context, p string, offset int64) (io.WriteCloser, error) {
	s.forgetWritten(p)
	flags := os.O_WRONLY | os.O_CREATE
	if offset == 0 {
		flags |= os.O_TRUNC
	}
	f, c, stop, err := s.open(ctx, "upload", p, func(c *sftp.Client) (*sftp.File, error) { return c.OpenFile(p, flags) })
	if err != nil {
		return nil, err
	}
	if offset > 0 {
		err := resumeAt(f, offset)
		if err != nil {
			f.Close()
			stop()
			return nil, opError("upload", p, c.cause(err))
		}
	}
	return &file{f: f, c: c, stop: stop, verb: "upload", path: p, n: c.requests, s: s, size: offset}, nil
}

func resumeAt(f *sftp.File, offset int64) error {
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	if fi.Size() < offset {
		return fmt.Errorf("%w: the file has %d bytes, fewer than the %d to resume after", transfer.ErrNoResume, fi.Size(), offset)
	}
	if fi.Size() > offset {
		if err := f.Truncate(offset); err != nil {
			return err
		}
	}
	_, err = f.Seek(offset, io.SeekStart)
	return err
}

// Upload stores r at p from offset with Concurrency writes in flight.
// (pkg/sftp's ReadFrom goes concurrent only for a reader whose size it can
// see, which the queue's progress counter hides: 25 s for 1 GiB on
// loopback, one 32 KiB write per round trip, against rclone's 8 s.)
func (s *Session) Upload(ctx context.Context, p string, offset int64, r io.Reader) error {
	w, err := s.Create(ctx, p, offset)
	if err != nil {
		return err
	}
	_, err = w.(*file).ReadFrom(r)
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	return err // file.wrap named the upload already
}

// open opens a file; until stop, the caller's cancel drops the connection.
func (s *Session) open(ctx context.Context, verb, p string, op func(*sftp.Client) (*sftp.File, error)) (*sftp.File, *conn, func() bool, error) {
	var f *sftp.File
	var c *conn
	err := s.doConn(ctx, verb, p, true, func(live *conn) (err error) {
		f, err = op(live.sftp)
		c = live
		return err
	})
	if err != nil {
		return nil, nil, nil, err
	}
	return f, c, context.AfterFunc(ctx, func() { s.drop(c) }), nil
}

// file is an open remote file. It passes WriteTo and ReadFrom through so
// that io.Copy takes pkg/sftp's concurrent paths.
type file struct {
	f      *sftp.File
	c      *conn    // its connection, whose watchdog may have given it up
	n      int      // requests in flight
	s      *Session // an upload's, told its size at a good close
	size   int64    // an upload's offset plus the bytes written
	stop   func() bool
	verb   string
	path   string
	closed bool
}

func (f *file) Read(p []byte) (int, error) {
	n, err := f.f.Read(p)
	return n, f.wrap(err)
}

func (f *file) Write(p []byte) (int, error) {
	n, err := f.f.Write(p)
	f.size += int64(n)
	return n, f.wrap(err)
}

func (f *file) WriteTo(w io.Writer) (int64, error) {
	n, err := f.f.WriteTo(w)
	return n, f.wrap(err)
}

// ReadFrom writes what r holds. The first request's worth is read first:
// a file that fits in it (most files of a folder upload) goes in one
// write, where pkg/sftp's concurrent path would start a goroutine per
// request in flight and allocate a buffer of the request size per file.
func (f *file) ReadFrom(r io.Reader) (int64, error) {
	bp := firstChunks.Get().(*[]byte)
	defer firstChunks.Put(bp)
	b := (*bp)[:f.c.packet]
	n, err := io.ReadFull(r, b)
	switch {
	case err == io.EOF || err == io.ErrUnexpectedEOF:
		if n == 0 {
			return 0, nil
		}
		w, err := f.f.Write(b[:n])
		f.size += int64(w)
		return int64(w), f.wrap(err)
	case err != nil:
		return 0, f.wrap(err)
	}
	m, err := f.f.ReadFromWithConcurrency(io.MultiReader(bytes.NewReader(b[:n]), r), f.n)
	f.size += m
	return m, f.wrap(err)
}

// firstChunks are ReadFrom's first-request buffers, of the largest
// request size, reused: no garbage per small file.
var firstChunks = sync.Pool{New: func() any { b := make([]byte, maxPacket); return &b }}

func (f *file) wrap(err error) error {
	if err == nil || err == io.EOF {
		return err
	}
	if lost(err) {
		err = f.c.cause(err)
	}
	return opError(f.verb, f.path, classify(err))
}

// Close closes the handle; for an upload the server's answer to it is the
// confirmation that the data is kept.
func (f *file) Close() error {
	if f.closed {
		return nil
	}
	f.closed = true
	err := f.f.Close()
	f.stop()
	if err == nil && f.s != nil {
		f.s.noteWritten(f.path, f.size)
	}
	return f.wrap(err)
}

func (s *Session) Mkdir(ctx context.Context, p string) error {
	return s.do(ctx, "make folder", p, false, func(c *sftp.Client) error { return c.Mkdir(p) })
}

// Remove deletes a file, or else an empty folder.
func (s *Session) Remove(ctx context.Context, p string) error {
	s.forgetWritten(p)
	return s.do(ctx, "remove", p, false, func(c *sftp.Client) error { return c.Remove(p) })
}

// Rename replaces to, as the other sides do: with OpenSSH's posix-rename
// where the server has it (SFTP v3's rename refuses an existing target),
// else by removing the target first.
func (s *Session) Rename(ctx context.Context, from, to string) error {
	s.forgetWritten(from, to)
	return s.do(ctx, "rename", from, false, func(c *sftp.Client) error {
		if _, ok := c.HasExtension("posix-rename@openssh.com"); ok {
			return c.PosixRename(from, to)
		}
		err := c.Rename(from, to)
		if err == nil {
			return nil
		}
		if fi, serr := c.Stat(to); serr == nil && !fi.IsDir() {
			if rerr := c.Remove(to); rerr == nil {
				return c.Rename(from, to)
			}
		}
		return err
	})
}

// SetModTime sets a file's time (SFTP's setstat, exact to the second).
func (s *Session) SetModTime(ctx context.Context, p string, t time.Time) error {
	return s.do(ctx, "set the time of", p, false, func(c *sftp.Client) error { return c.Chtimes(p, t, t) })
}

// Chmod sets a file's permission bits.
func (s *Session) Chmod(ctx context.Context, p string, mode fs.FileMode) error {
	s.forgetWritten(p)
	return s.do(ctx, "change the permissions of", p, false, func(c *sftp.Client) error { return c.Chmod(p, mode.Perm()) })
}

// Home is the folder the server starts the session in.
func (s *Session) Home(ctx context.Context) (string, error) {
	var dir string
	err := s.do(ctx, "find the home folder on", s.cfg.Addr(), true, func(c *sftp.Client) (err error) {
		dir, err = c.Getwd()
		return err
	})
	return dir, err
}

func (s *Session) Join(dir, name string) string { return path.Join(dir, name) }
func (s *Session) Dir(p string) string          { return path.Dir(p) }
