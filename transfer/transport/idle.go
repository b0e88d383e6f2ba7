package transport

import (
	"errors"
	"fmt"
	"net"
	"os"
	"sync"
	"time"
)

// DefaultIdleTimeout is how long a connection may make no progress before
// it is given up: FileZilla's default, 20 s. A slow link that moves a byte
// now and then never reaches it; a server that went silent always does.
const DefaultIdleTimeout = 20 * time.Second

// IdleError is a connection on which nothing moved for the idle timeout:
// the server went silent after a command, in a listing, in a transfer or
// before its final reply. It is a timeout (net.Error) and retryable.
type IdleError struct {
	Op   string // "read" or "write"
	Idle time.Duration
}

func (e *IdleError) Error() string {
	if e.Op == "write" {
		return fmt.Sprintf("the server took no data for %s", e.Idle)
	}
	return fmt.Sprintf("the server sent nothing for %s", e.Idle)
}

func (e *IdleError) Timeout() bool   { return true }
func (e *IdleError) Temporary() bool { return true }
func (e *IdleError) Unwrap() error   { return os.ErrDeadlineExceeded }

var _ net.Error = (*IdleError)(nil)

// idleConn gives every Read and Write the idle deadline, renewed by
// progress: a Read returns as soon as any byte came, and a Write that timed
// out after moving some bytes goes on with the rest under a fresh deadline.
// It sits under TLS, so a TLS handshake that stalls (on a data connection,
// where it starts on first use) is bounded too. Deadlines that callers set
// (the connect deadline, the wait for an active connection) still hold:
// the earlier of the two wins.
type idleConn struct {
	net.Conn
	idle time.Duration // 0: none

	mu     sync.Mutex
	rfixed time.Time // deadlines set through SetDeadline and friends
	wfixed time.Time
}

func newIdleConn(c net.Conn, idle time.Duration) *idleConn {
	return &idleConn{Conn: c, idle: idle}
}

// deadline is the earlier of the fixed one and now plus the idle timeout,
// and whether the idle timeout is the one that will fire.
func (c *idleConn) deadline(fixed time.Time) (time.Time, bool) {
	if c.idle <= 0 {
		return fixed, false
	}
	t := time.Now().Add(c.idle)
	if !fixed.IsZero() && !t.Before(fixed) {
		return fixed, false
	}
	return t, true
}

func (c *idleConn) Read(p []byte) (int, error) {
	c.mu.Lock()
	d, idle := c.deadline(c.rfixed)
	c.mu.Unlock()
	c.Conn.SetReadDeadline(d)
	n, err := c.Conn.Read(p)
	if idle && n == 0 && errors.Is(err, os.ErrDeadlineExceeded) {
		err = &IdleError{Op: "read", Idle: c.idle}
	}
	return n, err
}

func (c *idleConn) Write(p []byte) (int, error) {
	var done int
	for {
		c.mu.Lock()
		d, idle := c.deadline(c.wfixed)
		c.mu.Unlock()
		c.Conn.SetWriteDeadline(d)
		n, err := c.Conn.Write(p[done:])
		done += n
		if err == nil || !errors.Is(err, os.ErrDeadlineExceeded) || !idle {
			return done, err
		}
		if n == 0 {
			return done, &IdleError{Op: "write", Idle: c.idle}
		}
		// Progress, however slow: a fresh deadline for the rest.
	}
}

func (c *idleConn) SetDeadline(t time.Time) error {
	c.mu.Lock()
	c.rfixed, c.wfixed = t, t
	c.mu.Unlock()
	return c.Conn.SetDeadline(t)
}

func (c *idleConn) SetReadDeadline(t time.Time) error {
	c.mu.Lock()
	c.rfixed = t
	c.mu.Unlock()
	return c.Conn.SetReadDeadline(t)
}

func (c *idleConn) SetWriteDeadline(t time.Time) error {
	c.mu.Lock()
	c.wfixed = t
	c.mu.Unlock()
	return c.Conn.SetWriteDeadline(t)
}

// CloseWrite half-closes a TCP connection (see finishUpload).
func (c *idleConn) CloseWrite() error {
	if hc, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		return hc.CloseWrite()
	}
	return nil
}
