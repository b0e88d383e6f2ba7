package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/width"

	"portside/i18n"
	"portside/transfer"
	"portside/transfer/ftp"
	"portside/transfer/queue"
	"portside/transfer/sites"
	syncplan "portside/transfer/sync"
)

// syncFlags are sync's own flags; set on the command line, they override
// a saved job's options.
type syncFlags struct {
	direction, compare               string
	onlyNewer, del, follow           bool
	maxDelete, parallel              int
	exclude, include                 stringList
	tolerance                        time.Duration
	dryRun, json                     bool
	journal, manifestDir, jobs, save string
	words                            *i18n.Localizer
}

// refuse is apply's refusal of a flag's value (refuseWith in the flags'
// language).
func (f *syncFlags) refuse(english error, worded func(*i18n.Localizer) string) error {
	return refuseWith(f.words, english, worded)
}

func (f *syncFlags) register(fs *flag.FlagSet, w *i18n.Localizer) {
	f.words = w
	fs.StringVar(&f.direction, "direction", "upload", w.T("cli.sync.flag.direction", nil))
	fs.StringVar(&f.compare, "compare", "size-time", w.T("cli.sync.flag.compare", nil))
	fs.BoolVar(&f.onlyNewer, "only-newer", false, w.T("cli.sync.flag.only_newer", nil))
	fs.BoolVar(&f.del, "delete", false, w.T("cli.sync.flag.delete", nil))
	fs.IntVar(&f.maxDelete, "max-delete", syncplan.DefaultMaxDelete, w.T("cli.sync.flag.max_delete", nil))
	fs.Var(&f.exclude, "exclude", w.T("cli.sync.flag.exclude", nil))
	fs.Var(&f.include, "include", w.T("cli.sync.flag.include", nil))
	fs.IntVar(&f.parallel, "parallel", 2, w.T("cli.sync.flag.parallel", nil))
	fs.DurationVar(&f.tolerance, "tolerance", 0, w.T("cli.sync.flag.tolerance", nil))
	fs.BoolVar(&f.follow, "follow-links", false, w.T("cli.sync.flag.follow_links", nil))
	fs.BoolVar(&f.dryRun, "dry-run", false, w.T("cli.sync.flag.dry_run", nil))
	fs.BoolVar(&f.json, "json", false, w.T("cli.sync.flag.json", nil))
	fs.StringVar(&f.journal, "journal", "", w.T("cli.sync.flag.journal", nil))
	fs.StringVar(&f.manifestDir, "manifest-dir", "", w.T("cli.sync.flag.manifest_dir", nil))
	fs.StringVar(&f.jobs, "jobs", "", w.T("cli.sync.flag.jobs", nil))
	fs.StringVar(&f.save, "save-job", "", w.T("cli.sync.flag.save_job", nil))
}

// apply puts the flags into o: those given, and without a job (fresh
// options) the defaults too.
func (f *syncFlags) apply(o *syncplan.Options, set map[string]bool, fresh bool) error {
	var err error
	if set["direction"] || fresh {
		if o.Direction, err = syncplan.ParseDirection(f.direction); err != nil {
			return f.refuse(fmt.Errorf("--direction: %v", err), func(w *i18n.Localizer) string {
				return w.T("cli.sync.bad_direction", map[string]any{"Value": strconv.Quote(f.direction)})
			})
		}
	}
	if set["compare"] || fresh {
		if o.Compare, err = syncplan.ParseCompare(f.compare); err != nil {
			return f.refuse(fmt.Errorf("--compare: %v", err), func(w *i18n.Localizer) string {
				return w.T("cli.sync.bad_compare", map[string]any{"Value": strconv.Quote(f.compare)})
			})
		}
	}
	override(set, "only-newer", &o.OnlyNewer, f.onlyNewer, fresh)
	override(set, "delete", &o.Delete, f.del, fresh)
	override(set, "follow-links", &o.FollowLinks, f.follow, fresh)
	override(set, "max-delete", &o.MaxDelete, f.maxDelete, fresh)
	override(set, "parallel", &o.Parallel, f.parallel, fresh || o.Parallel == 0)
	override(set, "tolerance", &o.Tolerance, syncplan.Duration(f.tolerance), fresh)
	override(set, "exclude", &o.Exclude, []string(f.exclude), false)
	override(set, "include", &o.Include, []string(f.include), false)
	return o.Validate()
}

