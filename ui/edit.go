package ui

import (
	"context"
	"errors"
	"os"
	"path"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"portside/transfer"
	"portside/transfer/edit"
	"portside/transfer/queue"
)

// View/Edit: a remote file is copied into a private folder, opened in the
// user's editor and watched; each save asks "Upload the changed file to
// SERVER/PATH?" and uploads through the queue, which writes a part file
// and renames it, so the server never holds half a file. See
// transfer/edit for the copies and the watching.

// editCommandsKey is the preference holding the editor commands, one
// "ext=command" a line (edit.ParseCommands); empty: the desktop's opener.
const editCommandsKey = "edit.commands"

// editing is the state View/Edit keeps in FileTools.
type editing struct {
	mgr     *edit.Manager
	uploads map[string]editUpload // queue item source (a copy) → where it goes
	// Question is the open "Upload the changed file?" or conflict dialog.
	question dialog.Dialog
}

type editUpload struct {
	id  int
	dst string
}

// editor is the View/Edit manager, started on first use (it empties the
// folder of copies an earlier run left).
func (m *Main) editor() (*edit.Manager, error) {
	ft := m.files()
	if ft.edit.mgr != nil {
		return ft.edit.mgr, nil
	}
	root := ft.EditRoot
	if root == "" {
		r, err := edit.DefaultRoot()
		if err != nil {
			return nil, err
		}
		root = r
	}
	mgr, err := edit.NewManager(root)
	if err != nil {
		return nil, err
	}
	mgr.OnSaved = func(f edit.File) { m.do(func() { m.askUpload(f) }) }
	ft.edit.mgr, ft.edit.uploads = mgr, map[string]editUpload{}
	return mgr, nil
}

// Editing are the files View/Edit watches.
func (ft *FileTools) Editing() []edit.File {
	if ft == nil || ft.edit.mgr == nil {
		return nil
	}
	return ft.edit.mgr.Files()
}

// closeFiles deletes the copies when the window closes.
func (m *Main) closeFiles() {
	if m.Files != nil && m.Files.edit.mgr != nil {
		m.Files.edit.mgr.Close()
	}
}

// viewEdit is View/Edit on a remote file and Edit on a local one.
func (m *Main) viewEdit(p *Pane) {
	sel := p.Selected()
	if len(sel) != 1 || sel[0].IsDir {
		return
	}
	e := sel[0]
	if p.Side == LocalSide {
		if err := m.openInEditor(p.Model.PathOf(e.Name)); err != nil {
			m.setStatus(lang.X("edit.cannot", "Cannot edit {{.Name}}: {{.Error}}", map[string]any{"Name": e.Name, "Error": errorText(err)}), true)
		}
		return
	}
	mgr, err := m.editor()
	if err != nil {
		m.setStatus(lang.X("edit.unavailable", "View/Edit is not available: {{.Error}}", map[string]any{"Error": errorText(err)}), true)
		return
	}
	_, site, _ := m.Conn.State()
	fsys, remote := p.Model.FS(), p.Model.PathOf(e.Name)
	m.setStatus(lang.X("edit.downloading", "Downloading {{.Name}} to edit it…", map[string]any{"Name": e.Name}), false)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
		defer cancel()
		f, err := mgr.Fetch(ctx, fsys, site.Key(), site.Name(), remote)
		m.do(func() {
			if err != nil {
				m.setStatus(lang.X("action.open_failed", "Cannot open {{.Name}}: {{.Error}}", map[string]any{"Name": e.Name, "Error": errorText(err)}), true)
				m.logFailure(err)
				return
			}
			if err := m.openInEditor(f.Local); err != nil {
				m.setStatus(lang.X("action.open_failed", "Cannot open {{.Name}}: {{.Error}}", map[string]any{"Name": e.Name, "Error": errorText(err)}), true)
				mgr.Stop(f.ID)
				return
			}
			m.setStatus(lang.X("edit.editing", "Editing {{.Name}}: each save asks before it is uploaded (File › Files being edited).", map[string]any{"Name": e.Name}), false)
		})
	}()
}

