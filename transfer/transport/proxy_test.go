package transport_test

import (
	"testing"

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
