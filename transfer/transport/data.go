package transport

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// prepareData opens the data connection for the library's next transfer,
// trying the configured methods in order, and returns a port number to put
// in the reply the library parses. It moves to the next method only when
// the server refuses a command; a data connection that fails is an error,
// which auto mode (in package ftp) answers by probing on a fresh session.
func (c *Conn) prepareData() (int, error) {
	refused := &methodsRefused{}
	for _, m := range c.cfg.methods() {
		dc, port, err := c.open(m)
		var r refusal
		if errors.As(err, &r) {
			refused.list = append(refused.list, err.Error())
			if len(r.reply.Lines) > 0 {
				refused.reply = r.reply
			}
			continue
		}
		if err != nil {
			if c.ctx.Err() != nil {
				return 0, err // closed on purpose (a probe that lost): no failure to log
			}
			return 0, c.fail(err)
		}
		c.pending, c.lastData, c.used = dc, dc, m
		return port, nil
	}
	return 0, c.fail(&StepError{Step: StepData, Method: c.cfg.methods()[0], Addr: c.cfg.Addr(),
		Err: refused, Hint: c.cfg.proxyHint(refusedHint(c.cfg.methods()))})
}

// methodsRefused is every method refused: each one's refusal in the
// engine's words, and the last reply the server refused one with (its
// facts' Reply, for a front end to show as the server sent it).
type methodsRefused struct {
	list  []string
	reply Reply
}

func (e *methodsRefused) Error() string { return fmt.Sprintf("%v: %v", ErrMethodRefused, e.list) }
func (e *methodsRefused) Unwrap() error { return ErrMethodRefused }

// errRefused marks a method the server would not use (a 5xx or odd reply to
// EPSV, PASV, EPRT or PORT), as opposed to a data connection that failed.
var errRefused = errors.New("refused")

type refusal struct {
	m     Method
	why   string
	reply Reply // the server's refusal, when it sent one
}

func (r refusal) Error() string        { return r.m.String() + " " + r.why }
func (r refusal) Is(target error) bool { return target == errRefused }

func (c *Conn) peerIP() net.IP { return c.raw.RemoteAddr().(*net.TCPAddr).IP }

func (c *Conn) open(m Method) (*dataConn, int, error) {
	peer := c.peerIP()
	if (m == PASV || m == PORT) && peer.To4() == nil {
		return nil, 0, refusal{m: m, why: "cannot carry the IPv6 address " + peer.String()}
	}
	switch m {
	case EPSV, PASV:
		return c.openPassive(m, peer)
	default:
		return c.openActive(m, peer)
	}
}

func (c *Conn) openPassive(m Method, peer net.IP) (*dataConn, int, error) {
	var rep Reply
	var err error
	if m == EPSV && c.spec {
		rep, err = c.specReply() // sent while the last download's end was awaited
	} else {
		rep, err = c.command(m.String())
	}
	if err != nil {
		return nil, 0, &StepError{Step: StepControl, Addr: c.cfg.Addr(), Err: err}
	}
	var target net.IP
	var port int
	switch {
	case m == EPSV && rep.Code == 229:
		port, err = Parse229(rep.Text())
		target = peer // EPSV names no address (RFC 2428): always the control peer
	case m == PASV && rep.Code == 227:
		var sent net.IP
		sent, port, err = Parse227(rep.Text())
		if err == nil {
			var reason string
			target, reason = PassiveTarget(peer, sent, c.cfg.UseSentPassiveAddress)
			if reason != "" {
				c.note("pasv_replaced", map[string]string{"Reason": reason}, "Passive address replaced: %s", reason)
			}
		}
	default:
		return nil, 0, refusal{m: m, why: fmt.Sprintf("refused: %s", rep), reply: rep}
	}
	if err != nil {
		return nil, 0, refusal{m: m, why: fmt.Sprintf("reply not understood: %v", err)}
	}
	addr := net.JoinHostPort(c.passiveHost(target), strconv.Itoa(port))
	c.setInFlight(m, addr)
	conn, err, early := c.takeEarly(addr) // dialled while a rename was answered (early.go)
	if !early {
		ctx, cancel := context.WithTimeout(c.ctx, c.dataTimeout())
		conn, err = c.cfg.dial(ctx, addr)
		cancel()
		if err == nil {
			conn = c.helloEarly()(newIdleConn(conn, c.cfg.idleTimeout()))
		}
	}
	if err != nil {
		return nil, 0, &StepError{Step: StepData, Method: m, Addr: addr, Err: err,
			Hint:    "the server's firewall or NAT does not let the passive port through; try active mode, or ask the server's admin to open its passive port range",
			HintKey: "pasv_blocked"}
	}
	c.note("data_to", map[string]string{"Method": m.String(), "Addr": addr}, "Data connection (%s) to %s", m, addr)
	return c.dataConn(m, conn, nil, nil), port, nil
}

