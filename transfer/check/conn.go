package check

import (
	"bufio"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"syscall"
	"time"

	"portside/transfer/sites"
	"portside/transfer/transport"
)

// ctl is one control connection of the check. It speaks the commands
// itself rather than through the FTP library: the check needs every reply
// exactly as the server sent it, and must do what a session never does
// (PROT C on a TLS site, a data connection without session reuse).
type ctl struct {
	cfg     *Config
	raw     net.Conn
	conn    net.Conn // raw or TLS over raw
	r       *bufio.Reader
	tlsConf *tls.Config
	secured bool
	step    *Step // where the exchange is recorded
	stop    func() bool
}

// Bounds on what a server may make the check read: one reply line, the
// lines of one reply.
const (
	maxLine       = 8 << 10
	maxReplyLines = 500
)

type reply struct {
	code  int
	lines []string
}

func (r reply) text() string {
	var parts []string
	for _, l := range r.lines {
		if len(l) >= 4 && strings.HasPrefix(l, strconv.Itoa(r.code)) {
			l = l[4:]
		}
		parts = append(parts, l)
	}
	return strings.Join(parts, "\n")
}

func (r reply) String() string { return strings.Join(r.lines, " | ") }

// dialCtl opens TCP to the control port and records it in step. The error
// kind is one of the Err* codes.
func dialCtl(parent context.Context, cfg *Config, st *Step) (*ctl, string, error) {
	ctx, cancel := context.WithTimeout(parent, cfg.dialTimeout())
	defer cancel()
	raw, err := cfg.dial(ctx, cfg.Site.Addr())
	if err != nil {
		return nil, netKind(err), err
	}
	c := &ctl{cfg: cfg, raw: raw, conn: raw, r: bufio.NewReaderSize(raw, 4096), step: st}
	// Reads wait on deadlines; a check stopped (the dialog closed) ends
	// them at once by closing the connection.
	c.stop = context.AfterFunc(parent, func() { raw.Close() })
	if st != nil {
		st.fact("local", raw.LocalAddr().String())
		st.fact("remote", raw.RemoteAddr().String())
	}
	return c, "", nil
}

func (c *ctl) close() {
	if c == nil {
		return
	}
	c.stop()
	c.raw.SetDeadline(time.Now().Add(time.Second))
	if c.secured {
		fmt.Fprintf(c.conn, "QUIT\r\n")
	}
	c.raw.Close()
}

func (c *ctl) peerIP() net.IP  { return c.raw.RemoteAddr().(*net.TCPAddr).IP }
func (c *ctl) localIP() net.IP { return c.raw.LocalAddr().(*net.TCPAddr).IP }

// read reads one reply within the dial timeout.
func (c *ctl) read() (reply, error) {
	return c.readWithin(c.cfg.dialTimeout())
}

func (c *ctl) readWithin(d time.Duration) (reply, error) {
	c.raw.SetReadDeadline(time.Now().Add(d))
	defer c.raw.SetReadDeadline(time.Time{})
	first, err := c.line()
	if err != nil {
		return reply{}, err
	}
	code, sep, ok := replyStart(first)
	if !ok {
		c.record("< " + first)
		return reply{}, fmt.Errorf("not an FTP reply: %q", first)
	}
	rep := reply{code: code, lines: []string{first}}
	for sep == '-' {
		if len(rep.lines) >= maxReplyLines {
			return reply{}, fmt.Errorf("a reply of more than %d lines", maxReplyLines)
		}
		l, err := c.line()
		if err != nil {
			return reply{}, err
		}
		rep.lines = append(rep.lines, l)
		if cc, s, ok := replyStart(l); ok && cc == code && s == ' ' {
			break
		}
	}
	for _, l := range rep.lines {
		c.record("< " + l)
	}
	return rep, nil
}

func (c *ctl) line() (string, error) {
	var b []byte
	for {
		chunk, more, err := c.r.ReadLine()
		if err != nil {
			return "", err
		}
		b = append(b, chunk...)
		if len(b) > maxLine {
			return "", fmt.Errorf("a reply line longer than %d bytes", maxLine)
		}
		if !more {
			return safe(string(b)), nil
		}
	}
}

