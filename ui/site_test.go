package ui_test

import (
	"testing"

	"portside/transfer/sites"
	"portside/transfer/transport"
	"portside/ui"
)

func TestParseSiteURL(t *testing.T) {
	tests := []struct {
		in      string
		want    ui.Site
		wantErr bool
	}{
		{in: "ftp://demo@127.0.0.1:2121/pub", want: ui.Site{Host: "127.0.0.1", Port: 2121, User: "demo", Path: "/pub", TLS: transport.TLSIfAvailable}},
		{in: "ftp://example.com", want: ui.Site{Host: "example.com", TLS: transport.TLSIfAvailable}},
		{in: "FTP://example.com/", want: ui.Site{Host: "example.com", TLS: transport.TLSIfAvailable}},
		{in: "ftpes://ann:s3cret@example.com", want: ui.Site{Host: "example.com", User: "ann", Password: "s3cret", TLS: transport.TLSExplicit}},
		{in: "ftps://example.com", want: ui.Site{Host: "example.com", TLS: transport.TLSImplicit}},
		{in: "ftp://[::1]:21/a%20b", want: ui.Site{Host: "::1", Port: 21, Path: "/a b", TLS: transport.TLSIfAvailable}},
		{in: "sftp://example.com", wantErr: true},
		{in: "ftp://:21", wantErr: true},
		{in: "ftp://example.com:99999", wantErr: true},
		{in: "example.com", wantErr: true},
	}
	for _, tt := range tests {
		got, err := ui.ParseSiteURL(tt.in)
		if (err != nil) != tt.wantErr {
			t.Errorf("%s: err = %v, wantErr %v", tt.in, err, tt.wantErr)
			continue
		}
		if got != tt.want {
			t.Errorf("%s: got %+v, want %+v", tt.in, got, tt.want)
		}
	}
}

func TestSiteAddr(t *testing.T) {
	tests := []struct {
		site ui.Site
		want string
	}{
		{ui.Site{Host: "h"}, "h:21"},
		{ui.Site{Host: "h", TLS: transport.TLSImplicit}, "h:990"},
		{ui.Site{Host: "::1", Port: 2121}, "[::1]:2121"},
	}
	for _, tt := range tests {
		if got := tt.site.Addr(); got != tt.want {
			t.Errorf("%+v: Addr = %q, want %q", tt.site, got, tt.want)
		}
	}
}

// A saved site keeps its profile: the queue and the sync manifests know it
// by ID (as portside-cli does), the bar by its address; no name holds the
// password.
func TestSiteOfSaved(t *testing.T) {
	work := sites.NewSite("Work")
	work.ID, work.Host, work.Port, work.User, work.RemoteDir = "abc123", "ftp.example.com", 2121, "ann", "/www"
	anon := work
	anon.Logon = sites.Anonymous
	tests := []struct {
		name               string
		in                 ui.Site
		key, pair, url, nm string
	}{
		{"saved", ui.SiteOf(work, "s3cret"), "site:abc123", "site:abc123", "ftpes://ann@ftp.example.com:2121", "Work (ftp.example.com:2121)"},
		{"saved, anonymous", ui.SiteOf(anon, "s3cret"), "site:abc123", "site:abc123", "ftpes://ftp.example.com:2121", "Work (ftp.example.com:2121)"},
		{"quick connect", ui.Site{Host: "h", User: "bob", Password: "pw"}, "ftp://bob@h:21", "bob@h:21", "ftp://bob@h:21", "h:21"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := tt.in
			if s.Key() != tt.key || s.PairName() != tt.pair || s.URL() != tt.url || s.Name() != tt.nm {
				t.Errorf("key %q pair %q url %q name %q\nwant %q %q %q %q", s.Key(), s.PairName(), s.URL(), s.Name(), tt.key, tt.pair, tt.url, tt.nm)
			}
		})
	}
	if s := ui.SiteOf(work, "pw"); s.Path != "/www" || s.Password != "pw" || s.TLS.String() != "explicit" {
		t.Errorf("SiteOf = %+v", s)
	}
}
