package ui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	syncplan "portside/transfer/sync"
)

// SyncPreview shows a sync's plan before it runs: what it would make,
// copy and delete, with the bytes, each action with its reason and a tick
// to leave it out, and Run / Cancel. It only shows: walking and planning
// happen before (syncplan.Runner.Prepare, off the UI goroutine), running
// after (OnRun hands over the ticked part of the plan).
type SyncPreview struct {
	widget.BaseWidget

	Title       *widget.Label // what syncs with what, set by the caller
	Summary     *widget.Label // counts and bytes of the ticked actions
	Notes       *widget.Label // the clock, a refused plan: what a person should know first
	All         *widget.Check // tick or untick every action
	ShowSkipped *widget.Check // also list what stays as it is, and why
	List        *widget.List
	Run         *widget.Button
	Cancel      *widget.Button

	// OnRun gets the plan with unticked actions turned into skips (and the
	// folders that ticked copies need kept). OnCancel closes the preview.
	OnRun    func(*syncplan.Plan)
	OnCancel func()

	plan    *syncplan.Plan
	refused error
	checked []bool // per action
	rows    []int  // the listed actions' indexes
}

// NewSyncPreview returns an empty preview; SetPlan fills it.
func NewSyncPreview(title string) *SyncPreview {
	p := &SyncPreview{
		Title:   widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		Summary: widget.NewLabel(""),
		Notes:   widget.NewLabel(""),
	}
	p.Title.Truncation = fyne.TextTruncateEllipsis
	p.Notes.Wrapping = fyne.TextWrapWord
	p.Notes.Hide()
	p.All = widget.NewCheck(lang.X("sync.all", "All"), func(on bool) { p.setAll(on) })
	p.ShowSkipped = widget.NewCheck(lang.X("sync.show_skipped", "Show unchanged and skipped"), func(bool) { p.refreshRows() })
	p.List = widget.NewList(func() int { return len(p.rows) }, newPreviewRow, p.updateRow)
	p.Run = widget.NewButtonWithIcon(lang.X("sync.run", "Run sync"), theme.MediaPlayIcon(), func() {
		if p.OnRun != nil && p.plan != nil {
			p.OnRun(p.Selected())
		}
	})
	p.Run.Importance = widget.HighImportance
	p.Cancel = widget.NewButton(lang.X("dlg.cancel", "Cancel"), func() {
		if p.OnCancel != nil {
			p.OnCancel()
		}
	})
	nameObject("preview.run", p.Run)
	nameObject("preview.cancel", p.Cancel)
	p.SetPlan(nil, nil, nil)
	p.ExtendBaseWidget(p)
	return p
}

// SetPlan shows plan (nil: none yet) with notes; refused is the error of
// a plan the planner refused (too many deletes): shown, and Run is off.
// Every action starts ticked. UI goroutine only.
func (p *SyncPreview) SetPlan(plan *syncplan.Plan, notes []string, refused error) {
	p.plan, p.refused = plan, refused
	p.checked = nil
	if plan != nil {
		p.checked = make([]bool, len(plan.Actions))
		for i, a := range plan.Actions {
			p.checked[i] = a.Op != syncplan.OpSkip
		}
	}
	if refused != nil {
		notes = append([]string{refused.Error()}, notes...)
	}
	p.Notes.SetText(strings.Join(notes, "\n"))
	p.Notes.Importance = widget.MediumImportance
	if refused != nil {
		p.Notes.Importance = widget.DangerImportance
	}
	if len(notes) > 0 {
		p.Notes.Show()
	} else {
		p.Notes.Hide()
	}
	p.All.OnChanged = nil
	p.All.SetChecked(true)
	p.All.OnChanged = p.setAll
	p.refreshRows()
}

// Selected is the plan as it would run: unticked actions become skips.
func (p *SyncPreview) Selected() *syncplan.Plan {
	if p.plan == nil {
		return nil
	}
	return p.plan.Subset(func(i int, _ syncplan.Action) bool { return p.checked[i] })
}

