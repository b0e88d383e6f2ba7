package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"portside/i18n"
	"portside/transfer/transport"
)

// The status bar's word on encryption names the TLS mode in the user's
// language, as the quick-connect bar does: no English "explicit" in a
// Chinese status bar. Its mark is an icon (a padlock, or a warning sign),
// never a glyph only an emoji font has (issue #12: no emoji font).
func TestSecurityMarkWorded(t *testing.T) {
	cases := []struct {
		lang string
		site Site
		want string
		icon fyne.Resource
	}{
		{i18n.English, Site{TLS: transport.TLSExplicit}, "encrypted (explicit TLS)", lockIcon},
		{i18n.English, Site{TLS: transport.TLSImplicit}, "encrypted (implicit TLS)", lockIcon},
		{i18n.Chinese, Site{TLS: transport.TLSExplicit}, "已加密（显式 TLS）", lockIcon},
		{i18n.Chinese, Site{TLS: transport.TLSImplicit}, "已加密（隐式 TLS）", lockIcon},
		{i18n.Chinese, Site{SFTP: true}, "已加密（SSH）", lockIcon},
		{i18n.English, Site{}, "unencrypted: the password and files cross the network readable", theme.WarningIcon()},
		{i18n.Chinese, Site{TLS: transport.TLSIfAvailable}, "未加密：密码和文件以明文在网络上传输", theme.WarningIcon()},
	}
	t.Cleanup(func() { _ = UseLanguage(i18n.English) })
	for _, c := range cases {
		if err := UseLanguage(c.lang); err != nil {
			t.Fatal(err)
		}
		icon, got := securityMark(c.site)
		if got != c.want || icon.Name() != c.icon.Name() {
			t.Errorf("%v %+v: %s %q, want %s %q", c.lang, c.site.TLS, icon.Name(), got, c.icon.Name(), c.want)
		}
		if strings.ContainsFunc(got, func(r rune) bool { return r >= 0x2600 && r < 0x2800 || r >= 0x1F000 }) {
			t.Errorf("%q: a symbol or emoji in the text", got)
		}
	}
}
