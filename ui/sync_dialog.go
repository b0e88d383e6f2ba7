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
	Start     *widget.Button // "Compare…": walk, plan and preview
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

var compareLabels = []string{"Size and modification time", "Size only", "Always (copy every file)"}

// Direction labels, in the order of syncplan's directions.
var directionLabels = []string{"Upload: make the server's folder match the local one",
	"Download: make the local folder match the server's"}

// ShowSync opens the Synchronize dialog for the folders the panes show;
// it needs a connection (the status bar says so otherwise).
func (m *Main) ShowSync() *SyncDialog {
	state, site, _ := m.Conn.State()
	local, remote := m.Local.Model.State().Path, m.Remote.Model.State().Path
	switch {
	case m.Transfers == nil:
		m.setStatus("No transfer queue: see the message log.", true)
		return nil
	case state != Connected || remote == "":
		m.setStatus("Connect to a server first: Synchronize compares the local folder with the server's.", true)
		return nil
	case local == "":
		m.setStatus("Open a local folder first.", true)
		return nil
	}
	d := newSyncDialog(m, site, local, remote)
	m.Sync = d
	d.Dialog.Show()
	return d
}

func newSyncDialog(m *Main, site Site, local, remote string) *SyncDialog {
	d := &SyncDialog{m: m, site: site, local: local, remote: remote}
	d.Direction = widget.NewRadioGroup(directionLabels, nil)
	d.Direction.SetSelected(directionLabels[0])
	d.Direction.Required = true
	d.Compare = widget.NewSelect(compareLabels, nil)
	d.Compare.SetSelectedIndex(0)
	d.OnlyNewer = widget.NewCheck("Never replace a file that is newer than its source", nil)
	d.MaxDelete = widget.NewEntry()
	d.MaxDelete.SetText(strconv.Itoa(syncplan.DefaultMaxDelete))
	d.MaxDelete.Disable()
	d.Delete = widget.NewCheck("Delete what is gone from the source, at most", func(on bool) { setEnabled(d.MaxDelete, on) })
	d.Exclude = widget.NewMultiLineEntry()
	d.Exclude.SetPlaceHolder("nothing excluded")
	d.Exclude.SetMinRowsVisible(3)
	d.Problem = widget.NewLabel("")
	d.Problem.Wrapping = fyne.TextWrapWord
	d.Problem.Importance = widget.DangerImportance
	d.Problem.Hide()

	folders := widget.NewLabel(fmt.Sprintf("Local:   %s\nServer:  %s on %s", local, remote, site.Name()))
	folders.TextStyle.Monospace = true
	folders.Truncation = fyne.TextTruncateEllipsis
	maxDel := container.NewBorder(nil, nil, d.Delete, widget.NewLabel("items"), d.MaxDelete)
	form := widget.NewForm(
		widget.NewFormItem("Direction", d.Direction),
		widget.NewFormItem("Compare by", d.Compare),
		widget.NewFormItem("", d.OnlyNewer),
		widget.NewFormItem("", maxDel),
		widget.NewFormItem("Exclude", d.Exclude),
	)
	hint := widget.NewLabel("One pattern a line: *.tmp leaves out such files in every folder, cache/ a folder, " +
		"/build the one at the top. Comparing changes nothing; Run first measures the server's clock " +
		"with a small file it deletes at once.")
	hint.Wrapping = fyne.TextWrapWord
	hint.Importance = widget.LowImportance
	content := container.NewVBox(folders, widget.NewSeparator(), form, hint, d.Problem)

	d.SaveJob = widget.NewButtonWithIcon("Save as job…", theme.DocumentSaveIcon(), d.askJobName)
	d.Close = widget.NewButton("Cancel", func() { d.Dialog.Hide() })
	d.Start = widget.NewButtonWithIcon("Compare…", theme.SearchIcon(), d.compare)
	d.Start.Importance = widget.HighImportance
	nameObject("sync.savejob", d.SaveJob)
	nameObject("sync.cancel", d.Close)
	nameObject("sync.compare", d.Start)
	// dialog: sync
	d.Dialog = dialog.NewCustomWithoutButtons("Synchronize", content, m.Window)
	d.Dialog.SetButtons([]fyne.CanvasObject{d.SaveJob, d.Close, d.Start})
	d.Dialog.Resize(fyne.NewSize(720, 0))
	return d
}

