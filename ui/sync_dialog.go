package ui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"portside/transfer"
	syncplan "portside/transfer/sync"
)

// SyncDialog is Synchronize…: the rules (direction, comparison, only
// newer, delete with its cap, excludes) for the two panes' folders, then
// the plan in a SyncPreview, then the run through the window's queue (the
// copies are one batch in the queue panel). Walking and planning run off
// the UI goroutine; Cancel in the preview stops them.
type SyncDialog struct {
	Direction *widget.RadioGroup
	Compare   *widget.Select
	OnlyNewer *widget.Check
	Delete    *widget.Check
	MaxDelete *widget.Entry
	Exclude   *widget.Entry // one pattern a line
	Problem   *widget.Label // what keeps the rules from working, or that the job was saved
	SaveJob   *widget.Button
	Start     *widget.Button // lang.X("sync.compare_button", "Compare…"): walk, plan and preview
	Close     *widget.Button

	// Dialog holds the rules; PreviewDialog the plan, once Start was
	// pressed. Asking is the job name question, JobName its entry.
	Dialog        *dialog.CustomDialog
	Preview       *SyncPreview
	PreviewDialog *dialog.CustomDialog
	Asking        dialog.Dialog
	JobName       *widget.Entry

	// Set on the UI goroutine when a run ends.
	Finished bool
	Result   *syncplan.Result
	Err      error

	m             *Main
	site          Site
	local, remote string
	cancel        context.CancelFunc
}

func compareLabels() []string {
	return []string{lang.X("sync.compare.time", "Size and modification time"), lang.X("sync.compare.size", "Size only"),
		lang.X("sync.compare.always", "Always (copy every file)")}
}

// Direction labels, in the order of syncplan's directions.
func directionLabels() []string {
	return []string{lang.X("sync.direction.upload", "Upload: make the server's folder match the local one"),
		lang.X("sync.direction.download", "Download: make the local folder match the server's")}
}

// ShowSync opens the Synchronize dialog for the folders the panes show;
// it needs a connection (the status bar says so otherwise).
func (m *Main) ShowSync() *SyncDialog {
	state, site, _ := m.Conn.State()
	local, remote := m.Local.Model.State().Path, m.Remote.Model.State().Path
	switch {
	case m.Transfers == nil:
		m.setStatus(lang.X("sync.no_queue", "No transfer queue: see the message log."), true)
		return nil
	case state != Connected || remote == "":
		m.setStatus(lang.X("sync.connect_first", "Connect to a server first: Synchronize compares the local folder with the server's."), true)
		return nil
	case local == "":
		m.setStatus(lang.X("sync.local_first", "Open a local folder first."), true)
		return nil
	}
	d := newSyncDialog(m, site, local, remote)
	m.Sync = d
	d.Dialog.Show()
	return d
}

