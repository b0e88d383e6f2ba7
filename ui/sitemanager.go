package ui

import (
	"errors"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"portside/i18n"
	"portside/transfer/sites"
	"portside/ui/checkview"
)

// Tree node IDs: the "My Sites" root, folders, sites, and a new site
// that is not saved yet.
const (
	siteRootNode  = "root"
	siteDraftNode = "new"
)

func siteNode(id string) widget.TreeNodeID   { return "s:" + id }
func folderNode(id string) widget.TreeNodeID { return "f:" + id }

// SiteManager is FileZilla's Site Manager: folders and sites in a tree on
// the left, the chosen site's settings on the right, Connect below. It
// edits a sites.Store; ShowSiteManager puts it in a dialog over the main
// window, whose OnConnect opens the connection.
//
// Changes to a site are saved with Save, or when another entry is chosen
// (as FileZilla does); a site that is not valid keeps the selection until
// it is fixed, so nothing typed is lost. A new site that was left as it
// came is dropped when another entry is chosen.
type SiteManager struct {
	widget.BaseWidget

	Store  *sites.Store
	Window fyne.Window // the parent of the manager's questions

	Tree       *escTree
	NewSite    *escButton
	NewFolder  *escButton
	Rename     *escButton
	Delete     *escButton
	Duplicate  *escButton
	Editor     *SiteEditor
	FolderText *widget.Label // in place of the editor when a folder is chosen
	Status     *widget.Label
	Import     *escButton
	Export     *escButton
	Connect    *escButton
	Test       *escButton // the connection check of the site being edited
	Save       *escButton
	Close      *escButton

	// Asking is the question the manager has on screen, if any: a
	// confirmation, a name or password prompt, an import report.
	Asking dialog.Dialog
	// Checking is the connection check the manager opened last, if any.
	Checking *checkview.View
	// PromptEntry is the entry of a name or password prompt.
	PromptEntry *widget.Entry

	// OnConnect is called with the site to connect to and its password
	// ("" for anonymous logons); the manager closes itself after.
	OnConnect func(site sites.Site, password string)
	// OnClose is called when the manager is done (Close, or Connect).
	OnClose func()

	do        func(func())
	selected  widget.TreeNodeID
	draft     bool // a new site is in the tree and the editor, not saved yet
	dirty     bool
	switching bool // the manager, not the user, is moving the tree's selection
	children  map[widget.TreeNodeID][]widget.TreeNodeID
	right     *fyne.Container
	folderBox fyne.CanvasObject
	body      *fyne.Container
}

// ShowSiteManager opens the Site Manager over parent.
func ShowSiteManager(store *sites.Store, parent fyne.Window, onConnect func(sites.Site, string)) *SiteManager {
	m := NewSiteManager(store, parent, nil)
	m.OnConnect = onConnect
	// dialog: site-manager
	d := dialog.NewCustomWithoutButtons(lang.X("sm.title", "Site Manager"), m, parent)
	m.OnClose = d.Hide
	d.Resize(fyne.NewSize(980, 660))
	d.Show()
	escapeCloses(parent.Canvas(), m.close, d.SetOnClosed)
	return m
}

// ConnectSaved connects to a saved site without showing the Site Manager,
// for the recent sites menu: the password comes as the site's logon says
// (none, the keychain, or a question over parent), then onConnect. The
// returned manager holds the question, if one is asked.
func ConnectSaved(store *sites.Store, parent fyne.Window, id string, onConnect func(sites.Site, string)) *SiteManager {
	m := NewSiteManager(store, parent, nil)
	m.OnConnect = onConnect
	m.SelectSite(id)
	m.connect()
	return m
}

