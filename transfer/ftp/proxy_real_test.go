package ftp_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"portside/internal/proxyd"
	"portside/transfer/ftp"
	"portside/transfer/internal/realftpd"
	"portside/transfer/transport"
)

// recordingDial dials loopback only and records every address: through a
// proxy, the only address Portside itself may dial is the proxy's.
type recordingDial struct {
	loopbackGuard
	mu   sync.Mutex
	seen []string
}

func (r *recordingDial) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	r.mu.Lock()
	r.seen = append(r.seen, addr)
	r.mu.Unlock()
	return r.loopbackGuard.dial(ctx, network, addr)
}

// TestProxyRealServers runs a session through real Dante (SOCKS5) and
// tinyproxy (HTTP CONNECT), with and without authentication, in front of
// vsftpd with plain FTP, explicit and implicit FTPS, in auto and passive mode: a
// listing, an upload and a download compared byte for byte. Every TCP
// connection Portside opens must go to the proxy, and auto mode must end
// up passive (it skips active mode, which a proxy cannot carry).
func TestProxyRealServers(t *testing.T) {
	type tc struct {
		proxy proxyd.Kind
		auth  bool
		tls   realftpd.TLSMode
		mode  transport.Mode
	}
	var cases []tc
	for _, k := range proxyd.Kinds {
		for _, auth := range []bool{false, true} {
			for _, tm := range realftpd.TLSModes {
				for _, mode := range []transport.Mode{transport.ModeAuto, transport.ModePassive} {
					cases = append(cases, tc{k, auth, tm, mode})
				}
			}
		}
	}
	for _, c := range cases {
		name := fmt.Sprintf("%s/auth=%v/%s/%s", c.proxy, c.auth, c.tls, c.mode)
		t.Run(name, func(t *testing.T) {
			srv := realftpd.Start(t, realftpd.Vsftpd, realftpd.Options{TLS: c.tls})
			px := proxyd.Start(t, c.proxy, c.auth)
			proxyRoundTrip(t, srv, px, c.mode)
		})
	}
}

func proxyConfig(srv *realftpd.Server, px *proxyd.Proxy, mode transport.Mode, rec *recordingDial, log *logBuf) ftp.Config {
	kind := transport.ProxySOCKS5
	if px.Kind == proxyd.Tinyproxy {
		kind = transport.ProxyHTTP
	}
	cert := srv.Certificate()
	return ftp.Config{
		Config: transport.Config{
			Host: srv.Host, Port: srv.Port, TLS: interopTLS(srv.TLS),
			TrustCertificate: func(chain []*x509.Certificate, verifyErr error) error {
				if len(chain) > 0 && chain[0].Equal(cert) {
					return nil
				}
				return verifyErr
			},
			DataTimeout: 10 * time.Second,
			Dial:        rec.dial,
			Log:         log.add,
			Proxy:       &transport.Proxy{Kind: kind, Host: px.Host, Port: px.Port, User: px.User, Password: px.Password},
		},
		User: srv.User, Password: srv.Password, Mode: mode,
	}
}