func newSyncDialog(m *Main, site Site, local, remote string) *SyncDialog {
	d := &SyncDialog{m: m, site: site, local: local, remote: remote}
	d.Direction = widget.NewRadioGroup(directionLabels(), nil)
	d.Direction.SetSelected(directionLabels()[0])
	d.Direction.Required = true
	d.Compare = widget.NewSelect(compareLabels(), nil)
	d.Compare.SetSelectedIndex(0)
	d.OnlyNewer = widget.NewCheck(lang.X("sync.only_newer", "Never replace a file that is newer than its source"), nil)
	d.MaxDelete = widget.NewEntry()
	d.MaxDelete.SetText(strconv.Itoa(syncplan.DefaultMaxDelete))
	d.MaxDelete.Disable()
	d.Delete = widget.NewCheck(lang.X("sync.delete", "Delete what is gone from the source, at most"), func(on bool) { setEnabled(d.MaxDelete, on) })
	d.Exclude = widget.NewMultiLineEntry()
	d.Exclude.SetPlaceHolder(lang.X("sync.exclude.none", "nothing excluded"))
	d.Exclude.SetMinRowsVisible(3)
	d.Problem = widget.NewLabel("")
	d.Problem.Wrapping = fyne.TextWrapWord
	d.Problem.Importance = widget.DangerImportance
	d.Problem.Hide()

	folders := widget.NewLabel(lang.X("sync.folders", "Local:   {{.Local}}\nServer:  {{.Remote}} on {{.Site}}", map[string]any{"Local": local, "Remote": remote, "Site": site.Name()}))
	folders.TextStyle.Monospace = true
	folders.Truncation = fyne.TextTruncateEllipsis
	maxDel := container.NewBorder(nil, nil, d.Delete, widget.NewLabel(lang.X("sync.items", "items")), d.MaxDelete)
	form := widget.NewForm(
		widget.NewFormItem(lang.X("sync.direction", "Direction"), d.Direction),
		widget.NewFormItem(lang.X("sync.compare", "Compare by"), d.Compare),
		widget.NewFormItem("", d.OnlyNewer),
		widget.NewFormItem("", maxDel),
		widget.NewFormItem(lang.X("sync.exclude", "Exclude"), d.Exclude),
	)
	hint := widget.NewLabel(lang.X("sync.hint", "One pattern a line: *.tmp leaves out such files in every folder, cache/ a folder, "+
		"/build the one at the top. Comparing changes nothing; Run first measures the server's clock "+
		"with a small file it deletes at once."))
	hint.Wrapping = fyne.TextWrapWord
	hint.Importance = widget.LowImportance
	content := container.NewVBox(folders, widget.NewSeparator(), form, hint, d.Problem)

	d.SaveJob = widget.NewButtonWithIcon(lang.X("sync.save_job", "Save as job…"), theme.DocumentSaveIcon(), d.askJobName)
	d.Close = widget.NewButton(lang.X("dlg.cancel", "Cancel"), func() { d.Dialog.Hide() })
	d.Start = widget.NewButtonWithIcon(lang.X("sync.compare_button", "Compare…"), theme.SearchIcon(), d.compare)
	d.Start.Importance = widget.HighImportance
	nameObject("sync.savejob", d.SaveJob)
	nameObject("sync.cancel", d.Close)
	nameObject("sync.compare", d.Start)
	// dialog: sync
	d.Dialog = dialog.NewCustomWithoutButtons(lang.X("sync.title", "Synchronize"), content, m.Window)
	d.Dialog.SetButtons([]fyne.CanvasObject{d.SaveJob, d.Close, d.Start})
	d.Dialog.Resize(fyne.NewSize(720, 0))
	return d
}

// Options reads the rules; the error says what to fix.
func (d *SyncDialog) Options() (syncplan.Options, error) {
	var o syncplan.Options
	if d.Direction.Selected == directionLabels()[1] {
		o.Direction = syncplan.Download
	}
	o.Compare = syncplan.Compare(max(d.Compare.SelectedIndex(), 0))
	o.OnlyNewer = d.OnlyNewer.Checked
	o.Delete = d.Delete.Checked
	if o.Delete {
		n, err := strconv.Atoi(strings.TrimSpace(d.MaxDelete.Text))
		if err != nil || n < 1 {
			return o, errors.New(lang.X("sync.err.max_delete", "enter how many items a sync may delete at most, a number such as 100"))
		}
		o.MaxDelete = n
	}
	for _, line := range strings.Split(d.Exclude.Text, "\n") {
		if p := strings.TrimSpace(line); p != "" {
			o.Exclude = append(o.Exclude, p)
		}
	}
	return o, o.Validate()
}

func (d *SyncDialog) problem(err error) {
	if err == nil {
		d.Problem.Hide()
		return
	}
	d.Problem.Importance = widget.DangerImportance
	d.Problem.SetText(err.Error())
	d.Problem.Show()
}

// runner is the sync of the dialog's folders with opts, its sessions
// dialled as the queue's are.
func (d *SyncDialog) runner(opts syncplan.Options) *syncplan.Runner {
	n := opts.Parallel
	if n == 0 {
		n = 2
	}
	opts.NameFilter = transferFilter() // at run time, not saved with a job (filter_dialog.go)
	key := d.site.Key()
	t := d.m.Transfers
	// Sessions go both ways: the queue takes the walk's idle ones for the
	// copies (Transfers.Lend), and the listing after them takes the
	// queue's.
	dial := func(ctx context.Context) (transfer.FS, error) {
		if fs, ok := t.Queue.TakeIdle(key); ok {
			return fs, nil
		}
		return t.DialSite(ctx, key)
	}
	return &syncplan.Runner{
		Pair:      syncplan.Pair{Site: d.site.PairName(), Remote: d.remote, Local: d.local},
		LocalRoot: d.local, RemoteRoot: d.remote, Options: opts,
		Local: syncplan.LocalPool(n), Remote: syncplan.NewPool(dial, n), SharedSessions: true,
		Manifests: d.m.manifests(), Queue: t.Queue, Site: key,
	}
}

