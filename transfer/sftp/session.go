// Package sftp is the remote side of a transfer over SSH: a Session is one
// logged-in SFTP connection that implements transfer.FS, a peer of package
// ftp. The protocol is github.com/pkg/sftp over golang.org/x/crypto/ssh;
// this package adds what a desktop client owes its user around them: host
// keys checked against known_hosts files and put to the user when unknown,
// the authentication methods in the order the server offers them, a bound
// on every wait, and errors translated into transfer's sentinels.
package sftp

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pkg/sftp"
	"golang.org/x/crypto/ssh"

	"portside/transfer"
	"portside/transfer/transport"
)

// DefaultPort is SSH's.
const DefaultPort = 22

// Config is a site as a session needs it. Every field but Host, User and
// HostKeys may be left zero.
type Config struct {
	Host string
	Port int // 0: 22
	User string
	// Password answers the "password" method and a lone password prompt of
	// "keyboard-interactive" (servers that take passwords only through PAM).
	Password string
	// KeyFiles are private keys in OpenSSH or PEM form; Passphrase is asked
	// for an encrypted one (wrap it with OncePassphrase to ask once).
	KeyFiles   []string
	Passphrase func(file string) (string, error)
	// Agent offers the keys of the running ssh-agent, at AgentSocket or,
	// when that is empty, at $SSH_AUTH_SOCK.
	Agent       bool
	AgentSocket string
	// Answer shows keyboard-interactive prompts (one-time codes) to the
	// user; nil answers only a lone password prompt, with Password.
	Answer func(Challenge) ([]string, error)
	// HostKeys decides whether the server is the one it claims to be. It
	// is required: a session never connects without checking.
	HostKeys *HostKeys

	// Timeout bounds the TCP connect and the SSH handshake (30 s when 0);
	// IdleTimeout bounds every later wait.
	Timeout time.Duration
	// IdleTimeout is how long the server may send nothing while the
	// connection is open: then it is given up, and what waited on it fails
	// with a *transport.IdleError, which the queue retries, instead of
	// hanging (pkg/sftp has no deadline of its own). A healthy but idle
	// server is asked for a sign of life after a quarter of it, so only a silent
	// one reaches it. transport.DefaultIdleTimeout (20 s, as for FTP) when
	// 0; negative turns it off.
	IdleTimeout time.Duration
	// Concurrency is how many read or write requests one file keeps in
	// flight (when 0: as many as keep 2 MiB in flight, 64 of 32 KiB or
	// fewer larger ones where the server takes them): what makes SFTP fast
	// on a link with latency.
	Concurrency int

	// Dial opens the TCP connection; nil: a net.Dialer. The connection
	// check passes the connection it has already greeted.
	Dial func(ctx context.Context, network, addr string) (net.Conn, error)
	// Trace, when set, is told what the connect saw (trace.go).
	Trace *Trace
}

// Challenge is one round of keyboard-interactive prompts.
type Challenge struct {
	Name, Instruction string
	Questions         []string
	Echo              []bool // whether each answer may be shown as typed
}

// Addr is host:port.
func (c Config) Addr() string {
	port := c.Port
	if port == 0 {
		port = DefaultPort
	}
	return net.JoinHostPort(c.Host, strconv.Itoa(port))
}

// Session is one SSH connection with its SFTP client. Its methods are
// safe for concurrent use and do run concurrently, as SFTP allows. A
// connection that fails is dropped, and the next call dials again.
type Session struct {
	cfg Config

	mu     sync.Mutex
	conn   *conn // nil until dialled, and after a failure
	closed atomic.Bool

	wmu     sync.Mutex
	written map[string]int64 // sizes of uploads closed, until asked (fs.go)
}

// conn is one live connection: what a failure discards as a whole.
type conn struct {
	ssh  *ssh.Client
	sftp *sftp.Client
	raw  *activeConn
	// requests is how many requests one file keeps in flight, packet the
	// bytes each carries.
	requests, packet int
	gone             chan struct{}                       // closed when the SSH connection has ended
	idle             atomic.Pointer[transport.IdleError] // set when the watchdog gave the connection up
	once             sync.Once
}

// cause is why the connection died under a request: the watchdog's
// verdict, or else the request's own error.
func (c *conn) cause(err error) error {
	if ie := c.idle.Load(); ie != nil {
		return ie
	}
	return err
}

func (c *conn) close() {
	c.once.Do(func() {
		if c.sftp != nil {
			c.sftp.Close()
		}
		c.ssh.Close()
	})
}

var _ transfer.FS = (*Session)(nil)

