// Package ftpd is Portside's embedded FTP server: the demo behind
// `portside --demo` and the fast in-process server for tests. It wraps
// github.com/fclairamb/ftpserverlib and serves one folder to one user, on
// loopback only.
package ftpd

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"net"
	"sync"
	"time"

	ftpserver "github.com/fclairamb/ftpserverlib"
	"github.com/spf13/afero"
)

// TLSMode is how the server offers TLS.
type TLSMode int

const (
	TLSNone     TLSMode = iota // plain FTP only
	TLSExplicit                // AUTH TLS offered and required
	TLSImplicit                // TLS from the first byte
	// TLSOff has no TLS at all: AUTH TLS gets "550 Cannot get a TLS
	// config", as from a server built without TLS (TLSNone offers it).
	TLSOff
)

// Config says what to serve and how.
type Config struct {
	Root     string // folder to serve; empty serves an in-memory file system
	User     string // default "demo"
	Password string // default "demo"
	Addr     string // default "127.0.0.1:0"
	TLS      TLSMode
	// PublicHost is the IPv4 address announced in PASV replies ("" = the
	// control connection's local address). Tests set it to lie like a
	// server behind NAT.
	PublicHost string
	// MaxConnections refuses control connections beyond this many with
	// "421 Too many connections", as vsftpd's max_per_ip does; 0: no cap.
	MaxConnections int
	// DropDataAfter resets every passive data connection after this many
	// bytes (each way), like a flaky link; 0 never.
	DropDataAfter int64
	PassivePorts  [2]int // passive port range; zero: any port
	NoPassive     bool   // refuse PASV and EPSV, like a server whose passive ports are closed
	NoActive      bool   // refuse PORT and EPRT
	// RefusePassive answers EPSV and PASV with "550 Permission denied."
	// as vsftpd with pasv_enable=NO does (plain FTP only).
	RefusePassive bool
	// Refuse answers these commands with "502 Command not implemented.",
	// as a server without them (plain FTP only): REST, for one that
	// cannot resume or send a range.
	Refuse []string
	// DropPipelined reads only the first command of what arrives at once
	// and drops the rest, as servers that break on pipelined commands do
	// (plain FTP only).
	DropPipelined bool
	NoMLST        bool // no MLST or MLSD, like vsftpd: a stat lists the parent folder
	NoSite        bool // refuse SITE (CHMOD and the rest) with 500, as a server without it
	RequireReuse  bool // refuse TLS data connections that did not resume the control session (vsftpd require_ssl_reuse)
	Certificate   *tls.Certificate
	WrapListener  func(net.Listener) net.Listener // wraps the control listener (fault tests)
	ConnTimeout   time.Duration                   // data-connection timeout; default 5 s
	// InNamespace allows a non-loopback Addr. Only for tests that run the
	// server inside a network namespace they created themselves.
	InNamespace bool
	Logger      *slog.Logger
}

// Server is a running embedded server.
type Server struct {
	srv  *ftpserver.FtpServer
	ln   net.Listener
	fs   afero.Fs
	cert tls.Certificate
	done chan error
	cap  *capped // nil without MaxConnections
}