// NewSiteManager builds the manager for store. do runs f on the UI
// goroutine (nil: fyne.Do); the keychain is checked in the background
// through it.
func NewSiteManager(store *sites.Store, w fyne.Window, do func(func())) *SiteManager {
	m := &SiteManager{Store: store, Window: w, do: do, Editor: NewSiteEditor()}
	esc := m.Editor.escape
	esc.do = m.close // as the Close button, whatever has the focus
	m.Tree = newEscTree(esc, m.treeChildren, m.treeIsBranch, m.treeCreate, m.treeUpdate)
	m.Tree.OnSelected = m.choose
	m.NewSite = newEscButton(esc, lang.X("sm.new_site", "New site"), theme.ContentAddIcon(), m.newSite)
	m.NewFolder = newEscButton(esc, lang.X("sm.new_folder", "New folder"), theme.FolderNewIcon(), m.newFolder)
	m.Rename = newEscButton(esc, lang.X("sm.rename", "Rename"), theme.DocumentCreateIcon(), m.rename)
	m.Delete = newEscButton(esc, lang.X("sm.delete", "Delete"), theme.DeleteIcon(), m.delete)
	m.Duplicate = newEscButton(esc, lang.X("sm.duplicate", "Duplicate"), theme.ContentCopyIcon(), m.duplicate)
	m.Import = newEscButton(esc, lang.X("sm.import", "Import from FileZilla…"), theme.DownloadIcon(), m.importDialog)
	m.Export = newEscButton(esc, lang.X("sm.export", "Export…"), theme.UploadIcon(), m.exportDialog)
	m.Connect = newEscButton(esc, lang.X("sm.connect", "Connect"), theme.LoginIcon(), m.connect)
	m.Test = newEscButton(esc, i18n.For(i18n.System(nil)).T("ui.sitemanager.test", nil), theme.SearchIcon(), m.testConnection)
	m.Connect.Importance = widget.HighImportance
	m.Save = newEscButton(esc, lang.X("sm.save", "Save"), theme.DocumentSaveIcon(), func() { m.save(true) })
	m.Close = newEscButton(esc, lang.X("sm.close", "Close"), nil, m.close)
	for name, b := range map[string]*escButton{"new-site": m.NewSite, "new-folder": m.NewFolder,
		"rename": m.Rename, "delete": m.Delete, "duplicate": m.Duplicate, "import": m.Import,
		"export": m.Export, "connect": m.Connect, "test": m.Test, "save": m.Save, "close": m.Close} {
		nameObject("sm."+name, b)
	}
	nameObject("sm.tree", m.Tree)
	m.Status = widget.NewLabel("")
	m.Status.Wrapping = fyne.TextWrapWord
	m.FolderText = widget.NewLabel("")
	m.FolderText.Wrapping = fyne.TextWrapWord
	m.Editor.OnChanged = func() {
		m.dirty = true
		m.updateButtons()
		if m.draft {
			m.Tree.RefreshItem(siteDraftNode) // its name, as it is typed
		}
	}
	m.Editor.ResetProbe.OnTapped = m.resetProbe
	m.Editor.ForgetCert.OnTapped = m.forgetCert
	m.Editor.ForgetLearned.OnTapped = m.forgetLearned
	m.Editor.BrowseLocal.OnTapped = m.browseLocal

	m.folderBox = container.NewVBox(m.FolderText)
	m.right = container.NewStack(m.Editor, m.folderBox)
	m.ExtendBaseWidget(m)
	m.reload()
	m.Tree.OpenBranch(siteRootNode)
	m.selected = siteRootNode
	m.moveSelection(siteRootNode)
	m.show(siteRootNode)
	go m.checkKeychain()
	return m
}

func (m *SiteManager) CreateRenderer() fyne.WidgetRenderer {
	buttons := container.NewGridWithColumns(2, m.NewSite, m.NewFolder, m.Rename, m.Delete, m.Duplicate)
	left := container.NewBorder(widget.NewLabel(lang.X("sm.select", "Select entry:")), buttons, nil, nil, m.Tree)
	split := container.NewHSplit(left, container.NewPadded(m.right))
	split.Offset = 0.3
	bar := container.NewHBox(m.Import, m.Export, layout.NewSpacer(), m.Test, m.Connect, m.Save, m.Close)
	m.body = container.NewBorder(nil, container.NewVBox(m.Status, bar), nil, nil, split)
	return widget.NewSimpleRenderer(m.body)
}

// SelectSite chooses a site, as a click in the tree does.
func (m *SiteManager) SelectSite(id string) { m.selectNode(siteNode(id)) }

// SelectFolder chooses a folder.
func (m *SiteManager) SelectFolder(id string) { m.selectNode(folderNode(id)) }

