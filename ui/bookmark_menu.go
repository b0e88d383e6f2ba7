package ui

import (
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"portside/transfer"
	"portside/transfer/sites"
)

// The Bookmarks menu lists the global bookmarks and those of the site the
// window is connected to (its own from the Site Manager, and any kept in
// the preferences for it), as FileZilla's does. It is rebuilt in place
// when the connection or the bookmarks change (refreshBookmarkMenu).

// SiteBookmarks are the bookmarks of the site the window is connected to:
// a saved site's own first, then those kept in the preferences for it.
func (m *Main) SiteBookmarks() []Bookmark {
	state, site, _ := m.Conn.State()
	if state != Connected {
		return nil
	}
	var out []Bookmark
	if site.Saved != nil && m.Sites != nil {
		if s, ok := m.Sites.Site(site.Saved.ID); ok {
			for _, b := range s.Bookmarks[:min(len(s.Bookmarks), sites.MaxBookmarks)] {
				out = append(out, Bookmark{Name: b.Name, Local: b.LocalDir, Remote: b.RemoteDir, Site: site.Key(),
					SiteName: s.Name, SyncBrowsing: b.SyncBrowsing, saved: true})
			}
		}
	}
	for _, b := range m.Bookmarks() {
		if b.Site != "" && b.Site == site.Key() {
			out = append(out, b)
		}
	}
	return out
}

// AddSiteBookmark keeps b with the saved site id, replacing one of the
// same name.
func (m *Main) AddSiteBookmark(id string, b Bookmark) error {
	s, ok := m.Sites.Site(id)
	if !ok {
		return errNoSuchSite
	}
	s.Bookmarks = slices.DeleteFunc(s.Bookmarks, func(o sites.Bookmark) bool { return strings.EqualFold(o.Name, b.Name) })
	s.Bookmarks = append(s.Bookmarks, sites.Bookmark{Name: b.Name, LocalDir: b.Local, RemoteDir: b.Remote, SyncBrowsing: b.SyncBrowsing})
	if _, err := m.Sites.Save(s, nil); err != nil {
		return err
	}
	m.refreshBookmarkMenu()
	return nil
}

type bookmarkError string

func (e bookmarkError) Error() string { return string(e) }

const errNoSuchSite = bookmarkError("the site is no longer in the Site Manager")

// bookmarkMenu is the menu bar's Bookmarks; refreshBookmarkMenu refills it.
func (m *Main) bookmarkMenu() *fyne.Menu {
	menu := fyne.NewMenu(lang.X("menu.bookmarks", "Bookmarks"), m.bookmarkItems()...)
	m.files().bookmarkMenu = menu
	return menu
}

// refreshBookmarkMenu refills the Bookmarks menu: after a connect or a
// disconnect, a change of the bookmarks, and when the Site Manager closes.
func (m *Main) refreshBookmarkMenu() {
	menu := m.files().bookmarkMenu
	if menu == nil {
		return
	}
	menu.Items = m.bookmarkItems()
	if mm := m.Window.MainMenu(); mm != nil {
		mm.Refresh()
	}
}

// bookmarkItems: Add, the global bookmarks, the site's, a submenu to
// remove those kept in the preferences, and the Site Manager's tab for a
// saved site's own.
func (m *Main) bookmarkItems() []*fyne.MenuItem {
	items := []*fyne.MenuItem{fyne.NewMenuItem(lang.X("menu.bookmark.add", "Add bookmark…"), m.ShowAddBookmark)}
	var global []Bookmark
	for _, b := range m.Bookmarks() {
		if b.Site == "" {
			global = append(global, b)
		}
	}
	site := m.SiteBookmarks()
	var remove []*fyne.MenuItem
	for _, group := range [][]Bookmark{global, site} {
		if len(group) == 0 {
			continue
		}
		items = append(items, fyne.NewMenuItemSeparator())
		for _, b := range group {
			label := transfer.Escape(b.Name)
			if b.Site != "" {
				label += " (" + transfer.Escape(b.SiteName) + ")"
			}
			items = append(items, fyne.NewMenuItem(label, func() { m.GoToBookmark(b) }))
			if !b.saved {
				remove = append(remove, fyne.NewMenuItem(label, func() { m.RemoveBookmark(b) }))
			}
		}
	}
	var tail []*fyne.MenuItem
	if len(remove) > 0 {
		rm := fyne.NewMenuItem(lang.X("queue.cmd.remove", "Remove"), nil)
		rm.ChildMenu = fyne.NewMenu("", remove...)
		tail = append(tail, rm)
	}
	if state, s, _ := m.Conn.State(); state == Connected && s.Saved != nil && m.Sites != nil {
		id := s.Saved.ID
		tail = append(tail, fyne.NewMenuItem(lang.X("bookmarks.manage", "Site bookmarks in the Site Manager…"), func() { m.showSiteBookmarks(id) }))
	}
	if len(tail) > 0 {
		items = append(append(items, fyne.NewMenuItemSeparator()), tail...)
	}
	return items
}

// showSiteBookmarks opens the Site Manager on site id's Bookmarks tab.
func (m *Main) showSiteBookmarks(id string) {
	m.ShowSiteManager()
	if m.Manager == nil {
		return
	}
	m.Manager.SelectSite(id)
	for _, tab := range m.Manager.Editor.Tabs.Items {
		if tab.Content == m.Manager.Editor.Bookmarks.Box {
			m.Manager.Editor.Tabs.Select(tab)
		}
	}
}

// setSyncBrowsing turns synchronized browsing on or off, with the View
// menu's check mark.
func (m *Main) setSyncBrowsing(on bool) {
	if m.Compare == nil {
		return
	}
	m.Compare.SetSyncBrowsing(on)
	mm := m.Window.MainMenu()
	if mm == nil {
		return
	}
	for _, menu := range mm.Items {
		for _, it := range menu.Items {
			if it.Shortcut == syncBrowseShortcut {
				it.Checked = on
			}
		}
	}
	mm.Refresh()
}
