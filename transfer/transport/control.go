package transport

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"portside/transfer"
)

// Conn is the control connection as github.com/jlaffaye/ftp sees it. Writes
// are the library's commands; reads are the replies. Most commands go
// through unchanged; EPSV and PASV are answered here after transport has
// opened the data connection the site's methods ask for, and the library's
// next dial gets that connection.
type Conn struct {
	cfg     *Config
	tlsConf *tls.Config // this connection's own clone: its session cache is shared with its data connections only
	dataTLS *tls.Config // tlsConf for data connections: the control connection's key exchange first (curves.go)
	cs      *charset    // nil: UTF-8
	dialing atomic.Bool // Dial is under way: its deadline is on raw
	raw     net.Conn    // TCP to the server
	conn    net.Conn    // raw, or TLS over raw
	r       *bufio.Reader

	mu       sync.Mutex
	in       []byte             // a command line still arriving from the library
	out      bytes.Buffer       // replies waiting for the library to read
	last     string             // verb of the last command sent to the server
	prot     bool               // PROT P is in force: data connections use TLS
	secure   bool               // the control connection is TLS (set in Dial, read-only after)
	pending  net.Conn           // the data connection prepared for the library's next dial
	lastData *dataConn          // the latest data connection, until the next
	listing  *listingText       // the text of the last listing, for what the library does not parse
	sink     func([]byte) error // set by StreamListing: the next listing's bytes go here
	prepErr  error              // why the last EPSV failed, so the library's PASV retry fails alike
	dataErr  error              // the last data connection failure, for DataError
	handed   *dataConn          // an active data connection the library holds, before its transfer command
	waiting  *dataConn          // an active data connection whose transfer command awaits its first reply
	used     Method             // the method of the last data connection
	closed   bool

	probeState // round trip, in-flight data connection, cancellation (probe.go)
	tlsStats   TLSStats

	// Pipelining (pipeline.go): allowed on this connection; a download's
	// step (1 RETR sent, 2 its 1xx read); a speculative EPSV sent and its
	// reply not taken; that reply, when it came before the transfer's.
	pipeline bool
	retr     int
	noSpec   bool // the server refused a pipelined EPSV during a transfer
	spec     bool
	specGot  *Reply
	rename   int        // 1: a pipelined RNFR is out, 2: and its RNTO
	early    *earlyDial // the next data connection, dialled early (early.go)
	endEarly bool       // the server reads a download's close_notify before ending it (closenotify.go)
}

