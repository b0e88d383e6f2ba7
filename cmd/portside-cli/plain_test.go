package main

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"portside/transfer/ftpd"
	"portside/transfer/transport"
)

// TestPlainLoginWarns: ftp:// is explicit TLS if the server has it; a
// login without encryption (no TLS on the server, or --tls none) prints
// exactly one warning line on stderr, however many connections auto mode
// opens; an encrypted one prints none.
func TestPlainLoginWarns(t *testing.T) {
	env := map[string]string{"PORTSIDE_PASSWORD": "s3cret"}
	plain := startCLIServer(t, ftpd.TLSOff)
	optional := startCLIServer(t, ftpd.TLSNone) // offers AUTH TLS, does not require it
	fp := transport.Fingerprint(optional.Certificate().Leaf)
	url := func(s *ftpd.Server) string { return fmt.Sprintf("ftp://alice@127.0.0.1:%d/", s.Port()) }
	cases := []struct {
		name     string
		args     []string
		code     int
		warnings int
		stderr   string
	}{
		{"server without TLS", []string{"ls", url(plain)}, exitOK, 1, ""},
		{"server without TLS, active", []string{"--mode", "active", "ls", url(plain)}, exitOK, 1, ""},
		{"--tls none", []string{"--tls", "none", "ls", url(optional)}, exitOK, 1, ""},
		{"server with TLS", []string{"--fingerprint", fp, "ls", url(optional)}, exitOK, 0, ""},
		{"untrusted certificate", []string{"ls", url(optional)}, exitFail, 0, "--tls none"},
		{"--tls if-available", []string{"--tls", "if-available", "--fingerprint", fp, "ls", url(optional)}, exitOK, 0, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, out, errs := runCLI(t, env, "", c.args...)
			if code != c.code || !strings.Contains(errs, c.stderr) {
				t.Fatalf("exit %d, stderr %q; want %d and %q", code, errs, c.code, c.stderr)
			}
			if c.code == exitOK && !strings.Contains(out, "a.txt") {
				t.Errorf("no listing: %q", out)
			}
			var warnings []string
			for _, l := range strings.Split(errs, "\n") {
				if strings.Contains(l, "without encryption") {
					warnings = append(warnings, l)
				}
			}
			if len(warnings) != c.warnings {
				t.Errorf("%d warning lines, want %d; stderr:\n%s", len(warnings), c.warnings, errs)
			}
			if strings.Contains(errs, "s3cret") {
				t.Error("the password reached stderr")
			}
		})
	}
}

func startCLIServer(t *testing.T, mode ftpd.TLSMode) *ftpd.Server {
	t.Helper()
	dir := t.TempDir()
	srv, err := ftpd.Start(ftpd.Config{TLS: mode, Root: dir, User: "alice", Password: "s3cret"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	if err := os.WriteFile(dir+"/a.txt", []byte("hello"), 0o644); err != nil {
		t.Fatal(err)
	}
	return srv
}
