package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"portside/transfer"
)

// EditList is "Files being edited": each remote file View/Edit watches,
// with Stop watching (which deletes the private copy), and the editor
// commands setting.
type EditList struct {
	Rows     *fyne.Container
	Commands *widget.Entry // one "ext=command" a line; empty: the desktop's application
	dialog   dialog.Dialog
}

// ShowEditing opens "Files being edited".
func (m *Main) ShowEditing() {
	l := &EditList{Rows: container.NewVBox()}
	m.files().EditList = l
	l.Commands = widget.NewMultiLineEntry()
	l.Commands.SetPlaceHolder("txt=gedit\nhtml=code -w {}\n*=mousepad")
	prefs := fyne.CurrentApp().Preferences()
	l.Commands.SetText(prefs.String(editCommandsKey))
	l.Commands.OnChanged = func(s string) { prefs.SetString(editCommandsKey, s) }
	l.Commands.SetMinRowsVisible(3)
	m.fillEditList(l)
	help := widget.NewLabel(lang.X("edit.commands", "Open with (one “extension=command” a line; {} is the file, else it goes last; empty: the desktop's application):"))
	help.Wrapping = fyne.TextWrapWord
	body := container.NewBorder(nil, container.NewVBox(widget.NewSeparator(), help, l.Commands), nil, nil,
		container.NewVScroll(l.Rows))
	// dialog: edit-list
	l.dialog = dialog.NewCustom(lang.X("edit.list.title", "Files being edited"), lang.X("sm.close", "Close"), body, m.Window)
	l.dialog.Resize(fyne.NewSize(640, 420))
	l.dialog.Show()
}

// fillEditList shows one row per file being edited.
func (m *Main) fillEditList(l *EditList) {
	l.Rows.RemoveAll()
	var files int
	if m.Files != nil && m.Files.edit.mgr != nil {
		mgr := m.Files.edit.mgr
		for _, f := range mgr.Files() {
			files++
			id := f.ID
			label := widget.NewLabel(lang.X("edit.where", "{{.Path}} on {{.Site}}", map[string]any{"Path": transfer.Escape(f.Remote), "Site": transfer.Escape(f.SiteName)}))
			label.Truncation = fyne.TextTruncateEllipsis
			stop := widget.NewButton(lang.X("edit.stop", "Stop watching"), func() {
				if err := mgr.Stop(id); err != nil {
					m.setStatus(lang.X("edit.delete_failed", "Could not delete the copy: {{.Error}}", map[string]any{"Error": errorText(err)}), true)
				}
				m.fillEditList(l)
			})
			l.Rows.Add(container.NewBorder(nil, nil, nil, stop, label))
		}
	}
	if files == 0 {
		l.Rows.Add(widget.NewLabel(lang.X("edit.none", "No file is being edited. Right-click a remote file and choose View/Edit.")))
	}
	l.Rows.Refresh()
}
