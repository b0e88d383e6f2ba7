package ui

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"portside/transfer"
)

// Bookmarks are pairs of a local and a remote folder, as FileZilla keeps
// them: global ones for every site, and site ones shown only while
// connected to that site. Going to one opens both folders. Global ones,
// and those of sites not in the Site Manager (quick connect), are kept in
// the app's preferences, as JSON under bookmarksKey; a saved site's own
// are kept with the site in sites.json and edited in the Site Manager's
// Bookmarks tab (sitemanager_bookmarks.go).

// Bookmark is one folder pair; either folder may be empty.
type Bookmark struct {
	Name   string `json:"name"`
	Local  string `json:"local,omitempty"`
	Remote string `json:"remote,omitempty"`
	Site   string `json:"site,omitempty"` // a site's queue key; empty: every site
	// SiteName is how the menu names the site (Site is an ID or a URL).
	SiteName string `json:"site_name,omitempty"`
	// SyncBrowsing turns synchronized browsing on after opening both.
	SyncBrowsing bool `json:"sync_browsing,omitempty"`
	// saved: one of a saved site's own (sites.json), not a preference.
	saved bool
}

const bookmarksKey = "bookmarks"

// maxBookmarks bounds the list read back: a damaged or hand-edited
// preference must not make a menu of a million lines.
const maxBookmarks = 500

// Bookmarks are the saved bookmarks, in the order they were added.
func (m *Main) Bookmarks() []Bookmark {
	var out []Bookmark
	raw := fyne.CurrentApp().Preferences().String(bookmarksKey)
	if raw == "" || json.Unmarshal([]byte(raw), &out) != nil {
		return nil
	}
	if len(out) > maxBookmarks {
		out = out[:maxBookmarks]
	}
	return out
}

func (m *Main) saveBookmarks(b []Bookmark) {
	raw, _ := json.Marshal(b)
	fyne.CurrentApp().Preferences().SetString(bookmarksKey, string(raw))
	// Only the Bookmarks menu is rebuilt: a new main menu would also reset
	// the View menu's comparison mode.
	m.refreshBookmarkMenu()
}

// AddBookmark saves b, replacing one of the same name and site: in the
// preferences (use AddSiteBookmark for a saved site's own).
func (m *Main) AddBookmark(b Bookmark) {
	all := slices.DeleteFunc(m.Bookmarks(), func(o Bookmark) bool { return o.Name == b.Name && o.Site == b.Site })
	m.saveBookmarks(append(all, b))
}

// RemoveBookmark deletes b.
func (m *Main) RemoveBookmark(b Bookmark) {
	m.saveBookmarks(slices.DeleteFunc(m.Bookmarks(), func(o Bookmark) bool { return o == b }))
}

// GoToBookmark opens b's folders: the local one at once, the remote one
// when connected (to b's site, for a site bookmark); then synchronized
// browsing, when b asks for it.
func (m *Main) GoToBookmark(b Bookmark) {
	defer func() {
		if b.SyncBrowsing && b.Local != "" && b.Remote != "" && m.Remote.Model.State().Connected {
			m.setSyncBrowsing(true)
		}
	}()
	state, site, _ := m.Conn.State()
	if b.Local != "" {
		m.Local.Model.Navigate(b.Local)
	}
	if b.Remote == "" {
		return
	}
	switch {
	case state != Connected:
		m.setStatus(lang.X("bookmark.connect_first", "Connect first: the bookmark {{.Name}} opens a folder on the server.", map[string]any{"Name": b.Name}), true)
	case b.Site != "" && b.Site != site.Key():
		m.setStatus(lang.X("bookmark.other_site", "The bookmark {{.Name}} belongs to another site.", map[string]any{"Name": b.Name}), true)
	default:
		m.Remote.Model.Navigate(b.Remote)
	}
}

// BookmarkForm is "Add bookmark…", kept for tests.
type BookmarkForm struct {
	Name, Local, Remote *widget.Entry
	SiteOnly            *widget.Check
	Form                *dialog.FormDialog
}

// ShowAddBookmark asks for a name for the panes' two folders.
func (m *Main) ShowAddBookmark() {
	state, site, _ := m.Conn.State()
	f := &BookmarkForm{Name: widget.NewEntry(), Local: widget.NewEntry(), Remote: widget.NewEntry()}
	f.Local.SetText(m.Local.Model.State().Path)
	f.Name.SetText(fmt.Sprint(len(m.Bookmarks()) + 1))
	f.SiteOnly = widget.NewCheck(lang.X("bookmark.only_for", "Only for {{.Site}}", map[string]any{"Site": site.Name()}), nil)
	if state == Connected {
		f.Remote.SetText(m.Remote.Model.State().Path)
		f.SiteOnly.SetChecked(true)
	} else {
		f.SiteOnly.Disable()
	}
	f.Name.Validator = func(s string) error {
		if s == "" {
			return errors.New(lang.X("bookmark.err.name", "give it a name"))
		}
		return nil
	}
	// dialog: bookmark-add
	f.Form = dialog.NewForm(lang.X("bookmark.title", "Add bookmark"), lang.X("bookmark.add", "Add"), lang.X("dlg.cancel", "Cancel"), []*widget.FormItem{
		widget.NewFormItem(lang.X("sync.job.name", "Name"), f.Name),
		widget.NewFormItem(lang.X("bookmark.local", "Local folder"), f.Local),
		widget.NewFormItem(lang.X("bookmark.remote", "Remote folder"), f.Remote),
		widget.NewFormItem("", f.SiteOnly),
	}, func(ok bool) {
		if !ok {
			return
		}
		b := Bookmark{Name: f.Name.Text, Local: f.Local.Text, Remote: f.Remote.Text}
		if f.SiteOnly.Checked && state == Connected {
			b.Site, b.SiteName = site.Key(), site.Name()
			if site.Saved != nil && m.Sites != nil {
				// A saved site keeps its own, as in FileZilla: they show
				// in its Site Manager entry.
				if err := m.AddSiteBookmark(site.Saved.ID, b); err != nil {
					m.setStatus(lang.X("bookmark.add_failed", "Could not add the bookmark: {{.Error}}", map[string]any{"Error": errorText(err)}), true)
					return
				}
				m.setStatus(lang.X("bookmark.added_to_site", "Added the bookmark {{.Name}} to the site {{.Site}}.",
					map[string]any{"Name": transfer.Escape(b.Name), "Site": transfer.Escape(site.Name())}), false)
				return
			}
		}
		m.AddBookmark(b)
		m.setStatus(lang.X("bookmark.added", "Added the bookmark {{.Name}}.", map[string]any{"Name": b.Name}), false)
	}, m.Window)
	m.files().Bookmark = f
	f.Form.Resize(fyne.NewSize(520, f.Form.MinSize().Height))
	f.Form.Show()
}
