package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"portside/transfer/sites"
)

// The Site Manager's tree and what its buttons do to folders and sites.

// reload reads the store's folders and sites into the tree: folders
// first, then sites, each by name, as FileZilla lists them.
func (m *SiteManager) reload() {
	m.children = map[widget.TreeNodeID][]widget.TreeNodeID{"": {siteRootNode}}
	var fill func(uid widget.TreeNodeID, folder string)
	fill = func(uid widget.TreeNodeID, folder string) {
		folders, ss := m.Store.Children(folder)
		kids := make([]widget.TreeNodeID, 0, len(folders)+len(ss))
		for _, f := range folders {
			kids = append(kids, folderNode(f.ID))
			fill(folderNode(f.ID), f.ID)
		}
		for _, s := range ss {
			kids = append(kids, siteNode(s.ID))
		}
		m.children[uid] = kids
	}
	fill(siteRootNode, "")
	if m.draft {
		parent := widget.TreeNodeID(siteRootNode)
		if f := m.Editor.Loaded().Folder; f != "" {
			parent = folderNode(f)
		}
		m.children[parent] = append(m.children[parent], siteDraftNode)
	}
	m.Tree.Refresh()
}

func (m *SiteManager) treeChildren(uid widget.TreeNodeID) []widget.TreeNodeID { return m.children[uid] }

func (m *SiteManager) treeIsBranch(uid widget.TreeNodeID) bool {
	return uid == "" || uid == siteRootNode || strings.HasPrefix(uid, "f:")
}

func (m *SiteManager) treeCreate(bool) fyne.CanvasObject {
	return container.NewHBox(widget.NewIcon(theme.FolderIcon()), widget.NewLabel("Template site name"))
}

func (m *SiteManager) treeUpdate(uid widget.TreeNodeID, _ bool, o fyne.CanvasObject) {
	row := o.(*fyne.Container)
	icon, label := row.Objects[0].(*widget.Icon), row.Objects[1].(*widget.Label)
	kind, id, _ := strings.Cut(uid, ":")
	switch {
	case uid == siteDraftNode:
		icon.SetResource(theme.ComputerIcon())
		label.SetText(m.Editor.Name.Text)
	case kind == "s":
		s, _ := m.Store.Site(id)
		icon.SetResource(theme.ComputerIcon())
		label.SetText(s.Name)
	case kind == "f":
		f, _ := m.Store.Folder(id)
		icon.SetResource(theme.FolderIcon())
		label.SetText(f.Name)
	default:
		icon.SetResource(theme.FolderIcon())
		label.SetText(lang.X("sm.root", "My Sites"))
	}
}

// openParents opens the branches above uid, so that it shows.
func (m *SiteManager) openParents(uid widget.TreeNodeID) {
	parent := map[widget.TreeNodeID]widget.TreeNodeID{}
	for p, kids := range m.children {
		for _, k := range kids {
			parent[k] = p
		}
	}
	for p := parent[uid]; p != ""; p = parent[p] {
		m.Tree.OpenBranch(p)
	}
}

func (m *SiteManager) newFolder() {
	if m.dirty {
		if _, ok := m.save(true); !ok {
			return
		}
	}
	parent := m.currentFolder()
	m.prompt(lang.X("sm.new_folder", "New folder"), lang.X("sm.create", "Create"), lang.X("sm.new_folder", "New folder"), func(name string) {
		f, err := m.Store.AddFolder(parent, name)
		if err != nil {
			m.fail(err)
			return
		}
		m.reload()
		m.selectNode(folderNode(f.ID))
	})
}

func (m *SiteManager) rename() {
	kind, id, _ := strings.Cut(m.selected, ":")
	switch {
	case kind == "f":
		f, _ := m.Store.Folder(id)
		m.prompt(lang.X("sm.rename_folder", "Rename folder"), lang.X("sm.rename", "Rename"), f.Name, func(name string) {
			if err := m.Store.RenameFolder(id, name); err != nil {
				m.fail(err)
				return
			}
			m.reload()
			m.show(m.selected)
		})
	case kind == "s" || m.selected == siteDraftNode:
		// A site's name is a field of the editor: renaming there keeps the
		// other unsaved changes with it, and Save writes them together.
		m.Editor.Tabs.SelectIndex(0)
		if m.Window != nil {
			m.Window.Canvas().Focus(m.Editor.Name)
		}
		m.info(lang.X("sm.rename.hint", "Type the new name, then press Save."))
	}
}

