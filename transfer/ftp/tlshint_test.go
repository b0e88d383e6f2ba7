package ftp_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"portside/transfer"
	"portside/transfer/ftp"
	"portside/transfer/ftpd"
	"portside/transfer/transport"
)

// TestSchemeHints: the wrong URL scheme for a server or a port says which
// one to use, at once: ftp:// to a server that requires TLS, ftpes:// to an
// implicit-TLS port (which used to wait out the connect timeout for a
// greeting that never comes), and ftps:// to an explicit port.
func TestSchemeHints(t *testing.T) {
	cases := []struct {
		name   string
		server ftpd.TLSMode
		client transport.TLSMode
		want   string
		tlsErr bool // errors.Is(err, transfer.ErrTLS): not retried, not "check the password"
	}{
		{"ftp:// to a server requiring TLS", ftpd.TLSExplicit, transport.TLSNone, "use ftpes://", true},
		{"ftpes:// to an implicit-TLS port", ftpd.TLSImplicit, transport.TLSExplicit, "use ftps://", false},
		{"ftp:// to an implicit-TLS port", ftpd.TLSImplicit, transport.TLSNone, "use ftps://", false},
		{"ftps:// to an explicit port", ftpd.TLSExplicit, transport.TLSImplicit, "use ftpes://", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv, err := ftpd.Start(ftpd.Config{Root: t.TempDir(), TLS: c.server})
			if err != nil {
				t.Fatal(err)
			}
			defer srv.Close()
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			// The connect timeout is long on purpose: the hint must come
			// from recognising the port, not from a timeout.
			s, err := ftp.Connect(ctx, ftp.Config{Config: transport.Config{Host: "127.0.0.1", Port: srv.Port(),
				TLS: c.client, DialTimeout: 45 * time.Second}, User: "demo", Password: "demo"})
			if err == nil {
				s.Close()
				t.Fatal("connected; want a failure")
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("%v\nlacks %q", err, c.want)
			}
			if strings.Contains(err.Error(), "timeout") {
				t.Errorf("%v\nwaited for a timeout", err)
			}
			if c.tlsErr && !errors.Is(err, transfer.ErrTLS) {
				t.Errorf("%v\nis not transfer.ErrTLS", err)
			}
		})
	}
}
