package transport

import (
	"bufio"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"golang.org/x/net/proxy"

	"portside/transfer"
)

// ProxyKind says how a proxy is spoken to.
type ProxyKind int

const (
	ProxyNone   ProxyKind = iota
	ProxySOCKS5           // RFC 1928, with RFC 1929 user/password when set
	ProxyHTTP             // HTTP CONNECT (RFC 9110 §9.3.6), Basic auth when set
)

var proxyKindNames = []string{"none", "socks5", "http"}

func (k ProxyKind) String() string {
	if int(k) >= 0 && int(k) < len(proxyKindNames) {
		return proxyKindNames[k]
	}
	return fmt.Sprintf("ProxyKind(%d)", int(k))
}

// ParseProxyKind reads "none", "socks5" or "http".
func ParseProxyKind(s string) (ProxyKind, error) {
	for i, n := range proxyKindNames {
		if strings.EqualFold(s, n) {
			return ProxyKind(i), nil
		}
	}
	return 0, fmt.Errorf("unknown proxy type %q: want none, socks5 or http", s)
}

// Proxy is the server every control and passive data connection goes
// through. Active mode cannot work through one: the server would have to
// connect back to this computer, and neither SOCKS5's CONNECT nor HTTP
// CONNECT can carry that (SOCKS5 BIND exists, but one BIND accepts one
// connection and few office proxies allow it), so Dial refuses it and auto
// mode (package ftp) skips it.
type Proxy struct {
	Kind     ProxyKind
	Host     string
	Port     int
	User     string
	Password string // from the keychain; never logged
}

// Addr is the proxy's host:port.
func (p *Proxy) Addr() string { return net.JoinHostPort(p.Host, strconv.Itoa(p.Port)) }

// String names the proxy for the message log and the connection check,
// without the password.
func (p *Proxy) String() string {
	name := "SOCKS5"
	if p.Kind == ProxyHTTP {
		name = "HTTP"
	}
	return name + " proxy " + p.Addr()
}

// ParseProxyURL reads "socks5://user:pass@host:1080" or "http://host:3128"
// (the form ALL_PROXY and HTTPS_PROXY take). "socks5h" is taken as socks5:
// Portside always lets a SOCKS5 proxy resolve the name.
func ParseProxyURL(s string) (*Proxy, error) {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("proxy address %q is not a URL like socks5://host:1080 or http://host:3128", s)
	}
	p := &Proxy{Host: u.Hostname()}
	switch strings.ToLower(u.Scheme) {
	case "socks5", "socks5h":
		p.Kind, p.Port = ProxySOCKS5, 1080
	case "http":
		p.Kind, p.Port = ProxyHTTP, 3128
	default:
		return nil, fmt.Errorf("proxy scheme %q is not supported: use socks5:// or http://", u.Scheme)
	}
	if ps := u.Port(); ps != "" {
		n, err := strconv.Atoi(ps)
		if err != nil || n < 1 || n > 65535 {
			return nil, fmt.Errorf("proxy port %q is not a number from 1 to 65535", ps)
		}
		p.Port = n
	}
	if u.User != nil {
		p.User = u.User.Username()
		p.Password, _ = u.User.Password()
	}
	return p, nil
}

// ProxyFromEnvironment reads ALL_PROXY, then HTTPS_PROXY (and their
// lower-case forms, as curl does); nil when none is set.
func ProxyFromEnvironment(getenv func(string) string) (*Proxy, error) {
	for _, k := range []string{"ALL_PROXY", "all_proxy", "HTTPS_PROXY", "https_proxy"} {
		if v := getenv(k); strings.TrimSpace(v) != "" {
			p, err := ParseProxyURL(v)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", k, err)
			}
			return p, nil
		}
	}
	return nil, nil
}

// ErrActiveViaProxy is returned when only active methods are allowed and a
// proxy is set.
var ErrActiveViaProxy = errors.New("active mode cannot work through a proxy: the server would have to connect back to this computer; use passive or auto mode")

// checkProxy refuses a configuration that cannot carry data connections.
func (c *Config) checkProxy() error {
	if c.Proxy == nil || c.Proxy.Kind == ProxyNone {
		return nil
	}
	if len(c.methods()) > 0 {
		return nil
	}
	return ErrActiveViaProxy
}

// passiveOnly drops the active methods when a proxy carries the
// connections: a server refusing EPSV and PASV must not lead to a data
// connection that waits for the server to connect back through nothing.
func (c *Config) passiveOnly(ms []Method) []Method {
	if !c.Proxied() {
		return ms
	}
	var out []Method
	for _, m := range ms {
		if m.Passive() {
			out = append(out, m)
		}
	}
	return out
}

// proxyHint replaces the advice for a server that refused every passive
// method: through a proxy, active mode is no way out.
func (c *Config) proxyHint(hint string) string {
	if !c.Proxied() {
		return hint
	}
	return "the server refuses passive mode, and active mode cannot work through a proxy (the server would have to connect back to this computer): ask the server's admin to enable passive mode, or connect without the proxy where the network allows it"
}

// Proxied reports whether connections go through a proxy.
func (c *Config) Proxied() bool { return c.Proxy != nil && c.Proxy.Kind != ProxyNone }

