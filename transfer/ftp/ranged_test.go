package ftp_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/x509"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/spf13/afero"

	"portside/transfer/ftp"
	"portside/transfer/ftpd"
	"portside/transfer/internal/realftpd"
	"portside/transfer/transport"
)

// OpenRange returns exactly the range asked for, though the server sends on
// to the end of the file, and the session goes on working after the cut:
// on the embedded server and on vsftpd (which answers the cut with 426).
func TestOpenRange(t *testing.T) {
	body := make([]byte, 3<<20)
	rand.Read(body)
	ranges := []struct{ off, n int64 }{
		{0, 1000},                 // cut early in the first buffer
		{100_000, 1 << 20},        // cut in the middle
		{3<<20 - 5000, 5000},      // ends where the file ends: a clean 226
		{1 << 20, 0},              // nothing
		{2 << 20, 2<<20 + 100000}, // more than the file has: an error
	}
	servers := []struct {
		name  string
		start func(t *testing.T) ftp.Config
	}{
		{"ftpd", func(t *testing.T) ftp.Config {
			srv := startServer(t, ftpd.Config{})
			afero.WriteFile(srv.FS(), "/big.bin", body, 0o644)
			return config(srv, transport.TLSNone, transport.ModePassive, &logBuf{}, &loopbackGuard{})
		}},
		{"vsftpd", func(t *testing.T) ftp.Config {
			srv := realftpd.Start(t, realftpd.Vsftpd, realftpd.Options{})
			if err := os.WriteFile(filepath.Join(srv.Root, "big.bin"), body, 0o644); err != nil {
				t.Fatal(err)
			}
			return ftp.Config{Config: transport.Config{Host: srv.Host, Port: srv.Port, DataTimeout: 10 * time.Second},
				User: srv.User, Password: srv.Password, Mode: transport.ModePassive}
		}},
	}
	for _, sv := range servers {
		t.Run(sv.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			s, err := ftp.Connect(ctx, sv.start(t))
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			for _, r := range ranges {
				rc, err := s.OpenRange(ctx, "/big.bin", r.off, r.n)
				if err != nil {
					t.Fatalf("range %d+%d: %v", r.off, r.n, err)
				}
				got, rerr := io.ReadAll(rc)
				cerr := rc.Close()
				if r.off+r.n > int64(len(body)) {
					if rerr == nil {
						t.Errorf("range %d+%d past the end: read %d bytes without an error", r.off, r.n, len(got))
					}
					continue
				}
				if rerr != nil || cerr != nil {
					t.Fatalf("range %d+%d: read %v, close %v", r.off, r.n, rerr, cerr)
				}
				if !bytes.Equal(got, body[r.off:r.off+r.n]) {
					t.Fatalf("range %d+%d: got %d bytes, not the file's", r.off, r.n, len(got))
				}
				// The session still answers after the cut.
				if e, err := s.Stat(ctx, "/big.bin"); err != nil || e.Size != int64(len(body)) {
					t.Fatalf("after range %d+%d: stat %+v, %v", r.off, r.n, e, err)
				}
			}
		})
	}
}

// Data connections to vsftpd (which takes only P-256) offer the control
// connection's curve first, so their TLS 1.3 handshakes need no
// HelloRetryRequest, and still resume the control connection's session.
func TestDataTLSNeedsNoRetry(t *testing.T) {
	srv := realftpd.Start(t, realftpd.Vsftpd, realftpd.Options{TLS: realftpd.TLSExplicit, RequireSSLReuse: true})
	for _, n := range []string{"a", "b", "c"} {
		os.WriteFile(filepath.Join(srv.Root, n), []byte(n), 0o644)
	}
	cert := srv.Certificate()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	s, err := ftp.Connect(ctx, ftp.Config{
		Config: transport.Config{Host: srv.Host, Port: srv.Port, TLS: transport.TLSExplicit, DataTimeout: 10 * time.Second,
			TrustCertificate: func(chain []*x509.Certificate, verr error) error {
				if len(chain) > 0 && chain[0].Equal(cert) {
					return nil
				}
				return verr
			}},
		User: srv.User, Password: srv.Password, Mode: transport.ModePassive,
	})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, n := range []string{"a", "b", "c"} {
		r, err := s.Open(ctx, "/"+n, 0)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(r)
		if err := r.Close(); err != nil || string(got) != n {
			t.Fatalf("%s: %q, %v", n, got, err)
		}
	}
	hs, resumed, retried := s.DataTLS()
	if hs != 3 || resumed != 3 || retried != 0 {
		t.Errorf("data handshakes %d, resumed %d, with a HelloRetryRequest %d; want 3, 3, 0", hs, resumed, retried)
	}
}
