// Package ftp is the remote side of a transfer: a Session is one logged-in
// FTP or FTPS connection that implements transfer.FS. Commands and listings
// come from github.com/jlaffaye/ftp; connections (modes, NAT, TLS, the log)
// from package transport underneath it.
package ftp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/textproto"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	jftp "github.com/jlaffaye/ftp"

	"portside/transfer"
	"portside/transfer/transport"
)

// Config is a site as a session needs it.
type Config struct {
	transport.Config
	User     string // empty logs in as anonymous
	Password string
	Mode     transport.Mode
	// Known is the method auto mode found before (kept in the site profile);
	// it is tried first, and probing starts again if it fails.
	Known *transport.Method
	// MaxConns is the site's connection limit (0: none known). At 1, auto
	// mode probes one control connection at a time instead of racing.
	MaxConns int
	// Proven, shared by the connections of one site, lets auto mode skip
	// the probe's listing for a method another of them proved lately
	// (proven.go). nil: every connection probes.
	Proven *Proven
	// SizeLied: the site's profile remembers that this server's SIZE once
	// disagreed with a confirmed upload; every upload's size is checked
	// (sizetrust.go, memory.go).
	SizeLied bool
	// Learned is told what a session finds out that a profile keeps
	// (memory.go), on the session's goroutine; nil: nobody keeps it.
	Learned func(Finding)
}

// Probe tells how auto mode chose its method, for the log and the profile.
type Probe struct {
	Method   transport.Method
	When     time.Time
	Reason   string
	Attempts []Attempt
}

// Attempt is one method auto mode tried, and why it failed (nil: it worked).
type Attempt struct {
	Method transport.Method
	Err    error
	Start  time.Duration // since the probe began
	Took   time.Duration // until it carried a listing, failed, or lost the race
	Lost   bool          // stopped because another method won first
}

// Session is one logged-in connection. Its methods are safe for concurrent
// use but run one at a time, as FTP does; an open reader or writer holds
// the session until it is closed.
type Session struct {
	cfg Config

	mu     sync.Mutex
	sc     *jftp.ServerConn
	ctl    *transport.Conn
	method transport.Method
	probe  *Probe
	broken error                          // set after a failure that leaves the control channel unsure
	live   atomic.Pointer[transport.Conn] // ctl, for Close to reach without the lock
	closed atomic.Bool
	tls    atomic.Int32 // the TLS mode as connected (pinTLS)
	// ops counts the commands run through do; sent is the last confirmed
	// upload (see sizetrust.go).
	ops  atomic.Uint64
	sent atomic.Pointer[sentFile]
}

var _ transfer.FS = (*Session)(nil)

// Connect opens and logs in a session, probing in auto mode.
func Connect(ctx context.Context, cfg Config) (*Session, error) {
	s := &Session{cfg: cfg}
	if err := s.connect(ctx, nil); err != nil {
		return nil, err
	}
	return s, nil
}

// connect (re)opens the session; in auto mode it probes, skipping the
// method in avoid first (the one that just failed).
func (s *Session) connect(ctx context.Context, avoid *transport.Method) error {
	if s.cfg.Mode != transport.ModeAuto {
		sc, ctl, err := s.dial(ctx, s.cfg.Mode.Methods())
		if err != nil {
			return err
		}
		s.setConn(sc, ctl)
		s.pinTLS(ctl)
		s.broken = nil
		return nil
	}
	if avoid == nil {
		ok, finish := s.dialProven(ctx)
		if ok {
			return nil
		}
		defer finish()
	}
	p, sc, ctl, err := s.autoProbe(ctx, avoid)
	if err != nil {
		return err
	}
	s.setConn(sc, ctl)
	s.pinTLS(ctl)
	s.probe, s.method, s.broken = p, p.Method, nil
	s.cfg.Proven.remember(p.Method)
	m := p.Method
	s.cfg.Known = &m
	return nil
}

// candidates is the probing order: the known method first, then EPSV, PASV,
// EPRT, PORT; the avoided method goes last.
func (s *Session) candidates(avoid *transport.Method) []transport.Method {
	var out []transport.Method
	add := func(m transport.Method) {
		if s.cfg.Proxied() && !m.Passive() {
			return // active mode cannot work through a proxy (transport/proxy.go)
		}
		for _, o := range out {
			if o == m {
				return
			}
		}
		out = append(out, m)
	}
	if s.cfg.Known != nil && (avoid == nil || *avoid != *s.cfg.Known) {
		add(*s.cfg.Known)
	}
	for _, m := range transport.ModeAuto.Methods() {
		if avoid == nil || m != *avoid {
			add(m)
		}
	}
	if avoid != nil {
		add(*avoid)
	}
	return out
}

