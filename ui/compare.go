package ui

import (
	"context"
	"slices"
	"strconv"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"

	"portside/transfer"
	"portside/transfer/dircompare"
	syncplan "portside/transfer/sync"
)

// DirCompare is View → Directory comparison and View → Synchronized
// browsing for a pair of panes. Comparison colours the rows of both panes
// (see compare_marks.go) from dircompare.Compare, run off the UI goroutine
// after every change of either pane; a newer result overtakes an older
// one. Synchronized browsing follows a folder opened (or left with Up) on
// one side with the same-named folder on the other.
//
// It hooks into the panes from outside (their models' OnChanged, the
// lists' OnOpen and OnUp, the Up buttons), so the panes know nothing of it.
// All methods run on the UI goroutine.
type DirCompare struct {
	Left, Right *Pane

	// Enabled colours the rows; Mode says by what.
	Enabled bool
	Mode    dircompare.Mode
	// SyncBrowsing follows folder changes on the other side.
	SyncBrowsing bool

	// Legend explains the colours; shown while the comparison is on.
	Legend *fyne.Container
	// Result is the last comparison shown (for tests and the legend).
	Result dircompare.Result
	// OnCompared is called after a result is shown.
	OnCompared func()
	// OnStatus shows a sentence in the status bar.
	OnStatus func(msg string)

	window fyne.Window
	do     func(func())
	gen    int

	zonesMu sync.Mutex
	zones   map[transfer.FS]time.Duration // LIST servers' time zones, read once per session
	tries   map[transfer.FS]int           // reads that found nothing, at most maxZoneTries
}

// maxZoneTries: a folder without files tells no zone; a few folders later
// one will, but a server without MDTM never does.
const maxZoneTries = 3

// newDirCompare hooks c into the two panes.
func newDirCompare(w fyne.Window, left, right *Pane, do func(func())) *DirCompare {
	c := &DirCompare{Left: left, Right: right, window: w, do: do, zones: map[transfer.FS]time.Duration{}, tries: map[transfer.FS]int{}}
	c.Legend = newCompareLegend()
	for _, p := range []*Pane{left, right} {
		p := p
		changed := p.Model.OnChanged
		p.Model.OnChanged = func() {
			if changed != nil {
				changed()
			}
			c.update()
		}
		open := p.List.OnOpen
		p.List.OnOpen = func(id int) {
			e, ok := p.Model.Entry(id)
			open(id)
			if ok && e.IsDir && c.SyncBrowsing {
				c.follow(c.peer(p), e.Name)
			}
		}
		up := func(orig func()) func() {
			return func() {
				atRoot := p.Model.FS() == nil || p.Model.FS().Dir(p.Model.State().Path) == p.Model.State().Path
				orig()
				if c.SyncBrowsing && !atRoot {
					c.peer(p).Model.Up()
				}
			}
		}
		p.List.OnUp = up(p.List.OnUp)
		p.UpButton.OnTapped = up(p.UpButton.OnTapped)
	}
	return c
}

func (c *DirCompare) peer(p *Pane) *Pane {
	if p == c.Left {
		return c.Right
	}
	return c.Left
}

// SetEnabled turns the comparison on or off.
func (c *DirCompare) SetEnabled(on bool) {
	c.Enabled = on
	c.update()
}

// SetMode compares by size, or by size and time.
func (c *DirCompare) SetMode(m dircompare.Mode) {
	c.Mode = m
	c.update()
}

// SetSyncBrowsing turns synchronized browsing on or off.
func (c *DirCompare) SetSyncBrowsing(on bool) { c.SyncBrowsing = on }

// ready: both panes show a folder that is fully listed.
func ready(p *Pane) bool {
	s := p.Model.State()
	return s.Connected && !s.Loading && s.Path != ""
}

// update compares again, or clears the colours when off.
func (c *DirCompare) update() {
	c.gen++
	if !c.Enabled || !ready(c.Left) || !ready(c.Right) {
		c.show(dircompare.Result{})
		return
	}
	gen, mode := c.gen, c.Mode
	// Entries are shared read-only slices: safe to read elsewhere.
	left, right := c.sideOf(c.Left), c.sideOf(c.Right)
	go func() {
		c.readZone(&left, mode)
		c.readZone(&right, mode)
		res := dircompare.Compare(left.Side, right.Side, mode)
		c.do(func() {
			if gen == c.gen {
				c.show(res)
			}
		})
	}()
}

// side is a pane's listing for the comparison, with what the zone needs.
type side struct {
	dircompare.Side
	fs     transfer.FS
	dir    string
	server bool
}

