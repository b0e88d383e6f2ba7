package ftp_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/spf13/afero"

	"portside/transfer"
	"portside/transfer/ftp"
	"portside/transfer/ftpd"
	"portside/transfer/transport"
)

// loopbackGuard refuses, and records, any dial that is not to loopback:
// tests must never follow a reply to another host.
type loopbackGuard struct {
	mu      sync.Mutex
	refused []string
}

func (g *loopbackGuard) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		g.mu.Lock()
		g.refused = append(g.refused, addr)
		g.mu.Unlock()
		return nil, fmt.Errorf("test guard: refused to dial %s", addr)
	}
	var d net.Dialer
	return d.DialContext(ctx, network, addr)
}

// logBuf collects the message log.
type logBuf struct {
	mu    sync.Mutex
	lines []string
}

func (l *logBuf) add(e transport.Event) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, e.String())
}

func (l *logBuf) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.lines, "\n")
}

func startServer(t *testing.T, cfg ftpd.Config) *ftpd.Server {
	t.Helper()
	srv, err := ftpd.Start(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	return srv
}

// pin trusts exactly the server's own certificate.
func pin(srv *ftpd.Server) func([]*x509.Certificate, error) error {
	want := srv.Certificate().Certificate[0]
	return func(chain []*x509.Certificate, verr error) error {
		if bytes.Equal(chain[0].Raw, want) {
			return nil
		}
		return verr
	}
}

func config(srv *ftpd.Server, tls transport.TLSMode, mode transport.Mode, log *logBuf, guard *loopbackGuard) ftp.Config {
	return ftp.Config{
		Config: transport.Config{
			Host: "127.0.0.1", Port: srv.Port(), TLS: tls,
			TrustCertificate: pin(srv),
			DataTimeout:      2 * time.Second,
			Log:              log.add,
			Dial:             guard.dial,
		},
		User: "demo", Password: "demo", Mode: mode,
	}
}

func roundTrip(t *testing.T, ctx context.Context, s *ftp.Session, size int) {
	t.Helper()
	body := make([]byte, size)
	rand.Read(body)
	if err := s.Mkdir(ctx, "/up"); err != nil && !strings.Contains(err.Error(), "exist") {
		t.Fatalf("mkdir: %v", err)
	}
	w, err := s.Create(ctx, "/up/file.bin", 0)
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	if _, err := w.Write(body); err != nil {
		t.Fatalf("write: %v", err)
	}
	if err := w.Close(); err != nil {
		t.Fatalf("close upload: %v", err)
	}
	list, err := s.List(ctx, "/up")
	if err != nil {
		t.Fatalf("list: %v", err)
	}
	if len(list) != 1 || list[0].Name != "file.bin" || list[0].Size != int64(size) {
		t.Fatalf("list = %+v, want file.bin of %d bytes", list, size)
	}
	r, err := s.Open(ctx, "/up/file.bin", 0)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	got, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	if err := r.Close(); err != nil {
		t.Fatalf("close download: %v", err)
	}
	if sha256.Sum256(got) != sha256.Sum256(body) {
		t.Fatalf("downloaded %d bytes that differ from the %d uploaded", len(got), len(body))
	}
	if err := s.Rename(ctx, "/up/file.bin", "/up/renamed.bin"); err != nil {
		t.Fatalf("rename: %v", err)
	}
	if err := s.Remove(ctx, "/up/renamed.bin"); err != nil {
		t.Fatalf("remove: %v", err)
	}
}

func TestModesAndTLS(t *testing.T) {
	tlsModes := []struct {
		name   string
		server ftpd.TLSMode
		client transport.TLSMode
	}{
		{"plain", ftpd.TLSNone, transport.TLSNone},
		{"explicit", ftpd.TLSExplicit, transport.TLSExplicit},
		{"implicit", ftpd.TLSImplicit, transport.TLSImplicit},
	}
	modes := []struct {
		mode transport.Mode
		want transport.Method
	}{
		{transport.ModePassive, transport.EPSV},
		{transport.ModeActive, transport.EPRT},
		{transport.ModeAuto, transport.EPSV},
	}
	for _, tm := range tlsModes {
		for _, reuse := range []bool{false, true} {
			if reuse && tm.server == ftpd.TLSNone {
				continue
			}
			srv := startServer(t, ftpd.Config{TLS: tm.server, RequireReuse: reuse})
			for _, m := range modes {
				name := fmt.Sprintf("%s/%s", tm.name, m.mode)
				if reuse {
					name = fmt.Sprintf("%s+reuse/%s", tm.name, m.mode)
				}
				t.Run(name, func(t *testing.T) {
					log, guard := &logBuf{}, &loopbackGuard{}
					ctx := context.Background()
					s, err := ftp.Connect(ctx, config(srv, tm.client, m.mode, log, guard))
					if err != nil {
						t.Fatalf("connect: %v\nlog:\n%s", err, log)
					}
					defer s.Close()
					roundTrip(t, ctx, s, 300_000)
					if got := s.Method(); got != m.want {
						t.Errorf("method = %s, want %s", got, m.want)
					}
					if strings.Contains(log.String(), "PASS demo") || !strings.Contains(log.String(), "PASS ****") {
						t.Errorf("log does not mask the password:\n%s", log)
					}
				})
			}
		}
	}
}

func TestAutoFindsWhatWorks(t *testing.T) {
	cases := []struct {
		name   string
		cfg    ftpd.Config
		want   transport.Method
		failed []transport.Method
	}{
		// A closed passive port is evidence about the whole range: PASV
		// (same host, same ports) is not tried before EPRT.
		{"passive ports closed", ftpd.Config{NoPassive: true}, transport.EPRT, []transport.Method{transport.EPSV}},
		{"active refused", ftpd.Config{NoActive: true}, transport.EPSV, nil},
		{"passive closed over TLS", ftpd.Config{NoPassive: true, TLS: ftpd.TLSExplicit}, transport.EPRT, []transport.Method{transport.EPSV}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := startServer(t, tc.cfg)
			log, guard := &logBuf{}, &loopbackGuard{}
			tlsMode := transport.TLSNone
			if tc.cfg.TLS == ftpd.TLSExplicit {
				tlsMode = transport.TLSExplicit
			}
			ctx := context.Background()
			s, err := ftp.Connect(ctx, config(srv, tlsMode, transport.ModeAuto, log, guard))
			if err != nil {
				t.Fatalf("connect: %v\nlog:\n%s", err, log)
			}
			defer s.Close()
			p := s.Probe()
			if p == nil || p.Method != tc.want {
				t.Fatalf("probe = %+v, want %s\nlog:\n%s", p, tc.want, log)
			}
			for i, m := range tc.failed {
				if p.Attempts[i].Method != m || !errors.Is(p.Attempts[i].Err, transfer.ErrDataConn) {
					t.Errorf("attempt %d = %s %v, want %s failing with a data connection error", i, p.Attempts[i].Method, p.Attempts[i].Err, m)
				}
			}
			if len(p.Attempts) != len(tc.failed)+1 {
				t.Errorf("attempts %+v, want %v failing, then %s", p.Attempts, tc.failed, tc.want)
			}
			if !strings.Contains(p.Reason, tc.want.String()) {
				t.Errorf("reason %q does not name %s", p.Reason, tc.want)
			}
			roundTrip(t, ctx, s, 100_000)
		})
	}
}