// ClockChangedNote is the preview's note when the clock Run measured
// changed the plan.
func ClockChangedNote() string {
	return lang.X("sync.clock_changed", "The server's clock, measured for the run, changed the plan: check it and press Run again.")
}

// compare walks both folders and plans in the background, showing the
// plan in the preview when it comes.
func (d *SyncDialog) compare() {
	opts, err := d.Options()
	d.problem(err)
	if err != nil {
		return
	}
	d.Dialog.Hide()
	r := d.runner(opts)
	ctx, cancel := context.WithCancel(d.m.syncCtx)
	d.cancel = cancel

	d.Preview = NewSyncPreview(d.title(opts.Direction))
	// dialog: sync-preview
	d.PreviewDialog = dialog.NewCustomWithoutButtons(lang.X("sync.preview.title", "Synchronize: preview"), d.Preview, d.m.Window)
	d.PreviewDialog.Resize(fyne.NewSize(1000, 620))
	var prep *syncplan.Prepared
	d.Preview.OnCancel = func() {
		cancel()
		go r.Remote.Close()
		d.PreviewDialog.Hide()
		d.m.setStatus(lang.X("sync.cancelled", "Synchronize cancelled: nothing was changed."), false)
	}
	measuring := false
	d.Preview.OnRun = func(plan *syncplan.Plan) {
		if measuring || prep == nil {
			return
		}
		measuring = true
		d.m.setStatus(lang.X("sync.measuring", "Measuring the server's clock (a small file is written and deleted)…"), false)
		go func() {
			// Compare wrote nothing; the run, now approved, may: the probe
			// measures the clock, and a plan it changes is shown again.
			changed, err := r.Remeasure(ctx, prep)
			d.m.do(func() {
				measuring = false
				if ctx.Err() != nil {
					return
				}
				if changed {
					d.Preview.SetPlan(prep.Plan, append(planNotes(prep.NoteWhys), ClockChangedNote()), err)
					d.m.setStatus(lang.X("sync.clock_plan", "The server's clock changed the plan: check it, then press Run again."), false)
					return
				}
				d.PreviewDialog.Hide()
				d.run(ctx, r, prep, plan)
			})
		}()
	}
	d.PreviewDialog.Show()
	d.m.setStatus(lang.X("sync.comparing", "Comparing {{.Local}} with {{.Remote}}…", map[string]any{"Local": d.local, "Remote": d.remote}), false)
	go func() {
		// A dry run: comparing writes nothing on the server (Run measures
		// the clock with a probe file, see OnRun).
		p, err := r.Prepare(ctx, true, nil)
		if ctx.Err() != nil {
			r.Remote.Close() // cancelled: the sessions that were busy are back now
			return
		}
		d.m.do(func() {
			if p == nil {
				cancel()
				go r.Remote.Close()
				d.Preview.SetPlan(nil, nil, nil)
				d.Preview.Summary.SetText(lang.X("sync.not_compared", "The folders could not be compared."))
				d.Preview.Notes.SetText(err.Error())
				d.Preview.Notes.Importance = widget.DangerImportance
				d.Preview.Notes.Show()
				d.Preview.Notes.Refresh()
				d.m.setStatus(lang.X("sync.failed", "Synchronize: {{.Error}}", map[string]any{"Error": err.Error()}), true)
				d.m.logFailure(err)
				return
			}
			prep = p
			d.Preview.SetPlan(p.Plan, planNotes(p.NoteWhys), err)
			d.m.setStatus(lang.X("sync.compared", "Compared {{.Local}} with {{.Remote}}: see the plan.", map[string]any{"Local": d.local, "Remote": d.remote}), false)
		})
	}()
}

func (d *SyncDialog) title(dir syncplan.Direction) string {
	if dir == syncplan.Download {
		return lang.X("sync.title.download", "Download {{.Remote}} on {{.Site}} to {{.Local}}", map[string]any{"Local": d.local, "Remote": d.remote, "Site": d.site.Name()})
	}
	return lang.X("sync.title.upload", "Upload {{.Local}} to {{.Remote}} on {{.Site}}", map[string]any{"Local": d.local, "Remote": d.remote, "Site": d.site.Name()})
}