// SetChecked ticks or unticks the action at index i of the plan.
func (p *SyncPreview) SetChecked(i int, on bool) {
	if p.plan == nil || i < 0 || i >= len(p.checked) || p.plan.Actions[i].Op == syncplan.OpSkip {
		return
	}
	p.checked[i] = on
	p.update()
	p.List.Refresh()
}

// Rows are the listed actions as text ("op path: reason"), for tests and
// screen readers.
func (p *SyncPreview) Rows() []string {
	out := make([]string, len(p.rows))
	for k, i := range p.rows {
		a := p.plan.Actions[i]
		out[k] = fmt.Sprintf("%s %s: %s", a.Op, a.Path, a.Reason)
	}
	return out
}

func (p *SyncPreview) setAll(on bool) {
	if p.plan == nil {
		return
	}
	for i, a := range p.plan.Actions {
		if a.Op != syncplan.OpSkip {
			p.checked[i] = on
		}
	}
	p.update()
	p.List.Refresh()
}

// refreshRows picks the listed actions and updates the rest.
func (p *SyncPreview) refreshRows() {
	p.rows = p.rows[:0]
	if p.plan != nil {
		for i, a := range p.plan.Actions {
			if a.Op != syncplan.OpSkip || p.ShowSkipped.Checked {
				p.rows = append(p.rows, i)
			}
		}
	}
	p.update()
	p.List.UnselectAll()
	p.List.Refresh()
}

// update writes the summary for the ticked actions and enables Run.
func (p *SyncPreview) update() {
	if p.plan == nil {
		p.Summary.SetText(lang.X("sync.comparing_folders", "Comparing the folders…"))
		p.Run.Disable()
		return
	}
	counts := p.plan.Counts // an array: a copy, recounted below
	clear(counts[:])
	var bytes int64
	for i, a := range p.plan.Actions {
		if p.checked[i] {
			counts[a.Op]++
			if a.Op.Copies() {
				bytes += max(a.Size, 0)
			}
		}
	}
	copies := counts[syncplan.OpUpload] + counts[syncplan.OpDownload]
	var parts []string
	if n := counts[syncplan.OpMkdir]; n > 0 {
		parts = append(parts, lang.X("sync.plan.make", "{{.Folders}} to make", map[string]any{"Folders": countFolders(n)}))
	}
	if copies > 0 {
		data := map[string]any{"Files": countFiles(copies), "Size": syncplan.Bytes(bytes)}
		if p.plan.Options.Direction == syncplan.Download {
			parts = append(parts, lang.X("sync.plan.download", "{{.Files}} to download ({{.Size}})", data))
		} else {
			parts = append(parts, lang.X("sync.plan.upload", "{{.Files}} to upload ({{.Size}})", data))
		}
	}
	if n := counts[syncplan.OpDelete]; n > 0 {
		parts = append(parts, lang.X("sync.plan.delete", "{{.Items}} to delete", map[string]any{"Items": countItems(n)}))
	}
	same := p.plan.Count(syncplan.OpSkip)
	switch {
	case len(parts) == 0 && p.plan.Empty():
		p.Summary.SetText(lang.X("sync.plan.nothing", "Nothing to do: the folders match ({{.Items}} unchanged or skipped).", map[string]any{"Items": countItems(same)}))
	case len(parts) == 0:
		p.Summary.SetText(lang.X("sync.nothing_ticked", "Nothing ticked."))
	default:
		p.Summary.SetText(lang.X("sync.plan.summary", "{{.Parts}}; {{.Count}} unchanged or skipped.", map[string]any{"Parts": strings.Join(parts, lang.X("list.sep", ", ")), "Count": same}))
	}
	if len(parts) == 0 || p.refused != nil {
		p.Run.Disable()
	} else {
		p.Run.Enable()
	}
}

