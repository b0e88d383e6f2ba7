package check

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"io"
	"net"
	"strconv"
	"time"

	"portside/transfer/transport"
)

// try is one way to open data connections: the method, the control
// connection's security and the data connection's protection.
type try struct {
	method transport.Method
	ctl    transport.TLSMode
	prot   string // "P", "C", or "" on a plain control connection
	reuse  bool   // false: a TLS data connection without the control's session
}

// Bounds on what the check reads over data connections.
const (
	maxListing  = 1 << 20  // a listing: enough to find a file and read times
	sampleBytes = 64 << 10 // the download test
)

func (r *runner) methods() []transport.Method {
	if r.cfg.Site.Proxied() {
		// Active mode cannot work through a proxy (transport/proxy.go).
		return []transport.Method{transport.EPSV, transport.PASV}
	}
	return []transport.Method{transport.EPSV, transport.PASV, transport.EPRT, transport.PORT}
}

func protFor(m transport.TLSMode) string {
	if m == transport.TLSNone {
		return ""
	}
	return "P"
}

// data runs the data connection tries, then the steps that need a working
// one (ports, clock, upload).
func (r *runner) data(ctx context.Context) {
	// failed holds why each method failed ("" when it worked).
	failed := map[transport.Method]string{}
	var best *try
	for _, m := range r.methods() {
		t := try{method: m, ctl: r.tls, prot: protFor(r.tls), reuse: true}
		if kind := r.dataTry(ctx, t); kind == "" {
			if best == nil {
				best = &t
			}
		} else {
			failed[m] = kind
		}
	}
	// A TLS site: a method whose data connection came but failed with TLS
	// on it is tried with TLS off, which tells TLS trouble from the
	// network. One that never connected would only wait its timeout again.
	if r.tls != transport.TLSNone {
		for _, m := range r.methods() {
			if k := failed[m]; k == ErrTLSFail || k == ErrClosed || k == ErrReply || k == ErrOther {
				r.dataTry(ctx, try{method: m, ctl: r.tls, prot: "C", reuse: true})
			}
		}
		if r.cfg.ComparePlain {
			for _, m := range r.methods() {
				if failed[m] != "" {
					r.dataTry(ctx, try{method: m, ctl: transport.TLSNone, reuse: true})
				}
			}
		}
	} else if r.feat["AUTH TLS"] {
		// A plain site whose server offers TLS: the ways that work, again
		// with TLS, which finds a router FTP helper that only works
		// unencrypted. A way that fails plain fails with TLS too.
		for _, m := range r.methods() {
			if failed[m] == "" {
				r.dataTry(ctx, try{method: m, ctl: transport.TLSExplicit, prot: "P", reuse: true})
			}
		}
	}
	if best != nil && best.prot == "P" {
		t := *best
		t.reuse = false
		r.dataTry(ctx, t)
	}
	r.samplePorts(ctx)
	r.clock(ctx, best)
	if best != nil && r.cfg.UploadDir != "" {
		r.upload(ctx, *best)
	}
}

func (t try) step(action string, siteTLS transport.TLSMode) Step {
	st := Step{ID: StepData, Method: t.method.String(), Prot: t.prot, Action: action}
	switch {
	case !t.reuse:
		st.ID = StepReuse
	case t.ctl == transport.TLSNone && siteTLS != transport.TLSNone:
		st.Control = "plain"
	case t.ctl != transport.TLSNone && siteTLS == transport.TLSNone:
		st.Control = "tls"
	}
	return st
}