func (c *Conn) openActive(m Method, peer net.IP) (*dataConn, int, error) {
	local := c.raw.LocalAddr().(*net.TCPAddr).IP
	ln, err := ListenRange(local, c.cfg.ActivePortMin, c.cfg.ActivePortMax)
	if err != nil {
		return nil, 0, &StepError{Step: StepData, Method: m, Addr: local.String(), Err: err,
			Hint: "no free port to listen on for active mode; widen the active port range", HintKey: "no_active_port"}
	}
	port := ln.Addr().(*net.TCPAddr).Port
	announce, err := c.announceIP(local, m)
	if err != nil {
		ln.Close()
		return nil, 0, err
	}
	var arg string
	if m == EPRT {
		arg = FormatEPRT(announce, port)
	} else if arg, err = FormatPORT(announce, port); err != nil {
		ln.Close()
		return nil, 0, refusal{m: m, why: err.Error()}
	}
	rep, err := c.command(m.String() + " " + arg)
	if err != nil {
		ln.Close()
		return nil, 0, &StepError{Step: StepControl, Addr: c.cfg.Addr(), Err: err}
	}
	if rep.Code != 200 {
		ln.Close()
		why := fmt.Sprintf("%s refused: %s", arg, rep)
		if c.cfg.ExternalAddress == "" && private(announce) && !private(peer) {
			why += fmt.Sprintf(" (this computer's address %s is private, so the server cannot reach it: %s)", announce, ActiveAdvice(c.ActiveSettings()))
		}
		return nil, 0, refusal{m: m, why: why, reply: rep}
	}
	addr := net.JoinHostPort(announce.String(), strconv.Itoa(port))
	c.setInFlight(m, addr)
	c.note("data_wait", map[string]string{"Method": m.String(), "Addr": addr}, "Data connection (%s): waiting for the server on %s", m, addr)
	d := c.dataConn(m, nil, ln, peer)
	d.announced = addr
	return d, port, nil
}

// announceIP is the address EPRT or PORT tells the server to connect to:
// the external address when set (a host name is resolved now, for links
// whose address changes), else the control connection's local address.
func (c *Conn) announceIP(local net.IP, m Method) (net.IP, error) {
	ext := c.cfg.ExternalAddress
	if ext == "" {
		return local, nil
	}
	if ip := net.ParseIP(ext); ip != nil {
		return ip, nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	ips, err := net.DefaultResolver.LookupIP(ctx, "ip", ext)
	if err != nil || len(ips) == 0 {
		return nil, &StepError{Step: StepData, Method: m, Addr: ext, Err: fmt.Errorf("cannot resolve the external address: %v", err)}
	}
	want4 := local.To4() != nil
	for _, ip := range ips {
		if (ip.To4() != nil) == want4 {
			return ip, nil
		}
	}
	return ips[0], nil
}

// ListenRange listens on ip at a free port in [lo, hi], starting at a random
// one so concurrent sessions do not collide on the same ports; 0, 0 lets the
// system choose.
func ListenRange(ip net.IP, lo, hi int) (*net.TCPListener, error) {
	if lo <= 0 && hi <= 0 {
		return net.ListenTCP("tcp", &net.TCPAddr{IP: ip})
	}
	if hi < lo {
		hi = lo
	}
	n := hi - lo + 1
	start := rand.IntN(n)
	var last error
	for i := 0; i < n; i++ {
		ln, err := net.ListenTCP("tcp", &net.TCPAddr{IP: ip, Port: lo + (start+i)%n})
		if err == nil {
			return ln, nil
		}
		last = err
	}
	return nil, fmt.Errorf("every port in %d-%d is taken: %v", lo, hi, last)
}

// dataConn wraps a data connection so that the slow parts happen on first
// use: accepting the server's connection in active mode (it arrives only
// after the library has sent RETR or STOR), and waiting for the TLS
// handshake (some servers start it only after the transfer command:
// jlaffaye/ftp#282). A passive connection's handshake is under way already
// (helloEarly, early.go); an active one's starts here.
func (c *Conn) dataConn(m Method, conn net.Conn, ln net.Listener, peer net.IP) *dataConn {
	d := &dataConn{method: m, conn: conn, ln: ln, peer: peer, timeout: c.dataTimeout(),
		idle: c.cfg.idleTimeout(), acceptAny: c.cfg.ActiveAcceptAnyPeer, log: c.log, note: c.note, hint: activeHint(c.ActiveSettings())}
	if c.prot {
		d.tls = c.dataTLS
		if d.tls == nil {
			d.tls = c.tlsConf
		}
		d.stats = &c.tlsStats
		d.endEarly = c.endEarly
	}
	return d
}

// activeHint is said when the server's connection did not arrive.
func activeHint(s ActiveSettings) string {
	return "a firewall or NAT in front of this computer blocks the server's connection: " + ActiveAdvice(s)
}

// deadline is when an active connection must have arrived: the data
// timeout after the first ask.
func (d *dataConn) deadline() time.Time {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.until.IsZero() {
		d.until = time.Now().Add(d.timeout)
	}
	return d.until
}

func (d *dataConn) connected() bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.conn != nil
}

