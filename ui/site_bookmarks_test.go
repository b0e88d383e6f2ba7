package ui_test

import (
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"portside/transfer/sites"
	"portside/ui"
)

// bookmarkLabels are the Bookmarks menu's entries, by label.
func bookmarkLabels(w fyne.Window) map[string]*fyne.MenuItem {
	out := map[string]*fyne.MenuItem{}
	for _, mn := range w.MainMenu().Items {
		if mn.Label == "Bookmarks" {
			for _, it := range mn.Items {
				if !it.IsSeparator {
					out[it.Label] = it
				}
			}
		}
	}
	return out
}

// The Site Manager's Bookmarks tab: a site's own bookmarks are made,
// refused when wrong, and saved with the site; once connected to it the
// Bookmarks menu lists them beside the global ones (not another site's),
// and one opens both folders with synchronized browsing.
func TestSiteManagerBookmarks(t *testing.T) {
	ask := func(sites.CertInfo) (sites.Decision, error) { return sites.TrustAlways, nil }
	l := newLive(t, liveOptions{tls: true, offline: true, ask: ask})
	store, site := savedDemo(t, l, sites.Normal)
	l.m.Close()
	l.m = ui.NewMain(l.w, ui.Config{LocalDir: l.local, Do: l.loop.Do, Sites: store, AskCertificate: ask})
	t.Cleanup(l.m.Close)
	pics := filepath.Join(l.local, "pics")
	l.m.AddBookmark(ui.Bookmark{Name: "global", Local: l.local})
	l.m.AddBookmark(ui.Bookmark{Name: "theirs", Remote: "/incoming", Site: "site:other", SiteName: "Other"})

	l.m.ShowSiteManager()
	sm := l.m.Manager
	sm.SelectSite(site.ID)
	b := sm.Editor.Bookmarks
	steps := []struct {
		what              string
		name, loc, remote string
		sync              bool
		problem           string // in the manager's status; "": saved
	}{
		{"relative remote folder", "web", pics, "public_html/css", true, "must start with /"},
		{"sync with one folder", "web", "", "/public_html/css", true, "needs both folders"},
		{"a pair", "web", pics, "/public_html/css", true, ""},
	}
	test.Tap(b.New)
	for _, s := range steps {
		b.Name.SetText(s.name)
		b.Local.SetText(s.loc)
		b.Remote.SetText(s.remote)
		b.SyncBrowse.SetChecked(s.sync)
		test.Tap(sm.Save)
		got, _ := store.Site(site.ID)
		saved := len(got.Bookmarks) == 1
		if s.problem != "" && (saved || !strings.Contains(sm.Status.Text, s.problem)) {
			t.Errorf("%s: saved %v, status %q", s.what, got.Bookmarks, sm.Status.Text)
		}
		want := []sites.Bookmark{{Name: "web", LocalDir: pics, RemoteDir: "/public_html/css", SyncBrowsing: true}}
		if s.problem == "" && !reflect.DeepEqual(got.Bookmarks, want) {
			t.Errorf("%s: saved %+v, status %q", s.what, got.Bookmarks, sm.Status.Text)
		}
	}
	test.Tap(sm.Close)

	before := bookmarkLabels(l.w)
	if _, ok := before["web (Demo)"]; ok || before["global"] == nil || before["theirs (Other)"] != nil {
		t.Errorf("not connected, the menu lists %v", slices.Sorted(mapKeys(before)))
	}
	l.m.OpenSaved(site.ID)
	l.until("connected", func() bool { s := l.m.Remote.Model.State(); return !s.Loading && s.Path == "/public_html" })
	after := bookmarkLabels(l.w)
	web := after["web (Demo)"]
	if web == nil || after["global"] == nil || after["theirs (Other)"] != nil {
		t.Fatalf("connected, the menu lists %v", slices.Sorted(mapKeys(after)))
	}
	web.Action()
	l.until("both folders", func() bool {
		return l.m.Local.Model.State().Path == pics && l.m.Remote.Model.State().Path == "/public_html/css"
	})
	if !l.m.Compare.SyncBrowsing {
		t.Error("synchronized browsing is off")
	}

	// Add bookmark…, for this site only: kept with the saved site.
	l.m.ShowAddBookmark()
	f := l.m.Files.Bookmark
	f.Name.SetText("css again")
	f.Form.Submit()
	got, _ := store.Site(site.ID)
	if len(got.Bookmarks) != 2 || got.Bookmarks[1].Name != "css again" || got.Bookmarks[1].RemoteDir != "/public_html/css" {
		t.Errorf("the site keeps %+v", got.Bookmarks)
	}
	if bookmarkLabels(l.w)["css again (Demo)"] == nil {
		t.Errorf("the menu lists %v", slices.Sorted(mapKeys(bookmarkLabels(l.w))))
	}
}

func mapKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// The tab edits the picked bookmark only: New picks a new one with a free
// name, picking another shows its folders, Delete removes the picked one,
// and nothing picked leaves the fields empty and disabled.
func TestSiteBookmarksTab(t *testing.T) {
	test.NewTempApp(t)
	e := ui.NewSiteEditor()
	test.NewTempWindow(t, e)
	b := e.Bookmarks
	changes := 0
	e.OnChanged = func() { changes++ }
	test.Tap(b.New)
	b.Remote.SetText("/a")
	test.Tap(b.New)
	b.Remote.SetText("/b")
	b.SyncBrowse.SetChecked(true)
	b.List.Select(0)
	if b.Name.Text != "New bookmark" || b.Remote.Text != "/a" || b.SyncBrowse.Checked {
		t.Errorf("the first shows %q %q %v", b.Name.Text, b.Remote.Text, b.SyncBrowse.Checked)
	}
	test.Tap(b.Delete)
	want := []sites.Bookmark{{Name: "New bookmark 2", RemoteDir: "/b", SyncBrowsing: true}}
	if got := b.Bookmarks(); !reflect.DeepEqual(got, want) {
		t.Errorf("left %+v, want %+v", got, want)
	}
	if b.Name.Text != "" || !b.Name.Disabled() || !b.Delete.Disabled() {
		t.Errorf("nothing picked, yet the name shows %q (disabled %v)", b.Name.Text, b.Name.Disabled())
	}
	if s, _ := e.Site(); !reflect.DeepEqual(s.Bookmarks, want) {
		t.Errorf("the site holds %+v", s.Bookmarks)
	}
	if changes == 0 {
		t.Error("the editor was not told of the changes")
	}
}
