package ui

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"portside/transfer"
	"portside/transfer/find"
)

// FindDialog is "Find files…": a search below a pane's folder by name,
// size and depth — on the server on a connection of its own, so that
// browsing stays responsive; the results can be transferred to the other
// pane's folder, deleted or shown in the pane.
type FindDialog struct {
	Pattern  *FreshEntry
	Case     *widget.Check
	Kind     *widget.Select
	MinSize  *widget.Entry // bytes
	MaxSize  *widget.Entry
	Depth    *widget.Entry
	After    *widget.Entry // modified at or after: a date, a date and time, or an age (find.ParseTime)
	Before   *widget.Entry // modified before
	Start    *widget.Button
	Stop     *widget.Button
	Download *widget.Button
	Delete   *widget.Button
	Show     *widget.Button
	Results  *widget.List
	Status   *widget.Label

	m       *Main
	pane    *Pane // the side searched
	root    string
	matches []find.Match
	picked  int
	cancel  context.CancelFunc
	dialog  dialog.Dialog
	// searches counts runs: a stopped search's last matches and summary
	// reach the UI after the next one started, and must not land in it.
	searches int
	drag     findDrag // a result being dragged onto the other pane (find_drag.go)
	body     fyne.CanvasObject
}

// Find kinds, as the select shows them.
const (
	findAny     = "Files and folders"
	findFiles   = "Files only"
	findFolders = "Folders only"
)

// ShowFind opens "Find files…" below the remote pane's folder, or the
// local one's when not connected (Ctrl+F).
func (m *Main) ShowFind() {
	if m.Remote.Model.State().Connected {
		m.showFindIn(m.Remote)
	} else {
		m.showFindIn(m.Local)
	}
}

// showFindIn opens "Find files…" below p's folder.
func (m *Main) showFindIn(p *Pane) {
	st := p.Model.State()
	if !st.Connected || st.Path == "" {
		return
	}
	f := &FindDialog{m: m, pane: p, root: st.Path, picked: -1, drag: findDrag{id: -1}}
	m.files().Find = f
	f.Pattern = NewFreshEntry() // opened from a menu by Space: see stray_space.go
	f.Pattern.SetPlaceHolder(lang.X("find.pattern", "*.log, or part of a name"))
	f.Pattern.OnSubmitted = func(string) { f.run() }
	f.Case = widget.NewCheck(lang.X("find.case", "Match case"), nil)
	f.Kind = widget.NewSelect(localLabels([]string{findAny, findFiles, findFolders}), nil)
	f.Kind.SetSelected(choiceLabel(findAny))
	f.MinSize, f.MaxSize, f.Depth = widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	f.MinSize.SetPlaceHolder(lang.X("find.min", "at least (bytes)"))
	f.MaxSize.SetPlaceHolder(lang.X("find.max", "at most (bytes)"))
	f.Depth.SetPlaceHolder(strconv.Itoa(find.DefaultDepth))
	f.After, f.Before = widget.NewEntry(), widget.NewEntry()
	f.After.SetPlaceHolder(lang.X("find.after", "after: 2026-11-24, or 7d"))
	f.Before.SetPlaceHolder(lang.X("find.before", "before: 2026-11-24 14:30"))
	f.Start = widget.NewButton(lang.X("find.search", "Search"), f.run)
	f.Start.Importance = widget.HighImportance
	f.Stop = widget.NewButton(lang.X("find.stop", "Stop"), f.stop)
	f.Stop.Disable()
	f.Status = widget.NewLabel(lang.X("find.below", "Searches below {{.Folder}}.", map[string]any{"Folder": transfer.Escape(f.root)}))
	f.Results = widget.NewList(func() int { return len(f.matches) },
		func() fyne.CanvasObject { return newFindRow(f) },
		func(id widget.ListItemID, o fyne.CanvasObject) {
			o.(*findRow).id = id
			if id < len(f.matches) {
				mt := f.matches[id]
				text := transfer.Escape(mt.Path)
				if mt.Entry.IsDir {
					text += "/"
				} else {
					text += "  " + lang.X("find.bytes", "({{.Count}} bytes)", map[string]any{"Count": strconv.FormatInt(mt.Entry.Size, 10)})
				}
				o.(*findRow).SetText(text)
			}
		})
	f.Results.OnSelected = func(id widget.ListItemID) { f.picked = id; f.updateButtons() }
	f.Download = widget.NewButton(lang.X("menu.download", "Download"), f.download)
	if p.Side == LocalSide {
		f.Download.SetText(lang.X("menu.upload", "Upload"))
	}
	f.Delete = widget.NewButton(lang.X("sm.delete", "Delete"), f.delete)
	f.Show = widget.NewButton(lang.X("find.show", "Show in pane"), f.show)
	f.updateButtons()
	form := widget.NewForm(
		widget.NewFormItem(lang.X("sync.job.name", "Name"), f.Pattern),
		widget.NewFormItem("", container.NewGridWithColumns(2, f.Case, f.Kind)),
		widget.NewFormItem(lang.X("col.size", "Size"), container.NewGridWithColumns(2, f.MinSize, f.MaxSize)),
		widget.NewFormItem(lang.X("find.modified", "Modified"), container.NewGridWithColumns(2, f.After, f.Before)),
		widget.NewFormItem(lang.X("find.depth", "Depth"), f.Depth),
	)
	top := container.NewVBox(form, container.NewHBox(f.Start, f.Stop), f.Status)
	bottom := container.NewHBox(f.Download, f.Delete, f.Show)
	body := container.NewBorder(top, bottom, nil, nil, f.Results)
	f.body = body
	nameObject("find.results", f.Results) // for scripts/dialogs-xvfb.sh
	nameObject("find.delete", f.Delete)
	// dialog: find
	f.dialog = dialog.NewCustom(lang.X("find.title", "Find files"), lang.X("sm.close", "Close"), body, m.Window)
	f.dialog.SetOnClosed(f.stop)
	f.dialog.Resize(fyne.NewSize(680, 560))
	f.dialog.Show()
	m.Window.Canvas().Focus(f.Pattern)
}

