package ui

import (
	"errors"
	"fmt"
	"net/url"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
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
		m.setStatus(lang.X("sync.no_queue", "No transfer queue: see the message log."), true)
		return
	}
	if state != Connected {
		m.setStatus(lang.X("action.connect_first", "Connect to a server first: transfers need the remote side."), true)
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
	what := lang.X("action.upload_what", "upload {{.What}} to {{.Folder}}", map[string]any{"What": describe(entries), "Folder": dstDir})
	if dir == queue.Download {
		what = lang.X("action.download_what", "download {{.What}} to {{.Folder}}", map[string]any{"What": describe(entries), "Folder": dstDir})
	}
	// Say it now: the queue may finish before Add returns, and its "finished"
	// must not be overwritten by a late "queued".
	if start {
		m.setStatus(lang.X("action.queued", "Queued the {{.What}}.", map[string]any{"What": what}), false)
	} else {
		m.setStatus(lang.X("action.queued_paused", "Added the {{.What}} to the queue, paused: Resume starts it.", map[string]any{"What": what}), false)
	}
	m.Transfers.Add(items, start, func(err error) {
		if err != nil {
			m.do(func() {
				m.setStatus(lang.X("action.queue_failed", "Could not queue the {{.What}}: {{.Error}}", map[string]any{"What": what, "Error": errorText(err)}), true)
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
	d.SetConfirmText(lang.X("action.download_here", "Download here"))
	// Fyne titles a folder dialog "<confirm text> Folder": "Download here
	// Folder". Say what the dialog is for instead.
	d.SetTitleText(lang.X("action.download_folder", DownloadFolderTitle))
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
		m.setStatus(lang.X("action.open_failed", "Cannot open {{.Name}}: {{.Error}}", map[string]any{"Name": e.Name, "Error": errorText(err)}), true)
	}
}

func (m *Main) askRename(p *Pane) {
	sel := p.Selected()
	if len(sel) != 1 {
		return
	}
	old := sel[0].Name
	e := m.askName(lang.X("sm.rename", "Rename"), lang.X("sm.rename", "Rename"), old, func(name string) error {
		if name == old {
			return errors.New(lang.X("action.err.same_name", "type a new name"))
		}
		return nil
	}, func(name string) { p.Model.Rename(old, name) })
	selectPrefix(&e.Entry, RenameSelection(old, sel[0].IsDir))
}

func (m *Main) askMkdir(p *Pane) {
	m.askName(lang.X("sm.new_folder", "New folder"), lang.X("sm.create", "Create"), "", nil, p.Model.Mkdir)
}

// askName asks for a file name in a small form; extra adds a check to the
// one every name gets (a single, plain path element).
func (m *Main) askName(title, confirm, initial string, extra func(string) error, done func(string)) *nameEntry {
	e := newNameEntry()
	e.SetText(initial)
	e.Validator = func(s string) error {
		if err := transfer.CheckName(s); err != nil {
			return errors.New(lang.X("action.err.not_a_name", "not a file name"))
		}
		if extra != nil {
			return extra(s)
		}
		return nil
	}
	nameObject("dlg.name", e)
	// dialog: name-form
	form := dialog.NewForm(title, confirm, lang.X("dlg.cancel", "Cancel"), []*widget.FormItem{widget.NewFormItem(lang.X("sync.job.name", "Name"), e)}, func(ok bool) {
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
	d := dialog.NewCustomConfirm(lang.X("delete.title", "Delete {{.What}}?", map[string]any{"What": describe(sel)}), lang.X("sm.delete", "Delete"), lang.X("dlg.cancel", "Cancel"), text, func(ok bool) {
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
	var b strings.Builder
	if side == RemoteSide {
		b.WriteString(lang.X("delete.intro.server", "These will be deleted from the server, in {{.Folder}}:", map[string]any{"Folder": dir}) + "\n\n")
	} else {
		b.WriteString(lang.X("delete.intro.local", "These will be deleted from this computer, in {{.Folder}}:", map[string]any{"Folder": dir}) + "\n\n")
	}
	folders := false
	for i, e := range entries {
		if i == deleteListMax {
			b.WriteString("  " + lang.X("delete.more", "… and {{.Count}} more", map[string]any{"Count": len(entries) - deleteListMax}) + "\n")
			break
		}
		switch {
		case e.IsLink:
			b.WriteString("  " + lang.X("delete.link", "{{.Name}} (the link only)", map[string]any{"Name": e.Name}) + "\n")
		case e.IsDir:
			b.WriteString("  " + lang.X("delete.folder", "{{.Name}}/ (the folder and everything in it)", map[string]any{"Name": e.Name}) + "\n")
			folders = true
		default:
			fmt.Fprintf(&b, "  %s\n", e.Name)
		}
	}
	if folders {
		b.WriteString("\n" + lang.X("delete.folders_note", "Folders are deleted with all their contents.") + " ")
	} else {
		b.WriteString("\n")
	}
	b.WriteString(lang.X("delete.no_undo", "This cannot be undone."))
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
	m.setStatus(lang.X("action.copied_paths", "Copied {{.Paths}} to the clipboard.", map[string]any{"Paths": lang.XN("count.paths", english(len(paths), "1 path", "{{.Count}} paths"), len(paths), map[string]any{"Count": len(paths)})}), false)
}
