package sftp_test

import (
	"strings"
	"testing"

	"portside/transfer/sftp"
)

func TestParseURL(t *testing.T) {
	for _, c := range []struct {
		url, host, user, password, path string
		port                            int
		err                             string
	}{
		{url: "sftp://ann@example.com/var/www", host: "example.com", user: "ann", path: "/var/www"},
		{url: "SFTP://ann@example.com:2222", host: "example.com", user: "ann", port: 2222},
		{url: "sftp://ann@[::1]:22/x", host: "::1", user: "ann", port: 22, path: "/x"},
		{url: "sftp://ann:hunter2@example.com/", host: "example.com", user: "ann", password: "hunter2", path: "/"},
		{url: "sftp://example.com/", err: "no user"},
		{url: "sftp://ann@example.com:0/", err: "bad port"},
		{url: "sftp://ann:hunter2@example.com:99999/", err: "bad port"},
		{url: "sftp://ann:hunter2@:22/", err: "no host"},
		{url: "ftp://ann@example.com/", err: "sftp://"},
	} {
		cfg, path, err := sftp.ParseURL(c.url)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) || strings.Contains(err.Error(), "hunter2") {
				t.Errorf("%s: %v, want an error with %q and no password", c.url, err, c.err)
			}
			continue
		}
		if err != nil || cfg.Host != c.host || cfg.User != c.user || cfg.Password != c.password || cfg.Port != c.port || path != c.path {
			t.Errorf("%s = %+v %q %v", c.url, cfg, path, err)
		}
	}
}