func (m *SiteManager) selectNode(uid widget.TreeNodeID) {
	m.openParents(uid)
	m.Tree.Select(uid) // calls choose
}

// choose is the tree's OnSelected: save what was being edited, then show
// the new choice.
func (m *SiteManager) choose(uid widget.TreeNodeID) {
	if m.switching || uid == m.selected {
		return
	}
	switch {
	case m.draft && !m.dirty:
		m.dropDraft()
	case m.dirty:
		if _, ok := m.save(false); !ok {
			m.moveSelection(m.selected) // stay with the changes until they can be saved
			return
		}
	}
	m.selected = uid
	m.show(uid)
}

// moveSelection selects uid without choosing it again.
func (m *SiteManager) moveSelection(uid widget.TreeNodeID) {
	m.switching = true
	defer func() { m.switching = false }()
	m.openParents(uid)
	m.Tree.Select(uid)
}

func (m *SiteManager) show(uid widget.TreeNodeID) {
	m.dirty = false
	kind, id, _ := strings.Cut(uid, ":")
	if uid == siteDraftNode {
		m.showEditor(true)
		return
	}
	if kind == "s" {
		site, ok := m.Store.Site(id)
		if ok {
			m.Editor.Load(site, m.pin(id))
			m.showEditor(true)
			m.info("")
			return
		}
	}
	name, count := lang.X("sm.root", "My Sites"), ""
	if kind == "f" {
		f, _ := m.Store.Folder(id)
		name = f.Name
		folders, ns := m.Store.Contents(id)
		count = lang.X("sm.folder.holds_both", "“{{.Name}}” holds {{.Sites}} and {{.Folders}}.", map[string]any{
			"Name": name, "Sites": siteCount(ns), "Folders": folderCount(folders)})
	} else {
		count = lang.X("sm.folder.holds", "“{{.Name}}” holds {{.Sites}}.", map[string]any{
			"Name": name, "Sites": siteCount(len(m.Store.Sites()))})
	}
	m.FolderText.SetText(lang.X("sm.folder.text", "{{.Holds}} {{.Hint}}", map[string]any{"Holds": count, "Hint": lang.X("sm.folder.hint", "Choose a site to edit it, or make one here with New site. "+
		"FileZilla users can bring their sites along with Import from FileZilla.")}))
	m.showEditor(false)
	m.info("")
}

func (m *SiteManager) showEditor(on bool) {
	if on {
		m.folderBox.Hide()
		m.Editor.Show()
	} else {
		m.Editor.Hide()
		m.folderBox.Show()
	}
	m.updateButtons()
}

func (m *SiteManager) updateButtons() {
	kind, _, _ := strings.Cut(m.selected, ":")
	editing := m.Editor.Visible()
	setEnabled(m.Rename, kind == "s" || kind == "f" || m.selected == siteDraftNode)
	setEnabled(m.Delete, kind == "s" || kind == "f" || m.selected == siteDraftNode)
	setEnabled(m.Duplicate, kind == "s")
	setEnabled(m.Connect, editing)
	setEnabled(m.Test, editing)
	setEnabled(m.Save, editing && (m.dirty || m.draft))
}

// currentFolder is where New site and New folder put what they make.
func (m *SiteManager) currentFolder() string {
	kind, id, _ := strings.Cut(m.selected, ":")
	switch kind {
	case "f":
		return id
	case "s":
		s, _ := m.Store.Site(id)
		return s.Folder
	}
	if m.selected == siteDraftNode {
		return m.Editor.Loaded().Folder
	}
	return ""
}

func (m *SiteManager) newSite() {
	if m.dirty {
		if _, ok := m.save(true); !ok {
			return
		}
	}
	if m.draft {
		m.dropDraft()
	}
	folder := m.currentFolder()
	site := sites.NewSite(m.freeSiteName(folder, lang.X("sm.new_site", "New site")))
	site.Folder = folder
	m.Editor.Load(site, nil)
	m.Editor.Tabs.SelectIndex(0)
	m.draft, m.dirty = true, false
	m.reload()
	m.selected = siteDraftNode
	m.moveSelection(siteDraftNode)
	m.showEditor(true)
	m.info(lang.X("sm.new_site.hint", "Fill in the host and the logon, then press Save or Connect."))
	if m.Window != nil {
		m.Window.Canvas().Focus(m.Editor.Host)
	}
}