// override sets *dst from a flag that was given, or from its default.
func override[T any](set map[string]bool, name string, dst *T, v T, useDefault bool) {
	if set[name] || useDefault {
		*dst = v
	}
}

// cmdSync plans a sync and, unless --dry-run, runs it through the queue.
func cmdSync(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("sync", e.stderr, e.words, e.words.T("cli.sync.usage", nil))
	var f syncFlags
	f.register(fs.FlagSet, e.words)
	pos, err := fs.parseInterleaved(args)
	if err != nil {
		return err // -h: ErrHelp, exit 0
	}
	jobs, err := jobStore(f.jobs)
	if err != nil {
		return err
	}
	job, err := syncJob(e, jobs, pos)
	if err != nil {
		return err
	}
	set := map[string]bool{}
	fs.Visit(func(fl *flag.Flag) { set[fl.Name] = true })
	if err := f.apply(&job.Options, set, job.Name == ""); err != nil {
		return e.usageErr(e.errText(err))
	}
	if f.save != "" {
		job.Name = f.save
		if err := jobs.Put(job); err != nil {
			return e.usageErr(e.words.T("cli.sync.save_failed", map[string]any{"Err": err.Error()}))
		}
		fmt.Fprintln(e.stderr, e.words.T("cli.sync.job_saved", map[string]any{"Name": strconv.Quote(job.Name), "Path": jobs.Path}))
	}
	return runSync(ctx, e, job, syncRun{dryRun: f.dryRun, json: f.json, journal: f.journal, manifestDir: f.manifestDir})
}

type syncRun struct {
	dryRun      bool
	json        bool
	journal     string
	manifestDir string
}

// syncJob reads the positional arguments: a URL and folders, or a job.
func syncJob(e *env, jobs syncplan.JobStore, pos []string) (syncplan.Job, error) {
	if len(pos) == 0 || len(pos) > 3 {
		return syncplan.Job{}, e.usageErr(e.words.T("cli.sync.args", nil))
	}
	var job syncplan.Job
	if e.flags.site != "" {
		// With --site the first argument is the folder on the saved site.
		if len(pos) != 2 {
			return job, e.usageErr(e.words.T("cli.sync.site_args", map[string]any{"Site": e.flags.site}))
		}
		store, err := openSites(e)
		if err != nil {
			return job, err
		}
		site, err := findSite(e.words, store, e.flags.site)
		if err != nil {
			return job, err
		}
		job.Site, job.Remote, job.Local = site.ID, sitePath(site, pos[0]), pos[1]
	} else if strings.Contains(pos[0], "://") || e.flags.demo {
		// With --demo the first argument is the folder on the demo server.
		if len(pos) < 2 {
			return job, e.usageErr(e.words.T("cli.sync.needs_local", map[string]any{"URL": pos[0]}))
		}
		job.Site = pos[0]
	} else {
		j, err := jobs.Get(pos[0])
		if err != nil {
			return job, e.usageErr(e.words.T("cli.sync.no_job", map[string]any{"Err": errorText(e.words, err)}))
		}
		job = j
	}
	if len(pos) > 1 {
		job.Local = pos[1]
	}
	if len(pos) > 2 {
		job.Remote = pos[2]
	}
	abs, err := filepath.Abs(job.Local)
	if err != nil {
		return job, err
	}
	job.Local = abs
	return job, nil
}

func jobStore(p string) (syncplan.JobStore, error) {
	if p != "" {
		return syncplan.JobStore{Path: p}, nil
	}
	return syncplan.DefaultJobStore()
}

