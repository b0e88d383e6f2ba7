package check_test

import (
	"context"
	"crypto/x509"
	"encoding/pem"
	"os"
	"path/filepath"
	"testing"
	"time"

	"portside/i18n/checktext"
	"portside/transfer/check"
	"portside/transfer/ftp"
	"portside/transfer/internal/realftpd"
	"portside/transfer/transport"
)

// TestRealServers runs the check on vsftpd, pure-ftpd and proftpd set up
// as a strict admin sets them up: TLS required, TLS session reuse on data
// connections (where the server has it), one connection per address. The
// site is plain FTP, as a user new to the server would start.
func TestRealServers(t *testing.T) {
	for _, kind := range realftpd.Kinds {
		t.Run(string(kind), func(t *testing.T) {
			opts := realftpd.Options{TLS: realftpd.TLSExplicit, RequireSSLReuse: true, MaxPerUser: 1, Root: t.TempDir()}
			reuse := realftpd.Supports(kind, opts) == nil
			if !reuse {
				opts.RequireSSLReuse = false
			}
			os.WriteFile(filepath.Join(opts.Root, "data.bin"), make([]byte, 100<<10), 0o644)
			srv := realftpd.Start(t, kind, opts)
			block, _ := pem.Decode(srv.CertPEM)
			cert, err := x509.ParseCertificate(block.Bytes)
			if err != nil {
				t.Fatal(err)
			}
			fp := transport.Fingerprint(cert)
			site := ftp.Config{Config: transport.Config{Host: srv.Host, Port: srv.Port, TLS: transport.TLSNone,
				DialTimeout: 10 * time.Second, DataTimeout: 3 * time.Second,
				TrustCertificate: func(chain []*x509.Certificate, _ error) error {
					if transport.Fingerprint(chain[0]) != fp {
						t.Errorf("certificate %s, want the server's %s", transport.Fingerprint(chain[0]), fp)
					}
					return nil
				}},
				User: srv.User, Password: srv.Password}
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			r := check.Run(ctx, check.Config{Site: site})
			logReport(t, r)
			t.Log("\n" + checktext.For("en").Text(r, checktext.Options{Exchange: true}))
			want := []string{check.FTLSRequired, check.FConnLimit}
			if reuse {
				want = append(want, check.FReuse)
			}
			for _, c := range want {
				if !r.Has(c) {
					t.Errorf("no finding %s; got %s", c, codes(r))
				}
			}
			if f := r.Finding(check.FConnLimit); f != nil && f.Evidence["limit"] != "1" {
				t.Errorf("limit %q, want 1", f.Evidence["limit"])
			}
			if !r.Recommend.Works || r.Recommend.Settings.Method != transport.EPSV || r.Recommend.Settings.TLS != transport.TLSExplicit {
				t.Errorf("recommended %+v", r.Recommend)
			}
		})
	}
}

// TestRealTLSNotOffered: a site set to explicit FTPS on a vsftpd without
// TLS gets "not offered", with vsftpd's reply to AUTH TLS.
func TestRealTLSNotOffered(t *testing.T) {
	srv := realftpd.Start(t, realftpd.Vsftpd, realftpd.Options{})
	site := ftp.Config{Config: transport.Config{Host: srv.Host, Port: srv.Port, TLS: transport.TLSExplicit,
		DialTimeout: 10 * time.Second, DataTimeout: 3 * time.Second}, User: srv.User, Password: srv.Password}
	r := check.Run(context.Background(), check.Config{Site: site})
	logReport(t, r)
	f := r.Finding(check.FTLSNotOffered)
	if f == nil || f.Evidence["reply"] == "" {
		t.Fatalf("finding %+v; got %s", f, codes(r))
	}
	t.Logf("vsftpd said %q", f.Evidence["reply"])
}