type dataConn struct {
	announced string    // active mode: the address EPRT/PORT named
	until     time.Time // active mode: accept deadline, from the first ask
	method    Method
	peer      net.IP // active mode: who may connect
	acceptAny bool
	hint      string // what to do when the server does not connect
	timeout   time.Duration
	tls       *tls.Config        // nil for clear data connections
	stats     *TLSStats          // the control connection's count of data handshakes
	decode    *charset           // set when the connection carries a listing
	listing   *listingText       // set with decode: keeps the listing's text
	sink      func([]byte) error // set with decode instead of listing (Conn.StreamListing)
	decoded   io.Reader          // conn through decode
	log       func(EventKind, string, ...any)
	note      func(string, map[string]string, string, ...any) // an Info line with its code (Conn.note)

	idle time.Duration // the accepted connection's idle timeout (see idleConn)

	once   sync.Once // establishes the connection
	mu     sync.Mutex
	ln     net.Listener // active mode, until accepted
	conn   net.Conn     // the connection, once established
	err    error
	closed bool
	wrote  atomic.Bool // an upload: Close must end it cleanly
	used   atomic.Bool // establish was called: a TLS handshake is over, or not begun

	endEarly bool // send close_notify once the handshake is over, on a read (closenotify.go)
	endOnce  sync.Once
}

// establish accepts (active) and wraps in TLS, once. Close may run at the
// same time from another goroutine (a cancelled transfer): it closes the
// listener, which ends the wait.
func (d *dataConn) establish() (net.Conn, error) {
	d.used.Store(true)
	d.once.Do(func() {
		d.mu.Lock()
		ln, conn := d.ln, d.conn
		d.mu.Unlock()
		var err error
		if ln != nil {
			conn, err = d.accept(ln.(*net.TCPListener))
			ln.Close()
		}
		if _, secured := conn.(*tls.Conn); err == nil && d.tls != nil && !secured { // an early one is (early.go)
			// RFC 4217 §7: the client is the TLS client on the data
			// connection in both modes, even when the server connected.
			conn = tls.Client(conn, d.tls)
		}
		d.mu.Lock()
		defer d.mu.Unlock()
		if d.closed && err == nil {
			conn.Close()
			err = net.ErrClosed
		}
		d.ln, d.conn, d.err = nil, conn, err
	})
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.conn, d.err
}

func (d *dataConn) accept(tl *net.TCPListener) (net.Conn, error) {
	deadline := d.deadline()
	for {
		tl.SetDeadline(deadline)
		conn, err := tl.AcceptTCP()
		if err != nil {
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				err = fmt.Errorf("the server did not connect within %s", d.timeout)
			}
			return nil, &StepError{Step: StepData, Method: d.method, Addr: d.announced, Err: err, Hint: d.hint}
		}
		from := conn.RemoteAddr().(*net.TCPAddr).IP
		if d.acceptAny || from.Equal(d.peer) {
			d.note("data_from", map[string]string{"Method": d.method.String(), "Addr": conn.RemoteAddr().String()},
				"Data connection (%s) from %s", d.method, conn.RemoteAddr())
			return newIdleConn(conn, d.idle), nil
		}
		// Someone else raced the server to our port: refuse, keep waiting.
		d.note("data_refused", map[string]string{"From": from.String(), "Server": d.peer.String()},
			"Refused a data connection from %s: not the server (%s)", from, d.peer)
		conn.Close()
	}
}