// Dial opens the control connection: TCP, TLS (implicit, or AUTH TLS after
// the greeting), and the greeting kept for the library to read. Each failure
// names the step.
func Dial(parent context.Context, cfg *Config) (*Conn, error) {
	ctx, cancel := context.WithTimeout(parent, cfg.dialTimeout())
	defer cancel()
	cs, err := LookupCharset(cfg.Charset)
	if err != nil {
		return nil, err
	}
	c := &Conn{cfg: cfg, cs: cs}
	c.probeState.init()
	c.note("connecting", map[string]string{"Addr": cfg.Addr(), "TLS": cfg.TLS.String()}, "Connecting to %s (TLS: %s)", cfg.Addr(), cfg.TLS)
	if err := cfg.checkProxy(); err != nil {
		return nil, c.fail(&StepError{Step: StepConnect, Addr: cfg.Addr(), Err: err})
	}
	if cfg.Proxied() {
		c.note("through", map[string]string{"Proxy": fmt.Sprint(cfg.Proxy)}, "Through %s", cfg.Proxy)
	} else if net.ParseIP(cfg.Host) == nil {
		// Resolve apart from connecting, so the error can say which failed.
		if _, err := net.DefaultResolver.LookupHost(ctx, cfg.Host); err != nil {
			return nil, c.fail(&StepError{Step: StepDNS, Addr: cfg.Host, Err: err,
				Hint: "check the host name, or this computer's network and DNS", HintKey: "dns"})
		}
	}
	began := time.Now()
	raw, err := cfg.dial(ctx, cfg.Addr())
	if err != nil {
		c.stop()
		return nil, c.fail(&StepError{Step: StepConnect, Addr: cfg.Addr(), Err: err})
	}
	c.rtt = time.Since(began) // a TCP connect is one round trip
	// Until Dial returns, the connect deadline below is the earlier one.
	raw = newIdleConn(raw, cfg.idleTimeout())
	c.raw, c.conn = raw, raw
	c.tlsConf = c.newTLSConfig()
	// From here the connection's deadline bounds each step, not ctx: a
	// person deciding about a certificate stops the clock (see trust).
	c.dialing.Store(true)
	raw.SetDeadline(time.Now().Add(cfg.dialTimeout()))
	defer func() {
		c.dialing.Store(false)
		raw.SetDeadline(time.Time{})
	}()
	stop := context.AfterFunc(parent, func() { raw.Close() })
	defer stop()
	if cfg.TLS == TLSImplicit {
		if err := c.handshake(parent); err != nil {
			raw.Close()
			return nil, err
		}
	}
	c.r = bufio.NewReader(c.conn)
	if err := c.awaitGreeting(parent); err != nil {
		raw.Close()
		return nil, err
	}
	greeting, err := c.readReply()
	if err != nil {
		raw.Close()
		var ml *MalformedLineError
		if errors.As(err, &ml) && strings.HasPrefix(ml.Line, "SSH-") {
			return nil, c.fail(&StepError{Step: StepGreeting, Addr: cfg.Addr(), Err: err,
				Hint: "the port speaks SSH: use sftp://", HintKey: "ssh_port"})
		}
		return nil, c.fail(&StepError{Step: StepGreeting, Addr: cfg.Addr(), Err: err})
	}
	if greeting.Code == 421 {
		// vsftpd's max_per_ip, pure-ftpd's -c/-C, proftpd's MaxClients:
		// the server is full, which the queue answers with fewer connections.
		raw.Close()
		return nil, c.fail(&StepError{Step: StepGreeting, Addr: cfg.Addr(), Reply: greeting, Err: transfer.ErrTooMany})
	}
	if greeting.Code != 220 {
		raw.Close()
		return nil, c.fail(&StepError{Step: StepGreeting, Addr: cfg.Addr(), Reply: greeting})
	}
	c.endEarly = awaitsCloseNotify(greeting.Text())
	if cfg.TLS == TLSExplicit || cfg.TLS == TLSIfAvailable {
		rep, err := c.command("AUTH TLS")
		switch {
		case err == nil && rep.Code != 234 && cfg.TLS == TLSIfAvailable && refusesAuth(rep):
			if err := c.confirmPlain(); err != nil {
				raw.Close()
				return nil, err
			}
		case err != nil || rep.Code != 234:
			raw.Close()
			return nil, c.fail(&StepError{Step: StepTLS, Addr: cfg.Addr(), Reply: rep, Err: err,
				Hint: "the server does not offer explicit FTPS (AUTH TLS); try implicit TLS or plain FTP", HintKey: "no_auth_tls"})
		default:
			if err := c.handshake(parent); err != nil {
				raw.Close()
				return nil, err
			}
			c.r = bufio.NewReader(c.conn)
		}
	}
	c.out.Write(greeting.Raw())
	return c, nil
}

func (c *Conn) newTLSConfig() *tls.Config {
	var base *tls.Config
	if c.cfg.TLSConfig != nil {
		base = c.cfg.TLSConfig.Clone()
	} else {
		base = &tls.Config{MinVersion: tls.VersionTLS12}
	}
	if base.ServerName == "" {
		base.ServerName = c.cfg.Host
	}
	// Go resumes by ticket only, and keys its cache by ServerName: a cache of
	// our own per control connection lets data connections resume exactly
	// this session (vsftpd's require_ssl_reuse refuses anything else).
	base.ClientSessionCache = tls.NewLRUClientSessionCache(8)
	verifyTLS(base, c.trust())
	return base
}

// trust is the site's TrustCertificate, with the connect deadline lifted
// while it runs during Dial: it may be a dialog a person is reading, and
// the handshake must not time out under them.
func (c *Conn) trust() func([]*x509.Certificate, error) error {
	ask := c.cfg.TrustCertificate
	if ask == nil {
		return nil
	}
	return func(chain []*x509.Certificate, verr error) error {
		if !c.dialing.Load() {
			return ask(chain, verr) // a data connection: the answer is known by now
		}
		c.raw.SetDeadline(time.Time{})
		defer func() { c.raw.SetDeadline(time.Now().Add(c.cfg.dialTimeout())) }()
		return ask(chain, verr)
	}
}