// connectJob turns a job's site into a connection, the pair's name for the
// manifest and the remote folder.
func connectJob(ctx context.Context, e *env, job syncplan.Job) (dial func(context.Context) (transfer.FS, error), site, remote string, err error) {
	var cfg ftp.Config
	var ep endpoint
	var isSFTP bool
	if strings.Contains(job.Site, "://") {
		ep, isSFTP, err = sftpEndpoint(e, "", job.Site)
	} else {
		ep, isSFTP, err = sftpEndpoint(e, job.Site, "")
	}
	switch {
	case err != nil:
		return nil, "", "", err
	case isSFTP:
		dial, site, remote = ep.dial, ep.name, ep.path
		if !strings.Contains(job.Site, "://") {
			remote = savedRemoteDir(e, job.Site)
		}
	case strings.Contains(job.Site, "://") || e.flags.demo:
		if cfg, remote, err = siteConfig(e, job.Site); err != nil {
			return nil, "", "", err
		}
		site = fmt.Sprintf("%s@%s", cfg.User, cfg.Addr())
	default:
		// A saved site, by ID (or name): the same name for the manifest
		// as the window's, so the two share what the last sync left.
		var saved sites.Site
		if cfg, saved, err = savedSiteConfig(e, job.Site); err != nil {
			return nil, "", "", err
		}
		site, remote = "site:"+saved.ID, saved.RemoteDir
	}
	if job.Remote != "" {
		remote = job.Remote
	}
	if dial == nil {
		dial = learningDial(e, cfg)
	}
	if !strings.HasPrefix(remote, "/") {
		s, err := dial(ctx)
		if err != nil {
			return nil, "", "", err
		}
		home, err := s.Home(ctx)
		s.Close()
		if err != nil {
			return nil, "", "", err
		}
		remote = path.Join(home, remote)
	}
	return dial, site, path.Clean(remote), nil
}

// runSync prepares, prints and (unless a dry run) runs a sync.
func runSync(ctx context.Context, e *env, job syncplan.Job, o syncRun) error {
	dial, site, remote, err := connectJob(ctx, e, job)
	if err != nil {
		return err
	}
	store := syncplan.ManifestStore{Dir: o.manifestDir}
	if o.manifestDir == "" {
		if store, err = syncplan.DefaultManifestStore(); err != nil {
			return err
		}
	}
	n := job.Options.Parallel
	if n == 0 {
		n = 2
	}
	// Sessions go both ways: the queue takes the walk's idle ones for the
	// copies, and the listing after them takes the queue's.
	var q *queue.Queue
	pool := syncplan.NewPool(func(ctx context.Context) (transfer.FS, error) {
		if q != nil {
			if fs, ok := q.TakeIdle("cli"); ok {
				return fs, nil
			}
		}
		return dial(ctx)
	}, n)
	defer pool.Close()
	r := &syncplan.Runner{
		Pair:      syncplan.Pair{Site: site, Remote: remote, Local: job.Local},
		LocalRoot: job.Local, RemoteRoot: remote, Options: job.Options,
		Local: syncplan.LocalPool(n), Remote: pool, SharedSessions: true, Manifests: store, Site: "cli",
	}
	out := &planPrinter{w: e.stdout, json: o.json, words: e.words}
	out.header(job, site, remote, o.dryRun)
	if o.dryRun {
		prep, err := r.Prepare(ctx, true, nil)
		if prep != nil {
			out.plan(prep, true)
		}
		return err
	}

	if o.journal == "" {
		if o.journal, err = journalFor([]string{"sync", job.Options.Direction.String(), r.Pair.ID()}); err != nil {
			return err
		}
	}
	q, err = queue.Open(queue.Config{
		Journal: o.journal,
		// The walk's idle sessions become the queue's (SharedSessions).
		Dial:   func(ctx context.Context, _ string) (transfer.FS, error) { return pool.Get(ctx) },
		Limit:  func(string) int { return n },
		Paused: true,
	})
	if err != nil {
		return err
	}
	defer q.Close()
	r.Queue = q
	rep := newReporter(e, o.json)
	q.Subscribe(rep.event)
	q.Start()
	var carried []queue.Item
	if len(q.Items()) > 0 {
		// An interrupted run: finish its copies first (their part files
		// resume), then plan again; what they copied counts as synced.
		fmt.Fprintln(e.stderr, e.words.T("cli.sync.resuming", map[string]any{"Journal": o.journal}))
		q.Retry()
		if _, err := q.Wait(ctx); err != nil {
			return e.failErr(ctx.Err(), e.words.T("cli.interrupted", nil))
		}
		carried = q.Items()
		if err := q.Remove(); err != nil {
			return err
		}
	}
	prep, err := r.Prepare(ctx, false, carried)
	if prep != nil {
		out.plan(prep, false)
	}
	if err != nil {
		return err
	}
	res, err := r.Execute(ctx, prep, prep.Plan)
	rep.finish(q.Stats())
	out.result(res)
	if ctx.Err() != nil {
		return e.failErr(ctx.Err(), e.words.T("cli.interrupted", nil))
	}
	if err != nil {
		return err
	}
	q.Close()
	os.Remove(o.journal) // all done: the next run starts afresh
	return refusals(e, prep.Plan)
}