// dial opens a control connection through transport and logs in.
func (s *Session) dial(ctx context.Context, methods []transport.Method) (*jftp.ServerConn, *transport.Conn, error) {
	return s.dialPipe(ctx, methods, s.cfg.Pipelining)
}

// dialPipe is dial with pipelining as pipe says (auto mode's racers dial
// at once: the session's config is not theirs to change).
func (s *Session) dialPipe(ctx context.Context, methods []transport.Method, pipe transport.Pipelining) (*jftp.ServerConn, *transport.Conn, error) {
	tcfg := s.cfg.Config
	tcfg.Methods = methods
	tcfg.Pipelining = pipe
	if tcfg.Pipelining != transport.PipelineOff {
		if ok, known := s.cfg.Proven.pipelines(); known && ok {
			tcfg.Pipelining = transport.PipelineOn // another connection probed it
		} else if known {
			tcfg.Pipelining = transport.PipelineOff
		}
	}
	var ctl *transport.Conn
	dialFunc := func(network, address string) (net.Conn, error) {
		if ctl == nil {
			c, err := transport.Dial(ctx, &tcfg)
			if err != nil {
				return nil, err
			}
			ctl = c
			return c, nil
		}
		return ctl.Data()
	}
	sc, err := jftp.Dial(tcfg.Addr(), jftp.DialWithDialFunc(dialFunc), jftp.DialWithContext(ctx))
	if err != nil {
		if ctl != nil {
			ctl.Close()
		}
		return nil, nil, err
	}
	stop := context.AfterFunc(ctx, func() { ctl.Close() })
	defer stop()
	user, pass := s.cfg.User, s.cfg.Password
	if user == "" {
		user, pass = "anonymous", "portside@"
	}
	if err := sc.Login(user, pass); err != nil {
		ctl.Close()
		return nil, nil, loginError(tcfg.Addr(), tcfg.TLS, err)
	}
	s.note("logged_in", map[string]string{"Addr": tcfg.Addr(), "User": user}, "Logged in to %s as %s", tcfg.Addr(), user)
	if ctx.Err() != nil {
		ctl.Close()
		return nil, nil, ctx.Err()
	}
	if tcfg.Pipelining != transport.PipelineOff {
		err := ctl.ProbePipelining()
		// A probe's finding goes to the profile (memory.go); a connection
		// that knew it already (PipelineOn) has nothing to tell.
		// A connection lost for another reason found nothing.
		found := err == nil || errors.Is(err, transport.ErrPipelining)
		if tcfg.Pipelining == transport.PipelineProbe && found && s.cfg.Proven.pipelined(err == nil) {
			f := PipeliningWorks
			if err != nil {
				f = PipeliningBreaks
			}
			s.learned(f)
		}
		if err != nil {
			ctl.Close()
			if errors.Is(err, transport.ErrPipelining) {
				// Closed: a late reply would have answered the next command.
				return s.dialPipe(ctx, methods, transport.PipelineOff)
			}
			return nil, nil, err
		}
	}
	return sc, ctl, nil
}

// loginError is a refused login as facts (transfer.OpError "login" around
// a ReplyError with the server's reply, or the network's error), for a
// front end to word; its English is the engine's, as scripts match it.
func loginError(addr string, mode transport.TLSMode, err error) error {
	op := func(why error) error { return &transfer.OpError{Op: "login", Verb: "log in to", Path: addr, Err: why} }
	var te *textproto.Error
	isReply := errors.As(err, &te)
	reply := func(kind error, text string) error {
		return op(&transfer.ReplyError{Kind: kind, Code: te.Code, Msg: te.Msg, Text: text})
	}
	switch {
	case mode == transport.TLSNone && tlsRequired(err):
		// Before the 530 case: vsftpd says "530 Non-anonymous sessions
		// must use encryption.", which is no wrong password.
		text := fmt.Sprintf("%v: the server requires TLS: it said %q (use ftpes:// for explicit FTP over TLS, or choose it in the site's settings)",
			transfer.ErrTLS, err.Error())
		if isReply {
			return reply(transfer.ErrTLS, text)
		}
		return op(fmt.Errorf("%w%s", transfer.ErrTLS, strings.TrimPrefix(text, transfer.ErrTLS.Error())))
	case isReply && (te.Code == 530 || te.Code == 430):
		return reply(transfer.ErrLogin, fmt.Sprintf("%v: the server said %q (check the user name and password)", transfer.ErrLogin, te.Msg))
	case isReply && te.Code == 421 && (strings.Contains(strings.ToLower(te.Msg), "too many") || strings.Contains(strings.ToLower(te.Msg), "connections")):
		return reply(transfer.ErrTooMany, fmt.Sprintf("%v: the server said %q", transfer.ErrTooMany, te.Msg))
	case isReply && err == error(te):
		return reply(nil, err.Error()) // a reply of no known kind
	}
	return op(err)
}

