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
	siteManager := fyne.NewMenuItem("Site Manager…", m.ShowSiteManager)
	siteManager.Shortcut = siteManagerShortcut
	siteManager.Disabled = m.Sites == nil
	// ShowSync says in the status bar why it cannot open, when it cannot.
	sync := fyne.NewMenuItem("Synchronize…", func() { m.ShowSync() })
	keys := fyne.NewMenuItem("Keyboard shortcuts", m.showKeys)
	copySite := fyne.NewMenuItem("Copy current connection to Site Manager", m.CopyToSiteManager)
	copySite.Disabled = m.Sites == nil
	settings := fyne.NewMenuItem(lang.X("settings.menu", "Settings…"), m.ShowSettings)
	settings.Shortcut = settingsShortcut
	checkConn := fyne.NewMenuItem(i18n.For(i18n.System(nil)).T("ui.menu.check", nil), m.ShowCheck)
	return fyne.NewMainMenu(
		fyne.NewMenu("File", siteManager, copySite, sync, checkConn, fyne.NewMenuItemSeparator(), settings),
		fyne.NewMenu("Help", keys),
	)
}

// siteManagerShortcut is Ctrl+S (Cmd+S on macOS), as in FileZilla.
var siteManagerShortcut = &desktop.CustomShortcut{KeyName: fyne.KeyS, Modifier: fyne.KeyModifierShortcutDefault}

// keyHelp lists the keys, in the order a newcomer needs them.
var keyHelp = [][2]string{
	{"Ctrl+S", "Site Manager"},
	{"Tab", "the other pane"},
	{"Enter", "open a folder, or transfer the selected files"},
	{"Backspace", "the parent folder"},
	{"F5", "refresh"},
	{"F2", "rename"},
	{"Delete", "delete (asks first)"},
	{"Ctrl+A", "select all"},
	{"Ctrl+click, Shift+click", "select several"},
	{"Ctrl+C", "copy the path of the selection"},
	{"Right click", "everything else"},
}

func (m *Main) showKeys() {
	grid := widget.NewForm()
	for _, k := range keyHelp {
		grid.Append(k[0], widget.NewLabel(k[1]))
	}
	d := dialog.NewCustom("Keyboard shortcuts", "Close", grid, m.Window)
	d.Show()
	escapeCloses(m.Window.Canvas(), d.Hide, d.SetOnClosed)
}
