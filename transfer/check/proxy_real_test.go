package check_test

import (
	"context"
	"crypto/x509"
	"strings"
	"testing"
	"time"

	"portside/i18n/checktext"
	"portside/internal/proxyd"
	"portside/transfer/check"
	"portside/transfer/ftp"
	"portside/transfer/internal/realftpd"
	"portside/transfer/transport"
)

// TestRealViaProxy: the check through a real proxy (Dante with a login,
// tinyproxy) in front of vsftpd with explicit FTPS says "via proxy", finds
// passive mode working and never tries active mode.
func TestRealViaProxy(t *testing.T) {
	for _, kind := range proxyd.Kinds {
		t.Run(string(kind), func(t *testing.T) {
			srv := realftpd.Start(t, realftpd.Vsftpd, realftpd.Options{TLS: realftpd.TLSExplicit})
			px := proxyd.Start(t, kind, true)
			pk := transport.ProxySOCKS5
			if kind == proxyd.Tinyproxy {
				pk = transport.ProxyHTTP
			}
			cert := srv.Certificate()
			site := ftp.Config{Config: transport.Config{Host: srv.Host, Port: srv.Port, TLS: transport.TLSExplicit,
				DialTimeout: 10 * time.Second, DataTimeout: 5 * time.Second,
				TrustCertificate: func(chain []*x509.Certificate, err error) error {
					if chain[0].Equal(cert) {
						return nil
					}
					return err
				},
				Proxy: &transport.Proxy{Kind: pk, Host: px.Host, Port: px.Port, User: px.User, Password: px.Password}},
				User: srv.User, Password: srv.Password}
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			r := check.Run(ctx, check.Config{Site: site})
			logReport(t, r)
			text := checktext.For("en").Text(r, checktext.Options{})
			if want := "Via proxy: " + site.Proxy.String(); !strings.Contains(text, want) {
				t.Errorf("the report lacks %q:\n%s", want, text)
			}
			if strings.Contains(text, px.Password) {
				t.Errorf("the report shows the proxy's password:\n%s", text)
			}
			if !r.Recommend.Works || !r.Recommend.Settings.Method.Passive() {
				t.Errorf("recommended %+v, want a passive method that works", r.Recommend)
			}
			for _, s := range r.Steps {
				if s.Method == "EPRT" || s.Method == "PORT" {
					t.Errorf("tried %s through a proxy", s.Method)
				}
			}
		})
	}
}