func (c *Conn) handshake(ctx context.Context) error {
	tc := tls.Client(c.raw, c.tlsConf)
	if err := tc.HandshakeContext(ctx); err != nil {
		hint, key := tlsHint(err)
		return c.fail(&StepError{Step: StepTLS, Addr: c.cfg.Addr(), Err: err, Hint: hint, HintKey: key})
	}
	st := tc.ConnectionState()
	c.note("secured", map[string]string{"Version": tls.VersionName(st.Version), "Cipher": tls.CipherSuiteName(st.CipherSuite)},
		"Secured with %s, cipher %s", tls.VersionName(st.Version), tls.CipherSuiteName(st.CipherSuite))
	c.dataTLS = dataTLSConfig(c.tlsConf, st)
	c.conn = tc
	c.secure = true
	return nil
}

// Write takes the library's commands. Each complete line is handled at once.
func (c *Conn) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return 0, net.ErrClosed
	}
	c.in = append(c.in, p...)
	for {
		i := bytes.Index(c.in, []byte("\r\n"))
		if i < 0 {
			break
		}
		line := string(c.in[:i])
		c.in = c.in[i+2:]
		if err := c.handle(line); err != nil {
			return len(p), err
		}
	}
	return len(p), nil
}

func (c *Conn) handle(line string) error {
	verb, _, _ := strings.Cut(line, " ")
	verb = strings.ToUpper(verb)
	switch verb {
	case "EPSV", "PASV":
		if verb == "PASV" && c.prepErr != nil {
			// The library retries a failed EPSV with PASV; the methods were
			// all tried already.
			err := c.prepErr
			c.prepErr = nil
			c.out.Write(newReply(425, err.Error()).Raw())
			return nil
		}
		c.prepErr = nil
		port, err := c.prepareData()
		if err != nil {
			c.prepErr, c.dataErr = err, err
			c.out.Write(newReply(425, err.Error()).Raw())
			return nil
		}
		// The library dials c.RemoteAddr's host and this port; Data hands
		// it the prepared connection whatever address it asks for.
		if verb == "EPSV" {
			c.out.Write(newReply(229, fmt.Sprintf("Entering Extended Passive Mode (|||%d|)", port)).Raw())
		} else {
			c.out.Write(newReply(227, fmt.Sprintf("Entering Passive Mode (127,0,0,1,%d,%d)", port>>8, port&0xff)).Raw())
		}
		return nil
	}
	c.last = verb
	if verb == "RETR" || verb == "STOR" {
		c.retr = 1 // a transfer: its end may carry the next EPSV (pipeline.go)
	}
	if verb == "LIST" && c.cfg.ListHidden {
		line = "LIST -a" + line[len("LIST"):]
	}
	if c.lastData != nil && (verb == "LIST" || verb == "MLSD" || verb == "NLST") {
		c.lastData.decode = c.cs // a listing carries file names
		if c.sink != nil && verb != "NLST" {
			c.lastData.sink, c.sink = c.sink, nil
		} else {
			c.listing = &listingText{}
			c.lastData.listing = c.listing
		}
	}
	line, err := c.cs.encode(line)
	if err != nil {
		// Refuse locally, as the server would: the library reads a reply.
		c.out.Write(newReply(553, err.Error()).Raw())
		return nil
	}
	if verb == "QUIT" {
		// Leaving: a pipelined EPSV's reply need not be waited for.
		c.spec, c.specGot = false, nil
		c.dropEarly()
	}
	if c.rename == 1 && verb != "RNTO" {
		// Not the RNTO the library always sends next: take RNFR's reply
		// now, so that every later reply answers its own command.
		c.rename = 0
		if _, err := c.readReply(); err != nil {
			return err
		}
	}
	if verb == "RNFR" {
		if done, err := c.pipelineRename(line); done {
			return err
		}
	}
	if err := c.send(line); err != nil {
		return err
	}
	if verb == "RNTO" {
		c.afterRNTO()
	}
	if c.handed != nil && verb != "REST" && verb != "PRET" {
		// The transfer command: the server connects now. Wait for it from
		// now on, so that the data timeout bounds the wait even while the
		// server takes its own time (vsftpd: 60 s) before it replies.
		c.waiting, c.handed = c.handed, nil
		go c.waiting.establish()
	}
	return nil
}

// send writes one command to the server, logging it with PASS masked. A
// speculative EPSV's reply is taken first: every later reply answers its
// own command.
func (c *Conn) send(line string) error {
	verb, _, _ := strings.Cut(line, " ")
	kept, err := c.keepSpec(strings.ToUpper(verb)) // early.go
	if err == nil && !kept {
		err = c.dropSpec()
	}
	if err != nil {
		return c.fail(&StepError{Step: StepControl, Addr: c.cfg.Addr(), Err: err})
	}
	shown := c.cs.decode(line)
	if strings.EqualFold(verb, "PASS") {
		shown = "PASS ****"
	}
	c.log(Sent, "%s", shown)
	if _, err := c.conn.Write([]byte(line + "\r\n")); err != nil {
		return c.fail(&StepError{Step: StepControl, Addr: c.cfg.Addr(), Err: err})
	}
	return nil
}

