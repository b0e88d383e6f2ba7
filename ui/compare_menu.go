package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"

	"portside/transfer/dircompare"
)

// viewMenu is View → Directory comparison (with its mode) and View →
// Synchronized browsing, as in FileZilla. Checked items are toggled in
// place and the menu refreshed, so the native menu shows the check.
// The items act on the current tab's comparison (ui/tabs.go); a tab
// switch shows that tab's checks (m.viewSync).
func (m *Main) viewMenu() *fyne.Menu {
	var menu *fyne.Menu
	compare := fyne.NewMenuItem(lang.X("menu.compare", "Directory comparison"), nil)
	bySize := fyne.NewMenuItem(lang.X("menu.compare.size", "Compare by size"), nil)
	byTime := fyne.NewMenuItem(lang.X("menu.compare.time", "Compare by size and modification time"), nil)
	syncBrowse := fyne.NewMenuItem(lang.X("menu.sync_browse", "Synchronized browsing"), nil)
	// FileZilla's keys: Ctrl+O compares, Ctrl+Y browses in step.
	compare.Shortcut = compareShortcut
	syncBrowse.Shortcut = syncBrowseShortcut
	sync := func() {
		c := m.Compare
		compare.Checked = c.Enabled
		bySize.Checked = c.Mode == dircompare.BySize
		byTime.Checked = c.Mode == dircompare.BySizeAndTime
		syncBrowse.Checked = c.SyncBrowsing
		if menu != nil {
			menu.Refresh()
		}
	}
	compare.Action = func() { m.Compare.SetEnabled(!m.Compare.Enabled); sync() }
	bySize.Action = func() { m.Compare.SetMode(dircompare.BySize); sync() }
	byTime.Action = func() { m.Compare.SetMode(dircompare.BySizeAndTime); sync() }
	syncBrowse.Action = func() {
		c := m.Compare
		c.SetSyncBrowsing(!c.SyncBrowsing)
		if c.SyncBrowsing {
			m.setStatus(lang.X("status.sync_browse", "Synchronized browsing: opening a folder on one side opens the same folder on the other."), false)
		}
		sync()
	}
	menu = fyne.NewMenu(lang.X("menu.view", "View"), compare, bySize, byTime, fyne.NewMenuItemSeparator(), syncBrowse)
	m.viewSync = sync
	sync()
	return menu
}

var (
	compareShortcut    = &desktop.CustomShortcut{KeyName: fyne.KeyO, Modifier: fyne.KeyModifierShortcutDefault}
	syncBrowseShortcut = &desktop.CustomShortcut{KeyName: fyne.KeyY, Modifier: fyne.KeyModifierShortcutDefault}
)