// previewRow is one action: tick, what, where, how much, why.
func newPreviewRow() fyne.CanvasObject {
	check := widget.NewCheck("", nil)
	op := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	name := widget.NewLabel("")
	name.Truncation = fyne.TextTruncateEllipsis
	size := widget.NewLabelWithStyle("", fyne.TextAlignTrailing, fyne.TextStyle{})
	reason := widget.NewLabel("")
	reason.Truncation = fyne.TextTruncateEllipsis
	return container.New(&previewRowLayout{}, check, op, name, size, reason)
}

var opLabels = map[syncplan.Op]struct {
	text func() string
	imp  widget.Importance
}{
	syncplan.OpMkdir:    {func() string { return lang.X("sync.op.mkdir", "New folder") }, widget.MediumImportance},
	syncplan.OpUpload:   {func() string { return lang.X("sync.op.upload", "Upload") }, widget.HighImportance},
	syncplan.OpDownload: {func() string { return lang.X("sync.op.download", "Download") }, widget.HighImportance},
	syncplan.OpDelete:   {func() string { return lang.X("sync.op.delete", "Delete") }, widget.DangerImportance},
	syncplan.OpSkip:     {func() string { return lang.X("sync.op.skip", "Skip") }, widget.LowImportance},
}

func (p *SyncPreview) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	if id >= len(p.rows) {
		return
	}
	i := p.rows[id]
	a := p.plan.Actions[i]
	objs := o.(*fyne.Container).Objects
	check, op, name, size, reason := objs[0].(*widget.Check), objs[1].(*widget.Label), objs[2].(*widget.Label), objs[3].(*widget.Label), objs[4].(*widget.Label)
	check.OnChanged = nil
	check.SetChecked(p.checked[i])
	if a.Op == syncplan.OpSkip {
		check.Hide()
	} else {
		check.Show()
		check.OnChanged = func(on bool) { p.SetChecked(i, on) }
	}
	ol := opLabels[a.Op]
	op.Importance = ol.imp
	op.SetText(ol.text())
	path := a.Path
	if a.IsDir {
		path += "/"
	}
	name.SetText(path)
	size.SetText("")
	if a.Op.Copies() {
		size.SetText(syncplan.Bytes(a.Size))
	}
	reason.Importance = widget.MediumImportance
	if a.Op == syncplan.OpSkip {
		reason.Importance = widget.LowImportance
	}
	reason.SetText(planReason(a.Why))
}

func (p *SyncPreview) CreateRenderer() fyne.WidgetRenderer {
	top := container.NewVBox(p.Title, p.Summary, p.Notes)
	bottom := container.NewHBox(p.All, p.ShowSkipped, layout.NewSpacer(), p.Cancel, p.Run)
	return widget.NewSimpleRenderer(container.NewBorder(top, bottom, nil, nil, compact(p.List)))
}

// previewRowLayout gives the tick and the op their own width, the size a
// fixed column, and shares the rest between the path (2) and the reason (3).
type previewRowLayout struct{}

const (
	previewOpWidth   = 90
	previewSizeWidth = 80
)

func (previewRowLayout) widths(objects []fyne.CanvasObject, total float32) []float32 {
	pad := theme.Padding()
	check := objects[0].MinSize().Width
	rest := max(total-check-previewOpWidth-previewSizeWidth-4*pad, 0)
	return []float32{check, previewOpWidth, rest * 2 / 5, previewSizeWidth, rest * 3 / 5}
}

func (l previewRowLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	x := float32(0)
	for i, w := range l.widths(objects, size.Width) {
		objects[i].Move(fyne.NewPos(x, 0))
		objects[i].Resize(fyne.NewSize(w, size.Height))
		x += w + theme.Padding()
	}
}

func (previewRowLayout) MinSize(objects []fyne.CanvasObject) fyne.Size {
	h := float32(0)
	for _, o := range objects {
		h = max(h, o.MinSize().Height)
	}
	return fyne.NewSize(objects[0].MinSize().Width+previewOpWidth+previewSizeWidth+200, h)
}