// run executes plan through the queue: the copies show as one batch in
// the queue panel, where Cancel stops them (the sync then deletes
// nothing); the status bar and the log get the outcome.
func (d *SyncDialog) run(ctx context.Context, r *syncplan.Runner, prep *syncplan.Prepared, plan *syncplan.Plan) {
	d.m.setStatus(lang.X("sync.running", "Synchronizing: the copies are in the queue…"), false)
	d.m.Queue.ShowTab(TabQueued)
	q := d.m.Transfers.Queue
	// The walk's idle sessions carry the copies (Runner.SharedSessions).
	endLoan := d.m.Transfers.Lend(r.Site, r.Remote)
	go func() {
		q.Start() // a "Pause all" earlier paused the queue; what the user asks for now runs
		res, err := r.Execute(ctx, prep, plan)
		endLoan()
		r.Remote.Close()
		d.cancel()
		d.m.do(func() { d.finish(res, err) })
	}()
}

func (d *SyncDialog) finish(res *syncplan.Result, err error) {
	d.Finished, d.Result, d.Err = true, res, err
	for _, s := range []Side{LocalSide, RemoteSide} {
		d.m.refresh[s].Trigger() // folders made and items deleted show too
	}
	if err != nil {
		d.m.logFailure(fmt.Errorf("synchronize %s with %s: %w", d.local, d.remote, err))
		d.m.setStatus(lang.X("sync.unfinished", "Synchronize did not finish: see the message log."), true)
		return
	}
	d.m.setStatus(lang.X("sync.done", "Synchronized: {{.Folders}} made, {{.Files}} copied ({{.Size}}), {{.Items}} deleted.",
		map[string]any{"Folders": countFolders(res.Made), "Files": countFiles(res.Copied), "Size": syncplan.Bytes(res.Bytes),
			"Items": countItems(res.Deleted)}), false)
}

// stop cancels a walk or a run in progress.
func (d *SyncDialog) stop() {
	if d.cancel != nil {
		d.cancel()
	}
}

// askJobName asks for the job's name, then saves it.
func (d *SyncDialog) askJobName() {
	opts, err := d.Options()
	d.problem(err)
	if err != nil {
		return
	}
	d.JobName = widget.NewEntry()
	d.JobName.SetText(filepath.Base(d.local))
	nameObject("dlg.sync-job", d.JobName)
	// dialog: sync-job
	f := dialog.NewForm(lang.X("sync.job.title", "Save as sync job"), lang.X("sm.save", "Save"), lang.X("dlg.cancel", "Cancel"), []*widget.FormItem{
		widget.NewFormItem(lang.X("sync.job.name", "Name"), d.JobName),
	}, func(ok bool) {
		if ok {
			d.SaveAsJob(strings.TrimSpace(d.JobName.Text), opts)
		}
	}, d.m.Window)
	d.JobName.OnSubmitted = func(string) { f.Submit() }
	f.Resize(fyne.NewSize(420, 0))
	d.Asking = f
	f.Show()
}

// SaveAsJob saves the rules as a sync job that portside-cli can run: the
// site by its ID when it is a saved site, else its URL without password.
func (d *SyncDialog) SaveAsJob(name string, opts syncplan.Options) error {
	job := syncplan.Job{Name: name, Site: d.site.URL(), Local: d.local, Remote: d.remote, Options: opts}
	if d.site.Saved != nil {
		job.Site = d.site.Saved.ID
	}
	jobs, err := d.m.jobs()
	if err == nil {
		err = jobs.Put(job)
	}
	d.problem(err)
	if err != nil {
		return err
	}
	text := lang.X("sync.job.saved", "Saved the sync job “{{.Name}}”: portside-cli sync {{.Quoted}} runs it.", map[string]any{"Name": name, "Quoted": strconv.Quote(name)})
	d.Problem.Importance = widget.SuccessImportance // said in the dialog, which hides the status bar
	d.Problem.SetText(text)
	d.Problem.Show()
	d.m.setStatus(text, false)
	return nil
}

// jobs and manifests live beside the sites (the user's config folder, or
// the demo's temporary one), where portside-cli finds them.
func (m *Main) jobs() (syncplan.JobStore, error) {
	if m.Sites != nil {
		return syncplan.JobStore{Path: filepath.Join(m.Sites.Dir(), "jobs.json")}, nil
	}
	return syncplan.DefaultJobStore()
}

func (m *Main) manifests() syncplan.ManifestStore {
	if m.Sites != nil {
		return syncplan.ManifestStore{Dir: filepath.Join(m.Sites.Dir(), "sync")}
	}
	s, err := syncplan.DefaultManifestStore()
	if err != nil {
		// No config folder: manifests in the temporary folder, for this session.
		return syncplan.ManifestStore{Dir: filepath.Join(os.TempDir(), "portside-sync")}
	}
	return s
}