// Start listens and serves in the background until Close.
func Start(cfg Config) (*Server, error) {
	if cfg.User == "" {
		cfg.User, cfg.Password = "demo", "demo"
	}
	if cfg.Addr == "" {
		cfg.Addr = "127.0.0.1:0"
	}
	if cfg.ConnTimeout == 0 {
		cfg.ConnTimeout = 5 * time.Second
	}
	host, _, err := net.SplitHostPort(cfg.Addr)
	if err != nil {
		return nil, fmt.Errorf("start demo server: %w", err)
	}
	if ip := net.ParseIP(host); !cfg.InNamespace && (ip == nil || !ip.IsLoopback()) {
		return nil, fmt.Errorf("start demo server: %s is not a loopback address", host)
	}
	var fsys afero.Fs = afero.NewMemMapFs()
	if cfg.Root != "" {
		fsys = newRootedFs(cfg.Root)
	}
	cert := cfg.Certificate
	if cert == nil {
		c, err := SelfSigned("127.0.0.1", time.Now().Add(-time.Hour), time.Now().Add(24*time.Hour))
		if err != nil {
			return nil, err
		}
		cert = &c
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return nil, fmt.Errorf("start demo server: %w", err)
	}
	d := &driver{cfg: cfg, fs: fsys, cert: *cert, host: host, port: ln.Addr().(*net.TCPAddr).Port}
	var control net.Listener = ln
	if cfg.TLS == TLSImplicit {
		// ftpserverlib does not wrap a listener it is handed; do it here,
		// with the driver's config so data connections can resume.
		tc, _ := d.GetTLSConfig()
		control = tls.NewListener(ln, tc)
	}
	var cap *capped
	if cfg.MaxConnections > 0 {
		cap = &capped{Listener: control, max: cfg.MaxConnections}
		control = cap
	}
	if cfg.RefusePassive {
		control = refusing{control, map[string]string{"EPSV": "550 Permission denied.", "PASV": "550 Permission denied."}}
	}
	if len(cfg.Refuse) > 0 {
		verbs := map[string]string{}
		for _, v := range cfg.Refuse {
			verbs[v] = "502 Command not implemented."
		}
		control = refusing{control, verbs}
	}
	if cfg.DropPipelined {
		control = firstLineOnly{control}
	}
	if cfg.WrapListener != nil {
		control = cfg.WrapListener(control)
	}
	srv := ftpserver.NewFtpServer(d)
	if cfg.Logger != nil {
		srv.Logger = cfg.Logger
	} else {
		srv.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	d.listener = control
	if err := srv.Listen(); err != nil {
		ln.Close()
		return nil, fmt.Errorf("start demo server: %w", err)
	}
	s := &Server{srv: srv, ln: ln, fs: fsys, cert: *cert, done: make(chan error, 1), cap: cap}
	go func() { s.done <- srv.Serve() }()
	return s, nil
}

// Addr is host:port of the control listener.
func (s *Server) Addr() string { return s.ln.Addr().String() }

// Port is the control port.
func (s *Server) Port() int { return s.ln.Addr().(*net.TCPAddr).Port }

// FS is the served file system, for tests to seed and inspect.
func (s *Server) FS() afero.Fs { return s.fs }

// Certificate is the server's TLS certificate.
func (s *Server) Certificate() tls.Certificate { return s.cert }

// Close stops the server and its client connections.
func (s *Server) Close() error {
	err := s.srv.Stop()
	<-s.done
	return err
}

type driver struct {
	cfg      Config
	fs       afero.Fs
	cert     tls.Certificate
	host     string
	listener net.Listener
	port     int // of the control listener
	tlsOnce  sync.Once
	tlsConf  *tls.Config
}

func (d *driver) GetSettings() (*ftpserver.Settings, error) {
	s := &ftpserver.Settings{
		Listener:                d.listener,
		PublicHost:              d.cfg.PublicHost,
		ActiveTransferPortNon20: true, // port 20 needs root
		DisableMLST:             d.cfg.NoMLST,
		DisableMLSD:             d.cfg.NoMLST,
		ConnectionTimeout:       int(d.cfg.ConnTimeout / time.Second),
		IdleTimeout:             300,
		DisableActiveMode:       d.cfg.NoActive,
		DisableSite:             d.cfg.NoSite,
		DefaultTransferType:     ftpserver.TransferTypeBinary,
		Banner:                  "Portside demo server ready",
	}
	if r := d.cfg.PassivePorts; r[0] > 0 {
		s.PassiveTransferPortRange = ftpserver.PortRange{Start: r[0], End: r[1]}
	}
	if s.ConnectionTimeout < 1 {
		s.ConnectionTimeout = 1
	}
	switch d.cfg.TLS {
	case TLSExplicit:
		s.TLSRequired = ftpserver.MandatoryEncryption
	case TLSImplicit:
		s.TLSRequired = ftpserver.ImplicitEncryption
	}
	return s, nil
}

func (d *driver) ClientConnected(cc ftpserver.ClientContext) (string, error) {
	if d.cfg.Logger != nil {
		cc.SetDebug(true) // a caller that gives a logger wants each command and reply in it
	}
	return "Portside demo server ready", nil
}

func (d *driver) ClientDisconnected(ftpserver.ClientContext) {}

func (d *driver) AuthUser(_ ftpserver.ClientContext, user, pass string) (ftpserver.ClientDriver, error) {
	if user != d.cfg.User || pass != d.cfg.Password {
		return nil, errors.New("login incorrect")
	}
	return d.fs, nil
}

// GetTLSConfig is called for every connection; it must return the same
// config each time, or session tickets from the control connection cannot
// be decrypted on the data connection and nothing ever resumes.
func (d *driver) GetTLSConfig() (*tls.Config, error) {
	if d.cfg.TLS == TLSOff {
		return nil, errors.New("TLS is off on this server")
	}
	d.tlsOnce.Do(func() {
		cfg := &tls.Config{Certificates: []tls.Certificate{d.cert}, MinVersion: tls.VersionTLS12}
		if d.cfg.RequireReuse {
			base := cfg.Clone()
			cfg.GetConfigForClient = func(hi *tls.ClientHelloInfo) (*tls.Config, error) {
				if isControl(hi.Conn, d.port) {
					return nil, nil
				}
				// Data connection: like vsftpd's require_ssl_reuse, refuse a
				// session that was not resumed from the control connection.
				c := base.Clone()
				c.VerifyConnection = func(cs tls.ConnectionState) error {
					if !cs.DidResume {
						return errors.New("TLS session of data connection not resumed")
					}
					return nil
				}
				return c, nil
			}
		}
		d.tlsConf = cfg
	})
	return d.tlsConf, nil
}

// WrapPassiveListener refuses passive data connections that are not from
// loopback, and all of them when passive mode is off.
func (d *driver) WrapPassiveListener(ln net.Listener) (net.Listener, error) {
	if d.cfg.NoPassive {
		// Like a firewall that rejects the passive port range: the reply
		// names a port, but nothing listens there.
		addr := ln.Addr()
		ln.Close()
		return closedListener{addr: addr, done: make(chan struct{})}, nil
	}
	if d.cfg.DropDataAfter > 0 {
		ln = dropAfter{ln, d.cfg.DropDataAfter}
	}
	if d.cfg.InNamespace {
		return ln, nil
	}
	return loopbackOnly{ln}, nil
}

type closedListener struct {
	addr net.Addr
	done chan struct{}
}

func (l closedListener) Accept() (net.Conn, error) { <-l.done; return nil, net.ErrClosed }
func (l closedListener) Close() error {
	select {
	case <-l.done:
	default:
		close(l.done)
	}
	return nil
}
func (l closedListener) Addr() net.Addr { return l.addr }

func isControl(c net.Conn, port int) bool {
	return c.LocalAddr().(*net.TCPAddr).Port == port
}

type dropAfter struct {
	net.Listener
	n int64
}

func (l dropAfter) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &dropConn{Conn: c, left: l.n}, nil
}

