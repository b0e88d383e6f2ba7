package ui_test

import (
	"path/filepath"
	"strings"
	"testing"

	"portside/transfer/sites"
	"portside/ui"
)

// Add bookmark… for a saved site says in the window's language that the
// bookmark went to that site.
func TestSiteBookmarkAddedChinese(t *testing.T) {
	useChinese(t)
	ask := func(sites.CertInfo) (sites.Decision, error) { return sites.TrustAlways, nil }
	l := newLive(t, liveOptions{tls: true, offline: true, ask: ask})
	store, site := savedDemo(t, l, sites.Normal)
	l.m.Close()
	l.m = ui.NewMain(l.w, ui.Config{LocalDir: l.local, Do: l.loop.Do, Sites: store, AskCertificate: ask})
	t.Cleanup(l.m.Close)
	l.m.OpenSaved(site.ID)
	l.until("connected", func() bool { s := l.m.Remote.Model.State(); return !s.Loading && s.Path == "/public_html" })
	l.m.ShowAddBookmark()
	f := l.m.Files.Bookmark
	f.Name.SetText("网页")
	f.Form.Submit()
	if got, want := l.m.Status.Text, "已将书签 网页 添加到站点 "+site.Name+" ("; !strings.HasPrefix(got, want) || !strings.HasSuffix(got, ")。") {
		t.Errorf("status %q, want %q…)。", got, want)
	}
}

// A folder of this computer that is not there shows in the pane's error
// bar in the window's language, with its path.
func TestLocalPaneErrorChinese(t *testing.T) {
	useChinese(t)
	l := newLive(t, liveOptions{offline: true})
	gone := filepath.Join(l.local, "gone")
	l.m.Local.Model.Navigate(gone)
	l.until("the failure", func() bool { s := l.m.Local.Model.State(); return s.Err != nil && !s.Loading })
	if got := l.m.Local.ErrorText.Text; l.m.Local.ErrorBar.Hidden || got != gone+"：文件或文件夹不存在" {
		t.Errorf("error bar hidden=%v %q", l.m.Local.ErrorBar.Hidden, got)
	}
}