// Connect opens a session: TCP, SSH with the host key checked, login, SFTP.
func Connect(ctx context.Context, cfg Config) (*Session, error) {
	s := &Session{cfg: cfg}
	if _, err := s.live(ctx); err != nil {
		return nil, err
	}
	return s, nil
}

var errSessionClosed = errors.New("the session is closed")

// live returns the connection, dialling when there is none.
func (s *Session) live(ctx context.Context) (*conn, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed.Load() {
		return nil, errSessionClosed
	}
	if s.conn != nil {
		select {
		case <-s.conn.gone: // ended under nobody's request (the watchdog, the server)
			s.conn.close()
			s.conn = nil
		default:
			return s.conn, nil
		}
	}
	c, err := dial(ctx, s.cfg)
	if err != nil {
		return nil, err
	}
	s.conn = c
	return c, nil
}

// drop discards c after a failure, unless a newer connection replaced it.
func (s *Session) drop(c *conn) {
	c.close()
	s.mu.Lock()
	if s.conn == c {
		s.conn = nil
	}
	s.mu.Unlock()
}

// Close ends the session; calls after it fail.
func (s *Session) Close() error {
	s.closed.Store(true)
	s.mu.Lock()
	c := s.conn
	s.conn = nil
	s.mu.Unlock()
	if c != nil {
		c.close()
	}
	return nil
}

func dial(ctx context.Context, cfg Config) (*conn, error) {
	addr := cfg.Addr()
	if cfg.HostKeys == nil {
		return nil, fmt.Errorf("connect to %s: %w", addr, errNoHostKeys)
	}
	timeout := cfg.Timeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	dctx, cancel := context.WithTimeout(ctx, timeout)
	dialer := cfg.Dial
	if dialer == nil {
		dialer = (&net.Dialer{}).DialContext
	}
	raw, err := dialer(dctx, "tcp", addr)
	cancel()
	if err != nil {
		return nil, fmt.Errorf("connect to %s: %w", addr, err)
	}
	// The handshake and login read from the server: bound them, except
	// while the user answers a question, and let the caller's cancel in.
	active := &activeConn{Conn: raw}
	raw = active
	d := &deadline{conn: raw, timeout: timeout}
	d.arm()
	stop := context.AfterFunc(ctx, d.kill)
	auth := newAuth(cfg, d.pause)
	sc, chans, reqs, err := ssh.NewClientConn(raw, addr, &ssh.ClientConfig{
		User: cfg.User,
		Auth: auth.methods(),
		HostKeyCallback: func(host string, remote net.Addr, key ssh.PublicKey) (err error) {
			cfg.Trace.hostKey(host, key)
			d.pause(func() { err = cfg.HostKeys.check(host, remote, key) })
			return err
		},
		HostKeyAlgorithms: cfg.HostKeys.algorithms(addr),
	})
	killed := !stop()
	if err == nil && killed {
		err = ctx.Err()
	}
	if err != nil {
		raw.Close()
		if ctx.Err() != nil {
			err = ctx.Err()
		}
		err = auth.explain(err)
		if errors.Is(err, transfer.ErrLogin) { // facts for a front end: the login, refused
			return nil, &transfer.OpError{Op: "login", Verb: "connect to", Path: addr, Err: err}
		}
		return nil, fmt.Errorf("connect to %s: %w", addr, err)
	}
	auth.close()
	cfg.Trace.loggedIn(sc.ServerVersion())
	raw.SetDeadline(time.Time{})
	client := ssh.NewClient(sc, chans, reqs)
	concurrency := cfg.Concurrency
	if concurrency <= 0 {
		concurrency = defaultConcurrency
	}
	// The SFTP subsystem starts over the open connection; the watchdog
	// bounds it, as it bounds everything after.
	c := &conn{ssh: client, raw: active, gone: make(chan struct{}), requests: concurrency, packet: defaultPacket}
	go func() { client.Wait(); close(c.gone) }()
	if idle := idleTimeout(cfg.IdleTimeout); idle > 0 {
		go c.watch(idle)
	}
	// The server's limits are asked on a second channel while the first
	// starts: the connect costs no extra round trip.
	type answer struct {
		l   limits
		err error
	}
	asked := make(chan answer, 1)
	lctx, stopQuery := context.WithCancel(context.Background())
	defer stopQuery() // an answer not in by then is not waited for
	if cfg.Concurrency == 0 {
		go func() { l, err := queryLimits(lctx, client); asked <- answer{l, err} }()
	} else {
		asked <- answer{err: errNoLimits}
	}
	fc, err := sftp.NewClient(client,
		sftp.UseConcurrentReads(true),
		sftp.UseConcurrentWrites(true),
		sftp.MaxConcurrentRequestsPerFile(concurrency),
	)
	if err != nil {
		client.Close()
		<-asked
		if strings.Contains(err.Error(), "subsystem request failed") { // x/crypto's words for the server's no
			err = fmt.Errorf("%w: %w", ErrNoSFTP, err)
		}
		return nil, fmt.Errorf("start SFTP on %s: %w", addr, err)
	}
	// Larger requests where the server says it takes them, as many as
	// keep the same bytes in flight (limits.go). A server that does not
	// answer in time keeps 32 KiB; the query ends with the connection.
	a := answer{err: errNoLimits}
	t := time.NewTimer(timeout)
	select {
	case a = <-asked:
	case <-t.C:
	case <-ctx.Done():
	}
	t.Stop()
	if a.err == nil {
		if _, ok := fc.HasExtension("limits@openssh.com"); ok {
			if n := a.l.packetSize(); n > defaultPacket {
				c.requests, c.packet = max(inFlight/n, 4), n
				sftp.MaxPacketUnchecked(n)(fc)
				sftp.MaxConcurrentRequestsPerFile(c.requests)(fc)
			}
		}
	}
	c.sftp = fc
	return c, nil
}

