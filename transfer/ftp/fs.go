package ftp

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/textproto"
	"path"
	"strings"
	"time"

	jftp "github.com/jlaffaye/ftp"

	"portside/transfer"
	"portside/transfer/transport"
)

// do runs op on a live connection. After a failure that leaves the control
// channel unsure the connection is dropped, and the next call dials again
// (re-probing in auto mode); idempotent ops are retried once at once.
func (s *Session) do(ctx context.Context, verb, target string, idempotent bool, op func(*jftp.ServerConn) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ops.Add(1)
	for try := 0; ; try++ {
		if err := s.ensure(ctx); err != nil {
			return opError(verb, target, err)
		}
		ctl := s.ctl
		stop := context.AfterFunc(ctx, func() { ctl.Close() })
		err := op(s.sc)
		stop()
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			s.drop(ctx.Err())
			return opError(verb, target, ctx.Err())
		}
		err, broken := s.judge(ctl, err)
		if broken {
			s.drop(err)
			// A data path that did not open on this connection will not
			// open on the next one either (in auto mode the error does not
			// say ErrDataPath: the next connection probes again).
			if idempotent && try == 0 && !errors.Is(err, transfer.ErrDataPath) {
				s.note("reconnecting", errArgs(err, nil), "Reconnecting after: %v", err)
				continue
			}
		}
		return opError(verb, target, err)
	}
}

// ensure dials when the session has no live connection.
func (s *Session) ensure(ctx context.Context) error {
	if s.closed.Load() {
		return errSessionClosed
	}
	if s.sc != nil && s.broken == nil {
		return nil
	}
	var avoid *transport.Method
	if errors.Is(s.broken, transfer.ErrDataConn) && s.cfg.Mode == transport.ModeAuto {
		m := s.method
		avoid = &m
		s.cfg.Proven.forget() // the next connections probe again too
	}
	return s.connect(ctx, avoid)
}

var errSessionClosed = errors.New("the session is closed")

// drop discards the connection after err; it is never pooled again.
func (s *Session) drop(err error) {
	if s.ctl != nil {
		s.ctl.Close()
	}
	s.setConn(nil, nil)
	s.broken = err
	if s.broken == nil {
		s.broken = errors.New("closed")
	}
}

// judge explains and classifies err, and says whether it leaves the
// connection unusable. It must look at the reply before classify wraps it:
// a 550 "no such file" is an answer, not a broken connection.
func (s *Session) judge(ctl *transport.Conn, err error) (error, bool) {
	err = explain(ctl, err)
	return s.reprobable(classify(err)), unsure(err)
}

// unsure reports an error after which the control channel cannot be trusted:
// the network failed, or a data connection did.
func unsure(err error) bool {
	var te *textproto.Error
	if errors.As(err, &te) {
		return te.Code == 421 || te.Code == 425 || te.Code == 426
	}
	return true // not a reply: a network, TLS or data connection error
}

// explain replaces the library's view of a data connection failure (a bare
// 425) with transport's, which names the step, the method and the address.
func explain(ctl *transport.Conn, err error) error {
	if ctl != nil {
		if de := ctl.DataError(); de != nil {
			return de
		}
	}
	return err
}

// reply is a server's refusal of kind (nil: none known), worded as
// format says in English: a transfer.ReplyError, which keeps the reply
// for a front end to show as the server sent it.
func reply(kind error, te *textproto.Error, format string, a ...any) error {
	return &transfer.ReplyError{Kind: kind, Code: te.Code, Msg: te.Msg, Text: fmt.Errorf(format, a...).Error()}
}

// opCodes are do's verbs as transfer.OpError's codes.
var opCodes = map[string]string{"list": "list", "stat": "stat", "change the permissions of": "chmod", "make folder": "mkdir",
	"remove": "remove", "rename": "rename", "set the time of": "mtime", "find the size of": "size", "find the current folder of": "pwd",
	"download": "download", "upload": "upload"}

// opError is err of the operation verb on target.
func opError(verb, target string, err error) error {
	return &transfer.OpError{Op: opCodes[verb], Verb: verb, Path: target, Err: err}
}

