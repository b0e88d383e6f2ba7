package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"portside/transfer"
)

// Action is something a pane's menu or keys ask the window to do with the
// pane's selection.
type Action int

const (
	ActionTransfer   Action = iota // upload or download now
	ActionQueue                    // add to the queue, paused
	ActionDownloadTo               // download into a folder picked in a dialog
	ActionOpen                     // enter a folder; open a local file with the desktop's app
	ActionRename
	ActionDelete
	ActionMkdir
	ActionRefresh
	ActionCopyPath
	ActionSync // synchronize the two panes' folders
	// ui/files.go carries out the ones below.
	ActionChmod      // File permissions…
	ActionNewFile    // create an empty file on the server
	ActionMkdirEnter // create a folder and enter it
	ActionCopyURL    // the selection's ftp:// URLs, without the password
	ActionEdit       // View/Edit a remote file; Edit a local one
	ActionFind       // Find files… below the remote folder
	ActionFilters    // Filename filters… (the filter bar's Edit)
	ActionOpenFile   // double-click or Enter on a file: as the settings say
)

// MenuChoice is one line of a pane's context menu; a zero Label is a
// separator.
type MenuChoice struct {
	Label    string
	Action   Action
	Disabled bool
	Shortcut fyne.Shortcut
}

// PaneMenu is the context menu of a pane on side with sel selected, as
// FileZilla orders it: transfers first, then file operations, then the
// folder's own.
func PaneMenu(side Side, sel []transfer.Entry, peerConnected bool) []MenuChoice {
	none, one := len(sel) == 0, len(sel) == 1
	transfer := lang.X("menu.upload", "Upload")
	if side == RemoteSide {
		transfer = lang.X("menu.download", "Download")
	}
	choices := []MenuChoice{
		{Label: transfer, Action: ActionTransfer, Disabled: none || !peerConnected},
		{Label: lang.X("menu.queue", "Add to queue"), Action: ActionQueue, Disabled: none || !peerConnected},
	}
	if side == RemoteSide {
		choices = append(choices, MenuChoice{Label: lang.X("menu.download_to", "Download to…"), Action: ActionDownloadTo, Disabled: none})
	}
	// A remote file would have to be downloaded first to be opened; the
	// menu offers Download for that.
	canOpen := one && (sel[0].IsDir || side == LocalSide)
	choices = append(choices,
		MenuChoice{},
		MenuChoice{Label: lang.X("menu.open", "Open"), Action: ActionOpen, Disabled: !canOpen},
	)
	choices = append(choices, editChoice(side, sel)) // ui/files.go
	choices = append(choices,
		MenuChoice{Label: lang.X("sm.rename", "Rename"), Action: ActionRename, Disabled: !one, Shortcut: &desktop.CustomShortcut{KeyName: fyne.KeyF2}},
		MenuChoice{Label: lang.X("sm.delete", "Delete"), Action: ActionDelete, Disabled: none, Shortcut: &desktop.CustomShortcut{KeyName: fyne.KeyDelete}},
	)
	choices = append(choices, fileChoices(side, sel)...) // ui/files.go
	choices = append(choices,
		MenuChoice{},
		MenuChoice{Label: lang.X("sm.new_folder", "New folder"), Action: ActionMkdir},
		MenuChoice{Label: lang.X("menu.refresh", "Refresh"), Action: ActionRefresh, Shortcut: &desktop.CustomShortcut{KeyName: fyne.KeyF5}},
		MenuChoice{Label: lang.X("menu.copy_path", "Copy path"), Action: ActionCopyPath, Shortcut: &fyne.ShortcutCopy{}},
	)
	choices = append(choices, folderChoices(side)...) // ui/files.go
	choices = append(choices,
		MenuChoice{},
		MenuChoice{Label: lang.X("menu.sync", "Synchronize…"), Action: ActionSync, Disabled: !peerConnected},
	)
	return choices
}

// showMenu pops the context menu up at the pointer.
func (p *Pane) showMenu(_ int, at fyne.Position) {
	c := fyne.CurrentApp().Driver().CanvasForObject(p)
	if c == nil || !p.Model.State().Connected {
		return
	}
	peer := p.Peer != nil && p.Peer.Model.State().Connected
	var items []*fyne.MenuItem
	for _, ch := range PaneMenu(p.Side, p.Selected(), peer) {
		if ch.Label == "" {
			items = append(items, fyne.NewMenuItemSeparator())
			continue
		}
		a := ch.Action
		items = append(items, &fyne.MenuItem{
			Label: ch.Label, Disabled: ch.Disabled, Shortcut: ch.Shortcut,
			Action: func() { p.act(a) },
		})
	}
	menu := fyne.NewMenu("", items...)
	nameMenu("pane", menu)
	// dialog: pane-menu
	widget.ShowPopUpMenuAtPosition(menu, c, at)
}
