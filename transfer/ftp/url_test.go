package ftp_test

import (
	"testing"

	"portside/transfer/ftp"
	"portside/transfer/transport"
)

func TestParseURL(t *testing.T) {
	cases := []struct {
		in   string
		host string
		port int
		user string
		path string
		tls  transport.TLSMode
		err  bool
	}{
		{"ftp://alice@example.com/pub/x", "example.com", 0, "alice", "/pub/x", transport.TLSNone, false},
		{"ftp://127.0.0.1:2121", "127.0.0.1", 2121, "", "", transport.TLSNone, false},
		{"ftps://bob@[::1]:990/", "::1", 990, "bob", "/", transport.TLSImplicit, false},
		{"ftpes://carol@host/dir%20with%20space", "host", 0, "carol", "/dir with space", transport.TLSExplicit, false},
		{"http://host/", "", 0, "", "", 0, true},
		{"ftp:///nohost", "", 0, "", "", 0, true},
		{"ftp://host:99999/", "", 0, "", "", 0, true},
	}
	for _, tc := range cases {
		cfg, p, err := ftp.ParseURL(tc.in)
		if (err != nil) != tc.err {
			t.Errorf("ParseURL(%q) err = %v", tc.in, err)
			continue
		}
		if err == nil && (cfg.Host != tc.host || cfg.Port != tc.port || cfg.User != tc.user || p != tc.path || cfg.TLS != tc.tls) {
			t.Errorf("ParseURL(%q) = %+v %q", tc.in, cfg, p)
		}
	}
}

func TestParseURLKeepsPassword(t *testing.T) {
	cfg, _, err := ftp.ParseURL("ftp://alice:secret@host/")
	if err != nil || cfg.User != "alice" || cfg.Password != "secret" {
		t.Fatalf("cfg = %+v, %v", cfg, err)
	}
}