// dataTry logs in on a fresh connection (a failed data connection leaves
// a control connection unsure: a late 425 may come) and lists the root,
// then downloads the first 64 KiB of a file. It returns why the listing
// failed ("" when it came through).
func (r *runner) dataTry(ctx context.Context, t try) string {
	if ctx.Err() != nil {
		return ErrOther
	}
	c, ok := r.login(ctx, t.ctl, false)
	if !ok {
		st := r.begin(t.step("list", r.tls))
		st.fact("login", "failed")
		st.end(Skipped, "")
		return ErrOther
	}
	defer c.close()
	st := r.begin(t.step("list", r.tls))
	c.step = &st.Step
	if t.prot != "" {
		if rep, err := c.cmd("PROT " + t.prot); err != nil || rep.code != 200 {
			st.fact("prot_refused", "1")
			st.end(Failed, cmpKind(err, ErrReply))
			return ErrReply
		}
	}
	body, kind := r.transfer(ctx, c, &st.Step, t, "LIST", nil, maxListing)
	if kind != "" {
		st.end(Failed, kind)
		return kind
	}
	st.fact("bytes", strconv.Itoa(len(body)))
	st.end(OK, "")
	r.mu.Lock()
	if r.listing == nil {
		r.listing = body
		r.file = pickFile(body)
	}
	f := r.file
	r.mu.Unlock()
	if f.name == "" || !t.reuse {
		return ""
	}
	ds := r.begin(t.step("download", r.tls))
	c.step = &ds.Step
	got, kind := r.transfer(ctx, c, &ds.Step, t, "RETR "+f.name, nil, sampleBytes)
	ds.fact("file", f.name)
	ds.fact("bytes", strconv.Itoa(len(got)))
	if kind != "" {
		ds.end(Failed, kind)
	} else {
		ds.end(OK, "")
	}
	return ""
}

// transfer opens a data connection by t.method, sends command and moves
// data (reading at most limit bytes, or writing up). It returns what it
// read and the failure kind ("" when it worked).
func (r *runner) transfer(ctx context.Context, c *ctl, st *Step, t try, command string, up []byte, limit int) ([]byte, string) {
	var conn net.Conn
	var accept func() (net.Conn, error)
	if t.method.Passive() {
		var kind string
		if conn, kind = r.passive(ctx, c, st, t.method); kind != "" {
			return nil, kind
		}
		defer conn.Close()
	} else {
		var ln *net.TCPListener
		var kind string
		if ln, kind = r.active(c, st, t.method); kind != "" {
			return nil, kind
		}
		defer ln.Close()
		peer := c.peerIP()
		deadline := time.Now().Add(r.cfg.dataTimeout())
		accept = func() (net.Conn, error) {
			for {
				ln.SetDeadline(deadline)
				conn, err := ln.AcceptTCP()
				if err != nil {
					return nil, err
				}
				if conn.RemoteAddr().(*net.TCPAddr).IP.Equal(peer) {
					return conn, nil
				}
				conn.Close() // not the server: keep waiting
			}
		}
	}
	if err := c.send(command); err != nil {
		return nil, netKind(err)
	}
	if accept != nil {
		type res struct {
			conn net.Conn
			err  error
		}
		ch := make(chan res, 1)
		go func() { a, err := accept(); ch <- res{a, err} }()
		rep, err := c.readWithin(r.cfg.dataTimeout() + time.Second)
		if err != nil || rep.code >= 400 {
			a := <-ch // the listener's deadline ends this
			if a.conn != nil {
				a.conn.Close()
			}
			if err != nil {
				st.fact("server_silent", "1")
			}
			return nil, ErrNoConnect
		}
		a := <-ch
		if a.err != nil {
			return nil, ErrNoConnect
		}
		conn = a.conn
		defer conn.Close()
		st.fact("from", conn.RemoteAddr().String())
	} else {
		rep, err := c.readWithin(r.cfg.dataTimeout())
		if err != nil {
			return nil, netKind(err)
		}
		if rep.code >= 400 {
			return nil, ErrReply
		}
	}
	if t.prot == "P" {
		conf := c.tlsConf
		if !t.reuse {
			conf = r.cfg.tlsConfig(nil) // its own, empty session cache
		}
		tc := tls.Client(conn, conf)
		conn.SetDeadline(time.Now().Add(r.cfg.dataTimeout()))
		if err := tc.HandshakeContext(ctx); err != nil {
			c.readWithin(r.cfg.dataTimeout()) // the server's word on it, recorded
			return nil, ErrTLSFail
		}
		if tc.ConnectionState().DidResume {
			st.fact("resumed", "1")
		}
		conn = tc
	}
	conn.SetDeadline(time.Now().Add(3 * r.cfg.dataTimeout()))
	var body []byte
	var ioErr error
	if up != nil {
		_, ioErr = conn.Write(up)
		if tc, ok := conn.(*tls.Conn); ok {
			tc.CloseWrite()
		}
		if tcp, ok := netConn(conn).(*net.TCPConn); ok {
			tcp.CloseWrite()
		}
		io.Copy(io.Discard, io.LimitReader(conn, 1<<20)) // until the server closes
	} else {
		var b bytes.Buffer
		_, ioErr = io.Copy(&b, io.LimitReader(conn, int64(limit)))
		body = b.Bytes()
	}
	cut := up == nil && len(body) >= limit
	conn.Close()
	rep, err := c.readWithin(r.cfg.dataTimeout())
	switch {
	case cut:
		return body, "" // we closed early: a 426 is expected
	case ioErr != nil && !errors.Is(ioErr, io.EOF):
		// TLS 1.3: a server that refuses the session (vsftpd
		// require_ssl_reuse) says so with an alert after the client's
		// side of the handshake is done: "remote error: tls: bad certificate".
		var oe *net.OpError
		if errors.As(ioErr, &oe) && oe.Op == "remote error" {
			return body, ErrTLSFail
		}
		return body, netKind(ioErr)
	case err != nil:
		return body, netKind(err)
	case rep.code >= 400:
		return body, ErrReply
	}
	return body, ""
}