// dropConn resets the connection (RST, not FIN) once its budget is spent,
// as a NAT box or a flaky link does.
type dropConn struct {
	net.Conn
	mu   sync.Mutex
	left int64
}

func (c *dropConn) spend(n int) (int, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if int64(n) > c.left {
		n = int(c.left)
	}
	c.left -= int64(n)
	return n, c.left <= 0
}

func (c *dropConn) reset() {
	if tc, ok := c.Conn.(*net.TCPConn); ok {
		tc.SetLinger(0)
	}
	c.Conn.Close()
}

func (c *dropConn) Write(p []byte) (int, error) {
	n, spent := c.spend(len(p))
	w, err := c.Conn.Write(p[:n])
	if spent {
		c.reset()
		return w, net.ErrClosed
	}
	return w, err
}

func (c *dropConn) Read(p []byte) (int, error) {
	r, err := c.Conn.Read(p)
	if _, spent := c.spend(r); spent {
		c.reset()
		return r, net.ErrClosed
	}
	return r, err
}

// capped turns away connections beyond max with a 421, before the server
// sees them.
type capped struct {
	net.Listener
	mu   sync.Mutex
	max  int // 0: no cap (SetMaxConnections)
	open int
	peak int // most open at once since the cap was last set
}

// SetMaxConnections changes the cap of a server started with
// MaxConnections (0 lifts it), as an administrator or a host's load
// would, and starts counting PeakConnections again.
func (s *Server) SetMaxConnections(n int) {
	s.cap.mu.Lock()
	defer s.cap.mu.Unlock()
	s.cap.max, s.cap.peak = n, s.cap.open
}

// PeakConnections is the most control connections that were open at once
// since the server started or its cap was last set (MaxConnections only).
func (s *Server) PeakConnections() int {
	s.cap.mu.Lock()
	defer s.cap.mu.Unlock()
	return s.cap.peak
}

func (l *capped) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		l.mu.Lock()
		full, limit := l.max > 0 && l.open >= l.max, l.max
		if !full {
			l.open++
			l.peak = max(l.peak, l.open)
		}
		l.mu.Unlock()
		if full {
			c.Write([]byte("421 Too many connections (" + fmt.Sprint(limit) + ") from this IP\r\n"))
			c.Close()
			continue
		}
		return &countedConn{Conn: c, l: l}, nil
	}
}

type countedConn struct {
	net.Conn
	l    *capped
	once sync.Once
}

func (c *countedConn) Close() error {
	c.once.Do(func() {
		c.l.mu.Lock()
		c.l.open--
		c.l.mu.Unlock()
	})
	return c.Conn.Close()
}

type loopbackOnly struct{ net.Listener }

func (l loopbackOnly) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		if a, ok := c.RemoteAddr().(*net.TCPAddr); ok && a.IP.IsLoopback() {
			return c, nil
		}
		c.Close()
	}
}

// SelfSigned makes an ECDSA certificate for host valid between from and to.
func SelfSigned(host string, from, to time.Time) (tls.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()),
		Subject:      pkix.Name{CommonName: host, Organization: []string{"Portside demo"}},
		NotBefore:    from,
		NotAfter:     to,
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	if ip := net.ParseIP(host); ip != nil {
		tmpl.IPAddresses = []net.IP{ip}
	} else {
		tmpl.DNSNames = []string{host}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, err
	}
	leaf, _ := x509.ParseCertificate(der)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, nil
}
