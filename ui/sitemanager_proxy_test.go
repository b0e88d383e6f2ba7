package ui_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"portside/transfer/sites"
	"portside/transfer/transport"
)

// The Site Manager's Proxy tab saves a site's own proxy into sites.json and
// its password into the keychain only; Default and None are kept apart
// (nil: the default proxy; Kind none: directly); a bad proxy is refused
// with a sentence and saves nothing.
func TestSiteManagerProxyTab(t *testing.T) {
	tests := []struct {
		name     string
		kind     int // index in the Proxy choice
		host     string
		port     string
		user     string
		password string
		want     *sites.Proxy // nil: the default
		wantPW   string       // in the keychain under the site's proxy account
		problem  string       // in the status when refused
	}{
		{name: "default", kind: 0, want: nil},
		{name: "none", kind: 1, host: "ignored.example.com", want: &sites.Proxy{Kind: transport.ProxyNone}},
		{name: "SOCKS5 with a password", kind: 2, host: " socks.example.com ", port: "1081", user: "bob", password: "proxy-pw-9",
			want: &sites.Proxy{Kind: transport.ProxySOCKS5, Host: "socks.example.com", Port: 1081, User: "bob"}, wantPW: "proxy-pw-9"},
		{name: "HTTP CONNECT, its usual port", kind: 3, host: "proxy.example.com",
			want: &sites.Proxy{Kind: transport.ProxyHTTP, Host: "proxy.example.com", Port: 3128}},
		{name: "no host", kind: 2, port: "1080", problem: "host name"},
		{name: "a bad port", kind: 3, host: "proxy.example.com", port: "eighty", problem: "port"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			keys := newSMKeychain()
			var id string
			f := newSMFixture(t, keys, func(s *sites.Store) { id = smSave(t, s, smSite("Work", "ftp.example.com"), "pw").ID })
			f.m.SelectSite(id)
			f.loop.drain()
			p := f.m.Editor.Proxy
			p.Kind.SetSelectedIndex(tt.kind)
			p.Host.SetText(tt.host)
			p.Port.SetText(tt.port)
			p.User.SetText(tt.user)
			if tt.password != "" {
				p.Password.SetText(tt.password) // as typed: OnChanged marks it
			}
			test.Tap(f.m.Save)
			f.loop.drain()
			got, _ := f.store.Site(id)
			if tt.problem != "" {
				if !strings.Contains(f.m.Status.Text, tt.problem) || got.Proxy != nil {
					t.Errorf("status %q, saved proxy %+v; want refused with %q", f.m.Status.Text, got.Proxy, tt.problem)
				}
				return
			}
			if (got.Proxy == nil) != (tt.want == nil) || got.Proxy != nil && *got.Proxy != *tt.want {
				t.Fatalf("saved proxy %+v, want %+v (status %q)", got.Proxy, tt.want, f.m.Status.Text)
			}
			pw, ok := keys.Secret(sites.ProxyAccount(id))
			if pw != tt.wantPW || ok != (tt.wantPW != "") {
				t.Errorf("keychain holds %q (%v) for the proxy, want %q", pw, ok, tt.wantPW)
			}
			b, err := os.ReadFile(filepath.Join(f.store.Dir(), "sites.json"))
			if err != nil {
				t.Fatal(err)
			}
			if tt.wantPW != "" && strings.Contains(string(b), tt.wantPW) {
				t.Error("sites.json holds the proxy password")
			}
			// What a connection to the site goes through.
			via, err := f.store.ProxyFor(&got)
			if err != nil {
				t.Fatal(err)
			}
			if own := tt.want != nil && tt.want.Kind != transport.ProxyNone; own != (via != nil) || own && via.Password != tt.wantPW {
				t.Errorf("ProxyFor = %+v", via)
			}
			// Loaded again, the tab shows what was saved, the password kept.
			f.m.SelectSite(id)
			if p.Kind.SelectedIndex() != tt.kind || p.Password.Text != "" {
				t.Errorf("reloaded: kind %d, password field %q", p.Kind.SelectedIndex(), p.Password.Text)
			}
		})
	}
}
