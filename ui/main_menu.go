package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"portside/i18n"
)

// mainMenu is the window's menu bar, as in FileZilla: File holds the Site
// Manager (Ctrl+S) and Synchronize, Help the keys. It is also how Ctrl+S
// works wherever the focus is: the driver gives a menu item's shortcut
// precedence over the focused widget, where a shortcut on the canvas would
// be swallowed by any focused text entry. Fyne adds Quit to the first menu.
func (m *Main) mainMenu() *fyne.MainMenu {
	siteManager := fyne.NewMenuItem(lang.X("menu.site_manager", "Site Manager…"), m.ShowSiteManager)
	siteManager.Shortcut = siteManagerShortcut
	siteManager.Disabled = m.Sites == nil
	// ShowSync says in the status bar why it cannot open, when it cannot.
	sync := fyne.NewMenuItem(lang.X("menu.sync", "Synchronize…"), func() { m.ShowSync() })
	keys := fyne.NewMenuItem(lang.X("menu.keys", "Keyboard shortcuts"), m.showKeys)
	copySite := fyne.NewMenuItem(lang.X("menu.copy_site", "Copy current connection to Site Manager"), m.CopyToSiteManager)
	copySite.Disabled = m.Sites == nil
	proxy := fyne.NewMenuItem(lang.X("menu.proxy", "Proxy settings…"), func() { m.ShowProxySettings() }) // proxy_ui.go
	proxy.Disabled = m.Sites == nil
	checkConn := fyne.NewMenuItem(i18n.For(i18n.System(nil)).T("ui.menu.check", nil), m.ShowCheck)
	editing := fyne.NewMenuItem(lang.X("menu.editing", "Files being edited…"), m.ShowEditing) // ui/edit_list.go
	findFiles := fyne.NewMenuItem(lang.X("menu.find", "Find files…"), m.ShowFind)             // ui/find_dialog.go
	findFiles.Shortcut = findShortcut
	filter := fyne.NewMenuItem(lang.X("menu.filter", "Filter names"), m.ToggleFilters) // ui/filter.go
	filter.Shortcut = filterShortcut
	filters := fyne.NewMenuItem(lang.X("filters.menu", "Filename filters…"), m.ShowFilters) // ui/filter_dialog.go
	settings := fyne.NewMenuItem(lang.X("settings.menu", "Settings…"), m.ShowSettings)
	settings.Shortcut = settingsShortcut
	file := append(m.tabMenuItems(), fyne.NewMenuItemSeparator()) // ui/tabs.go
	file = append(file, siteManager, copySite, sync, editing, findFiles, filter, filters, checkConn, proxy, fyne.NewMenuItemSeparator(), settings)
	menu := fyne.NewMainMenu(
		fyne.NewMenu(lang.X("menu.file", "File"), file...),
		m.viewMenu(),     // compare_menu.go
		m.bookmarkMenu(), // ui/bookmarks.go
		fyne.NewMenu(lang.X("menu.help", "Help"), keys, fyne.NewMenuItem(lang.X("menu.about", "About Portside"), m.showAbout)),
	)
	for _, sub := range menu.Items {
		nameMenu(sub.Label, sub)
	}
	return menu
}

// siteManagerShortcut is Ctrl+S (Cmd+S on macOS), as in FileZilla.
var siteManagerShortcut = &desktop.CustomShortcut{KeyName: fyne.KeyS, Modifier: fyne.KeyModifierShortcutDefault}

// keyHelp lists the keys, in the order a newcomer needs them.
var keyHelp = [][2]string{
	{"Ctrl+S", "Site Manager"},
	{"Ctrl+T, Ctrl+W", "new tab, close tab"},
	{"Ctrl+Tab", "the next tab"},
	{"Ctrl+O", "directory comparison on or off"},
	{"Ctrl+Y", "synchronized browsing on or off"},
	{"Tab", "the other pane"},
	{"Enter", "open a folder, or transfer the selected files"},
	{"Backspace", "the parent folder"},
	{"F5", "refresh"},
	{"F2", "rename"},
	{"Delete", "delete (asks first)"},
	{"Ctrl+A", "select all"},
	{"Ctrl+click, Shift+click", "select several"},
	{"Ctrl+C", "copy the path of the selection"},
	{"Ctrl+F", "find files on the server"},
	{"Ctrl+I", "filter the names in both panes"},
	{"Right click", "everything else"},
}

func (m *Main) showKeys() {
	grid := widget.NewForm()
	for _, k := range keyHelp {
		grid.Append(keyName(k[0]), widget.NewLabel(keyWords(k[1])))
	}
	nameObject("dlg.keys", grid)
	// dialog: keys
	d := dialog.NewCustomWithoutButtons(lang.X("menu.keys", "Keyboard shortcuts"), grid, m.Window)
	// Its Close button takes the focus (Tab), and then Escape goes to it.
	esc := &escapeHook{do: d.Hide}
	d.SetButtons([]fyne.CanvasObject{newEscButton(esc, lang.X("sm.close", "Close"), nil, d.Hide)})
	d.Show()
	escapeCloses(m.Window.Canvas(), d.Hide, d.SetOnClosed)
}
