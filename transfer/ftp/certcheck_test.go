package ftp_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"strings"
	"testing"

	"portside/transfer"
	"portside/transfer/ftp"
	"portside/transfer/ftpd"
	"portside/transfer/sites"
	"portside/transfer/transport"
)

// A certificate a trusted CA signed is still checked against the host the
// site names (an IP address against the certificate's IP addresses), and a
// site's pin holds against it: both refuse before the password is sent.
func TestCertificateNameAndPinAgainstATrustedCA(t *testing.T) {
	ca, err := ftpd.NewCA()
	if err != nil {
		t.Fatal(err)
	}
	store, err := sites.Open(t.TempDir(), sites.NewMemoryKeychain())
	if err != nil {
		t.Fatal(err)
	}
	other, err := ca.Issue("127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	if err := store.Pins.Pin("pinned-other", sites.CertInfoOf(other.Leaf, nil, other.Leaf.NotBefore)); err != nil {
		t.Fatal(err)
	}
	pinOf := func(id string) func([]*x509.Certificate, error) error { return store.Pins.Hook(id, nil) }

	cases := []struct {
		name     string
		certFor  []string
		trust    func([]*x509.Certificate, error) error
		wantErr  error // nil: the login goes through
		wantText string
	}{
		{"IP in the certificate", []string{"127.0.0.1"}, nil, nil, ""},
		{"certificate for another name at an IP", []string{"other.example"}, nil, transfer.ErrTLS, "not trusted"},
		{"another IP", []string{"127.0.0.2"}, nil, transfer.ErrTLS, "not trusted"},
		{"no pin, CA vouches", []string{"127.0.0.1"}, pinOf("unpinned"), nil, ""},
		{"pin of another certificate, CA vouches", []string{"127.0.0.1"}, pinOf("pinned-other"), transfer.ErrTLS, "has changed"},
		{"name mismatch is asked about, not passed", []string{"other.example"}, pinOf("unpinned"), transfer.ErrTLS, "not trusted"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cert, err := ca.Issue(tc.certFor...)
			if err != nil {
				t.Fatal(err)
			}
			srv := startServer(t, ftpd.Config{TLS: ftpd.TLSExplicit, Certificate: &cert})
			log, guard := &logBuf{}, &loopbackGuard{}
			cfg := config(srv, transport.TLSExplicit, transport.ModePassive, log, guard)
			cfg.TLSConfig = &tls.Config{RootCAs: ca.Pool(), MinVersion: tls.VersionTLS12}
			cfg.TrustCertificate = tc.trust
			s, err := ftp.Connect(context.Background(), cfg)
			if tc.wantErr == nil {
				if err != nil {
					t.Fatalf("connect: %v\n%s", err, log)
				}
				s.Close()
				return
			}
			if err == nil {
				s.Close()
				t.Fatalf("connected to a server whose certificate should be refused\n%s", log)
			}
			if !errors.Is(err, tc.wantErr) || !strings.Contains(err.Error(), tc.wantText) {
				t.Fatalf("err = %v, want %v mentioning %q", err, tc.wantErr, tc.wantText)
			}
			if strings.Contains(log.String(), "> PASS") || strings.Contains(log.String(), "> USER") {
				t.Fatalf("the login was sent before the certificate was refused:\n%s", log)
			}
		})
	}
}
