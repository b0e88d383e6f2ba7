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
	"sync"
	"sync/atomic"
	"time"

	"github.com/pkg/sftp"
	"golang.org/x/crypto/ssh"

	"portside/transfer"
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
	// the keepalive below bounds every later wait.
	Timeout time.Duration
	// Concurrency is how many read or write requests one file keeps in
	// flight (64 when 0): what makes SFTP fast on a link with latency.
	Concurrency int
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

// Keepalive: a server that stops answering is noticed within
// keepaliveEvery+keepaliveWait and the connection closed, which fails every
// request waiting on it; pkg/sftp itself has no per-request deadline.
var (
	keepaliveEvery = 15 * time.Second
	keepaliveWait  = 30 * time.Second
)

// Session is one SSH connection with its SFTP client. Its methods are
// safe for concurrent use and do run concurrently, as SFTP allows. A
// connection that fails is dropped, and the next call dials again.
type Session struct {
	cfg Config

	mu     sync.Mutex
	conn   *conn // nil until dialled, and after a failure
	closed atomic.Bool
}

// conn is one live connection: what a failure discards as a whole.
type conn struct {
	ssh  *ssh.Client
	sftp *sftp.Client
	done chan struct{} // closed when the keepalive ends
	once sync.Once
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
		return s.conn, nil
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
	raw, err := (&net.Dialer{}).DialContext(dctx, "tcp", addr)
	cancel()
	if err != nil {
		return nil, fmt.Errorf("connect to %s: %w", addr, err)
	}
	// The handshake and login read from the server: bound them, except
	// while the user answers a question, and let the caller's cancel in.
	d := &deadline{conn: raw, timeout: timeout}
	d.arm()
	stop := context.AfterFunc(ctx, d.kill)
	auth := newAuth(cfg, d.pause)
	sc, chans, reqs, err := ssh.NewClientConn(raw, addr, &ssh.ClientConfig{
		User: cfg.User,
		Auth: auth.methods(),
		HostKeyCallback: func(host string, remote net.Addr, key ssh.PublicKey) (err error) {
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
		return nil, fmt.Errorf("connect to %s: %w", addr, auth.explain(err))
	}
	auth.close()
	raw.SetDeadline(time.Time{})
	client := ssh.NewClient(sc, chans, reqs)
	concurrency := cfg.Concurrency
	if concurrency <= 0 {
		concurrency = defaultConcurrency
	}
	// The SFTP subsystem starts over the open connection; the keepalive
	// bounds it, as it bounds everything after.
	c := &conn{ssh: client, done: make(chan struct{})}
	go c.keepalive()
	fc, err := sftp.NewClient(client,
		sftp.UseConcurrentReads(true),
		sftp.UseConcurrentWrites(true),
		sftp.MaxConcurrentRequestsPerFile(concurrency),
	)
	if err != nil {
		client.Close()
		return nil, fmt.Errorf("start SFTP on %s: %w", addr, err)
	}
	c.sftp = fc
	return c, nil
}

var errNoHostKeys = errors.New("no host key check is set")

// defaultConcurrency is how many requests of 32 KiB one file keeps in
// flight: 2 MiB, enough for 1 Gbit/s at 16 ms round trips.
const defaultConcurrency = 64

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

// keepalive asks the server for a sign of life now and then, and closes
// the connection when none comes in time.
func (c *conn) keepalive() {
	defer close(c.done)
	t := time.NewTicker(keepaliveEvery)
	defer t.Stop()
	closed := make(chan struct{})
	go func() { c.ssh.Wait(); close(closed) }()
	for {
		select {
		case <-closed:
			return
		case <-t.C:
		}
		answered := make(chan struct{})
		go func() {
			// Any reply, even a refusal, shows the server is there.
			c.ssh.SendRequest("keepalive@openssh.com", true, nil)
			close(answered)
		}()
		select {
		case <-answered:
		case <-closed:
			return
		case <-time.After(keepaliveWait):
			c.ssh.Close()
			return
		}
	}
}
