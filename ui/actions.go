package ui

import (
	"fmt"
	"net/url"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"portside/transfer"
	"portside/transfer/queue"
)

// The window's answers to a pane's Actions. Everything that touches a file
// system goes through the pane's model (listing, mkdir, rename, delete) or
// the queue (transfers); these functions only ask the user and route.

func (m *Main) paneAction(p *Pane, a Action) {
	switch a {
	case ActionTransfer, ActionQueue:
		m.transferSelection(p, a == ActionTransfer)
	case ActionDownloadTo:
		m.askDownloadFolder(p)
	case ActionOpen:
		m.openSelection(p)
	case ActionRename:
		m.askRename(p)
	case ActionDelete:
		m.askDelete(p)
	case ActionMkdir:
		m.askMkdir(p)
	case ActionCopyPath:
		m.copyPath(p)
	case ActionSync:
		m.ShowSync()
	default:
		m.fileAction(p, a) // ui/files.go
	}
}

// transferSelection sends p's selection to the other pane's folder.
func (m *Main) transferSelection(p *Pane, start bool) {
	sel := p.Selected()
	if len(sel) == 0 {
		return
	}
	m.transferTo(p, sel, p.Peer.Model.State().Path, start)
}

// transferTo queues entries of p's folder for dstDir on the other side.
func (m *Main) transferTo(p *Pane, entries []transfer.Entry, dstDir string, start bool) {
	srcs := make([]Source, len(entries))
	for i, e := range entries {
		srcs[i] = Source{Path: p.Model.PathOf(e.Name), Entry: e}
	}
	m.enqueue(p.Side, srcs, dstDir, start)
}

// enqueue queues srcs from side from into folder dstDir of the other side.
func (m *Main) enqueue(from Side, srcs []Source, dstDir string, start bool) {
	state, site, _ := m.Conn.State()
	if m.Transfers == nil {
		m.setStatus("No transfer queue: see the message log.", true)
		return
	}
	if state != Connected {
		m.setStatus("Connect to a server first: transfers need the remote side.", true)
		return
	}
	if len(srcs) == 0 || dstDir == "" {
		return
	}
	dir, dst := queue.Upload, m.Remote.Model.FS()
	if from == RemoteSide {
		dir, dst = queue.Download, m.Local.Model.FS()
	}
	if dst == nil {
		return
	}
	items := QueueItems(dir, site.Key(), dst, dstDir, srcs)
	entries := make([]transfer.Entry, len(srcs))
	for i, s := range srcs {
		entries[i] = s.Entry
	}
	what := fmt.Sprintf("%s %s to %s", map[queue.Direction]string{queue.Upload: "upload", queue.Download: "download"}[dir], describe(entries), dstDir)
	// Say it now: the queue may finish before Add returns, and its "finished"
	// must not be overwritten by a late "queued".
	if start {
		m.setStatus("Queued the "+what+".", false)
	} else {
		m.setStatus("Added the "+what+" to the queue, paused: Resume starts it.", false)
	}
	m.Transfers.Add(items, start, func(err error) {
		if err != nil {
			m.do(func() {
				m.setStatus("Could not queue the "+what+": "+err.Error(), true)
				m.logFailure(err)
			})
		}
	})
	m.Queue.ShowTab(TabQueued)
}

// askDownloadFolder is "Download to…": Fyne cannot drag out to the
// desktop's file manager, so a folder picker takes its place.
func (m *Main) askDownloadFolder(p *Pane) {
	sel := p.Selected()
	if len(sel) == 0 || p.Side != RemoteSide {
		return
	}
	// dialog: download-to
	d := dialog.NewFolderOpen(func(dir fyne.ListableURI, err error) {
		if err != nil || dir == nil {
			return
		}
		m.DownloadTo(sel, dir.Path())
	}, m.Window)
	if here := m.Local.Model.State().Path; here != "" {
		if l, err := storage.ListerForURI(storage.NewFileURI(here)); err == nil {
			d.SetLocation(l)
		}
	}
	d.SetConfirmText("Download here")
	// Fyne titles a folder dialog "<confirm text> Folder": "Download here
	// Folder". Say what the dialog is for instead.
	d.SetTitleText(DownloadFolderTitle)
	d.Show()
}

// DownloadFolderTitle is the title of "Download to…"'s folder picker.
const DownloadFolderTitle = "Download to which folder?"

// DownloadTo downloads entries of the remote pane's folder into the local
// folder dir: the end of "Download to…".
func (m *Main) DownloadTo(entries []transfer.Entry, dir string) {
	m.transferTo(m.Remote, entries, dir, true)
}