// command sends line and reads its final reply (1xx preliminaries logged and skipped).
func (c *Conn) command(line string) (Reply, error) {
	if err := c.send(line); err != nil {
		return Reply{}, err
	}
	for {
		rep, err := c.readReply()
		if err != nil || rep.Code >= 200 {
			return rep, err
		}
	}
}

func (c *Conn) readReply() (Reply, error) {
	rep, err := readReply(c.r)
	if err != nil {
		return rep, err
	}
	for i, l := range rep.Lines {
		rep.Lines[i] = c.cs.decode(l)
	}
	c.log(Received, "%s", rep)
	return rep, nil
}

// Read gives the library the replies waiting for it, or reads the next reply
// from the server when none waits.
func (c *Conn) Read(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.out.Len() == 0 {
		if c.closed {
			return 0, net.ErrClosed
		}
		c.speculate()
		var rep Reply
		var err error
		if c.rename == 2 {
			rep, err = c.renameReply()
		} else {
			rep, err = c.readTransferReply()
		}
		switch {
		case err != nil || !c.spec || c.specGot != nil:
		case rep.Code == 229:
			// The server answered the pipelined EPSV first (one that runs
			// commands during a transfer): keep it, read the transfer's.
			c.specGot = &rep
			rep, err = c.readTransferReply()
		case c.last == "STOR" && rep.Code >= 200:
			rep, err = c.sortSpec(rep) // pipeline.go
		}
		if err != nil {
			return 0, err
		}
		c.noteReply(rep)
		rep = c.afterReply(rep)
		c.out.Write(rep.Raw())
	}
	return c.out.Read(p)
}

// afterReply is where transport acts on a reply before the library sees it.
func (c *Conn) afterReply(rep Reply) Reply {
	// FTPS: after login, protect the data channel (RFC 4217 §9). Some
	// servers (pure-ftpd, Serv-U) refuse PBSZ before login, so it waits for
	// the 230.
	if rep.Code == 230 && (c.last == "PASS" || c.last == "USER") && c.secure && !c.prot {
		if r, err := c.command("PBSZ 0"); err != nil || r.Code != 200 {
			return failedReply(r, err, "the server refused PBSZ 0")
		}
		if r, err := c.command("PROT P"); err != nil || r.Code != 200 {
			return failedReply(r, err, "the server refused PROT P (encrypted data connections)")
		}
		c.prot = true
	}
	return rep
}

func failedReply(r Reply, err error, why string) Reply {
	if err != nil {
		return newReply(534, why+": "+err.Error())
	}
	return newReply(534, why+": "+r.String())
}

// Data is the library's data dial: it gets the connection prepared when it
// sent EPSV or PASV.
func (c *Conn) Data() (net.Conn, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	dc := c.pending
	c.pending = nil
	if dc == nil {
		return nil, fmt.Errorf("%w: no data connection was prepared", ErrDataConn)
	}
	if d, ok := dc.(*dataConn); ok && !d.method.Passive() {
		c.handed = d
	}
	return dc, nil
}

// DataError returns, once, why the last data connection could not be
// opened. The library only sees a 425 reply; callers want the step, the
// method and the address.
func (c *Conn) DataError() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	err := c.dataErr
	c.dataErr = nil
	return err
}

