package ftp_test

import (
	"bytes"
	"context"
	"crypto/x509"
	"errors"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"portside/transfer/ftp"
	"portside/transfer/ftpd"
	"portside/transfer/internal/realftpd"
	"portside/transfer/transport"
)

// wireTap records what clients send to a server in plain text: the proof
// that a refused plain login sent no USER and no PASS.
type wireTap struct {
	mu  sync.Mutex
	got bytes.Buffer
}

func (w *wireTap) wrap(ln net.Listener) net.Listener { return tapListener{ln, w} }

func (w *wireTap) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.got.String()
}

type tapListener struct {
	net.Listener
	w *wireTap
}

func (l tapListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return tapConn{c, l.w}, nil
}

type tapConn struct {
	net.Conn
	w *wireTap
}

func (c tapConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	c.w.mu.Lock()
	c.w.got.Write(p[:n])
	c.w.mu.Unlock()
	return n, err
}

// TestTLSIfAvailableEmbedded: "explicit TLS if available" against the
// embedded server with and without TLS. With TLS it is explicit FTPS and
// nobody is asked; without, the question comes once (auto mode probes on
// several connections), and a refusal closes the connection before USER
// or PASS crossed the network.
func TestTLSIfAvailableEmbedded(t *testing.T) {
	cases := []struct {
		name    string
		server  ftpd.TLSMode
		refuse  bool
		want    transport.TLSMode
		asked   int32
		wantErr error
	}{
		{"tls required", ftpd.TLSExplicit, false, transport.TLSExplicit, 0, nil},
		{"tls optional", ftpd.TLSNone, false, transport.TLSExplicit, 0, nil},
		{"plain server, agreed", ftpd.TLSOff, false, transport.TLSNone, 1, nil},
		{"plain server, refused", ftpd.TLSOff, true, 0, 1, transport.ErrPlainRefused},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tap := &wireTap{}
			srv := startServer(t, ftpd.Config{TLS: c.server, WrapListener: tap.wrap})
			log, guard := &logBuf{}, &loopbackGuard{}
			cfg := config(srv, transport.TLSIfAvailable, transport.ModeAuto, log, guard)
			var asked atomic.Int32
			cfg.ConfirmPlain = transport.AskOnce(func(addr string) error {
				asked.Add(1)
				if c.refuse {
					return transport.ErrPlainRefused
				}
				return nil
			})
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			s, err := ftp.Connect(ctx, cfg)
			if got := asked.Load(); got != c.asked {
				t.Errorf("asked %d times, want %d", got, c.asked)
			}
			if c.wantErr != nil {
				if !errors.Is(err, c.wantErr) {
					t.Fatalf("connect: %v, want %v", err, c.wantErr)
				}
				if wire := tap.String(); strings.Contains(wire, "USER") || strings.Contains(wire, "PASS") {
					t.Errorf("the server received a login after the refusal:\n%s", wire)
				}
				return
			}
			if err != nil {
				t.Fatalf("connect: %v\nlog:\n%s", err, log)
			}
			defer s.Close()
			if got := s.TLS(); got != c.want {
				t.Errorf("TLS() = %s, want %s", got, c.want)
			}
			roundTrip(t, ctx, s, 100_000)
			wire := tap.String()
			if plainPass := strings.Contains(wire, "PASS demo"); plainPass != (c.want == transport.TLSNone) {
				t.Errorf("password readable on the wire: %v, want %v", plainPass, c.want == transport.TLSNone)
			}
		})
	}
}

// TestTLSIfAvailableVsftpd: the fallback against real vsftpd, whose
// refusal of AUTH TLS without ssl_enable is "530 Please login with USER
// and PASS.", and the upgrade where it has TLS.
func TestTLSIfAvailableVsftpd(t *testing.T) {
	for _, c := range []struct {
		name string
		tls  realftpd.TLSMode
		want transport.TLSMode
	}{
		{"plain", realftpd.TLSNone, transport.TLSNone},
		{"explicit", realftpd.TLSExplicit, transport.TLSExplicit},
	} {
		t.Run(c.name, func(t *testing.T) {
			srv := realftpd.Start(t, realftpd.Vsftpd, realftpd.Options{TLS: c.tls})
			cert := srv.Certificate()
			var asked atomic.Int32
			guard := &loopbackGuard{}
			var log logBuf
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			s, err := ftp.Connect(ctx, ftp.Config{
				Config: transport.Config{
					Host: srv.Host, Port: srv.Port, TLS: transport.TLSIfAvailable,
					TrustCertificate: func(chain []*x509.Certificate, verifyErr error) error {
						if len(chain) > 0 && chain[0].Equal(cert) {
							return nil
						}
						return verifyErr
					},
					ConfirmPlain: func(string) error { asked.Add(1); return nil },
					DataTimeout:  5 * time.Second, Dial: guard.dial, Log: log.add,
				},
				User: srv.User, Password: srv.Password, Mode: transport.ModePassive,
			})
			if err != nil {
				t.Fatalf("connect: %v\nlog:\n%s", err, log.String())
			}
			defer s.Close()
			if got := s.TLS(); got != c.want {
				t.Errorf("TLS() = %s, want %s", got, c.want)
			}
			if wantAsked := int32(map[bool]int{true: 1}[c.want == transport.TLSNone]); asked.Load() != wantAsked {
				t.Errorf("asked %d times, want %d", asked.Load(), wantAsked)
			}
			if _, err := s.List(ctx, "/"); err != nil {
				t.Fatalf("list: %v\nlog:\n%s", err, log.String())
			}
		})
	}
}
