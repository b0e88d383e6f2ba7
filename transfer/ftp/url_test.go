package ftp_test

import (
	"strings"
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
		{"ftp://127.0.0.1:21:21/", "", 0, "", "", 0, true},
		{"ftp://[::1]:21/", "::1", 21, "", "/", transport.TLSNone, false},
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

// No error of ParseURL holds the URL's password (#20 items 12, 15).
func TestParseURLErrorsHideThePassword(t *testing.T) {
	cases := []string{
		"ftp://alice:S3cr3t@127.0.0.1:99999/",
		"ftp://alice:S3cr3t@[::1",
		"http://alice:S3cr3t@host/",
		"ftp://alice:S3cr3t@127.0.0.1:21:21/",
		"ftp://alice:S3cr3t@host:port/",
		"ftp://alice:S3/cr3t@host/",
		"ftp://alice:S3cr3t@@host:0/",
		"ftp://alice:S3cr3t@ho st/",
		"ftp://alice:S3%63r3t@host:x/",
		"alice:S3cr3t@host",
		"ftp://alice:S3cr3t@/",
	}
	for _, raw := range cases {
		_, _, err := ftp.ParseURL(raw)
		if err == nil {
			t.Errorf("ParseURL(%q) accepted it", raw)
			continue
		}
		for _, secret := range []string{"S3cr3t", "S3", "cr3t", "S3%63r3t"} {
			if strings.Contains(err.Error(), secret) {
				t.Errorf("ParseURL(%q) = %v: shows the password", raw, err)
			}
		}
	}
}

// FuzzParseURL: the password starts with a marker the rest of the URL
// lacks, so an error holding the marker holds (the start of) the password.
func FuzzParseURL(f *testing.F) {
	for _, s := range []string{"127.0.0.1:99999", "[::1", "host:21:21", "h/x", "h@h", "[::1]:21", "ho%zzst"} {
		f.Add(s, "S3cr3t!")
		f.Add(s, "a/b@c")
	}
	const marker = "Zq9"
	f.Fuzz(func(t *testing.T, rest, pw string) {
		if strings.Contains(rest, marker) || strings.Contains(pw, "*") {
			return
		}
		raw := "ftp://alice:" + marker + pw + "@" + rest
		cfg, _, err := ftp.ParseURL(raw)
		if err != nil && strings.Contains(err.Error(), marker) {
			t.Fatalf("ParseURL(%q) = %v", raw, err)
		}
		if err == nil && strings.Contains(cfg.Host, ":") && !strings.Contains(rest, "[") {
			t.Fatalf("ParseURL(%q): host %q", raw, cfg.Host)
		}
	})
}