// Listing returns, once, the text of the last listing as the library
// read it (decoded to UTF-8), for the facts it does not parse, such as
// permissions. Empty when there was none, or it was larger than
// maxListing. A string, built as it arrives: converting bytes would copy
// a big listing once more.
func (c *Conn) Listing() string {
	c.mu.Lock()
	l := c.listing
	c.listing = nil
	c.mu.Unlock()
	if l == nil {
		return ""
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.full {
		return ""
	}
	return l.b.String()
}

// StreamListing hands the next listing's text (LIST or MLSD, decoded to
// UTF-8) to sink as it arrives, instead of to the library: the library
// reads an empty listing and only the replies. A folder of a million
// entries is then never whole in memory: the library would build them
// all, and Listing would keep the text (see maxListing). An error from sink
// ends the listing with that error; sink may block (the server then
// waits, as for a slow disk). StreamListing(nil) withdraws a sink not
// used yet.
func (c *Conn) StreamListing(sink func([]byte) error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sink = sink
}

// listingText keeps a listing's text as the library reads it.
type listingText struct {
	mu   sync.Mutex
	b    strings.Builder
	full bool // past maxListing: kept no more
}

// maxListing bounds the copy of a listing: 16 MiB is about 200,000 lines
// of ls -l. Past it a listing's permissions are not read: the copy was a
// quarter of what listing a folder of a million files cost (`ls` of one
// took 384 MB with a 64 MiB bound, 270 MB with this).
const maxListing = 16 << 20

func (l *listingText) add(p []byte) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.full || l.b.Len()+len(p) > maxListing {
		l.full = true
		l.b = strings.Builder{}
		return
	}
	l.b.Write(p)
}

// LastMethod is the method of the last data connection opened.
func (c *Conn) LastMethod() Method {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.used
}

// Close closes the connection at once, even while a read waits on it.
func (c *Conn) Close() error {
	err := c.raw.Close() // first, without the lock: it unblocks a waiting Read
	c.stop()             // and a data connect or accept under way
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return nil
	}
	c.closed = true
	c.dropEarly()
	if c.pending != nil {
		c.pending.Close()
		c.pending = nil
	}
	c.closeActive()
	return err
}

func (c *Conn) LocalAddr() net.Addr                { return c.raw.LocalAddr() }
func (c *Conn) RemoteAddr() net.Addr               { return c.raw.RemoteAddr() }
func (c *Conn) SetDeadline(t time.Time) error      { return c.raw.SetDeadline(t) }
func (c *Conn) SetReadDeadline(t time.Time) error  { return c.raw.SetReadDeadline(t) }
func (c *Conn) SetWriteDeadline(t time.Time) error { return c.raw.SetWriteDeadline(t) }

func (c *Conn) log(kind EventKind, format string, args ...any) {
	if c.cfg.Log != nil {
		c.cfg.Log(Event{Time: time.Now(), Kind: kind, Text: fmt.Sprintf(format, args...)})
	}
}

// note logs an Info line with its code and facts (Event.Key, Args).
func (c *Conn) note(key string, args map[string]string, format string, a ...any) {
	c.logKey(Info, key, args, format, a...)
}

// logKey logs a line of any kind with its code and facts.
func (c *Conn) logKey(kind EventKind, key string, args map[string]string, format string, a ...any) {
	if c.cfg.Log != nil {
		c.cfg.Log(Event{Time: time.Now(), Kind: kind, Text: fmt.Sprintf(format, a...), Key: key, Args: args})
	}
}

// fail logs err and returns it: a failed step with its facts as JSON
// (Key "failed", Args Error and Facts), for a front end that words the
// line in its own language.
func (c *Conn) fail(err error) error {
	if c.cfg.Log == nil {
		return err
	}
	var key string
	var args map[string]string
	if f, ok := FactsOf(err); ok {
		if b, jerr := json.Marshal(f); jerr == nil {
			key, args = "failed", map[string]string{"Error": err.Error(), "Facts": string(b)}
		}
	}
	c.logKey(Failure, key, args, "%v", err)
	return err
}

var _ net.Conn = (*Conn)(nil)

// readTransferReply reads the next reply. After an active transfer command
// it waits at most the data timeout for the server to connect: a server that
// cannot reach us may not say so for a minute. A failure the server does
// report is reworded to name the method and the address we announced.
func (c *Conn) readTransferReply() (Reply, error) {
	d := c.waiting
	if d == nil {
		return c.readReply()
	}
	c.waiting = nil
	c.raw.SetReadDeadline(d.deadline().Add(500 * time.Millisecond))
	rep, err := c.readReply()
	c.raw.SetReadDeadline(time.Time{})
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		if _, aerr := d.establish(); aerr != nil {
			// The server is still trying; its late reply would answer the
			// next command, so this control connection is done.
			c.raw.Close()
			c.dataErr = aerr
			return newReply(425, aerr.Error()), nil
		}
		return c.readReply()
	}
	if err == nil && rep.Code >= 400 && !d.connected() {
		d.Close()
		c.dataErr = &StepError{Step: StepData, Method: d.method, Addr: d.announced, Reply: rep,
			Err: errors.New("the server could not connect"), Hint: d.hint}
		return newReply(rep.Code, c.dataErr.Error()), nil
	}
	return rep, err
}