// safe escapes what must not reach a terminal or a report raw: control
// characters and invalid UTF-8.
func safe(s string) string {
	var b strings.Builder
	for _, r := range strings.ToValidUTF8(s, "\uFFFD") {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			fmt.Fprintf(&b, "\\x%02x", r)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func replyStart(l string) (code int, sep byte, ok bool) {
	if len(l) < 3 || l[0] < '1' || l[0] > '5' {
		return 0, 0, false
	}
	for i := 0; i < 3; i++ {
		if l[i] < '0' || l[i] > '9' {
			return 0, 0, false
		}
	}
	code, _ = strconv.Atoi(l[:3])
	if len(l) == 3 {
		return code, ' ', true
	}
	if l[3] == ' ' || l[3] == '-' {
		return code, l[3], true
	}
	return 0, 0, false
}

func (c *ctl) record(s string) {
	if c.step != nil && len(c.step.Exchange) < 200 {
		c.step.Exchange = append(c.step.Exchange, s)
	}
	if c.cfg.Site.Log != nil {
		kind := transport.Received
		if strings.HasPrefix(s, "> ") {
			kind = transport.Sent
		}
		c.cfg.Site.Log(transport.Event{Time: time.Now(), Kind: kind, Text: s[2:]})
	}
}

// send writes a command (PASS masked in the record).
func (c *ctl) send(line string) error {
	shown := line
	if strings.HasPrefix(strings.ToUpper(line), "PASS ") {
		shown = "PASS ****"
	}
	c.record("> " + shown)
	c.raw.SetWriteDeadline(time.Now().Add(c.cfg.dialTimeout()))
	defer c.raw.SetWriteDeadline(time.Time{})
	_, err := io.WriteString(c.conn, line+"\r\n")
	return err
}

// cmd sends line and reads the final reply, skipping 1xx.
func (c *ctl) cmd(line string) (reply, error) {
	if err := c.send(line); err != nil {
		return reply{}, err
	}
	for i := 0; i < 10; i++ {
		rep, err := c.read()
		if err != nil || rep.code >= 200 {
			return rep, err
		}
	}
	return reply{}, errors.New("too many preliminary replies")
}

// handshake secures the control connection and returns what the
// certificate looked like. The site's trust hook decides as in a session;
// a refusal ends the handshake.
func (c *ctl) handshake(ctx context.Context) (*CertFacts, error) {
	facts := &CertFacts{}
	c.tlsConf = c.cfg.tlsConfig(facts)
	tc := tls.Client(c.raw, c.tlsConf)
	c.raw.SetDeadline(time.Now().Add(c.cfg.dialTimeout()))
	defer c.raw.SetDeadline(time.Time{})
	if err := tc.HandshakeContext(ctx); err != nil {
		return facts, err
	}
	facts.Version = tls.VersionName(tc.ConnectionState().Version)
	c.conn, c.r, c.secured = tc, bufio.NewReaderSize(tc, 4096), true
	return facts, nil
}

// tlsConfig is a fresh client config with its own session cache (so data
// connections can resume this control connection's session) that records
// the certificate into facts.
func (cfg *Config) tlsConfig(facts *CertFacts) *tls.Config {
	var base *tls.Config
	if cfg.Site.TLSConfig != nil {
		base = cfg.Site.TLSConfig.Clone()
	} else {
		base = &tls.Config{MinVersion: tls.VersionTLS12}
	}
	if base.ServerName == "" {
		base.ServerName = cfg.Site.Host
	}
	base.ClientSessionCache = tls.NewLRUClientSessionCache(8)
	roots := base.RootCAs
	trust := cfg.Site.TrustCertificate
	base.InsecureSkipVerify = true // replaced by VerifyConnection, as in transport
	base.VerifyConnection = func(cs tls.ConnectionState) error {
		if len(cs.PeerCertificates) == 0 {
			return errors.New("no certificate")
		}
		leaf := cs.PeerCertificates[0]
		if facts != nil && facts.Fingerprint == "" {
			facts.Subject, facts.Issuer = leaf.Subject.CommonName, leaf.Issuer.CommonName
			facts.Names = append(facts.Names, leaf.DNSNames...)
			for _, ip := range leaf.IPAddresses {
				facts.Names = append(facts.Names, ip.String())
			}
			facts.NotBefore, facts.NotAfter = leaf.NotBefore, leaf.NotAfter
			facts.Fingerprint = transport.Fingerprint(leaf)
		}
		opts := x509.VerifyOptions{Roots: roots, DNSName: cs.ServerName, Intermediates: x509.NewCertPool()}
		for _, ic := range cs.PeerCertificates[1:] {
			opts.Intermediates.AddCert(ic)
		}
		_, verr := leaf.Verify(opts)
		if verr == nil {
			if facts != nil {
				facts.Trusted, facts.Accepted = true, true
			}
			return nil
		}
		if facts != nil && facts.Problem == "" {
			facts.Problem = certProblem(verr)
		}
		if trust == nil {
			return &transport.UntrustedError{Chain: cs.PeerCertificates, Err: verr}
		}
		if err := trust(cs.PeerCertificates, verr); err != nil {
			return err
		}
		if facts != nil {
			facts.Accepted = true
		}
		return nil
	}
	return base
}

// certProblem names why the system does not trust a certificate.
func certProblem(err error) string {
	var inv x509.CertificateInvalidError
	var host x509.HostnameError
	var ua x509.UnknownAuthorityError
	switch {
	case errors.As(err, &inv) && inv.Reason == x509.Expired:
		return "expired"
	case errors.As(err, &host):
		return "wrong_name"
	case errors.As(err, &ua):
		return "unknown_issuer"
	}
	return "invalid"
}

// certChanged reports whether err is a pinned certificate that changed.
func certChanged(err error) bool {
	var ce *sites.CertChangedError
	return errors.As(err, &ce)
}

// netKind classifies a network error into an Err* code.
func netKind(err error) string {
	var dnsErr *net.DNSError
	switch {
	case err == nil:
		return ""
	case errors.As(err, &dnsErr):
		return ErrDNS
	case transport.IsRefused(err):
		return ErrRefused
	case transport.IsUnreachable(err), errors.Is(err, syscall.EACCES), errors.Is(err, syscall.EPERM):
		return ErrUnreachable
	case errors.Is(err, context.DeadlineExceeded), transport.IsTimedOut(err), isTimeout(err):
		return ErrTimeout
	case errors.Is(err, io.EOF), transport.IsReset(err), errors.Is(err, net.ErrClosed):
		return ErrClosed
	}
	return ErrOther
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}
