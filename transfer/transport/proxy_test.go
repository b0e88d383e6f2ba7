package transport_test

import (
	"bufio"
	"context"
	"io"
	"net"
	"strings"
	"testing"
	"time"

	"portside/transfer/transport"
)

func TestParseProxyURL(t *testing.T) {
	cases := []struct {
		in      string
		want    transport.Proxy
		wantErr bool
	}{
		{in: "socks5://127.0.0.1:1081", want: transport.Proxy{Kind: transport.ProxySOCKS5, Host: "127.0.0.1", Port: 1081}},
		{in: "socks5h://proxy.example", want: transport.Proxy{Kind: transport.ProxySOCKS5, Host: "proxy.example", Port: 1080}},
		{in: "http://u:p%40ss@[::1]:8080", want: transport.Proxy{Kind: transport.ProxyHTTP, Host: "::1", Port: 8080, User: "u", Password: "p@ss"}},
		{in: "HTTP://proxy", want: transport.Proxy{Kind: transport.ProxyHTTP, Host: "proxy", Port: 3128}},
		{in: "https://proxy:443", wantErr: true},
		{in: "socks4://proxy", wantErr: true},
		{in: "proxy:8080", wantErr: true},
		{in: "http://proxy:99999", wantErr: true},
		{in: "", wantErr: true},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			got, err := transport.ParseProxyURL(c.in)
			if c.wantErr {
				if err == nil {
					t.Fatalf("got %+v, want an error", got)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if *got != c.want {
				t.Errorf("got %+v, want %+v", *got, c.want)
			}
		})
	}
}

func TestProxyFromEnvironment(t *testing.T) {
	cases := []struct {
		name string
		env  map[string]string
		want string // proxy address, "" for none
	}{
		{"none", nil, ""},
		{"all_proxy wins", map[string]string{"ALL_PROXY": "socks5://a:1", "HTTPS_PROXY": "http://b:2"}, "a:1"},
		{"https_proxy", map[string]string{"HTTPS_PROXY": "http://b:2"}, "b:2"},
		{"lower case", map[string]string{"https_proxy": "http://c:3"}, "c:3"},
		{"blank is unset", map[string]string{"ALL_PROXY": " ", "https_proxy": "http://c:3"}, "c:3"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, err := transport.ProxyFromEnvironment(func(k string) string { return c.env[k] })
			if err != nil {
				t.Fatal(err)
			}
			got := ""
			if p != nil {
				got = p.Addr()
			}
			if got != c.want {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
	if _, err := transport.ProxyFromEnvironment(func(k string) string {
		if k == "ALL_PROXY" {
			return "ftp://x"
		}
		return ""
	}); err == nil {
		t.Error("ALL_PROXY=ftp://x: no error")
	}
}

// TestHTTPConnectHostile: a proxy is as much an adversary as a server. A
// refusal, an endless reply, garbage and a reply followed by bytes each end
// in a clear error that names the proxy, within the dial timeout. (A real
// tinyproxy cannot be made to misbehave, so this one is a few lines of Go.)
func TestHTTPConnectHostile(t *testing.T) {
	cases := []struct {
		name  string
		reply func(c net.Conn)
		want  string
	}{
		{"refused", func(c net.Conn) { io.WriteString(c, "HTTP/1.1 403 Forbidden\r\n\r\n") }, "CONNECT refused: 403 Forbidden"},
		{"auth wanted", func(c net.Conn) {
			io.WriteString(c, "HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic\r\n\r\n")
		}, "407"},
		{"endless headers", func(c net.Conn) {
			io.WriteString(c, "HTTP/1.1 200 OK\r\n")
			for i := 0; i < 5000; i++ {
				if _, err := io.WriteString(c, "X-Pad: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n"); err != nil {
					return
				}
			}
		}, "too long"},
		{"garbage", func(c net.Conn) { io.WriteString(c, "\x1b[2J220 hello\r\n\r\n") }, "reading the CONNECT reply"},
		{"silence", func(c net.Conn) { time.Sleep(3 * time.Second) }, "reading the CONNECT reply"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			defer ln.Close()
			go func() {
				conn, err := ln.Accept()
				if err != nil {
					return
				}
				defer conn.Close()
				bufio.NewReader(conn).ReadString('\n') // the CONNECT line
				c.reply(conn)
			}()
			port := ln.Addr().(*net.TCPAddr).Port
			// The reply is read a byte a time up to its 16 KiB bound: under
			// Wine those 16,384 reads took 0.4-1 s, so only the silent proxy
			// gets the short timeout it is about.
			timeout := 30 * time.Second
			if c.name == "silence" {
				timeout = time.Second
			}
			cfg := &transport.Config{Host: "127.0.0.1", Port: 21, DialTimeout: timeout,
				Proxy: &transport.Proxy{Kind: transport.ProxyHTTP, Host: "127.0.0.1", Port: port, User: "u", Password: "pw-secret"}}
			_, err = transport.Dial(context.Background(), cfg)
			if err == nil {
				t.Fatal("connected through a hostile proxy")
			}
			if !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "HTTP proxy 127.0.0.1:") {
				t.Errorf("error %q, want it to contain %q and name the proxy", err, c.want)
			}
			if strings.Contains(err.Error(), "pw-secret") || strings.Contains(err.Error(), "\x1b") {
				t.Errorf("error %q shows the password or raw control bytes", err)
			}
		})
	}
}
