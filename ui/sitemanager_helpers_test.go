package ui_test

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"portside/transfer/sites"
	"portside/ui"
)

// Helpers of the Site Manager's and the certificate dialog's tests (names
// start with sm). The UI goroutine's stand-in is uiLoop, as everywhere.

// smKeychain is an in-memory keychain; Break makes every call fail as if
// there were no keychain at all.
type smKeychain = sites.MemoryKeychain

func newSMKeychain() *smKeychain { return sites.NewMemoryKeychain() }

// smFixture is a Site Manager on a test window over a store in a
// temporary folder.
type smFixture struct {
	t     *testing.T
	store *sites.Store
	keys  *smKeychain
	loop  *uiLoop
	w     fyne.Window
	m     *ui.SiteManager

	connected []smConnect
	closed    int
}

type smConnect struct {
	site     sites.Site
	password string
}

func newSMFixture(t *testing.T, keys *smKeychain, seed func(*sites.Store)) *smFixture {
	t.Helper()
	return newSMFixtureThemed(t, keys, seed, nil)
}

// newSMFixtureThemed is newSMFixture in theme th (nil: the test theme),
// applied before any widget exists: a theme changed later reaches the
// widgets in the background, and a capture could come first.
func newSMFixtureThemed(t *testing.T, keys *smKeychain, seed func(*sites.Store), th fyne.Theme) *smFixture {
	t.Helper()
	test.NewTempApp(t)
	if th != nil {
		test.ApplyTheme(t, th)
	}
	freshRenderCache(t)
	store, err := sites.Open(t.TempDir(), keys)
	if err != nil {
		t.Fatal(err)
	}
	if seed != nil {
		seed(store)
	}
	f := &smFixture{t: t, store: store, keys: keys, loop: newUILoop()}
	f.w = test.NewTempWindow(t, nil)
	f.m = ui.NewSiteManager(store, f.w, f.loop.Do)
	f.m.OnConnect = func(s sites.Site, pw string) { f.connected = append(f.connected, smConnect{s, pw}) }
	f.m.OnClose = func() { f.closed++ }
	f.w.SetContent(f.m)
	f.w.Resize(fyne.NewSize(980, 660))
	f.loop.drain()
	return f
}

// site finds the stored site called name.
func (f *smFixture) site(name string) (sites.Site, bool) {
	for _, s := range f.store.Sites() {
		if s.Name == name {
			return s, true
		}
	}
	return sites.Site{}, false
}

func (f *smFixture) mustSite(name string) sites.Site {
	f.t.Helper()
	s, ok := f.site(name)
	if !ok {
		f.t.Fatalf("no site %q in the store", name)
	}
	return s
}

// smSave stores a site directly, for fixtures.
func smSave(t *testing.T, store *sites.Store, s sites.Site, password string) sites.Site {
	t.Helper()
	saved, err := store.Save(s, &password)
	if err != nil {
		t.Fatal(err)
	}
	return saved
}

func smSite(name, host string) sites.Site {
	s := sites.NewSite(name)
	s.Host, s.User = host, "ann"
	return s
}

// smTexts is every label's, entry's and button's text under o, a line each.
func smTexts(o fyne.CanvasObject) string {
	var b strings.Builder
	smWalk(o, func(o fyne.CanvasObject) {
		switch w := o.(type) {
		case *widget.Label:
			b.WriteString(w.Text + "\n")
		case *widget.Button:
			b.WriteString("[" + w.Text + "]\n")
		case *widget.Entry:
			b.WriteString(w.Text + "\n")
		}
	})
	return b.String()
}

// smWalk visits o and everything rendered under it.
func smWalk(o fyne.CanvasObject, visit func(fyne.CanvasObject)) {
	if o == nil {
		return
	}
	visit(o)
	switch c := o.(type) {
	case *fyne.Container:
		for _, k := range c.Objects {
			smWalk(k, visit)
		}
	case fyne.Widget:
		for _, k := range test.WidgetRenderer(c).Objects() {
			smWalk(k, visit)
		}
	}
}