func (m *SiteManager) freeSiteName(folder, name string) string {
	_, inFolder := m.Store.Children(folder)
	taken := map[string]bool{}
	for _, s := range inFolder {
		taken[strings.ToLower(s.Name)] = true
	}
	try := name
	for n := 2; taken[strings.ToLower(try)]; n++ {
		try = fmt.Sprintf("%s (%d)", name, n)
	}
	return try
}

// save stores the editor's site; selectSaved moves the tree to it (not
// while the user is choosing another entry).
func (m *SiteManager) save(selectSaved bool) (sites.Site, bool) {
	site, err := m.Editor.Site()
	if verr := site.Validate(); verr != nil {
		err = errors.Join(err, verr)
	}
	if err != nil {
		m.setStatus(problemsText(err), widget.DangerImportance)
		return sites.Site{}, false
	}
	saved, err := m.Store.Save(site, m.Editor.NewPassword())
	var notSaved *sites.PasswordNotSavedError
	if errors.As(err, &notSaved) {
		// The site is saved, without its password: show it saved (in the
		// editor too, so that the offer changes this site, not a new one),
		// then offer the logon that needs no keychain.
		m.showSaved(saved, true)
		m.offerAskEachTime(err, func() { m.save(selectSaved) })
		return sites.Site{}, false
	}
	if sites.IsNoKeychain(err) {
		m.offerAskEachTime(err, func() { m.save(selectSaved) })
		return sites.Site{}, false
	}
	if err == nil {
		err = saveSiteProxyPassword(m.Store, saved, m.Editor) // sitemanager_proxy.go
	}
	if err != nil {
		m.fail(err)
		return sites.Site{}, false
	}
	m.showSaved(saved, selectSaved)
	return saved, true
}

// showSaved shows saved as saved: in the tree, and in the editor when
// selectSaved.
func (m *SiteManager) showSaved(saved sites.Site, selectSaved bool) {
	m.dirty, m.draft = false, false
	m.reload()
	if selectSaved {
		m.selected = siteNode(saved.ID)
		m.moveSelection(m.selected)
		m.Editor.Load(saved, m.pin(saved.ID))
	}
	m.updateButtons()
	m.info(lang.X("sm.saved", "Saved “{{.Name}}”.", map[string]any{"Name": saved.Name}))
}

// offerAskEachTime says that there is no keychain and offers the logon
// that needs none; then runs again (save, connect).
func (m *SiteManager) offerAskEachTime(err error, again func()) {
	m.Editor.SetKeychainProblem(err)
	m.info("")
	text := widget.NewLabel(err.Error())
	text.Wrapping = fyne.TextWrapWord
	nameObject("dlg.no-keychain", text)
	title := lang.X("sm.keychain.none", "No keychain")
	if errors.As(err, new(*sites.PasswordNotSavedError)) {
		title = lang.X("sm.keychain.not_saved", "Password not saved")
	}
	// dialog: no-keychain
	d := dialog.NewCustomConfirm(title, lang.X("sm.keychain.ask", "Ask for the password each time"), lang.X("dlg.cancel", "Cancel"), text, func(ok bool) {
		if !ok {
			m.fail(err)
			return
		}
		m.Editor.Logon.SetSelected(sites.Logons.Label(sites.AskPassword))
		again()
	}, m.Window)
	d.Resize(fyne.NewSize(560, 0))
	m.ask(d)
}

func (m *SiteManager) connect() {
	if m.dirty || m.draft {
		if _, ok := m.save(true); !ok {
			return
		}
	}
	kind, id, _ := strings.Cut(m.selected, ":")
	site, ok := m.Store.Site(id)
	if kind != "s" || !ok {
		return
	}
	switch site.Logon {
	case sites.Anonymous, sites.KeyFile: // a key's passphrase is asked by the login, if needed
		m.connectWith(site, "")
	case sites.AskPassword:
		m.askPassword(site)
	default:
		pw, err := m.Store.Password(site.ID)
		switch {
		case err == nil:
			m.connectWith(site, pw)
		case errors.Is(err, sites.ErrNoPassword):
			m.askPassword(site)
		case sites.IsNoKeychain(err):
			m.offerAskEachTime(err, func() {
				if saved, ok := m.save(true); ok {
					m.askPassword(saved)
				}
			})
		default:
			m.fail(err)
		}
	}
}

