package ui

import (
	"crypto/x509"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"portside/transfer/ftp"
	"portside/transfer/sites"
	"portside/transfer/transport"
)

// The window's side of the saved sites: the toolbar above the
// quick-connect bar (Site Manager, the recent sites, Synchronize), the
// connection to a saved site with its own settings and certificate pins,
// and what a connect teaches the profile (the method auto mode found).

// newToolbar makes the toolbar's buttons (Ctrl+S is the main menu's).
func (m *Main) newToolbar() {
	m.SiteManager = widget.NewButtonWithIcon(lang.X("sm.title", "Site Manager"), theme.StorageIcon(), m.ShowSiteManager)
	m.Recent = widget.NewButtonWithIcon("", theme.MenuDropDownIcon(), m.showRecent)
	m.SyncButton = widget.NewButtonWithIcon(lang.X("menu.sync", "Synchronize…"), theme.ViewRefreshIcon(), func() { m.ShowSync() })
	for _, b := range []*widget.Button{m.SiteManager, m.Recent, m.SyncButton} {
		b.Importance = widget.LowImportance
	}
	if m.Sites == nil {
		m.SiteManager.Disable()
		m.Recent.Disable()
	}
	nameObject("tb.sitemanager", m.SiteManager)
	nameObject("tb.recent", m.Recent)
	nameObject("tb.sync", m.SyncButton)
	m.updateToolbar()
}

// toolbar is the row above the quick-connect bar, as in FileZilla.
func (m *Main) toolbar() fyne.CanvasObject {
	sep := widget.NewSeparator()
	return container.NewHBox(m.SiteManager, m.Recent, container.NewPadded(sep), m.SyncButton, layout.NewSpacer())
}

// updateToolbar enables Synchronize when there are two folders to sync.
func (m *Main) updateToolbar() {
	if m.SyncButton == nil {
		return
	}
	if state, _, _ := m.Conn.State(); state == Connected && m.Transfers != nil {
		m.SyncButton.Enable()
	} else {
		m.SyncButton.Disable()
	}
}

// ShowSiteManager opens the Site Manager (the toolbar's button, Ctrl+S).
func (m *Main) ShowSiteManager() {
	if m.Sites == nil {
		return
	}
	m.Manager = ShowSiteManager(m.Sites, m.Window, m.ConnectSaved)
	closed := m.Manager.OnClose
	m.Manager.OnClose = func() {
		closed()
		m.refreshBookmarkMenu() // a site's bookmarks may have changed there
	}
}

// RecentItems are the recent sites menu's entries, the latest first; with
// no recent site, one disabled entry says so.
func (m *Main) RecentItems() []*fyne.MenuItem {
	var items []*fyne.MenuItem
	if m.Sites != nil {
		for _, s := range m.Sites.Recent() {
			id := s.ID
			items = append(items, fyne.NewMenuItem(fmt.Sprintf("%s — %s", s.Name, s.Addr()), func() { m.OpenSaved(id) }))
		}
	}
	if len(items) == 0 {
		items = append(items, &fyne.MenuItem{Label: lang.X("recent.none", "No recent sites: connect from the Site Manager"), Disabled: true})
	}
	return items
}

func (m *Main) showRecent() {
	c := m.Window.Canvas()
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(m.Recent).AddXY(0, m.Recent.Size().Height)
	menu := fyne.NewMenu("", m.RecentItems()...)
	nameMenu("recent", menu)
	// dialog: recent-menu
	widget.ShowPopUpMenuAtPosition(menu, c, pos)
}

// OpenSaved connects to a saved site by ID, as the recent sites menu
// does: the password comes from the keychain, or a question (the
// returned manager holds it), and "no keychain" offers to ask each time.
func (m *Main) OpenSaved(id string) *SiteManager {
	if m.Sites == nil {
		return nil
	}
	m.Manager = ConnectSaved(m.Sites, m.Window, id, m.ConnectSaved)
	return m.Manager
}

// ConnectSaved connects to a saved site with its password (the Site
// Manager's OnConnect, which has already put it first among the recent
// sites). The bar shows the site without the password; the local pane
// goes to the site's local folder, the remote pane opens its remote one.
// When the current tab is connected the site opens in a new tab, unless
// the settings say to replace (ui/tabs.go).
func (m *Main) ConnectSaved(s sites.Site, password string) {
	m.tabForSite()
	site := SiteOf(s, password)
	shown := site
	shown.Password = ""
	m.Bar.SetSite(shown)
	if s.LocalDir != "" && !m.Tab.restored { // a restored tab keeps its local folder (ui/tabs_restore.go)
		m.Local.Model.Navigate(s.LocalDir)
	}
	m.connect(site)
}

// siteTrust is a saved site's certificate check: its pins, asking about a
// certificate nobody vouches for (the Connection's and the queue's
// TrustFor). Quick-connect sites get nil: the window's trust prompt.
func (m *Main) siteTrust(site Site) func([]*x509.Certificate, error) error {
	if site.Saved == nil || m.Sites == nil {
		return nil
	}
	ask := m.askCert
	if ask == nil {
		ask = (&CertPrompt{Window: m.Window, Site: site.Name(), Do: m.doFunc}).Ask
	}
	return m.Sites.Pins.Hook(site.Saved.ID, ask)
}

// keepProbe saves the method auto mode found for a saved site, so the
// next connect (and the queue's sessions now) start with it; it returns
// the site with the probe.
func (m *Main) keepProbe(r Remote, site Site) Site {
	m.rememberQuick(r, site)
	if site.Saved == nil || m.Sites == nil || site.Saved.DataMode != transport.ModeAuto {
		return site
	}
	pr, ok := r.(interface{ Probe() *ftp.Probe })
	if !ok || pr.Probe() == nil {
		return site
	}
	probe := sites.ProbeOf(*pr.Probe())
	saved := *site.Saved
	saved.Probe = &probe
	site.Saved = &saved
	go func() {
		if err := m.Sites.SetProbe(saved.ID, probe); err != nil {
			m.do(func() { m.logFailure(fmt.Errorf("remember the transfer method of %q: %w", saved.Name, err)) })
		}
	}()
	return site
}

// learnInto keeps what the queue's sessions found out about a saved site's
// server in its profile (sites/learned.go); failed is told when the
// profile cannot be written. nil without a store.
func learnInto(store *sites.Store, failed func(error)) func(Site, ftp.Finding) {
	if store == nil {
		return nil
	}
	return func(site Site, f ftp.Finding) {
		if site.Saved == nil {
			return
		}
		if err := store.Learn(site.Saved.ID, f); err != nil {
			failed(fmt.Errorf("remember that %s for %q: %w", f, site.Saved.Name, err))
		}
	}
}

// Warn shows a problem that does not stop Portside (a damaged sites.json,
// moved aside) in a dialog and the message log.
func (m *Main) Warn(title string, err error) {
	m.logFailure(err)
	text := widget.NewLabel(err.Error())
	text.Wrapping = fyne.TextWrapWord
	nameObject("dlg.warn", text)
	// dialog: warn
	d := dialog.NewCustom(title, lang.X("dlg.ok", "OK"), text, m.Window)
	d.Resize(fyne.NewSize(560, 0))
	d.Show()
}