func (c *DirCompare) sideOf(p *Pane) side {
	s := p.Model.State()
	out := side{Side: dircompare.Side{Entries: s.Entries}, fs: p.Model.FS(), dir: s.Path, server: p.Side == RemoteSide}
	if out.server {
		out.Clock = dircompare.Guess(s.Entries)
	}
	return out
}

// zoneTimeout bounds the three MDTM the zone costs.
const zoneTimeout = 10 * time.Second

// readZone gives a LIST server's side its time zone, read once per session
// from MDTM of its newest files (the sync's read-only clock logic): LIST
// shows the server's local time, and without it every file would look an
// hour or more newer or older. Only in time mode; MLSD times are UTC.
func (c *DirCompare) readZone(s *side, mode dircompare.Mode) {
	if !s.server || mode != dircompare.BySizeAndTime || s.Clock.Precision < time.Minute {
		return
	}
	c.zonesMu.Lock()
	defer c.zonesMu.Unlock()
	if z, ok := c.zones[s.fs]; ok {
		s.Clock.Zone = z
		return
	}
	if c.tries[s.fs] >= maxZoneTries {
		return
	}
	c.tries[s.fs]++
	files := make([]syncplan.File, 0, len(s.Entries))
	old := time.Now().Add(-150 * 24 * time.Hour)
	for _, e := range s.Entries {
		dateOnly := e.ModTime.Before(old) && e.ModTime.Hour() == 0 && e.ModTime.Minute() == 0
		files = append(files, syncplan.File{Path: e.Name, Size: e.Size, ModTime: e.ModTime, IsDir: e.IsDir, IsLink: e.IsLink, DateOnly: dateOnly})
	}
	ctx, cancel := context.WithTimeout(context.Background(), zoneTimeout)
	defer cancel()
	if z, ok, _ := syncplan.ReadZone(ctx, s.fs, s.dir, files, s.Clock.Precision); ok {
		c.zones[s.fs] = z
		s.Clock.Zone = z
	}
}

// show colours both panes by res.
func (c *DirCompare) show(res dircompare.Result) {
	c.Result = res
	c.Left.List.SetMarks(res.Left)
	c.Right.List.SetMarks(res.Right)
	c.Legend.Hidden = !c.Enabled
	c.Legend.Refresh()
	if c.OnCompared != nil && c.Enabled {
		c.OnCompared()
	}
}

// follow enters name on pane p, as the other pane just did; when p has no
// such folder it says so and offers to create it.
func (c *DirCompare) follow(p *Pane, name string) {
	s := p.Model.State()
	if !s.Connected || s.Path == "" {
		return
	}
	target := p.Model.PathOf(name)
	if slices.ContainsFunc(s.Entries, func(e transfer.Entry) bool { return e.IsDir && e.Name == name }) {
		p.Model.Navigate(target)
		return
	}
	where := lang.X("compare.on_server", "on the server")
	if p.Side == LocalSide {
		where = lang.X("compare.on_local", "on this computer")
	}
	msg := lang.X("compare.missing", "The folder {{.Name}} does not exist {{.Where}} in\n{{.Path}}\n\nCreate it and enter it?", map[string]any{"Name": strconv.Quote(transfer.Escape(name)), "Where": where, "Path": transfer.Escape(s.Path)})
	// dialog: compare-create
	d := dialog.NewConfirm(lang.X("menu.sync_browse", "Synchronized browsing"), msg, func(yes bool) {
		if !yes {
			c.status(lang.X("compare.no_folder", "Synchronized browsing: no folder {{.Name}} {{.Where}}", map[string]any{"Name": strconv.Quote(transfer.Escape(name)), "Where": where}))
			return
		}
		c.create(p, target)
	}, c.window)
	d.SetConfirmText(lang.X("sm.create", "Create"))
	d.SetDismissText(lang.X("compare.dont_create", "Don't create"))
	d.Show()
}

// create makes folder target on p's side and enters it.
func (c *DirCompare) create(p *Pane, target string) {
	fs := p.Model.FS()
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		err := fs.Mkdir(ctx, target)
		c.do(func() {
			if p.Model.FS() != fs {
				return // disconnected meanwhile
			}
			if err != nil {
				c.status(lang.X("compare.create_failed", "Could not create the folder: {{.Error}}", map[string]any{"Error": errorText(err)}))
				return
			}
			p.Model.Navigate(target)
		})
	}()
}

func (c *DirCompare) status(msg string) {
	if c.OnStatus != nil {
		c.OnStatus(msg)
	}
}