func (m *SiteManager) askPassword(site sites.Site) {
	entry := widget.NewPasswordEntry()
	m.PromptEntry = entry
	nameObject("dlg.password", entry)
	// dialog: password
	d := dialog.NewForm(lang.X("sm.password.title", "Password for {{.User}}@{{.Host}}", map[string]any{"User": site.User, "Host": site.Host}), lang.X("sm.connect", "Connect"), lang.X("dlg.cancel", "Cancel"),
		[]*widget.FormItem{widget.NewFormItem(lang.X("sm.password", "Password:"), entry)}, func(ok bool) {
			if ok {
				m.connectWith(site, entry.Text)
			}
		}, m.Window)
	entry.OnSubmitted = func(string) { d.Submit() }
	d.Resize(fyne.NewSize(420, 0))
	m.ask(d)
	if m.Window != nil {
		m.Window.Canvas().Focus(entry)
	}
}

func (m *SiteManager) connectWith(site sites.Site, password string) {
	if err := m.Store.Touch(site.ID); err != nil {
		m.fail(fmt.Errorf("the recent sites list could not be saved: %w", err)) // connecting matters more
	}
	if m.OnConnect != nil {
		m.OnConnect(site, password)
	}
	m.finish()
}

func (m *SiteManager) close() {
	if !m.dirty {
		m.finish()
		return
	}
	site, _ := m.Editor.Site()
	text := widget.NewLabel(lang.X("sm.unsaved.question", "Save the changes to “{{.Name}}”?", map[string]any{"Name": site.Name}))
	nameObject("dlg.unsaved", text)
	// dialog: unsaved-changes
	d := dialog.NewCustomConfirm(lang.X("sm.unsaved", "Unsaved changes"), lang.X("sm.save", "Save"), lang.X("sm.discard", "Discard"), text, func(yes bool) {
		if !yes {
			m.dirty = false
			m.finish()
		} else if _, ok := m.save(true); ok {
			m.finish()
		}
	}, m.Window)
	m.ask(d)
}

func (m *SiteManager) finish() {
	if m.OnClose != nil {
		m.OnClose()
	}
}

func (m *SiteManager) resetProbe() {
	id := m.Editor.Loaded().ID
	if err := m.Store.ResetProbe(id); err != nil {
		m.fail(err)
		return
	}
	m.Editor.SetProbe(nil)
	m.info(lang.X("sm.methods_forgotten", "The next connect tries every transfer method again."))
}

func (m *SiteManager) forgetCert() {
	if err := m.Store.Pins.Forget(m.Editor.Loaded().ID); err != nil {
		m.fail(err)
		return
	}
	m.Editor.SetPin(nil)
	m.info(lang.X("sm.cert_forgotten", "The certificate is forgotten; the next connect asks about the server's certificate again."))
}

func (m *SiteManager) pin(id string) *sites.CertInfo {
	if p, ok := m.Store.Pins.Pinned(id); ok {
		return &p
	}
	return nil
}

func (m *SiteManager) checkKeychain() {
	err := m.Store.CheckKeychain()
	if !sites.IsNoKeychain(err) {
		return
	}
	m.runOnUI(func() { m.Editor.SetKeychainProblem(err) })
}

func (m *SiteManager) runOnUI(f func()) {
	if m.do != nil {
		m.do(f)
		return
	}
	fyne.Do(f)
}

// ask shows a question and keeps it for the tests to answer.
func (m *SiteManager) ask(d dialog.Dialog) {
	m.Asking = d
	d.Show()
}

func (m *SiteManager) info(text string) { m.setStatus(text, widget.MediumImportance) }

func (m *SiteManager) fail(err error) { m.setStatus(err.Error(), widget.DangerImportance) }

// setStatus shows a message under the editor; the layout is redone at
// once, as a message of several sentences needs more lines.
func (m *SiteManager) setStatus(text string, imp widget.Importance) {
	m.Status.Importance = imp
	m.Status.SetText(text)
	if m.body != nil {
		m.body.Refresh()
	}
}
