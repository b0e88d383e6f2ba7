package ui_test

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"portside/transfer/sites"
	"portside/ui"
)

// Fyne hands a key without modifier only to the focused widget, so
// Escape closes the Site Manager only if every widget in it that can take
// the focus passes Escape on. Each case walks the focus chain (Tab) of
// one editor tab and types Escape on every stop: the tree, the buttons
// and the tab's fields, selects, radios, checks and lists.
func TestEscapeClosesSiteManagerFromEveryWidget(t *testing.T) {
	for _, tt := range []struct {
		tab  string
		site bool // a site is chosen (else the root folder: no editor)
	}{
		{"General", true},
		{"Advanced", true},
		{"Transfer Settings", true},
		{"Charset", true},
		{"Proxy", true},
		{"Bookmarks", true},
		{"folder", false},
	} {
		t.Run(tt.tab, func(t *testing.T) {
			test.NewTempApp(t)
			store, err := sites.Open(t.TempDir(), newSMKeychain())
			if err != nil {
				t.Fatal(err)
			}
			s := smSite("Bäckerei", "ftp.example.com")
			s.Bookmarks = []sites.Bookmark{{Name: "logs", RemoteDir: "/var/log"}}
			saved := smSave(t, store, s, "pw")
			w := test.NewTempWindow(t, nil)
			w.Resize(fyne.NewSize(1280, 800))
			open := func() *ui.SiteManager {
				m := ui.ShowSiteManager(store, w, nil)
				if tt.site {
					m.SelectSite(saved.ID)
					selectTab(t, m, tt.tab)
				}
				return m
			}
			stops := focusChain(t, w.Canvas(), open)
			if len(stops) < 3 {
				t.Fatalf("only %d widgets take the focus: %v", len(stops), stops)
			}
			for i, name := range stops {
				m := open()
				c := w.Canvas()
				for range i + 1 {
					c.FocusNext()
				}
				if got := fmt.Sprintf("%T", c.Focused()); got != name {
					t.Fatalf("stop %d is %s, want %s", i, got, name)
				}
				c.Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
				if o := c.Overlays().Top(); o != nil {
					t.Errorf("Escape on stop %d (%s) left the Site Manager up", i, name)
					m.OnClose()
				}
			}
		})
	}
}

// focusChain opens the manager, lists the type of every stop of its Tab
// chain, and closes it again.
func focusChain(t *testing.T, c fyne.Canvas, open func() *ui.SiteManager) []string {
	t.Helper()
	m := open()
	defer m.OnClose()
	var stops []string
	c.FocusNext()
	first := c.Focused()
	for f := first; f != nil && len(stops) < 200; {
		stops = append(stops, fmt.Sprintf("%T", f))
		c.FocusNext()
		if f = c.Focused(); f == first {
			break
		}
	}
	return stops
}

func selectTab(t *testing.T, m *ui.SiteManager, name string) {
	t.Helper()
	for _, it := range m.Editor.Tabs.Items {
		if it.Text == name {
			m.Editor.Tabs.Select(it)
			return
		}
	}
	t.Fatalf("no tab %q", name)
}

// Escape after a change does what Close does: it asks whether to save.
func TestEscapeAsksAboutUnsavedChanges(t *testing.T) {
	for _, tt := range []struct {
		name  string
		tab   string
		field func(e *ui.SiteEditor) fyne.Focusable // prepares it too
	}{
		{"host", "General", func(e *ui.SiteEditor) fyne.Focusable { return e.Host }},
		{"comments", "General", func(e *ui.SiteEditor) fyne.Focusable { return e.Comments }},
		{"proxy host", "Proxy", func(e *ui.SiteEditor) fyne.Focusable {
			e.Proxy.Kind.SetSelectedIndex(1) // enables the fields
			return e.Proxy.Host
		}},
		{"bookmark folder", "Bookmarks", func(e *ui.SiteEditor) fyne.Focusable {
			e.Bookmarks.List.Select(0)
			return e.Bookmarks.Remote
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			test.NewTempApp(t)
			store, err := sites.Open(t.TempDir(), newSMKeychain())
			if err != nil {
				t.Fatal(err)
			}
			s := smSite("Bäckerei", "ftp.example.com")
			s.Bookmarks = []sites.Bookmark{{Name: "logs", RemoteDir: "/var/log"}}
			saved := smSave(t, store, s, "pw")
			w := test.NewTempWindow(t, nil)
			w.Resize(fyne.NewSize(1280, 800))
			m := ui.ShowSiteManager(store, w, nil)
			m.SelectSite(saved.ID)
			selectTab(t, m, tt.tab)
			f := tt.field(m.Editor)
			w.Canvas().Focus(f)
			f.TypedRune('x')
			f.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
			if n := len(w.Canvas().Overlays().List()); n != 2 {
				t.Fatalf("%d overlays after Escape, want the Site Manager and its question", n)
			}
			if m.Asking == nil {
				t.Fatal("Escape asked nothing")
			}
			for _, s := range store.Sites() {
				if s.Name != "Bäckerei" {
					t.Errorf("Escape saved %q", s.Name)
				}
			}
		})
	}
}