var errNoHostKeys = errors.New("no host key check is set")

// defaultConcurrency is how many requests of 32 KiB one file keeps in
// flight: inFlight's 2 MiB.
const defaultConcurrency = inFlight / defaultPacket

// deadline bounds the handshake's reads and writes, paused while Portside
// waits for its user (a host key question, a passphrase, a one-time code)
// or derives a key, which are no fault of the server.
type deadline struct {
	conn    net.Conn
	timeout time.Duration
	mu      sync.Mutex
	dead    bool
}

func (d *deadline) arm() {
	d.mu.Lock()
	defer d.mu.Unlock()
	if !d.dead {
		d.conn.SetDeadline(time.Now().Add(d.timeout))
	}
}

func (d *deadline) kill() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.dead = true
	d.conn.SetDeadline(time.Unix(1, 0))
}

func (d *deadline) pause(f func()) {
	d.mu.Lock()
	if !d.dead {
		d.conn.SetDeadline(time.Time{})
	}
	d.mu.Unlock()
	defer d.arm()
	f()
}

func idleTimeout(d time.Duration) time.Duration {
	switch {
	case d > 0:
		return d
	case d < 0:
		return 0
	}
	return transport.DefaultIdleTimeout
}

// activeConn notes when the server last sent a byte.
type activeConn struct {
	net.Conn
	last atomic.Int64 // UnixNano of the last read that brought bytes
}

func (a *activeConn) Read(p []byte) (int, error) {
	n, err := a.Conn.Read(p)
	if n > 0 {
		a.last.Store(time.Now().UnixNano())
	}
	return n, err
}

func (a *activeConn) silent() time.Duration {
	return time.Since(time.Unix(0, a.last.Load()))
}

// watch gives the connection up when the server sent nothing for idle.
// After a quarter of it, it asks for a sign of life (any reply, even a
// refusal, is bytes from the server): a connection with nothing to do
// stays up, one whose server went silent mid-transfer ends, failing every
// request that waits on it. It sleeps on a timer until the silence could
// reach the next mark (nextLook), rather than ticking: an idle window's
// SFTP session wakes for its sign of life only (issue #12).
func (c *conn) watch(idle time.Duration) {
	c.raw.last.Store(time.Now().UnixNano())
	t := time.NewTimer(nextLook(0, idle))
	defer t.Stop()
	var asking atomic.Bool
	for {
		select {
		case <-c.gone:
			return
		case <-t.C:
		}
		quiet := c.raw.silent()
		switch {
		case quiet >= idle:
			c.idle.Store(&transport.IdleError{Op: "read", Idle: idle})
			c.ssh.Close()
			return
		case quiet >= idle/4 && asking.CompareAndSwap(false, true):
			go func() {
				c.ssh.SendRequest("keepalive@openssh.com", true, nil)
				asking.Store(false)
			}()
		}
		t.Reset(nextLook(quiet, idle))
	}
}

// nextLook is how long after a look that found the server quiet for
// quiet the watch looks again: when the silence reaches the next mark, a
// quarter of idle (ask for a sign of life) or, once past it, idle (give
// up). Bytes arriving meanwhile only move the marks later, so the look is
// never late; at least 10 ms apart.
func nextLook(quiet, idle time.Duration) time.Duration {
	next := idle/4 - quiet
	if next <= 0 {
		next = idle - quiet
	}
	return max(next, 10*time.Millisecond)
}
