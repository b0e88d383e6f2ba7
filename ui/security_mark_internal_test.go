package ui

import (
	"testing"

	"portside/i18n"
	"portside/transfer/transport"
)

// The status bar's word on encryption names the TLS mode in the user's
// language, as the quick-connect bar does: no English "explicit" in a
// Chinese status bar.
func TestSecurityMarkWorded(t *testing.T) {
	cases := []struct {
		lang string
		site Site
		want string
	}{
		{i18n.English, Site{TLS: transport.TLSExplicit}, "🔒 encrypted (explicit TLS)"},
		{i18n.English, Site{TLS: transport.TLSImplicit}, "🔒 encrypted (implicit TLS)"},
		{i18n.Chinese, Site{TLS: transport.TLSExplicit}, "🔒 已加密（显式 TLS）"},
		{i18n.Chinese, Site{TLS: transport.TLSImplicit}, "🔒 已加密（隐式 TLS）"},
		{i18n.Chinese, Site{SFTP: true}, "🔒 已加密（SSH）"},
	}
	t.Cleanup(func() { _ = UseLanguage(i18n.English) })
	for _, c := range cases {
		if err := UseLanguage(c.lang); err != nil {
			t.Fatal(err)
		}
		if got := securityMark(c.site); got != c.want {
			t.Errorf("%v %+v: %q, want %q", c.lang, c.site.TLS, got, c.want)
		}
	}
}