// query reads the form.
func (f *FindDialog) query() (find.Query, error) {
	q := find.Query{Pattern: f.Pattern.Text, CaseSensitive: f.Case.Checked}
	switch englishLabel([]string{findAny, findFiles, findFolders}, f.Kind.Selected) {
	case findFiles:
		q.Kind = find.Files
	case findFolders:
		q.Kind = find.Folders
	}
	for _, n := range []struct {
		e   *widget.Entry
		dst *int64
	}{{f.MinSize, &q.MinSize}, {f.MaxSize, &q.MaxSize}} {
		if s := strings.TrimSpace(n.e.Text); s != "" {
			v, err := strconv.ParseInt(s, 10, 64)
			if err != nil || v < 0 {
				return q, errors.New(lang.X("find.err.size", "a size is a number of bytes: {{.Text}}", map[string]any{"Text": strconv.Quote(s)}))
			}
			*n.dst = v
		}
	}
	for _, n := range []struct {
		e   *widget.Entry
		dst *time.Time
	}{{f.After, &q.After}, {f.Before, &q.Before}} {
		if s := strings.TrimSpace(n.e.Text); s != "" {
			t, err := find.ParseTime(s, time.Now(), time.Local)
			if err != nil {
				return q, errors.New(lang.X("find.err.time",
					"A modified time is a date (2026-11-24), a date and time (2026-11-24 14:30) or an age (36h, 7d), not {{.Text}}.",
					map[string]any{"Text": strconv.Quote(s)}))
			}
			*n.dst = t
		}
	}
	if s := strings.TrimSpace(f.Depth.Text); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil || v < 1 {
			return q, errors.New(lang.X("find.err.depth", "the depth is a number of folder levels, 1 or more: {{.Text}}", map[string]any{"Text": strconv.Quote(s)}))
		}
		q.MaxDepth = v
	}
	_, err := find.Compile(q)
	return q, err
}

// run starts a search on a session of its own.
func (f *FindDialog) run() {
	q, err := f.query()
	if err != nil {
		f.Status.SetText(err.Error())
		return
	}
	f.stop()
	ctx, cancel := context.WithCancel(context.Background())
	f.cancel = cancel
	f.searches++
	this := f.searches
	f.matches, f.picked = nil, -1
	f.Results.UnselectAll()
	f.Results.Refresh()
	f.Start.Disable()
	f.Stop.Enable()
	f.updateButtons()
	f.Status.SetText(lang.X("find.searching", "Searching…"))
	m := f.m
	_, site, _ := m.Conn.State()
	fallback := f.pane.Model.FS()
	remote := f.pane.Side == RemoteSide
	root := f.root
	started := time.Now()
	go func() {
		fsys, own := fallback, false
		if m.Transfers != nil && remote {
			if s, err := m.Transfers.DialSite(ctx, site.Key()); err == nil {
				fsys, own = s, true
			}
		}
		// Matches reach the list in batches, not one UI call each.
		var batch []find.Match
		flush := func() {
			b := batch
			batch = nil
			m.do(func() {
				if f.searches != this || len(b) == 0 {
					return
				}
				f.matches = append(f.matches, b...)
				f.Results.Refresh()
			})
		}
		st, err := find.Run(ctx, fsys, root, q, func(mt find.Match) {
			batch = append(batch, mt)
			if len(batch) >= 200 {
				flush()
			}
		})
		flush()
		if own {
			fsys.Close() // a search's session ends with it; Delete uses the pane's
		}
		m.do(func() {
			if f.searches != this {
				return // a newer search owns the dialog
			}
			f.Start.Enable()
			f.Stop.Disable()
			f.cancel = nil
			f.Status.SetText(findSummary(st, err, time.Since(started)))
		})
	}()
}