// openInEditor starts the editor command set for the file's type, or the
// desktop's application for it, and does not wait for it.
func (m *Main) openInEditor(local string) error {
	cmds := edit.ParseCommands(fyne.CurrentApp().Preferences().String(editCommandsKey))
	cmd, err := edit.Command(cmds, local)
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	go cmd.Wait() // reap it; an editor that forks returns at once anyway
	return nil
}

// askUpload is the question after a save.
func (m *Main) askUpload(f edit.File) {
	if f.Always {
		m.checkAndUpload(f)
		return
	}
	text := widget.NewLabel(lang.X("edit.changed", "{{.Name}} was changed.\nUpload the changed file to {{.Path}} on {{.Site}}?",
		map[string]any{"Name": transfer.Escape(path.Base(f.Remote)), "Path": transfer.Escape(f.Remote), "Site": transfer.Escape(f.SiteName)}))
	var d dialog.Dialog
	yes := widget.NewButton(lang.X("dlg.yes", "Yes"), func() { d.Hide(); m.checkAndUpload(f) })
	yes.Importance = widget.HighImportance
	no := widget.NewButton(lang.X("dlg.no", "No"), func() { d.Hide() })
	always := widget.NewButton(lang.X("edit.always", "Always for this file"), func() {
		d.Hide()
		if mgr, err := m.editor(); err == nil {
			mgr.SetAlways(f.ID)
		}
		m.checkAndUpload(f)
	})
	nameObject("dlg.edit-changed", text) // for scripts/dialogs-xvfb.sh
	nameObject("edit.yes", yes)
	// dialog: edit-changed
	d = dialog.NewCustomWithoutButtons(lang.X("edit.changed.title", "File changed"), container.NewVBox(text, container.NewHBox(yes, no, always)), m.Window)
	m.files().edit.question = d
	d.Show()
}

// checkAndUpload compares the server's file with the one opened, then
// uploads, or asks what to do when someone else changed it.
func (m *Main) checkAndUpload(f edit.File) {
	mgr, err := m.editor()
	fsys := m.Remote.Model.FS()
	if err != nil || fsys == nil {
		m.setStatus(lang.X("edit.not_connected", "Cannot upload {{.Name}}: not connected.", map[string]any{"Name": path.Base(f.Remote)}), true)
		return
	}
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		st, err := mgr.Check(ctx, fsys, f.ID)
		m.do(func() {
			switch {
			case err != nil:
				m.setStatus(lang.X("edit.cannot_check", "Cannot check {{.Path}} on the server: {{.Error}}", map[string]any{"Path": f.Remote, "Error": errorText(err)}), true)
			case st.Changed && !st.Gone:
				m.askConflict(f, st)
			default:
				m.uploadEdit(f, f.Remote)
			}
		})
	}()
}

// askConflict offers the choices when the server's copy changed since it
// was opened: never overwrite it silently.
func (m *Main) askConflict(f edit.File, st edit.ServerState) {
	text := widget.NewLabel(lang.X("edit.conflict", "{{.Path}} on {{.Site}} changed on the server since you opened it: {{.Why}}.\n"+
		"Uploading yours would replace that change.", map[string]any{"Path": transfer.Escape(f.Remote), "Site": transfer.Escape(f.SiteName), "Why": st.Why}))
	var d dialog.Dialog
	mine := widget.NewButton(lang.X("edit.mine", "Replace it with mine"), func() { d.Hide(); m.uploadEdit(f, f.Remote) })
	theirs := widget.NewButton(lang.X("edit.theirs", "Keep the server's"), func() {
		d.Hide()
		m.setStatus(lang.X("edit.kept", "Kept the server's {{.Name}}; your copy was not uploaded.", map[string]any{"Name": path.Base(f.Remote)}), false)
	})
	other := widget.NewButton(lang.X("edit.save_as", "Save mine as…"), func() {
		d.Hide()
		dir := path.Dir(f.Remote)
		m.askName(lang.X("edit.save_as.title", "Save as another name"), lang.X("menu.upload", "Upload"), path.Base(f.Remote)+".mine", func(s string) error {
			if s == path.Base(f.Remote) {
				return errors.New(lang.X("edit.err.name", "give another name"))
			}
			return nil
		}, func(name string) { m.uploadEdit(f, path.Join(dir, name)) })
	})
	nameObject("dlg.edit-conflict", text) // for scripts/dialogs-xvfb.sh
	nameObject("edit.theirs", theirs)
	// dialog: edit-conflict
	d = dialog.NewCustomWithoutButtons(lang.X("edit.conflict.title", "Changed on the server"), container.NewVBox(text, container.NewHBox(mine, theirs, other)), m.Window)
	m.files().edit.question = d
	d.Show()
}