// classify translates replies into transfer's sentinels, keeping the text.
func classify(err error) error {
	var te *textproto.Error
	if !errors.As(err, &te) {
		return err
	}
	msg := strings.ToLower(te.Msg)
	switch {
	case strings.Contains(msg, "restart not permitted") || strings.Contains(msg, "append/restart"):
		// proftpd without AllowStoreRestart: "451 f: Append/Restart not
		// permitted, try again" to the STOR after REST.
		return reply(transfer.ErrNoResume, te, "%w: %d %s", transfer.ErrNoResume, te.Code, te.Msg)
	case te.Code == 421:
		return reply(transfer.ErrTooMany, te, "%w: %s", transfer.ErrTooMany, te.Msg)
	case te.Code == 425 || te.Code == 426:
		return fmt.Errorf("%w: %d %s", transfer.ErrDataConn, te.Code, te.Msg)
	case (te.Code == 550 || te.Code == 451) && strings.Contains(msg, "transfer") &&
		(strings.Contains(msg, "network") || strings.Contains(msg, "connection") || strings.Contains(msg, "abort")):
		// ftpserverlib answers a broken data connection with "550 Issue
		// during transfer: network error…" where most servers send 426.
		return fmt.Errorf("%w: %d %s", transfer.ErrDataConn, te.Code, te.Msg)
	case te.Code == 530:
		return reply(transfer.ErrLogin, te, "%w: %s", transfer.ErrLogin, te.Msg)
	case te.Code == 550 && (strings.Contains(msg, "permission") || strings.Contains(msg, "denied")):
		return reply(transfer.ErrPermission, te, "%w: %s", transfer.ErrPermission, te.Msg)
	case te.Code == 550 || te.Code == 450:
		if strings.Contains(msg, "no such") || strings.Contains(msg, "not found") || strings.Contains(msg, "not exist") ||
			strings.Contains(msg, "can't check") || strings.Contains(msg, "failed to") {
			return reply(transfer.ErrNotFound, te, "%w: %s", transfer.ErrNotFound, te.Msg)
		}
	}
	if te.Code >= 500 {
		return reply(transfer.ErrRefused, te, "%w: %d %s", transfer.ErrRefused, te.Code, te.Msg)
	}
	return reply(nil, te, "server replied %d %s", te.Code, te.Msg)
}

func (s *Session) List(ctx context.Context, dir string) ([]transfer.Entry, error) {
	out, refused, err := s.ListRefusals(ctx, dir)
	for _, r := range refused {
		s.logf(transport.Failure, "Skipped an entry of %s: %v", dir, r.Err)
	}
	return out, err
}