// openSelection enters a folder, or opens a local file with the desktop's
// application for it.
func (m *Main) openSelection(p *Pane) {
	sel := p.Selected()
	if len(sel) != 1 {
		return
	}
	e := sel[0]
	if e.IsDir {
		p.Model.Navigate(p.Model.PathOf(e.Name))
		return
	}
	if p.Side != LocalSide {
		return
	}
	u := &url.URL{Scheme: "file", Path: p.Model.PathOf(e.Name)}
	if err := fyne.CurrentApp().OpenURL(u); err != nil {
		m.setStatus("Cannot open "+e.Name+": "+err.Error(), true)
	}
}

func (m *Main) askRename(p *Pane) {
	sel := p.Selected()
	if len(sel) != 1 {
		return
	}
	old := sel[0].Name
	e := m.askName("Rename", "Rename", old, func(name string) error {
		if name == old {
			return fmt.Errorf("type a new name")
		}
		return nil
	}, func(name string) { p.Model.Rename(old, name) })
	selectPrefix(&e.Entry, RenameSelection(old, sel[0].IsDir))
}

func (m *Main) askMkdir(p *Pane) {
	m.askName("New folder", "Create", "", nil, p.Model.Mkdir)
}

// askName asks for a file name in a small form; extra adds a check to the
// one every name gets (a single, plain path element).
func (m *Main) askName(title, confirm, initial string, extra func(string) error, done func(string)) *nameEntry {
	e := newNameEntry()
	e.SetText(initial)
	e.Validator = func(s string) error {
		if err := transfer.CheckName(s); err != nil {
			return fmt.Errorf("not a file name")
		}
		if extra != nil {
			return extra(s)
		}
		return nil
	}
	nameObject("dlg.name", e)
	// dialog: name-form
	form := dialog.NewForm(title, confirm, "Cancel", []*widget.FormItem{widget.NewFormItem("Name", e)}, func(ok bool) {
		if ok {
			done(e.Text)
		}
	}, m.Window)
	e.form = form
	keysForDialog(m.Window.Canvas(), form.Submit, form.Dismiss, form.SetOnClosed)
	form.Resize(fyne.NewSize(420, form.MinSize().Height))
	form.Show()
	m.Window.Canvas().Focus(e)
	return e
}

// askDelete lists what would go and deletes it when the user agrees.
func (m *Main) askDelete(p *Pane) {
	sel := p.Selected()
	if len(sel) == 0 {
		return
	}
	s := p.Model.State()
	text := widget.NewLabel(DeleteText(p.Side, s.Path, sel))
	nameObject("dlg.delete", text)
	// dialog: delete-confirm
	d := dialog.NewCustomConfirm(fmt.Sprintf("Delete %s?", describe(sel)), "Delete", "Cancel", text, func(ok bool) {
		if ok {
			p.Model.Delete(sel)
		}
	}, m.Window)
	d.SetConfirmImportance(widget.DangerImportance)
	keysForConfirm(m.Window.Canvas(), d)
	d.Show()
}

// deleteListMax is how many names the confirmation lists before it counts.
const deleteListMax = 12

// DeleteText is the delete confirmation's body: where, what, and that
// folders go with everything in them.
func DeleteText(side Side, dir string, entries []transfer.Entry) string {
	where := "this computer"
	if side == RemoteSide {
		where = "the server"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "These will be deleted from %s, in %s:\n\n", where, dir)
	folders := false
	for i, e := range entries {
		if i == deleteListMax {
			fmt.Fprintf(&b, "  … and %d more\n", len(entries)-deleteListMax)
			break
		}
		switch {
		case e.IsLink:
			fmt.Fprintf(&b, "  %s (the link only)\n", e.Name)
		case e.IsDir:
			fmt.Fprintf(&b, "  %s/ (the folder and everything in it)\n", e.Name)
			folders = true
		default:
			fmt.Fprintf(&b, "  %s\n", e.Name)
		}
	}
	if folders {
		b.WriteString("\nFolders are deleted with all their contents. ")
	} else {
		b.WriteString("\n")
	}
	b.WriteString("This cannot be undone.")
	return b.String()
}

// copyPath puts the selected paths, one a line, or the folder's path on
// the clipboard: the text the desktop can take, since Fyne cannot drag
// files out to it.
func (m *Main) copyPath(p *Pane) {
	var paths []string
	for _, e := range p.Selected() {
		paths = append(paths, p.Model.PathOf(e.Name))
	}
	if len(paths) == 0 {
		paths = []string{p.Model.State().Path}
	}
	fyne.CurrentApp().Clipboard().SetContent(strings.Join(paths, "\n"))
	m.setStatus("Copied "+plural(len(paths), "path", "paths")+" to the clipboard.", false)
}