// findSummary is the status line after a search.
func findSummary(st find.Stats, err error, took time.Duration) string {
	s := lang.X("find.summary", "{{.Matches}} in {{.Folders}}, {{.Entries}} looked at, {{.Took}}.", map[string]any{
		"Matches": lang.XN("count.matches", english(st.Matches, "1 match", "{{.Count}} matches"), st.Matches, map[string]any{"Count": st.Matches}),
		"Folders": countFolders(st.Folders),
		"Entries": lang.XN("count.entries", english(st.Entries, "1 entry", "{{.Count}} entries"), st.Entries, map[string]any{"Count": st.Entries}),
		"Took":    took.Round(100 * time.Millisecond).String()})
	switch {
	case errors.Is(err, context.Canceled):
		s = lang.X("find.stopped", "Stopped: {{.Summary}}", map[string]any{"Summary": s})
	case errors.Is(err, find.ErrTooMany):
		s += " " + lang.X("find.limit", "Stopped at the limit of matches: narrow the search.")
	case err != nil:
		s = lang.X("find.failed", "Search failed: {{.Error}}", map[string]any{"Error": errorText(err)})
	}
	if n := len(st.Unreadable); n > 0 {
		s += " " + lang.X("find.unlisted", "{{.Folders}} could not be listed.", map[string]any{"Folders": countFolders(n)})
	}
	return s
}

// Matches are the paths found so far.
func (f *FindDialog) Matches() []string {
	out := make([]string, len(f.matches))
	for i, mt := range f.matches {
		out[i] = mt.Path
	}
	return out
}

func (f *FindDialog) stop() {
	if f.cancel != nil {
		f.cancel()
	}
}

func (f *FindDialog) updateButtons() {
	for _, b := range []*widget.Button{f.Download, f.Delete, f.Show} {
		if f.picked >= 0 && f.picked < len(f.matches) {
			b.Enable()
		} else {
			b.Disable()
		}
	}
}

func (f *FindDialog) current() (find.Match, bool) {
	if f.picked < 0 || f.picked >= len(f.matches) {
		return find.Match{}, false
	}
	return f.matches[f.picked], true
}

// download queues the picked match into the other pane's folder.
func (f *FindDialog) download() {
	mt, ok := f.current()
	if !ok || f.pane.Peer == nil {
		return
	}
	f.m.enqueue(f.pane.Side, []Source{{Path: mt.Path, Entry: mt.Entry}}, f.pane.Peer.Model.State().Path, true)
}

// delete asks, then deletes the picked match (a folder with all it holds).
func (f *FindDialog) delete() {
	mt, ok := f.current()
	if !ok {
		return
	}
	fsys := f.pane.Model.FS()
	if fsys == nil {
		return
	}
	text := DeleteText(f.pane.Side, fsys.Dir(mt.Path), []transfer.Entry{mt.Entry})
	// dialog: find-delete
	dialog.ShowConfirm(lang.X("delete.title", "Delete {{.What}}?", map[string]any{"What": transfer.Escape(mt.Entry.Name)}), text, func(yes bool) {
		if !yes {
			return
		}
		go func() {
			err := RemoveAll(context.Background(), fsys, mt.Path, mt.Entry)
			f.m.do(func() {
				if err != nil {
					f.Status.SetText(lang.X("find.delete_failed", "Delete failed: {{.Error}}", map[string]any{"Error": errorText(err)}))
					return
				}
				for i, x := range f.matches {
					if x.Path == mt.Path {
						f.matches = append(f.matches[:i], f.matches[i+1:]...)
						break
					}
				}
				f.picked = -1
				f.Results.UnselectAll()
				f.Results.Refresh()
				f.updateButtons()
				f.Status.SetText(lang.X("find.deleted", "Deleted {{.Path}}.", map[string]any{"Path": transfer.Escape(mt.Path)}))
				if f.pane.Model.ShowsFolderOf(mt.Path) {
					f.pane.Model.Refresh()
				}
			})
		}()
	}, f.m.Window)
}

// show opens the match's folder in the remote pane.
func (f *FindDialog) show() {
	mt, ok := f.current()
	if !ok {
		return
	}
	if fsys := f.pane.Model.FS(); fsys != nil {
		f.pane.Model.Navigate(fsys.Dir(mt.Path))
	}
	f.dialog.Hide()
}