// dialDirect opens a TCP connection without the proxy (to the proxy
// itself, or to the server when there is none).
func (c *Config) dialDirect(ctx context.Context, address string) (net.Conn, error) {
	if c.Dial != nil {
		return c.Dial(ctx, "tcp", address)
	}
	var d net.Dialer
	return d.DialContext(ctx, "tcp", address)
}

// dialProxy opens a connection to address through the proxy. The returned
// connection reports address, not the proxy, as its remote end, so the
// passive-address policy compares a PASV reply with the server.
func (c *Config) dialProxy(ctx context.Context, address string) (net.Conn, error) {
	p := c.Proxy
	var conn net.Conn
	var err error
	switch p.Kind {
	case ProxySOCKS5:
		var auth *proxy.Auth
		if p.User != "" {
			auth = &proxy.Auth{User: p.User, Password: p.Password}
		}
		var d proxy.Dialer
		d, err = proxy.SOCKS5("tcp", p.Addr(), auth, forward{c})
		if err == nil {
			conn, err = d.(proxy.ContextDialer).DialContext(ctx, "tcp", address)
		}
	case ProxyHTTP:
		conn, err = c.dialConnect(ctx, address)
	default:
		return nil, fmt.Errorf("unknown proxy type %v", p.Kind)
	}
	if err != nil {
		return nil, fmt.Errorf("through %s: %w", p, err)
	}
	return &proxiedConn{Conn: conn, remote: remoteAddr(address)}, nil
}

// forward lets x/net/proxy reach the proxy with the configured dialer (the
// tests' loopback guard included).
type forward struct{ c *Config }

func (f forward) Dial(network, address string) (net.Conn, error) {
	return f.DialContext(context.Background(), network, address)
}

func (f forward) DialContext(ctx context.Context, _, address string) (net.Conn, error) {
	return f.c.dialDirect(ctx, address)
}

// maxConnectReply bounds the proxy's reply headers: a CONNECT reply is a
// status line and a few headers; a proxy is as much an adversary as a server.
const maxConnectReply = 16 << 10

// dialConnect opens a tunnel with HTTP CONNECT.
func (c *Config) dialConnect(ctx context.Context, address string) (net.Conn, error) {
	p := c.Proxy
	conn, err := c.dialDirect(ctx, p.Addr())
	if err != nil {
		return nil, err
	}
	if dl, ok := ctx.Deadline(); ok {
		conn.SetDeadline(dl)
	} else {
		conn.SetDeadline(time.Now().Add(c.dialTimeout()))
	}
	req := "CONNECT " + address + " HTTP/1.1\r\nHost: " + address + "\r\n"
	if p.User != "" {
		req += "Proxy-Authorization: Basic " +
			base64.StdEncoding.EncodeToString([]byte(p.User+":"+p.Password)) + "\r\n"
	}
	if _, err := conn.Write([]byte(req + "\r\n")); err != nil {
		conn.Close()
		return nil, err
	}
	// Read byte by byte up to the blank line: a buffered reader could
	// swallow the server's first bytes (an FTP greeting) after the reply.
	br := bufio.NewReaderSize(&limitedOneByte{conn: conn, left: maxConnectReply}, 1)
	resp, err := http.ReadResponse(br, &http.Request{Method: http.MethodConnect})
	if err != nil {
		conn.Close()
		return nil, fmt.Errorf("reading the CONNECT reply: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		conn.Close()
		return nil, fmt.Errorf("CONNECT refused: %s", transfer.Escape(resp.Status))
	}
	if br.Buffered() > 0 {
		conn.Close()
		return nil, errors.New("CONNECT reply followed by unexpected bytes")
	}
	conn.SetDeadline(time.Time{})
	return conn, nil
}

// limitedOneByte reads one byte at a time, at most left bytes in all.
type limitedOneByte struct {
	conn net.Conn
	left int
}

func (l *limitedOneByte) Read(b []byte) (int, error) {
	if l.left <= 0 {
		return 0, errors.New("CONNECT reply too long")
	}
	if len(b) > 1 {
		b = b[:1]
	}
	n, err := l.conn.Read(b)
	l.left -= n
	return n, err
}

// proxiedConn is a tunnel that names the server as its remote end.
type proxiedConn struct {
	net.Conn
	remote net.Addr
}

func (p *proxiedConn) RemoteAddr() net.Addr { return p.remote }

// remoteAddr is address as a *net.TCPAddr. A host name (which the proxy
// resolves, as this computer may have no DNS for the outside) gets the
// unspecified IPv4 address: passive connections then go to the host name
// (see passiveHost).
func remoteAddr(address string) net.Addr {
	host, ps, _ := net.SplitHostPort(address)
	port, _ := strconv.Atoi(ps)
	ip := net.ParseIP(host)
	if ip == nil {
		ip = net.IPv4zero
	}
	return &net.TCPAddr{IP: ip, Port: port}
}

// passiveHost is where a passive data connection to target goes: through a
// proxy, the server's host name when target is the control peer (the proxy
// resolves it, as it did for the control connection).
func (c *Conn) passiveHost(target net.IP) string {
	if c.cfg.Proxied() && target.Equal(c.peerIP()) {
		return c.cfg.Host
	}
	return target.String()
}
