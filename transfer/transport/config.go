// Package transport owns an FTP session's connections: the control channel
// (TCP, explicit or implicit TLS, the message log) and every data connection
// (passive or active, the NAT address policy, TLS with session reuse).
//
// github.com/jlaffaye/ftp speaks the commands; it is passive-only and its one
// seam is DialWithDialFunc. Transport hands the library a control connection
// that Portside owns: the library sees a plain, well-behaved server, and when
// it asks for EPSV or PASV, transport opens the data connection the site
// wants (EPSV, PASV, EPRT or PORT) and answers the library's data dial with it.
package transport

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net"
	"strings"
	"time"
)

// TLSMode is how the control connection is secured.
type TLSMode int

const (
	TLSNone     TLSMode = iota // plain FTP
	TLSExplicit                // AUTH TLS after the greeting (FTPES)
	TLSImplicit                // TLS from the first byte (FTPS, usually port 990)
	// TLSIfAvailable tries AUTH TLS and goes on in plain text when the
	// server refuses it, as FileZilla's "Use explicit FTP over TLS if
	// available" does; Config.ConfirmPlain decides about that fallback
	// before any password is sent. Appended, so stored numbers keep
	// their meaning.
	TLSIfAvailable
)

var tlsModeNames = []string{"none", "explicit", "implicit", "if-available"}

func (m TLSMode) String() string {
	if int(m) < len(tlsModeNames) {
		return tlsModeNames[m]
	}
	return fmt.Sprintf("TLSMode(%d)", int(m))
}

// ParseTLSMode reads "none", "explicit", "implicit" or "if-available".
func ParseTLSMode(s string) (TLSMode, error) {
	for i, n := range tlsModeNames {
		if strings.EqualFold(s, n) {
			return TLSMode(i), nil
		}
	}
	return 0, fmt.Errorf("unknown TLS mode %q: want none, explicit, implicit or if-available", s)
}

// Method is one way to open a data connection.
type Method int

const (
	EPSV Method = iota // extended passive: the client connects to the server's port (RFC 2428)
	PASV               // passive: the reply names an IPv4 address and port (RFC 959)
	EPRT               // extended active: the server connects to our address (RFC 2428)
	PORT               // active: IPv4 only (RFC 959)
)

var methodNames = []string{"EPSV", "PASV", "EPRT", "PORT"}

func (m Method) String() string {
	if int(m) < len(methodNames) {
		return methodNames[m]
	}
	return fmt.Sprintf("Method(%d)", int(m))
}

// Passive reports whether the client connects to the server.
func (m Method) Passive() bool { return m == EPSV || m == PASV }

// ParseMethod reads a method name, case-insensitively.
func ParseMethod(s string) (Method, error) {
	for i, n := range methodNames {
		if strings.EqualFold(s, n) {
			return Method(i), nil
		}
	}
	return 0, fmt.Errorf("unknown data connection method %q", s)
}

// Mode is what a site asks for; auto is resolved to methods by probing.
type Mode int

const (
	ModeAuto Mode = iota
	ModePassive
	ModeActive
)

var modeNames = []string{"auto", "passive", "active"}

func (m Mode) String() string {
	if int(m) < len(modeNames) {
		return modeNames[m]
	}
	return fmt.Sprintf("Mode(%d)", int(m))
}

// ParseMode reads "auto", "passive" or "active".
func ParseMode(s string) (Mode, error) {
	for i, n := range modeNames {
		if strings.EqualFold(s, n) {
			return Mode(i), nil
		}
	}
	return 0, fmt.Errorf("unknown data connection mode %q: want auto, passive or active", s)
}

// Methods lists, in the order to try, the methods a mode allows.
func (m Mode) Methods() []Method {
	switch m {
	case ModePassive:
		return []Method{EPSV, PASV}
	case ModeActive:
		return []Method{EPRT, PORT}
	}
	return []Method{EPSV, PASV, EPRT, PORT}
}

