package main

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"

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