func netConn(c net.Conn) net.Conn {
	if tc, ok := c.(*tls.Conn); ok {
		return tc.NetConn()
	}
	return c
}

// passive sends EPSV or PASV and connects where the site's policy says.
func (r *runner) passive(ctx context.Context, c *ctl, st *Step, m transport.Method) (net.Conn, string) {
	peer := c.peerIP()
	if m == transport.PASV && peer.To4() == nil {
		st.fact("ipv6", "1")
		return nil, ErrReply
	}
	rep, err := c.cmd(m.String())
	if err != nil {
		return nil, netKind(err)
	}
	var port int
	target := peer
	switch {
	case m == transport.EPSV && rep.code == 229:
		port, err = transport.Parse229(rep.text())
	case m == transport.PASV && rep.code == 227:
		var sent net.IP
		sent, port, err = transport.Parse227(rep.text())
		if err == nil {
			st.fact("sent_addr", sent.String())
			target, _ = transport.PassiveTarget(peer, sent, r.cfg.Site.UseSentPassiveAddress)
		}
	default:
		return nil, ErrReply
	}
	if err != nil {
		st.fact("unparsable", "1")
		return nil, ErrReply
	}
	addr := net.JoinHostPort(target.String(), strconv.Itoa(port))
	st.fact("port", strconv.Itoa(port))
	st.fact("addr", addr)
	r.mu.Lock()
	r.rep.PassivePorts = append(r.rep.PassivePorts, port)
	r.mu.Unlock()
	dctx, cancel := context.WithTimeout(ctx, r.cfg.dataTimeout())
	defer cancel()
	conn, err := r.cfg.dial(dctx, addr)
	if err != nil {
		return nil, netKind(err)
	}
	return conn, ""
}

// active listens (within the site's active port range) and sends EPRT or
// PORT with the site's external address, or this end's own.
func (r *runner) active(c *ctl, st *Step, m transport.Method) (*net.TCPListener, string) {
	local := c.localIP()
	ln, err := transport.ListenRange(local, r.cfg.Site.ActivePortMin, r.cfg.Site.ActivePortMax)
	if err != nil {
		st.fact("listen", "failed")
		return nil, ErrOther
	}
	port := ln.Addr().(*net.TCPAddr).Port
	announce := local
	if ext := r.cfg.Site.ExternalAddress; ext != "" {
		if ip := net.ParseIP(ext); ip != nil {
			announce = ip
		} else if ips, err := lookupExternal(ext); err == nil && len(ips) > 0 {
			announce = ips[0]
		} else {
			ln.Close()
			st.fact("external", ext)
			return nil, ErrDNS
		}
	}
	st.fact("local", net.JoinHostPort(local.String(), strconv.Itoa(port)))
	st.fact("announced", net.JoinHostPort(announce.String(), strconv.Itoa(port)))
	var arg string
	if m == transport.EPRT {
		arg = transport.FormatEPRT(announce, port)
	} else if arg, err = transport.FormatPORT(announce, port); err != nil {
		ln.Close()
		st.fact("ipv6", "1")
		return nil, ErrReply
	}
	rep, err := c.cmd(m.String() + " " + arg)
	if err != nil {
		ln.Close()
		return nil, netKind(err)
	}
	if rep.code != 200 {
		ln.Close()
		return nil, ErrReply
	}
	return ln, ""
}

// lookupExternal resolves the site's external address (a dynamic-DNS
// name), bounded like every other step of the check.
func lookupExternal(name string) ([]net.IP, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return net.DefaultResolver.LookupIP(ctx, "ip4", name)
}
