package ui_test

import (
	"testing"

	"portside/transfer/transport"
	"portside/ui"
)

func TestParseSiteURL(t *testing.T) {
	tests := []struct {
		in      string
		want    ui.Site
		wantErr bool
	}{
		{in: "ftp://demo@127.0.0.1:2121/pub", want: ui.Site{Host: "127.0.0.1", Port: 2121, User: "demo", Path: "/pub"}},
		{in: "ftp://example.com", want: ui.Site{Host: "example.com"}},
		{in: "ftp://example.com/", want: ui.Site{Host: "example.com"}},
		{in: "ftpes://ann:s3cret@example.com", want: ui.Site{Host: "example.com", User: "ann", Password: "s3cret", TLS: transport.TLSExplicit}},
		{in: "ftps://example.com", want: ui.Site{Host: "example.com", TLS: transport.TLSImplicit}},
		{in: "ftp://[::1]:21/a%20b", want: ui.Site{Host: "::1", Port: 21, Path: "/a b"}},
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
