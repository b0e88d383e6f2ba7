package transport

import (
	"context"
	"crypto/tls"
	"net"
	"strconv"
)

// An upload's next data connection, opened early. With pipelining, an
// upload's data connection closed, the next file's EPSV goes out before
// the 226 (as a download's does), so its 229 comes with the 226. The queue
// then renames the part file into place (RNFR and RNTO, one round trip),
// and only then asks for the next file's data connection: its TCP
// handshake was a round trip of its own, after the rename's. Here the
// data connection is dialled as soon as the 229 is read, while RNFR and
// RNTO are on their way, and the next EPSV takes it ready: 4 round trips
// an uploaded file instead of 5 at 100 ms against vsftpd.
//
// The 229 is kept (not dropped) only across the commands that leave a
// passive port as it is — RNFR, RNTO and SIZE, which change no transfer
// state on vsftpd, pure-ftpd or proftpd (TestEarlyDataConnection) — any
// other command drops it and closes the early connection, as before. The
// wait for the early dial is bounded by the data timeout, like any data
// connect, and its failure is the same StepError a dial made then would
// give: the caller cannot tell them apart, and auto mode's fallbacks work
// as before. A server that never accepts an unused early connection sees
// it closed when the next passive port replaces it.
//
// Over FTPS the early connection, like every passive one, starts its TLS
// at once (helloEarly).

// keepsPassive are the commands a kept speculative 229 may cross.
var keepsPassive = map[string]bool{"RNFR": true, "RNTO": true, "SIZE": true}

// earlyDial is a data connection under way before the library asked.
type earlyDial struct {
	addr string
	done chan struct{}
	conn net.Conn // over FTPS a *tls.Conn, its handshake under way
	err  error
}

// dialEarly starts the data connection for rep, a speculative EPSV's 229.
// c.mu is held.
func (c *Conn) dialEarly(rep Reply) {
	c.dropEarly()
	if rep.Code != 229 || c.closed {
		return
	}
	port, err := Parse229(rep.Text())
	if err != nil {
		return // the EPSV that takes it refuses it, as before
	}
	e := &earlyDial{addr: net.JoinHostPort(c.passiveHost(c.peerIP()), strconv.Itoa(port)), done: make(chan struct{})}
	ctx, cancel := context.WithTimeout(c.ctx, c.dataTimeout())
	dial, idle, hello := c.cfg.dial, c.cfg.idleTimeout(), c.helloEarly()
	tconf := c.dataTLSConfig()
	go func() {
		defer close(e.done)
		defer cancel()
		conn, err := dial(ctx, e.addr)
		if err != nil {
			e.err = err
			return
		}
		e.conn = hello(newIdleConn(conn, idle))
	}()
	c.early = e
	if tconf != nil {
		c.note("early_dial_tls", map[string]string{"Addr": e.addr},
			"Data connection for the next file: dialling %s early, with its TLS hello, while the rename is answered", e.addr)
		return
	}
	c.note("early_dial", map[string]string{"Addr": e.addr},
		"Data connection for the next file: dialling %s early, while the rename is answered", e.addr)
}

// takeEarly is the early data connection to addr, once dialled (bounded
// by the data timeout); ok is false when there is none for addr. c.mu is
// held.
func (c *Conn) takeEarly(addr string) (conn net.Conn, err error, ok bool) {
	e := c.early
	if e == nil || e.addr != addr {
		c.dropEarly()
		return nil, nil, false
	}
	c.early = nil
	<-e.done
	return e.conn, e.err, true
}

// dataTLSConfig is the TLS configuration of this connection's data
// connections; nil when they are clear (no PROT P).
func (c *Conn) dataTLSConfig() *tls.Config {
	if !c.prot {
		return nil
	}
	if c.dataTLS != nil {
		return c.dataTLS
	}
	return c.tlsConf
}

// helloEarly returns what starts a passive data connection's TLS at once,
// in the background, over FTPS (the identity over clear FTP): the client
// hello goes out before the transfer command, waits in the server's
// socket until the server starts TLS after its 150, and is answered then
// at once, where a hello sent after the 150 cost a round trip of its own.
// Nothing waits for the handshake before the transfer command goes out
// (that would deadlock with servers that start TLS only after it:
// jlaffaye/ftp#282); the library's first read or write does, and gets its
// error. c.mu is held.
func (c *Conn) helloEarly() func(net.Conn) net.Conn {
	tconf, life := c.dataTLSConfig(), c.ctx
	return func(conn net.Conn) net.Conn {
		if tconf == nil {
			return conn
		}
		tc := tls.Client(conn, tconf)
		go tc.HandshakeContext(life)
		return tc
	}
}

// dropEarly closes an early data connection nobody will use. c.mu is held.
func (c *Conn) dropEarly() {
	e := c.early
	if e == nil {
		return
	}
	c.early = nil
	go func() {
		<-e.done
		if e.conn != nil {
			e.conn.Close()
		}
	}()
}

// keepSpec reads a speculative EPSV's reply before verb goes out and keeps
// it (dialling its data connection early) when verb leaves the passive
// port alone; it reports whether it kept it. c.mu is held.
func (c *Conn) keepSpec(verb string) (bool, error) {
	if !c.spec || !keepsPassive[verb] {
		return false, nil
	}
	if c.specGot == nil {
		rep, err := c.readReply()
		if err != nil {
			c.spec = false
			return true, err
		}
		c.specGot = &rep
	}
	if c.early == nil {
		c.dialEarly(*c.specGot)
	}
	return true, nil
}
