package ui

import (
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"portside/transfer"
	"portside/transfer/sites"
)

// SiteBookmarks is the Site Manager's Bookmarks tab, FileZilla's: the
// site's own bookmarks (a local and a remote folder, and whether to browse
// them in step), listed on the left and edited on the right. It edits the
// editor's copy of the site; Save in the manager keeps them, and the
// Bookmarks menu lists them while connected to the site (bookmarks.go).
type SiteBookmarks struct {
	List       *escList
	Name       *escEntry
	Local      *escEntry
	Remote     *escEntry
	SyncBrowse *escCheck
	New        *escButton
	Delete     *escButton
	Box        fyne.CanvasObject

	form    *widget.Form
	items   []sites.Bookmark
	picked  int
	loading bool   // fields being filled by the tab, not typed
	changed func() // the editor's: marks the site changed
}

func newSiteBookmarks(changed func(), esc *escapeHook) *SiteBookmarks {
	b := &SiteBookmarks{picked: -1, changed: changed,
		Name: newEscEntry(esc, false, false), Local: newEscEntry(esc, false, false), Remote: newEscEntry(esc, false, false)}
	b.List = newEscList(esc, func() int { return len(b.items) },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id < len(b.items) {
				o.(*widget.Label).SetText(transfer.Escape(b.items[id].Name))
			}
		})
	b.List.OnSelected = func(id widget.ListItemID) { b.pick(id) }
	b.SyncBrowse = newEscCheck(esc, lang.X("sm.bookmarks.sync", "Use synchronized browsing"), func(bool) { b.edited() })
	for _, e := range []*widget.Entry{&b.Name.Entry, &b.Local.Entry, &b.Remote.Entry} {
		e.OnChanged = func(string) { b.edited() }
	}
	b.Local.SetPlaceHolder(lang.X("sm.bookmarks.local.hint", "a full path, or empty"))
	b.Remote.SetPlaceHolder(lang.X("sm.bookmarks.remote.hint", "such as /htdocs, or empty"))
	b.New = newEscButton(esc, lang.X("sm.bookmarks.new", "New bookmark"), theme.ContentAddIcon(), b.add)
	b.Delete = newEscButton(esc, lang.X("sm.bookmarks.delete", "Delete"), theme.DeleteIcon(), b.remove)
	nameObject("sm.bookmarks.new", b.New)
	nameObject("sm.bookmarks.name", b.Name)
	nameObject("sm.bookmarks.local", b.Local)
	nameObject("sm.bookmarks.remote", b.Remote)
	form := widget.NewForm(
		widget.NewFormItem(lang.X("sm.bookmarks.name", "Name:"), b.Name),
		widget.NewFormItem(lang.X("sm.bookmarks.local", "Local folder:"), b.Local),
		widget.NewFormItem(lang.X("sm.bookmarks.remote", "Remote folder:"), b.Remote),
		widget.NewFormItem("", b.SyncBrowse),
	)
	left := container.NewBorder(nil, container.NewHBox(b.New, b.Delete), nil, nil, b.List)
	b.form = form
	split := container.NewHSplit(left, container.NewVBox(form))
	split.Offset = 0.35
	b.Box = split
	b.load(nil)
	return b
}

// load shows a site's bookmarks, none picked.
func (b *SiteBookmarks) load(bs []sites.Bookmark) {
	b.items = slices.Clone(bs)
	b.picked = -1
	b.List.UnselectAll()
	b.List.Refresh()
	b.fill()
}

// Bookmarks are the tab's bookmarks, as the site will keep them.
func (b *SiteBookmarks) Bookmarks() []sites.Bookmark {
	out := slices.Clone(b.items)
	for i := range out {
		out[i].Name = strings.TrimSpace(out[i].Name)
		out[i].LocalDir = strings.TrimSpace(out[i].LocalDir)
		out[i].RemoteDir = strings.TrimSpace(out[i].RemoteDir)
	}
	return out
}

func (b *SiteBookmarks) pick(id int) {
	if id < 0 || id >= len(b.items) {
		id = -1
	}
	b.picked = id
	b.fill()
}

// fill shows the picked bookmark in the fields; none picked: empty and
// disabled.
func (b *SiteBookmarks) fill() {
	b.loading = true
	defer func() { b.loading = false }()
	var cur sites.Bookmark
	on := b.picked >= 0
	if on {
		cur = b.items[b.picked]
	}
	b.Name.SetText(cur.Name)
	b.Local.SetText(cur.LocalDir)
	b.Remote.SetText(cur.RemoteDir)
	b.SyncBrowse.SetChecked(cur.SyncBrowsing)
	for _, w := range []fyne.Disableable{b.Name, b.Local, b.Remote, b.SyncBrowse, b.Delete} {
		setEnabled(w, on)
	}
	if b.form != nil {
		b.form.Refresh() // its labels are drawn dim or not when it refreshes
	}
}

// edited writes the fields into the picked bookmark.
func (b *SiteBookmarks) edited() {
	if b.loading || b.picked < 0 {
		return
	}
	cur := &b.items[b.picked]
	nameChanged := cur.Name != b.Name.Text
	cur.Name, cur.LocalDir, cur.RemoteDir = b.Name.Text, b.Local.Text, b.Remote.Text
	cur.SyncBrowsing = b.SyncBrowse.Checked
	if nameChanged {
		b.List.RefreshItem(b.picked)
	}
	b.changed()
}

// add makes a bookmark with a free name and picks it.
func (b *SiteBookmarks) add() {
	if len(b.items) >= sites.MaxBookmarks {
		return
	}
	name := lang.X("sm.bookmarks.default", "New bookmark")
	for n := 2; slices.ContainsFunc(b.items, func(x sites.Bookmark) bool { return strings.EqualFold(x.Name, name) }); n++ {
		name = fmt.Sprintf("%s %d", lang.X("sm.bookmarks.default", "New bookmark"), n)
	}
	b.items = append(b.items, sites.Bookmark{Name: name})
	b.List.Refresh()
	b.List.Select(len(b.items) - 1)
	b.changed()
}

// remove deletes the picked bookmark.
func (b *SiteBookmarks) remove() {
	if b.picked < 0 {
		return
	}
	b.items = slices.Delete(b.items, b.picked, b.picked+1)
	b.List.UnselectAll()
	b.List.Refresh()
	b.pick(-1)
	b.changed()
}