// ListRefusals is List with the entries whose names are unsafe as local
// names returned apart, so a download can report each one. It collects
// what ListEach streams: the library's List would hold its own entries and
// the listing's text beside these (a million entries took 270 MB).
func (s *Session) ListRefusals(ctx context.Context, dir string) ([]transfer.Entry, []transfer.Refusal, error) {
	var out []transfer.Entry
	var refused []transfer.Refusal
	err := s.ListEach(ctx, dir, func(e transfer.Entry, bad error) error {
		if bad != nil {
			refused = append(refused, transfer.Refusal{Entry: e, Err: bad})
		} else {
			out = append(out, e)
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return out, refused, nil
}

func entry(e *jftp.Entry) transfer.Entry {
	return transfer.Entry{
		Name:    e.Name,
		Size:    int64(e.Size),
		ModTime: e.Time,
		IsDir:   e.Type == jftp.EntryTypeFolder,
		IsLink:  e.Type == jftp.EntryTypeLink,
	}
}

// Stat uses MLST where the server has it, else SIZE and MDTM (vsftpd has
// no MLST), else finds the name in a listing of its folder (a folder, or a
// server with neither).
func (s *Session) Stat(ctx context.Context, p string) (transfer.Entry, error) {
	if path.Clean(p) == "/" {
		return transfer.Entry{Name: "/", IsDir: true}, nil // no listing names the root
	}
	var got *transfer.Entry
	err := s.do(ctx, "stat", p, true, func(sc *jftp.ServerConn) error {
		if sc.IsTimePreciseInList() { // MLST/MLSD are on
			e, err := sc.GetEntry(p)
			if err == nil {
				en := entry(e)
				got = &en
			}
			return err
		}
		size, err := sc.FileSize(p)
		if err != nil {
			return nil // a folder, or no SIZE: the listing below decides
		}
		en := transfer.Entry{Size: size}
		if sc.IsGetTimeSupported() {
			en.ModTime, _ = sc.GetTime(p)
		}
		got = &en
		return nil
	})
	if err != nil && s.mlst() && (errors.Is(err, transfer.ErrNotFound) || errors.Is(err, transfer.ErrRefused)) {
		// MLST's 550 means the path is not there (or not ours to see); a
		// listing of the folder would cost a data connection per file.
		return transfer.Entry{}, opError("stat", p, transfer.ErrNotFound)
	}
	if err != nil && !errors.Is(err, transfer.ErrNotFound) && !errors.Is(err, transfer.ErrRefused) {
		return transfer.Entry{}, err
	}
	if err == nil && got != nil {
		got.Name = path.Base(p)
		return *got, nil
	}
	// The folder's listing, streamed: the parent of a folder of a million
	// files would otherwise be held whole to find one name in it.
	dir, name := path.Dir(p), path.Base(p)
	var found *transfer.Entry
	lerr := s.ListEach(ctx, dir, func(e transfer.Entry, refused error) error {
		if refused == nil && e.Name == name && found == nil {
			found = &e
		}
		return nil
	})
	if lerr != nil {
		if errors.Is(lerr, transfer.ErrNotFound) {
			return transfer.Entry{}, opError("stat", p, transfer.ErrNotFound)
		}
		return transfer.Entry{}, opError("stat", p, lerr)
	}
	if found != nil {
		return *found, nil
	}
	return transfer.Entry{}, opError("stat", p, transfer.ErrNotFound)
}

// mlst reports whether the live connection has MLST.
func (s *Session) mlst() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sc != nil && s.sc.IsTimePreciseInList()
}

// Open downloads from offset (REST). The session is busy until the reader
// is closed; closing early aborts the transfer.
func (s *Session) Open(ctx context.Context, p string, offset int64) (io.ReadCloser, error) {
	s.mu.Lock()
	if err := s.ensure(ctx); err != nil {
		s.mu.Unlock()
		return nil, opError("download", p, err)
	}
	ctl := s.ctl
	stop := context.AfterFunc(ctx, func() { ctl.Close() })
	resp, err := s.sc.RetrFrom(p, uint64(offset))
	if err != nil {
		stop()
		err, broken := s.judge(ctl, err)
		if broken {
			s.drop(err)
		}
		s.mu.Unlock()
		return nil, opError("download", p, err)
	}
	return &reader{s: s, resp: resp, stop: stop, path: p}, nil
}

type reader struct {
	s    *Session
	resp *jftp.Response
	stop func() bool
	path string
	err  error
	done bool
}

func (r *reader) Read(p []byte) (int, error) {
	n, err := r.resp.Read(p)
	if err != nil && err != io.EOF {
		r.err = err
		err = opError("download", r.path, fmt.Errorf("%w: %w", transfer.ErrDataConn, err))
	}
	return n, err
}

// Close ends the transfer and reports whether the server confirmed it.
func (r *reader) Close() error {
	if r.done {
		return nil
	}
	r.done = true
	defer r.s.mu.Unlock()
	err := r.resp.Close()
	r.stop()
	if r.err != nil || err != nil {
		r.s.drop(errors.Join(r.err, err))
	}
	if err != nil {
		return opError("download", r.path, classify(err))
	}
	return nil
}

// Create uploads; offset > 0 resumes with REST+STOR. Close waits for the
// server's confirmation: only then is the file complete.
func (s *Session) Create(ctx context.Context, p string, offset int64) (io.WriteCloser, error) {
	s.mu.Lock()
	if err := s.ensure(ctx); err != nil {
		s.mu.Unlock()
		return nil, opError("upload", p, err)
	}
	pr, pw := io.Pipe()
	w := &writer{pw: pw, done: make(chan error, 1), path: p}
	ctl := s.ctl
	stop := context.AfterFunc(ctx, func() { ctl.Close() })
	sc := s.sc
	go func() {
		err := sc.StorFrom(p, pr, uint64(offset))
		stop()
		if err != nil {
			var broken bool
			if err, broken = s.judge(ctl, err); broken {
				s.drop(err)
			}
		}
		// The session is free once the server has answered, whether or
		// not anyone calls Close.
		s.mu.Unlock()
		// A Write still waiting learns why the upload ended.
		if err != nil {
			pr.CloseWithError(err)
		} else {
			pr.CloseWithError(errors.New("the server ended the upload early"))
		}
		w.done <- err
	}()
	return w, nil
}

// Upload stores r at p from offset (REST+STOR) on the caller's goroutine:
// the library reads r itself, with no pipe in between.
func (s *Session) Upload(ctx context.Context, p string, offset int64, r io.Reader) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.ensure(ctx); err != nil {
		return opError("upload", p, err)
	}
	ctl := s.ctl
	stop := context.AfterFunc(ctx, func() { ctl.Close() })
	s.sent.Store(nil)
	cr := &countingReader{r: r}
	err := s.sc.StorFrom(p, cr, uint64(offset))
	stop()
	if err == nil {
		s.uploaded(p, offset, cr.n)
	}
	if err != nil {
		var broken bool
		if err, broken = s.judge(ctl, err); broken {
			s.drop(err)
		}
		return opError("upload", p, err)
	}
	return nil
}

// Size is SIZE: one round trip, where Stat on a server without MLST needs
// SIZE and MDTM.
//
// Right after an upload of p that the server confirmed, a server whose
// SIZE has proven honest is not asked: see sizetrust.go.
func (s *Session) Size(ctx context.Context, p string) (int64, error) {
	sent, fresh, trusted := s.sentSize(p)
	if trusted {
		return sent, nil
	}
	var n int64
	err := s.do(ctx, "find the size of", p, true, func(sc *jftp.ServerConn) (err error) {
		n, err = sc.FileSize(p)
		return err
	})
	if err == nil && fresh {
		s.judgeSize(p, sent, n)
	}
	return n, err
}

type writer struct {
	pw     *io.PipeWriter
	done   chan error
	path   string
	closed bool
}

func (w *writer) Write(p []byte) (int, error) {
	n, err := w.pw.Write(p)
	if err != nil {
		return n, opError("upload", w.path, err)
	}
	return n, nil
}

func (w *writer) Close() error {
	if w.closed {
		return nil
	}
	w.closed = true
	w.pw.Close()
	if err := <-w.done; err != nil {
		return opError("upload", w.path, err)
	}
	return nil
}

func (s *Session) Mkdir(ctx context.Context, p string) error {
	return s.do(ctx, "make folder", p, false, func(sc *jftp.ServerConn) error { return sc.MakeDir(p) })
}

// Remove deletes a file, or else an empty folder.
func (s *Session) Remove(ctx context.Context, p string) error {
	return s.do(ctx, "remove", p, false, func(sc *jftp.ServerConn) error {
		err := sc.Delete(p)
		if err == nil {
			return nil
		}
		if derr := sc.RemoveDir(p); derr == nil {
			return nil
		}
		return err
	})
}

func (s *Session) Rename(ctx context.Context, from, to string) error {
	return s.do(ctx, "rename", from, false, func(sc *jftp.ServerConn) error { return sc.Rename(from, to) })
}

// Home is the folder the server put us in at login.
func (s *Session) Home(ctx context.Context) (string, error) {
	var dir string
	err := s.do(ctx, "find the current folder of", s.cfg.Addr(), true, func(sc *jftp.ServerConn) (err error) {
		dir, err = sc.CurrentDir()
		return err
	})
	return dir, err
}

// SetModTime sets a file's time with MFMT (or MDTM with a time), where the
// server has either.
func (s *Session) SetModTime(ctx context.Context, p string, t time.Time) error {
	supported := true
	err := s.do(ctx, "set the time of", p, false, func(sc *jftp.ServerConn) error {
		if supported = sc.IsSetTimeSupported(); !supported {
			return nil // not an error of the connection: do must not drop it
		}
		return sc.SetTime(p, t)
	})
	if err == nil && !supported {
		return fmt.Errorf("set the time of %s: %w", p, errNoSetTime)
	}
	return err
}

var errNoSetTime = errors.New("the server cannot set file times")

func (s *Session) Join(dir, name string) string { return path.Join(dir, name) }
func (s *Session) Dir(p string) string          { return path.Dir(p) }