func proxyRoundTrip(t *testing.T, srv *realftpd.Server, px *proxyd.Proxy, mode transport.Mode) {
	ctx, cancel := context.WithTimeout(t.Context(), 90*time.Second)
	defer cancel()
	var log logBuf
	rec := &recordingDial{}
	cfg := proxyConfig(srv, px, mode, rec, &log)
	defer func() {
		if t.Failed() {
			t.Logf("Portside's message log:\n%s\nproxy log:\n%s", log.String(), px.Log())
		}
	}()
	s, err := ftp.Connect(ctx, cfg)
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	defer s.Close()
	must := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	home, err := s.Home(ctx)
	must("home", err)
	data := make([]byte, 1<<20)
	rand.Read(data)
	file := s.Join(home, "via-proxy.bin")
	w, err := s.Create(ctx, file, 0)
	must("create", err)
	if _, err := io.Copy(w, bytes.NewReader(data)); err != nil {
		w.Close()
		t.Fatalf("upload: %v", err)
	}
	must("upload close", w.Close())
	entries, err := s.List(ctx, home)
	must("list", err)
	found := false
	for _, e := range entries {
		found = found || (e.Name == "via-proxy.bin" && e.Size == int64(len(data)))
	}
	if !found {
		t.Errorf("listing lacks via-proxy.bin of %d bytes: %+v", len(data), entries)
	}
	r, err := s.Open(ctx, file, 0)
	must("open", err)
	got, err := io.ReadAll(r)
	r.Close()
	must("download", err)
	if !bytes.Equal(got, data) {
		t.Errorf("download: %d bytes differ from the %d uploaded", len(got), len(data))
	}
	must("remove", s.Remove(ctx, file))
	if m := s.Method(); !m.Passive() {
		t.Errorf("used %s through a proxy, want a passive method", m)
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if len(rec.seen) < 2 {
		t.Errorf("dialed %v, want the control and data connections", rec.seen)
	}
	for _, a := range rec.seen {
		if a != px.Addr() {
			t.Errorf("dialed %s directly; everything must go to the proxy %s", a, px.Addr())
		}
	}
}

// TestProxyRefusesActive: active mode cannot work through a proxy, and
// says so before any connection is made.
func TestProxyRefusesActive(t *testing.T) {
	rec := &recordingDial{}
	var log logBuf
	cfg := ftp.Config{
		Config: transport.Config{
			Host: "127.0.0.1", Port: 21, Dial: rec.dial, Log: log.add,
			Proxy: &transport.Proxy{Kind: transport.ProxySOCKS5, Host: "127.0.0.1", Port: 1},
		},
		Mode: transport.ModeActive,
	}
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	_, err := ftp.Connect(ctx, cfg)
	if !errors.Is(err, transport.ErrActiveViaProxy) {
		t.Fatalf("active mode through a proxy: %v, want ErrActiveViaProxy", err)
	}
	if len(rec.seen) != 0 {
		t.Errorf("dialed %v before refusing", rec.seen)
	}
}

// TestProxyWrongPassword: a proxy that asks for a password refuses a wrong
// one, and the error says the proxy, not the FTP server, refused.
func TestProxyWrongPassword(t *testing.T) {
	for _, k := range proxyd.Kinds {
		t.Run(string(k), func(t *testing.T) {
			srv := realftpd.Start(t, realftpd.Vsftpd, realftpd.Options{})
			px := proxyd.Start(t, k, true)
			px.Password += "-wrong"
			var log logBuf
			cfg := proxyConfig(srv, px, transport.ModePassive, &recordingDial{}, &log)
			ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
			defer cancel()
			s, err := ftp.Connect(ctx, cfg)
			if err == nil {
				s.Close()
				t.Fatal("connected through the proxy with a wrong password")
			}
			if !strings.Contains(err.Error(), "proxy") {
				t.Errorf("error %q does not name the proxy", err)
			}
			if strings.Contains(err.Error(), px.Password) {
				t.Errorf("error %q shows the password", err)
			}
		})
	}
}

// TestProxyServerWithoutPassive: through a proxy, a server that refuses
// EPSV and PASV cannot be reached for data; auto mode says so instead of
// falling back to EPRT or PORT, which would wait for a connection that the
// proxy cannot carry.
func TestProxyServerWithoutPassive(t *testing.T) {
	for _, mode := range []transport.Mode{transport.ModeAuto, transport.ModePassive} {
		t.Run(mode.String(), func(t *testing.T) {
			srv := realftpd.Start(t, realftpd.Vsftpd, realftpd.Options{NoPassive: true})
			px := proxyd.Start(t, proxyd.Dante, false)
			var log logBuf
			cfg := proxyConfig(srv, px, mode, &recordingDial{}, &log)
			ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
			defer cancel()
			s, err := ftp.Connect(ctx, cfg)
			if err == nil {
				_, err = s.List(ctx, "/")
				s.Close()
			}
			if err == nil {
				t.Fatal("listed a server without passive mode through a proxy")
			}
			for _, line := range strings.Split(log.String(), "\n") {
				if strings.Contains(line, "> EPRT") || strings.Contains(line, "> PORT") {
					t.Errorf("tried active mode through a proxy: %s", line)
				}
			}
			if !strings.Contains(err.Error(), "cannot work through a proxy") {
				t.Errorf("error %q does not say that active mode cannot work through a proxy", err)
			}
		})
	}
}