// refusals names the files a sync left out because their names cannot be
// copied: an error (exit 1), never a silent gap.
func refusals(e *env, pl *syncplan.Plan) error {
	var b strings.Builder
	n := 0
	for _, a := range pl.Actions {
		if a.Local.Refused == "" && a.Remote.Refused == "" {
			continue
		}
		if n++; n <= 20 {
			fmt.Fprintf(&b, "\n  %s: %s", a.Path, (&planPrinter{words: e.words}).reason(a.Why))
		}
	}
	if n == 0 {
		return nil
	}
	if n > 20 {
		b.WriteString("\n  " + e.words.T("cli.more", map[string]any{"Count": n - 20}))
	}
	return e.failErr(nil, e.words.TN("cli.sync.refused", n, nil)+b.String())
}

// planPrinter shows a plan: a table for people, JSON lines for scripts.
type planPrinter struct {
	w     io.Writer
	json  bool
	words *i18n.Localizer
}

func (p *planPrinter) emit(v map[string]any) { json.NewEncoder(p.w).Encode(v) }

func (p *planPrinter) header(job syncplan.Job, site, remote string, dry bool) {
	if p.json {
		return
	}
	arrow := "→"
	if job.Options.Direction == syncplan.Download {
		arrow = "←"
	}
	data := map[string]any{"Local": job.Local, "Arrow": arrow, "Site": site, "Remote": remote}
	if job.Options.Direction == syncplan.Download {
		fmt.Fprint(p.w, p.words.T("cli.sync.header.download", data))
	} else {
		fmt.Fprint(p.w, p.words.T("cli.sync.header.upload", data))
	}
	if dry {
		fmt.Fprint(p.w, " "+p.words.T("cli.sync.dry_run", nil))
	}
	fmt.Fprintln(p.w)
}

func (p *planPrinter) plan(prep *syncplan.Prepared, all bool) {
	pl := prep.Plan
	if pl == nil {
		return
	}
	c := pl.Clock
	if p.json {
		if all {
			for _, a := range pl.Actions {
				p.emit(map[string]any{"event": "plan", "op": a.Op.String(), "path": a.Path, "dir": a.IsDir, "size": a.Size, "reason": a.Reason})
			}
		}
		p.emit(map[string]any{"event": "plan-summary", "mkdir": pl.Count(syncplan.OpMkdir), "upload": pl.Count(syncplan.OpUpload),
			"download": pl.Count(syncplan.OpDownload), "delete": pl.Count(syncplan.OpDelete), "skip": pl.Count(syncplan.OpSkip),
			"bytes": pl.Bytes, "tolerance_s": pl.Tolerance.Seconds(), "zone_s": c.Zone.Seconds(), "skew_s": c.Skew.Seconds(),
			"clock_measured": c.Measured, "notes": prep.Notes})
		return
	}
	for i, n := range prep.Notes {
		if i < len(prep.NoteWhys) {
			n = p.reason(prep.NoteWhys[i]) // the note's code, worded (English: its text)
		}
		fmt.Fprintln(p.w, p.words.T("cli.sync.note", map[string]any{"Note": n}))
	}
	clock := p.words.T("cli.sync.clock.unmeasured", nil)
	if c.Measured {
		clock = p.words.T("cli.sync.clock", map[string]any{"Zone": fmt.Sprintf("%+v", c.Zone), "Skew": c.Skew.String()})
	}
	fmt.Fprintln(p.w, p.words.T("cli.sync.times", map[string]any{"Precision": c.Precision.String(), "Clock": clock, "Tolerance": pl.Tolerance.String()}))
	copies := p.words.TN("cli.count.uploads", pl.Copies(), nil)
	if pl.Options.Direction == syncplan.Download {
		copies = p.words.TN("cli.count.downloads", pl.Copies(), nil)
	}
	fmt.Fprintln(p.w, p.words.T("cli.sync.plan", map[string]any{
		"Folders": p.words.TN("cli.count.folders", pl.Count(syncplan.OpMkdir), nil),
		"Copies":  copies, "Size": syncplan.Bytes(pl.Bytes),
		"Deletes": p.words.TN("cli.count.deletes", pl.Count(syncplan.OpDelete), nil),
		"Skipped": pl.Count(syncplan.OpSkip)}))
	if all {
		p.table(pl.Actions)
	}
	if pl.Empty() {
		fmt.Fprintln(p.w, p.words.T("cli.sync.nothing", nil))
	}
}