func (m *SiteManager) duplicate() {
	if m.dirty {
		if _, ok := m.save(true); !ok {
			return
		}
	}
	kind, id, _ := strings.Cut(m.selected, ":")
	if kind != "s" {
		return
	}
	cp, err := m.Store.Duplicate(id)
	if err != nil {
		m.fail(err)
		return
	}
	m.reload()
	m.selectNode(siteNode(cp.ID))
	m.info(lang.X("sm.duplicated", "Made “{{.Name}}”, with the same password and trusted certificate.", map[string]any{"Name": cp.Name}))
}

// delete asks first: a site takes its keychain entry and its trusted
// certificate with it, a folder everything in it.
func (m *SiteManager) delete() {
	kind, id, _ := strings.Cut(m.selected, ":")
	var title, question string
	var do func() error
	switch {
	case kind == "s":
		s, _ := m.Store.Site(id)
		title = lang.X("sm.delete.site", "Delete site")
		question = lang.X("sm.delete.site.question", "Delete the site “{{.Name}}”?", map[string]any{"Name": s.Name})
		if s.Logon == sites.Normal {
			question += "\n" + lang.X("sm.delete.site.password", "Its saved password is removed from the keychain too.")
		}
		do = func() error { return m.Store.Delete(id) }
	case kind == "f":
		f, _ := m.Store.Folder(id)
		folders, ss := m.Store.Contents(id)
		title = lang.X("sm.delete.folder", "Delete folder")
		question = lang.X("sm.delete.folder.question", "Delete the folder “{{.Name}}”?", map[string]any{"Name": f.Name})
		if folders+ss > 0 {
			question = lang.X("sm.delete.folder.full", "Delete the folder “{{.Name}}” with the {{.Sites}} and {{.Folders}} in it?\nTheir saved passwords are removed from the keychain too.",
				map[string]any{"Name": f.Name, "Sites": siteCount(ss), "Folders": folderCount(folders)})
		}
		do = func() error { return m.Store.DeleteFolder(id) }
	case m.selected == siteDraftNode:
		// A new site that was never saved: nothing to ask about.
		folder := m.Editor.Loaded().Folder
		m.dropDraft()
		uid := widget.TreeNodeID(siteRootNode)
		if folder != "" {
			uid = folderNode(folder)
		}
		m.selected = uid
		m.moveSelection(uid)
		m.show(uid)
		return
	default:
		return
	}
	// A label of our own, not NewConfirm's, so the real-window script can
	// find the dialog (nameObject).
	text := widget.NewLabel(question)
	nameObject("dlg.sm-delete", text)
	// dialog: sm-delete-confirm
	d := dialog.NewCustomConfirm(title, lang.X("sm.delete", "Delete"), lang.X("sm.keep", "Keep"), text, func(yes bool) {
		if !yes {
			return
		}
		if err := do(); err != nil {
			m.fail(err)
			return
		}
		m.reload()
		m.selected = siteRootNode
		m.moveSelection(siteRootNode)
		m.show(siteRootNode)
		m.info(lang.X("sm.deleted", "Deleted."))
	}, m.Window)
	d.SetConfirmImportance(widget.DangerImportance)
	m.ask(d)
}

// dropDraft takes an unsaved new site out of the tree.
func (m *SiteManager) dropDraft() {
	m.draft, m.dirty = false, false
	m.reload()
}

// prompt asks for a name.
func (m *SiteManager) prompt(title, confirm, initial string, done func(string)) {
	entry := widget.NewEntry()
	entry.SetText(initial)
	m.PromptEntry = entry
	nameObject("dlg.sm-name", entry)
	// dialog: sm-name-form
	d := dialog.NewForm(title, confirm, lang.X("dlg.cancel", "Cancel"), []*widget.FormItem{widget.NewFormItem(lang.X("sm.name", "Name:"), entry)}, func(ok bool) {
		if ok {
			done(entry.Text)
		}
	}, m.Window)
	entry.OnSubmitted = func(string) { d.Submit() }
	d.Resize(fyne.NewSize(380, 0))
	m.ask(d)
	if m.Window != nil {
		m.Window.Canvas().Focus(entry)
	}
}

// siteCount and folderCount are counts with the language's plural forms.
func siteCount(n int) string {
	return lang.XN("sm.sites", english(n, "1 site", "{{.Count}} sites"), n, map[string]any{"Count": n})
}

func folderCount(n int) string { return countFolders(n) }
