package main

import (
	"context"
	"crypto/sha256"
	"crypto/tls"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"testing"

	"portside/transfer"
	"portside/transfer/ftp"
	"portside/transfer/ftpd"
	"portside/transfer/transport"
)

// TestFingerprintForms: --fingerprint takes the certificate's SHA-256 in
// colon hex, plain hex, or OpenSSH's SHA256:base64.
func TestFingerprintForms(t *testing.T) {
	srv, err := ftpd.Start(ftpd.Config{Root: t.TempDir(), TLS: ftpd.TLSExplicit})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	raw := srv.Certificate().Certificate[0]
	sum := sha256.Sum256(raw)
	url := fmt.Sprintf("ftpes://demo@127.0.0.1:%d/", srv.Port())
	other := strings.Repeat("ab", 32)
	cases := []struct {
		name, fp string
		code     int
	}{
		{"colon hex", transport.Fingerprint(srv.Certificate().Leaf), exitOK},
		{"plain hex", hex.EncodeToString(sum[:]), exitOK},
		{"OpenSSH style", "SHA256:" + base64.RawStdEncoding.EncodeToString(sum[:]), exitOK},
		{"another certificate", other, exitFail},
		{"not a fingerprint", "SHA256:nope", exitUsage},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, _, errs := runCLI(t, map[string]string{"PORTSIDE_PASSWORD": "demo"}, "", "--fingerprint", c.fp, "ls", url)
			if code != c.code {
				t.Errorf("exit %d, want %d: %s", code, c.code, errs)
			}
		})
	}
}

// --fingerprint names the one certificate to accept: another, even one a
// trusted CA signed for the right host, is refused before the login.
func TestFingerprintHoldsAgainstATrustedCA(t *testing.T) {
	ca, err := ftpd.NewCA()
	if err != nil {
		t.Fatal(err)
	}
	served, err := ca.Issue("127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	other, err := ca.Issue("127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	srv, err := ftpd.Start(ftpd.Config{TLS: ftpd.TLSExplicit, Certificate: &served})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()

	cases := []struct {
		name        string
		fingerprint string
		ok          bool
	}{
		{"the served certificate", transport.Fingerprint(served.Leaf), true},
		{"the served certificate, lower case with spaces", strings.ToLower(strings.ReplaceAll(transport.Fingerprint(served.Leaf), ":", " : ")), true},
		{"another certificate of the same CA", transport.Fingerprint(other.Leaf), false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			o := siteFlags{mode: "passive", fingerprint: tc.fingerprint}
			cfg := ftp.Config{User: "demo", Password: "demo"}
			cfg.Host, cfg.Port, cfg.TLS = "127.0.0.1", srv.Port(), transport.TLSExplicit
			if err := o.apply(&cfg, false); err != nil {
				t.Fatal(err)
			}
			cfg.TLSConfig = &tls.Config{RootCAs: ca.Pool(), MinVersion: tls.VersionTLS12}
			var sent []string
			cfg.Log = func(e transport.Event) {
				if e.Kind == transport.Sent {
					sent = append(sent, e.Text)
				}
			}
			s, err := ftp.Connect(context.Background(), cfg)
			if tc.ok {
				if err != nil {
					t.Fatalf("connect: %v", err)
				}
				s.Close()
				return
			}
			if err == nil {
				s.Close()
				t.Fatal("connected although the certificate is not the one given with --fingerprint")
			}
			if !errors.Is(err, transfer.ErrTLS) || !strings.Contains(err.Error(), "--fingerprint") {
				t.Fatalf("err = %v, want a TLS error naming --fingerprint", err)
			}
			for _, l := range sent {
				if strings.HasPrefix(l, "USER") || strings.HasPrefix(l, "PASS") {
					t.Fatalf("sent %q before the certificate was refused", l)
				}
			}
		})
	}
}