// Options reads the rules; the error says what to fix.
func (d *SyncDialog) Options() (syncplan.Options, error) {
	var o syncplan.Options
	if d.Direction.Selected == directionLabels[1] {
		o.Direction = syncplan.Download
	}
	o.Compare = syncplan.Compare(max(d.Compare.SelectedIndex(), 0))
	o.OnlyNewer = d.OnlyNewer.Checked
	o.Delete = d.Delete.Checked
	if o.Delete {
		n, err := strconv.Atoi(strings.TrimSpace(d.MaxDelete.Text))
		if err != nil || n < 1 {
			return o, errors.New("enter how many items a sync may delete at most, a number such as 100")
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
const ClockChangedNote = "The server's clock, measured for the run, changed the plan: check it and press Run again."

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
	d.PreviewDialog = dialog.NewCustomWithoutButtons("Synchronize: preview", d.Preview, d.m.Window)
	d.PreviewDialog.Resize(fyne.NewSize(1000, 620))
	var prep *syncplan.Prepared
	d.Preview.OnCancel = func() {
		cancel()
		go r.Remote.Close()
		d.PreviewDialog.Hide()
		d.m.setStatus("Synchronize cancelled: nothing was changed.", false)
	}
	measuring := false
	d.Preview.OnRun = func(plan *syncplan.Plan) {
		if measuring || prep == nil {
			return
		}
		measuring = true
		d.m.setStatus("Measuring the server's clock (a small file is written and deleted)…", false)
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
					d.Preview.SetPlan(prep.Plan, append(prep.Notes, ClockChangedNote), err)
					d.m.setStatus("The server's clock changed the plan: check it, then press Run again.", false)
					return
				}
				d.PreviewDialog.Hide()
				d.run(ctx, r, prep, plan)
			})
		}()
	}
	d.PreviewDialog.Show()
	d.m.setStatus("Comparing "+d.local+" with "+d.remote+"…", false)
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
				d.Preview.Summary.SetText("The folders could not be compared.")
				d.Preview.Notes.SetText(err.Error())
				d.Preview.Notes.Importance = widget.DangerImportance
				d.Preview.Notes.Show()
				d.Preview.Notes.Refresh()
				d.m.setStatus("Synchronize: "+err.Error(), true)
				d.m.logFailure(err)
				return
			}
			prep = p
			d.Preview.SetPlan(p.Plan, p.Notes, err)
			d.m.setStatus("Compared "+d.local+" with "+d.remote+": see the plan.", false)
		})
	}()
}

func (d *SyncDialog) title(dir syncplan.Direction) string {
	if dir == syncplan.Download {
		return fmt.Sprintf("Download %s on %s to %s", d.remote, d.site.Name(), d.local)
	}
	return fmt.Sprintf("Upload %s to %s on %s", d.local, d.remote, d.site.Name())
}

// run executes plan through the queue: the copies show as one batch in
// the queue panel, where Cancel stops them (the sync then deletes
// nothing); the status bar and the log get the outcome.
func (d *SyncDialog) run(ctx context.Context, r *syncplan.Runner, prep *syncplan.Prepared, plan *syncplan.Plan) {
	d.m.setStatus("Synchronizing: the copies are in the queue…", false)
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
		d.m.setStatus("Synchronize did not finish: see the message log.", true)
		return
	}
	d.m.setStatus(fmt.Sprintf("Synchronized: %s made, %s copied (%s), %s deleted.",
		plural(res.Made, "folder", "folders"), plural(res.Copied, "file", "files"), syncplan.Bytes(res.Bytes),
		plural(res.Deleted, "item", "items")), false)
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
	f := dialog.NewForm("Save as sync job", "Save", "Cancel", []*widget.FormItem{
		widget.NewFormItem("Name", d.JobName),
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
	text := fmt.Sprintf("Saved the sync job “%s”: portside-cli sync %q runs it.", name, name)
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