// Config is everything transport needs for one site.
type Config struct {
	Host string
	Port int // default 21, or 990 for implicit TLS
	TLS  TLSMode
	// TLSConfig is the base TLS configuration; each control connection gets
	// its own clone with its own session cache (data connections must resume
	// the control connection's session for vsftpd's require_ssl_reuse).
	TLSConfig *tls.Config
	// TrustCertificate sees the server's chain on every handshake, first:
	// verifyErr says why the system roots (and the host name) do not vouch
	// for it, or is nil when they do. Return nil to go on (vouched for,
	// trusted once, pinned), or an error to stop. A pin is checked even when
	// verifyErr is nil: a CA vouching for a certificate does not make it
	// the one the user pinned. Nil refuses every certificate not vouched for.
	TrustCertificate func(chain []*x509.Certificate, verifyErr error) error
	// ConfirmPlain is asked, in TLSIfAvailable mode, when the server
	// refused AUTH TLS: before the library sends USER and PASS in plain
	// text. Return nil to log in unencrypted, or an error (ErrPlainRefused)
	// to close the connection with nothing sent. The connect deadline is
	// lifted while it runs (a person may be reading a question). Nil goes
	// on, with a warning in the log. Auto mode and the queue open several
	// connections: wrap it in AskOnce so a person is asked once.
	ConfirmPlain func(addr string) error

	// Methods are tried in order for each data connection; the next is used
	// only when the server refuses the command (5xx), never after a data
	// connection failed, so that a listing cannot land on a half-open state.
	// Empty means passive (EPSV, PASV).
	Methods []Method

	// Pipelining lets a download's next EPSV go out before the current
	// file's 226 (pipeline.go); off by default.
	Pipelining Pipelining

	// UseSentPassiveAddress connects to the address a PASV reply names.
	// Off (the default), passive data connections go to the control
	// connection's peer, whatever the reply says.
	UseSentPassiveAddress bool
	// ActivePortMin and ActivePortMax bound the ports active mode listens on
	// (0, 0: any port the system picks).
	ActivePortMin, ActivePortMax int
	// ExternalAddress is announced in EPRT/PORT instead of the local
	// address: an IP, or a host name resolved at each data connection.
	ExternalAddress string
	// ActiveAcceptAnyPeer accepts an active data connection from any address;
	// by default only the server's address may connect.
	ActiveAcceptAnyPeer bool

	// Charset is the server's file-name encoding ("" or "auto": UTF-8).
	Charset string
	// ListHidden asks for dot files in LIST listings ("LIST -a"): vsftpd
	// and others hide them, so a sync would never see .htaccess. Servers
	// with MLSD list them anyway; a few old ones take "-a" for a file name.
	ListHidden bool

	DialTimeout time.Duration // control connection and TLS handshake; default 15 s
	DataTimeout time.Duration // data connect or accept; default 10 s
	// IdleTimeout bounds every read and write on the control connection and
	// on data connections (their TLS handshakes included): so long without a
	// byte moving, and the connection is given up (*IdleError). Progress
	// renews it, so a slow transfer never times out. Default
	// DefaultIdleTimeout; negative turns it off.
	IdleTimeout time.Duration

	// Log receives every command, reply and decision (PASS masked).
	Log func(Event)
	// Dial opens TCP connections; default a net.Dialer. Tests install a
	// guard that refuses anything but loopback.
	Dial func(ctx context.Context, network, address string) (net.Conn, error)
	// Proxy, when set, carries the control and passive data connections
	// (proxy.go); active mode is then refused.
	Proxy *Proxy
}

func (c *Config) port() int {
	switch {
	case c.Port != 0:
		return c.Port
	case c.TLS == TLSImplicit:
		return 990
	}
	return 21
}

// Addr is host:port of the control connection.
func (c *Config) Addr() string { return net.JoinHostPort(c.Host, fmt.Sprint(c.port())) }

func (c *Config) dialTimeout() time.Duration {
	if c.DialTimeout > 0 {
		return c.DialTimeout
	}
	return 15 * time.Second
}

func (c *Config) dataTimeout() time.Duration {
	if c.DataTimeout > 0 {
		return c.DataTimeout
	}
	return 10 * time.Second
}

func (c *Config) idleTimeout() time.Duration {
	switch {
	case c.IdleTimeout > 0:
		return c.IdleTimeout
	case c.IdleTimeout < 0:
		return 0
	}
	return DefaultIdleTimeout
}

func (c *Config) methods() []Method {
	if len(c.Methods) == 0 {
		return ModePassive.Methods()
	}
	return c.passiveOnly(c.Methods) // proxy.go
}

func (c *Config) dial(ctx context.Context, address string) (net.Conn, error) {
	if c.Proxied() {
		return c.dialProxy(ctx, address)
	}
	return c.dialDirect(ctx, address)
}

// EventKind tells what an Event records.
type EventKind int

const (
	Info     EventKind = iota // a decision or a state change
	Sent                      // a command to the server
	Received                  // a reply from the server
	Failure                   // an error
)

// Event is one line of the message log.
type Event struct {
	Time time.Time
	Kind EventKind
	Text string
	// Key and Args are an Info line as a code and its facts, for a
	// window that words the log in its own language ("" : Text only). A
	// Sent line has one when the engine annotated the command
	// ("pipelined_epsv": Text is the command and the note).
	Key  string
	Args map[string]string
}

func (e Event) String() string {
	mark := map[EventKind]string{Info: "  ", Sent: "> ", Received: "< ", Failure: "! "}[e.Kind]
	return e.Time.Format("15:04:05.000 ") + mark + e.Text
}
