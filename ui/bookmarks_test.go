package ui_test

import (
	"path/filepath"
	"strings"
	"testing"

	"portside/ui"
)

// Add bookmark… takes the panes' two folders; going to it opens both
// again; a site bookmark of another site opens only the local folder and
// says why; Remove deletes it.
func TestBookmarks(t *testing.T) {
	l := newLive(t, liveOptions{})
	pics := filepath.Join(l.local, "pics")
	l.m.Local.Model.Navigate(pics)
	l.m.Remote.Model.Navigate("/public_html")
	l.until("both folders", func() bool {
		return l.m.Local.Model.State().Path == pics && l.m.Remote.Model.State().Path == "/public_html"
	})
	l.m.ShowAddBookmark()
	f := l.m.Files.Bookmark
	if f.Local.Text != pics || f.Remote.Text != "/public_html" || !f.SiteOnly.Checked {
		t.Fatalf("the form starts with %q, %q, site only %v", f.Local.Text, f.Remote.Text, f.SiteOnly.Checked)
	}
	f.Name.SetText("site work")
	f.Form.Submit()
	bs := l.m.Bookmarks()
	_, site, _ := l.m.Conn.State()
	if len(bs) != 1 || bs[0].Name != "site work" || bs[0].Site != site.Key() {
		t.Fatalf("saved %+v", bs)
	}

	l.m.Local.Model.Navigate(l.local)
	l.m.Remote.Model.Navigate("/")
	l.until("the roots", func() bool { return l.m.Remote.Model.State().Path == "/" && l.m.Local.Model.State().Path == l.local })
	l.m.GoToBookmark(bs[0])
	l.until("the bookmark's folders", func() bool {
		return l.m.Local.Model.State().Path == pics && l.m.Remote.Model.State().Path == "/public_html"
	})

	other := ui.Bookmark{Name: "elsewhere", Local: l.local, Remote: "/incoming", Site: "site:other", SiteName: "Other"}
	l.m.AddBookmark(other)
	l.m.GoToBookmark(other)
	l.until("the local folder", func() bool { return l.m.Local.Model.State().Path == l.local })
	if l.m.Remote.Model.State().Path != "/public_html" || !strings.Contains(l.m.Status.Text, "another site") {
		t.Errorf("remote %q, status %q", l.m.Remote.Model.State().Path, l.m.Status.Text)
	}
	l.m.RemoveBookmark(bs[0])
	if got := l.m.Bookmarks(); len(got) != 1 || got[0] != other {
		t.Errorf("after Remove: %+v", got)
	}
}