// tlsRequired recognises a server refusing a plain login for want of TLS,
// whatever the reply code: vsftpd "530 Non-anonymous sessions must use
// encryption.", proftpd "550 SSL/TLS required on the control channel",
// pure-ftpd "421 Sorry, cleartext sessions … are not accepted",
// ftpserverlib "TLS is required".
func tlsRequired(err error) bool {
	msg := strings.ToLower(err.Error())
	for _, w := range []string{"tls", "ssl", "encryption", "cleartext"} {
		if strings.Contains(msg, w) {
			return true
		}
	}
	return false
}

// pinTLS holds "TLS if available" to what the first login found: a
// reconnect then requires TLS where it worked (a refused AUTH TLS later is
// an attack or a broken server, not a reason to send the password
// readable), and goes on in plain text where that was agreed.
func (s *Session) pinTLS(ctl *transport.Conn) {
	if s.cfg.TLS == transport.TLSIfAvailable {
		s.cfg.TLS = ctl.Effective()
	}
	s.tls.Store(int32(s.cfg.TLS))
}

// TLS is the session's TLS mode as connected: "if available" is resolved
// to explicit or none.
// It does not wait for a transfer in progress.
func (s *Session) TLS() transport.TLSMode { return transport.TLSMode(s.tls.Load()) }

// Method is the data connection method in use: the one auto mode chose, or
// the last one opened.
func (s *Session) Method() transport.Method {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cfg.Mode == transport.ModeAuto {
		return s.method
	}
	if s.ctl != nil {
		return s.ctl.LastMethod()
	}
	return s.cfg.Mode.Methods()[0]
}

// Probe is how auto mode chose its method; nil in passive or active mode.
func (s *Session) Probe() *Probe {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.probe
}

// Close logs out and closes the connection. It does not wait for a
// transfer in progress: closing the connection under it makes it fail.
func (s *Session) Close() error {
	if s.mu.TryLock() {
		defer s.mu.Unlock()
		if s.sc == nil {
			s.closed.Store(true)
			return nil
		}
		s.closed.Store(true)
		err := s.sc.Quit()
		s.ctl.Close()
		s.setConn(nil, nil)
		return err
	}
	// Busy: the holder of the session finds its connection gone and fails;
	// waiting for it could wait on a reader nobody closes.
	s.closed.Store(true)
	if ctl := s.live.Load(); ctl != nil {
		ctl.Close()
	}
	return nil
}

// setConn replaces the live connection; s.mu is held.
func (s *Session) setConn(sc *jftp.ServerConn, ctl *transport.Conn) {
	s.sc, s.ctl = sc, ctl
	s.live.Store(ctl)
}

// note logs an Info line with its code and facts (Event.Key, Args).
// errArgs is args (nil: new) with err for a log line: its text (Error),
// and a failed step's facts as JSON (Facts) for a front end that words
// the error in its own language.
func errArgs(err error, args map[string]string) map[string]string {
	if args == nil {
		args = map[string]string{}
	}
	args["Error"] = err.Error()
	if f, ok := transport.FactsOf(err); ok {
		if b, jerr := json.Marshal(f); jerr == nil {
			args["Facts"] = string(b)
		}
	}
	return args
}

func (s *Session) note(key string, args map[string]string, format string, a ...any) {
	s.noteKind(transport.Info, key, args, format, a...)
}

// noteKind is note for a line of another kind (a Failure).
func (s *Session) noteKind(kind transport.EventKind, key string, args map[string]string, format string, a ...any) {
	if s.cfg.Log != nil {
		s.cfg.Log(transport.Event{Time: time.Now(), Kind: kind, Text: fmt.Sprintf(format, a...), Key: key, Args: args})
	}
}

func (s *Session) logf(kind transport.EventKind, format string, args ...any) {
	if s.cfg.Log != nil {
		s.cfg.Log(transport.Event{Time: time.Now(), Kind: kind, Text: fmt.Sprintf(format, args...)})
	}
}