// A known method that no longer works sends auto mode probing again.
func TestAutoReprobesStaleKnownMethod(t *testing.T) {
	srv := startServer(t, ftpd.Config{NoPassive: true})
	log, guard := &logBuf{}, &loopbackGuard{}
	cfg := config(srv, transport.TLSNone, transport.ModeAuto, log, guard)
	known := transport.EPSV
	cfg.Known = &known
	s, err := ftp.Connect(context.Background(), cfg)
	if err != nil {
		t.Fatalf("connect: %v\nlog:\n%s", err, log)
	}
	defer s.Close()
	if s.Method() != transport.EPRT {
		t.Fatalf("method = %s, want EPRT after EPSV failed", s.Method())
	}
}

func TestActiveModeFailsClearly(t *testing.T) {
	srv := startServer(t, ftpd.Config{NoActive: true})
	log, guard := &logBuf{}, &loopbackGuard{}
	s, err := ftp.Connect(context.Background(), config(srv, transport.TLSNone, transport.ModeActive, log, guard))
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	defer s.Close()
	_, err = s.List(context.Background(), "/")
	if err == nil {
		t.Fatal("listing in active mode on a server that refuses PORT worked")
	}
	for _, want := range []string{"EPRT", "PORT", "refused"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
}

func TestWrongPassword(t *testing.T) {
	srv := startServer(t, ftpd.Config{})
	log, guard := &logBuf{}, &loopbackGuard{}
	cfg := config(srv, transport.TLSNone, transport.ModePassive, log, guard)
	cfg.Password = "wrong-secret"
	_, err := ftp.Connect(context.Background(), cfg)
	if !errors.Is(err, transfer.ErrLogin) {
		t.Fatalf("err = %v, want ErrLogin", err)
	}
	if strings.Contains(log.String(), "wrong-secret") || strings.Contains(err.Error(), "wrong-secret") {
		t.Fatal("the password reached the log or the error")
	}
}

func TestUntrustedCertificateNamesFingerprint(t *testing.T) {
	srv := startServer(t, ftpd.Config{TLS: ftpd.TLSExplicit})
	log, guard := &logBuf{}, &loopbackGuard{}
	cfg := config(srv, transport.TLSExplicit, transport.ModePassive, log, guard)
	cfg.TrustCertificate = nil
	_, err := ftp.Connect(context.Background(), cfg)
	var ue *transport.UntrustedError
	if !errors.As(err, &ue) {
		t.Fatalf("err = %v, want an UntrustedError", err)
	}
	leaf := srv.Certificate().Leaf
	if !strings.Contains(err.Error(), transport.Fingerprint(leaf)) {
		t.Errorf("error %q lacks the fingerprint", err)
	}
	if !errors.Is(err, transfer.ErrTLS) {
		t.Errorf("err is not ErrTLS: %v", err)
	}
}

func TestExpiredCertificate(t *testing.T) {
	cert, err := ftpd.SelfSigned("127.0.0.1", time.Now().Add(-48*time.Hour), time.Now().Add(-24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	srv := startServer(t, ftpd.Config{TLS: ftpd.TLSImplicit, Certificate: &cert})
	log, guard := &logBuf{}, &loopbackGuard{}
	cfg := config(srv, transport.TLSImplicit, transport.ModePassive, log, guard)
	cfg.TrustCertificate = nil
	_, err = ftp.Connect(context.Background(), cfg)
	if err == nil || !strings.Contains(err.Error(), "expired") {
		t.Fatalf("err = %v, want a certificate-expired error", err)
	}
}

func TestResumeDownloadWithREST(t *testing.T) {
	srv := startServer(t, ftpd.Config{})
	body := bytes.Repeat([]byte("0123456789"), 10_000)
	afero.WriteFile(srv.FS(), "/big.txt", body, 0o644)
	log, guard := &logBuf{}, &loopbackGuard{}
	s, err := ftp.Connect(context.Background(), config(srv, transport.TLSNone, transport.ModePassive, log, guard))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	r, err := s.Open(context.Background(), "/big.txt", 99_990)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(r)
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if string(got) != "0123456789" {
		t.Fatalf("resumed read = %q", got)
	}
}

// rewriter rewrites the server's replies on the way out, like a hostile or
// broken server would send them.
type rewriter struct {
	net.Listener
	from, to string
}

func (r rewriter) Accept() (net.Conn, error) {
	c, err := r.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return rewriteConn{c, r.from, r.to}, nil
}

type rewriteConn struct {
	net.Conn
	from, to string
}

func (c rewriteConn) Write(p []byte) (int, error) {
	s := strings.ReplaceAll(string(p), c.from, c.to)
	if _, err := c.Conn.Write([]byte(s)); err != nil {
		return 0, err
	}
	return len(p), nil
}

// A PASV reply that aims at a third host is not followed by default; with
// "use the address as sent" it is. The loopback guard records what the
// client dialled (and refuses the third host, so nothing leaves loopback).
func TestHostilePASVIsNotFollowed(t *testing.T) {
	srv := startServer(t, ftpd.Config{
		WrapListener: func(ln net.Listener) net.Listener {
			return rewriter{ln, "(127,0,0,1,", "(192,0,2,55,"}
		},
	})
	afero.WriteFile(srv.FS(), "/secret.txt", []byte("from the real server"), 0o644)
	for _, useSent := range []bool{false, true} {
		t.Run(fmt.Sprintf("useSent=%v", useSent), func(t *testing.T) {
			log, guard := &logBuf{}, &loopbackGuard{}
			cfg := config(srv, transport.TLSNone, transport.ModePassive, log, guard)
			cfg.UseSentPassiveAddress = useSent
			// Auto mode tries a known method first: PASV, the one that
			// carries an address (EPSV names none).
			cfg.Mode = transport.ModeAuto
			known := transport.PASV
			cfg.Known = &known
			s, err := ftp.Connect(context.Background(), cfg)
			if useSent {
				guard.mu.Lock()
				defer guard.mu.Unlock()
				if len(guard.refused) == 0 || !strings.HasPrefix(guard.refused[0], "192.0.2.55:") {
					t.Fatalf("with useSent the client did not try the sent address; refused %v, err %v\n%s", guard.refused, err, log)
				}
				if err == nil {
					s.Close()
				}
				return
			}
			if err != nil {
				t.Fatalf("connect: %v\n%s", err, log)
			}
			defer s.Close()
			if s.Method() != transport.PASV {
				t.Fatalf("method %s, want PASV", s.Method())
			}
			r, err := s.Open(context.Background(), "/secret.txt", 0)
			if err != nil {
				t.Fatal(err)
			}
			got, _ := io.ReadAll(r)
			r.Close()
			if string(got) != "from the real server" {
				t.Fatalf("read %q", got)
			}
			guard.mu.Lock()
			defer guard.mu.Unlock()
			if len(guard.refused) != 0 {
				t.Fatalf("the client tried to dial %v under the default policy", guard.refused)
			}
			if !strings.Contains(log.String(), "Passive address replaced") {
				t.Errorf("log does not say the address was replaced:\n%s", log)
			}
		})
	}
}

// File names on a GBK server (old Chinese IIS and Serv-U) display as UTF-8
// and round-trip in every command; on disk they are GBK bytes.
func TestCharsetGBKRoundTrip(t *testing.T) {
	root := t.TempDir()
	srv := startServer(t, ftpd.Config{Root: root})
	log, guard := &logBuf{}, &loopbackGuard{}
	cfg := config(srv, transport.TLSNone, transport.ModePassive, log, guard)
	cfg.Charset = "GBK"
	ctx := context.Background()
	s, err := ftp.Connect(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	const dir, name = "/报告", "年度总结.txt"
	if err := s.Mkdir(ctx, dir); err != nil {
		t.Fatal(err)
	}
	w, err := s.Create(ctx, dir+"/"+name, 0)
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte("内容"))
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	// On disk: the GBK bytes of the names, not their UTF-8.
	gbkDir := "\xb1\xa8\xb8\xe6"
	if _, err := os.Stat(root + "/" + gbkDir); err != nil {
		ents, _ := os.ReadDir(root)
		t.Fatalf("no GBK-named folder on disk (%v); found %v", err, ents)
	}
	list, err := s.List(ctx, dir)
	if err != nil || len(list) != 1 || list[0].Name != name {
		t.Fatalf("list = %+v, %v", list, err)
	}
	if err := s.Rename(ctx, dir+"/"+name, dir+"/改名.txt"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Stat(ctx, dir+"/改名.txt"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(log.String(), "MKD /报告") {
		t.Errorf("the log does not show the name decoded:\n%s", log)
	}
	// A name GBK cannot write fails clearly instead of reaching the server garbled.
	if err := s.Mkdir(ctx, "/emoji-😀"); err == nil || !strings.Contains(err.Error(), "GBK") {
		t.Errorf("mkdir of an emoji name: %v", err)
	}
}

// A person answering the certificate question takes longer than the
// connect timeout: the handshake waits for them. The timeout still bounds
// the rest of the connect (the TCP dial, the handshake after the answer,
// the greeting): a second, not the 300 ms it was, so that the suite's own
// load cannot make that rest look like the bug; the answer still takes
// longer than the whole timeout.
func TestSlowCertificateAnswerDoesNotTimeOut(t *testing.T) {
	srv := startServer(t, ftpd.Config{TLS: ftpd.TLSImplicit})
	log, guard := &logBuf{}, &loopbackGuard{}
	cfg := config(srv, transport.TLSImplicit, transport.ModePassive, log, guard)
	cfg.DialTimeout = time.Second
	trust := pin(srv)
	cfg.TrustCertificate = func(chain []*x509.Certificate, verr error) error {
		time.Sleep(2500 * time.Millisecond)
		return trust(chain, verr)
	}
	s, err := ftp.Connect(context.Background(), cfg)
	if err != nil {
		t.Fatalf("connect: %v\n%s", err, log)
	}
	defer s.Close()
	if _, err := s.List(context.Background(), "/"); err != nil {
		t.Fatal(err)
	}
}

// A refused command is an answer: the session keeps its connection.
func TestRefusalKeepsTheConnection(t *testing.T) {
	srv := startServer(t, ftpd.Config{})
	log, guard := &logBuf{}, &loopbackGuard{}
	s, err := ftp.Connect(context.Background(), config(srv, transport.TLSNone, transport.ModePassive, log, guard))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for i := 0; i < 3; i++ {
		if _, err := s.Stat(context.Background(), "/missing.txt"); !errors.Is(err, transfer.ErrNotFound) {
			t.Fatalf("stat: %v", err)
		}
		if err := s.Rename(context.Background(), "/missing.txt", "/x"); err == nil {
			t.Fatal("rename of a missing file worked")
		}
	}
	if n := strings.Count(log.String(), "Connecting to"); n != 1 {
		t.Fatalf("%d connections for refused commands, want 1:\n%s", n, log)
	}
}