// uploadEdit queues the copy of f for dst: an upload that replaces, via a
// part file the queue renames when complete.
func (m *Main) uploadEdit(f edit.File, dst string) {
	fsys := m.Remote.Model.FS()
	if m.Transfers == nil || fsys == nil {
		m.setStatus(lang.X("edit.no_queue", "Cannot upload {{.Name}}: no transfer queue or no connection.", map[string]any{"Name": path.Base(f.Remote)}), true)
		return
	}
	fi, err := os.Stat(f.Local)
	if err != nil {
		m.setStatus(lang.X("edit.upload_failed", "Cannot upload {{.Name}}: {{.Error}}", map[string]any{"Name": path.Base(f.Remote), "Error": errorText(err)}), true)
		return
	}
	m.files().edit.uploads[f.Local] = editUpload{id: f.ID, dst: dst}
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		it := queue.Item{Site: f.Site, Dir: queue.Upload, Src: f.Local, Dst: dst, Size: fi.Size(),
			ModTime: fi.ModTime(), Exists: queue.Overwrite, Part: queue.PartFor(ctx, fsys, dst)}
		m.do(func() {
			m.setStatus(lang.X("edit.uploading", "Uploading {{.Name}}…", map[string]any{"Name": path.Base(dst)}), false)
			m.Transfers.Add([]queue.Item{it}, true, func(err error) {
				if err != nil {
					m.do(func() {
						m.setStatus(lang.X("edit.queue_failed", "Could not queue {{.Name}}: {{.Error}}", map[string]any{"Name": path.Base(dst), "Error": errorText(err)}), true)
					})
				}
			})
		})
	}()
}

// editEnded hears of queue items that end: an edited file's upload says
// in the status bar when it landed, and the server's new size and time
// become what the next save compares with.
func (m *Main) editEnded(it queue.Item) {
	if m.Files == nil || m.Files.edit.mgr == nil || it.Dir != queue.Upload {
		return
	}
	up, ok := m.Files.edit.uploads[it.Src]
	if !ok || up.dst != it.Dst {
		return
	}
	delete(m.Files.edit.uploads, it.Src)
	_, site, _ := m.Conn.State()
	where := lang.X("edit.where", "{{.Path}} on {{.Site}}", map[string]any{"Path": transfer.Escape(it.Dst), "Site": transfer.Escape(site.Name())})
	// Said after the queue's own "Transfers finished", which the same
	// batch of events sets after this.
	if it.State != queue.Done {
		m.do(func() {
			m.setStatus(lang.X("edit.failed", "The upload of {{.Where}} failed: {{.Error}}", map[string]any{"Where": where, "Error": itemError(it)}), true)
		})
		return
	}
	landed := time.Now().Format("15:04:05")
	said := func() {
		m.do(func() {
			m.setStatus(lang.X("edit.uploaded", "Uploaded to {{.Where}} at {{.Time}}.", map[string]any{"Where": where, "Time": landed}), false)
		})
	}
	mgr, fsys := m.Files.edit.mgr, m.Remote.Model.FS()
	f, ok := mgr.Get(up.id)
	if !ok || fsys == nil || up.dst != f.Remote {
		said()
		return
	}
	// "Uploaded" is said once the server's new state is what the next save
	// compares with: a change someone makes after the user read it is then
	// a change since the upload, and the next save asks about it.
	go func() {
		defer said()
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if now, err := fsys.Stat(ctx, f.Remote); err == nil {
			mgr.Landed(f.ID, now)
		}
	}()
}
