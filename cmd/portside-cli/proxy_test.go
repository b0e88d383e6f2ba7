package main

import (
	"fmt"
	"net"
	"os"
	"strings"
	"testing"

	"portside/internal/proxyd"
	"portside/transfer/ftpd"
)

// TestProxyEnvironment: ALL_PROXY and HTTPS_PROXY send the command line's
// connections through a real Dante (SOCKS5) or tinyproxy (HTTP CONNECT);
// a proxy that is down is named in the error; active mode is refused.
func TestProxyEnvironment(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(dir+"/a.txt", []byte("hello"), 0o644)
	srv, err := ftpd.Start(ftpd.Config{TLS: ftpd.TLSOff, Root: dir, User: "alice", Password: "s3cret"})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	url := fmt.Sprintf("ftp://alice@127.0.0.1:%d/", srv.Port())
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := ln.Addr().String()
	ln.Close()

	cases := []struct {
		name   string
		proxy  proxyd.Kind // "" for none started
		auth   bool
		env    func(p *proxyd.Proxy) map[string]string
		args   []string
		code   int
		stderr string
	}{
		{"socks5 via ALL_PROXY", proxyd.Dante, false,
			func(p *proxyd.Proxy) map[string]string { return map[string]string{"ALL_PROXY": "socks5://" + p.Addr()} },
			[]string{"-v", "ls", url}, exitOK, "Through SOCKS5 proxy"},
		{"http with auth via HTTPS_PROXY", proxyd.Tinyproxy, true,
			func(p *proxyd.Proxy) map[string]string {
				return map[string]string{"HTTPS_PROXY": fmt.Sprintf("http://%s:%s@%s", p.User, p.Password, p.Addr())}
			},
			[]string{"-v", "ls", url}, exitOK, "Through HTTP proxy"},
		{"proxy down", "", false,
			func(*proxyd.Proxy) map[string]string { return map[string]string{"ALL_PROXY": "socks5://" + closed} },
			[]string{"ls", url}, exitFail, "proxy " + closed},
		{"active refused", "", false,
			func(*proxyd.Proxy) map[string]string { return map[string]string{"ALL_PROXY": "http://" + closed} },
			[]string{"--mode", "active", "ls", url}, exitFail, "active mode cannot work through a proxy"},
		{"bad variable", "", false,
			func(*proxyd.Proxy) map[string]string { return map[string]string{"ALL_PROXY": "ftp://x"} },
			[]string{"ls", url}, exitUsage, "ALL_PROXY"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var p *proxyd.Proxy
			if c.proxy != "" {
				p = proxyd.Start(t, c.proxy, c.auth)
			}
			env := c.env(p)
			env["PORTSIDE_PASSWORD"] = "s3cret"
			code, out, errs := runCLI(t, env, "", c.args...)
			if code != c.code {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", code, c.code, out, errs)
			}
			if code == exitOK && !strings.Contains(out, "a.txt") {
				t.Errorf("listing lacks a.txt:\n%s", out)
			}
			if !strings.Contains(errs, c.stderr) {
				t.Errorf("stderr lacks %q:\n%s", c.stderr, errs)
			}
			if p != nil && strings.Contains(errs, p.Password) && p.Password != "" {
				t.Errorf("stderr shows the proxy's password:\n%s", errs)
			}
		})
	}
}