// table prints a plan's actions in columns: the operation, the path, the
// size, the reason. Columns are padded by the width a terminal gives a
// character (two for Chinese), which text/tabwriter does not know.
func (p *planPrinter) table(actions []syncplan.Action) {
	rows := make([][3]string, len(actions))
	var widths [3]int
	for i, a := range actions {
		size := ""
		if a.Op.Copies() {
			size = syncplan.Bytes(a.Size)
		}
		name := a.Path
		if a.IsDir {
			name += "/"
		}
		rows[i] = [3]string{p.op(a.Op), name, size}
		for c, cell := range rows[i] {
			widths[c] = max(widths[c], shownWidth(cell))
		}
	}
	w := bufio.NewWriter(p.w)
	for i, a := range actions {
		w.WriteString("  ")
		for c, cell := range rows[i] {
			w.WriteString(cell + strings.Repeat(" ", widths[c]-shownWidth(cell)+2))
		}
		w.WriteString(p.reason(a.Why) + "\n")
	}
	w.Flush()
}

// op names a plan's operation: as the plan says it in English (the JSON's
// and scripts' word), else the window's word for it.
func (p *planPrinter) op(o syncplan.Op) string {
	if p.words.Lang() == i18n.English {
		return o.String()
	}
	switch o {
	case syncplan.OpMkdir:
		return p.words.T("sync.op.mkdir", nil)
	case syncplan.OpUpload:
		return p.words.T("sync.op.upload", nil)
	case syncplan.OpDownload:
		return p.words.T("sync.op.download", nil)
	case syncplan.OpDelete:
		return p.words.T("sync.op.delete", nil)
	case syncplan.OpSkip:
		return p.words.T("sync.op.skip", nil)
	}
	return o.String()
}

// shownWidth is how many columns a terminal gives s: two for a wide or
// full-width character (Chinese), one for others.
func shownWidth(s string) int {
	n := 0
	for _, r := range s {
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}

func (p *planPrinter) result(res *syncplan.Result) {
	if res == nil {
		return
	}
	if p.json {
		p.emit(map[string]any{"event": "sync-summary", "made": res.Made, "copied": res.Copied, "bytes": res.Bytes,
			"deleted": res.Deleted, "failed": len(res.Failed), "deletes_held": res.DeletesHeld})
		return
	}
	fmt.Fprintln(p.w, p.words.T("cli.sync.done", map[string]any{"Folders": p.words.TN("cli.count.folders", res.Made, nil),
		"Files": p.words.TN("cli.count.files", res.Copied, nil), "Size": syncplan.Bytes(res.Bytes), "Deleted": res.Deleted,
		"Problems": p.words.TN("cli.count.problems", len(res.Failed), nil)}))
}

// reason words an action's reason in the user's language: the window's
// catalogue has a message per code ("plan."+code); English keeps the
// plan's own text.
func (p *planPrinter) reason(w syncplan.Why) string {
	if p.words.Lang() == i18n.English {
		return w.Text
	}
	s := p.words.T("plan."+w.Code, map[string]any{"Detail": w.Detail, "Age": syncplan.Age(w.Age),
		"Here": syncplan.Bytes(w.Here), "There": syncplan.Bytes(w.There), "Skew": w.Age.String(), "Text": w.Text})
	if s == "plan."+w.Code {
		return w.Text
	}
	return s
}

// stringList is a repeatable flag.
type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, ", ") }
func (l *stringList) Set(v string) error { *l = append(*l, v); return nil }