func (d *dataConn) Read(p []byte) (int, error) {
	conn, err := d.establish()
	if err != nil {
		return 0, err
	}
	if d.endEarly {
		d.endOnce.Do(func() { d.endWriteEarly(conn) })
	}
	var n int
	if d.sink != nil {
		var r io.Reader = conn
		if d.decode != nil {
			r = d.decode.reader(conn)
		}
		return 0, d.drain(r, p)
	}
	if d.decode != nil {
		if d.decoded == nil {
			d.decoded = d.decode.reader(conn)
		}
		n, err = d.decoded.Read(p)
	} else {
		n, err = conn.Read(p)
	}
	if d.listing != nil {
		d.listing.add(p[:n])
	}
	return n, err
}

// drain reads the whole listing into the sink, p as its buffer, and ends
// the library's read as if the listing were empty.
func (d *dataConn) drain(r io.Reader, p []byte) error {
	for {
		n, err := r.Read(p)
		if n > 0 {
			if serr := d.sink(p[:n]); serr != nil {
				return serr
			}
		}
		if err != nil {
			return err
		}
	}
}

func (d *dataConn) Write(p []byte) (int, error) {
	conn, err := d.establish()
	if err != nil {
		return 0, err
	}
	d.wrote.Store(true)
	return conn.Write(p)
}

// ReadFrom is how the library's io.Copy feeds an upload: in 256 KiB
// writes rather than io.Copy's 32 KiB ones, a quarter of the system calls
// (and of the TLS records).
func (d *dataConn) ReadFrom(r io.Reader) (int64, error) {
	conn, err := d.establish()
	if err != nil {
		return 0, err
	}
	d.wrote.Store(true)
	buf := copyBuffers.Get().(*[]byte)
	defer copyBuffers.Put(buf)
	return io.CopyBuffer(struct{ io.Writer }{conn}, struct{ io.Reader }{r}, *buf)
}

// copyBuffers spare a queue of small uploads a fresh 256 KiB each.
var copyBuffers = sync.Pool{New: func() any { b := make([]byte, 256<<10); return &b }}

// Handshake is called by jlaffaye/ftp for an empty upload, where no Write
// would otherwise open the connection.
func (d *dataConn) Handshake() error {
	conn, err := d.establish()
	if err != nil {
		return err
	}
	if tc, ok := conn.(*tls.Conn); ok {
		d.wrote.Store(true) // an empty upload ends like any other
		return tc.Handshake()
	}
	return nil
}

// Close never waits for a connection that did not come: the library closes
// unused data connections when the server refused the transfer command.
func (d *dataConn) Close() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return nil
	}
	d.closed = true
	if d.ln != nil {
		d.ln.Close()
	}
	if d.conn == nil {
		return nil
	}
	if tc, ok := d.conn.(*tls.Conn); ok {
		if !d.used.Load() {
			// Never used (the server refused the transfer command): its
			// early handshake (helloEarly) may wait for a server that
			// will not answer, and ConnectionState would wait for it.
			return d.conn.Close()
		}
		d.stats.count(tc.ConnectionState())
		if d.wrote.Load() {
			finishUpload(tc)
		}
	}
	return d.conn.Close()
}

// finishUpload ends a TLS upload the way servers expect: close_notify, a
// TCP half-close, then reading until the server closes. With TLS 1.3 the
// server sends session tickets on the data connection that an upload never
// reads; closing a socket with unread data sends a reset instead of a FIN,
// and vsftpd then fails the upload with "426 Failure reading network
// stream" although every byte arrived.
func finishUpload(tc *tls.Conn) {
	if err := tc.CloseWrite(); err != nil {
		return
	}
	if hc, ok := tc.NetConn().(interface{ CloseWrite() error }); ok {
		hc.CloseWrite()
	}
	tc.SetReadDeadline(time.Now().Add(5 * time.Second))
	io.Copy(io.Discard, tc)
}

func (d *dataConn) LocalAddr() net.Addr {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.conn != nil {
		return d.conn.LocalAddr()
	}
	if d.ln != nil {
		return d.ln.Addr()
	}
	return &net.TCPAddr{}
}

func (d *dataConn) RemoteAddr() net.Addr {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.conn != nil {
		return d.conn.RemoteAddr()
	}
	return &net.TCPAddr{IP: d.peer}
}

func (d *dataConn) SetDeadline(t time.Time) error {
	if conn, err := d.establish(); err == nil {
		return conn.SetDeadline(t)
	}
	return nil
}

func (d *dataConn) SetReadDeadline(t time.Time) error {
	if conn, err := d.establish(); err == nil {
		return conn.SetReadDeadline(t)
	}
	return nil
}

func (d *dataConn) SetWriteDeadline(t time.Time) error {
	if conn, err := d.establish(); err == nil {
		return conn.SetWriteDeadline(t)
	}
	return nil
}
