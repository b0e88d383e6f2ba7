// Package syncplan (in transfer/sync) makes one folder match another:
// walk both trees, compare them into a plan of actions, each with a reason
// a person can read, and run the plan through the transfer queue.
//
// The package is named syncplan so that it can be imported next to the
// standard library's sync without renaming either.
//
// Planning is a pure function (Build) over two sorted listings, the
// options and the manifest of the last sync; walking (Walk) and running
// (Runner) are separate steps, and running never decides anything.
package syncplan

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Op is what an action does.
type Op int

const (
	OpMkdir    Op = iota // make a folder on the destination
	OpUpload             // copy a file to the server
	OpDownload           // copy a file from the server
	OpDelete             // remove a file or folder from the destination
	OpSkip               // leave it: the reason says why
	numOps
)

var opNames = [numOps]string{"mkdir", "upload", "download", "delete", "skip"}

func (o Op) String() string {
	if o >= 0 && o < numOps {
		return opNames[o]
	}
	return fmt.Sprintf("Op(%d)", int(o))
}

// Copies reports an op that moves a file.
func (o Op) Copies() bool { return o == OpUpload || o == OpDownload }

// Action is one step of a plan.
type Action struct {
	Op     Op
	Path   string // relative to both roots, "/"-separated
	IsDir  bool
	Size   int64 // bytes a copy moves
	Local  File  // the entry here (Path empty: none)
	Remote File  // the entry on the server (Path empty: none)
	Reason string
	// Why is Reason as a code and facts, for the window's languages.
	Why Why
	// Same marks a skip of two files judged alike: the manifest records
	// them after a run.
	Same bool
}

// Plan is what a sync would do.
type Plan struct {
	Options Options
	Actions []Action // in path order
	Counts  [numOps]int
	Bytes   int64 // to copy
	// Tolerance is how far two times could differ and be the same.
	Tolerance time.Duration
	Clock     Clock // the server's
}

// Count is the number of actions of op.
func (p *Plan) Count(op Op) int { return p.Counts[op] }

// Copies is the number of files to copy.
func (p *Plan) Copies() int { return p.Counts[OpUpload] + p.Counts[OpDownload] }

// Empty reports a plan that changes nothing.
func (p *Plan) Empty() bool { return p.Counts[OpSkip] == len(p.Actions) }

// ErrTooManyDeletes refuses a plan that would delete more than the cap.
var ErrTooManyDeletes = errors.New("too many deletes")

// TooManyDeletesError says how many and where.
type TooManyDeletesError struct {
	Count, Max int
	Where      string // "on the server" or "here"
}

func (e *TooManyDeletesError) Error() string {
	return fmt.Sprintf("the sync would delete %d files and folders %s, more than the limit of %d; nothing was changed. "+
		"Check that the source folder is the right one (an empty or unmounted source deletes everything), "+
		"then raise the limit (--max-delete) or turn deleting off", e.Count, e.Where, e.Max)
}

func (e *TooManyDeletesError) Unwrap() error { return ErrTooManyDeletes }

// Build compares two listings sorted by path (see Sort) and plans what
// makes the destination match the source. It reads nothing but its
// arguments. man may be nil (no earlier sync). When the plan would delete
// more than the options allow, Build returns it with a
// *TooManyDeletesError, for a preview to show but not to run.
func Build(local, remote Listing, opts Options, man *Manifest) (*Plan, error) {
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	if !sorted(local.Files) || !sorted(remote.Files) {
		return nil, errors.New("plan a sync: the listings are not sorted by path")
	}
	b := newBuilder(local, remote, opts, man)
	l, r := local.Files, remote.Files
	i, j := 0, 0
	for i < len(l) || j < len(r) {
		switch {
		case j == len(r) || i < len(l) && l[i].Path < r[j].Path:
			b.pair(&l[i], nil)
			i++
		case i == len(l) || r[j].Path < l[i].Path:
			b.pair(nil, &r[j])
			j++
		default:
			b.pair(&l[i], &r[j])
			i++
			j++
		}
	}
	return b.finish()
}

// builder holds a plan as it is built.
type builder struct {
	opts     Options
	filter   *Filter
	man      *Manifest
	plan     *Plan
	tol      time.Duration
	clock    Clock
	upload   bool
	pruned   map[string]bool // folders whose contents are not planned
	pending  map[string]int  // folders to make once a file needs them (includes set); value: index in mkdirs
	mkdirs   []Action
	deleting map[string]int // folders to delete: index in actions
	late     bool           // mkdirs were added out of order
}

func newBuilder(local, remote Listing, opts Options, man *Manifest) *builder {
	tol := max(time.Duration(opts.Tolerance), local.Clock.Precision, remote.Clock.Precision)
	tol += abs(remote.Clock.Skew) + abs(local.Clock.Skew)
	b := &builder{
		opts: opts, filter: NewFilter(opts), man: man, tol: tol, clock: remote.Clock,
		upload: opts.Direction == Upload,
		pruned: map[string]bool{}, pending: map[string]int{}, deleting: map[string]int{},
	}
	b.plan = &Plan{Options: opts, Tolerance: tol, Clock: remote.Clock,
		Actions: make([]Action, 0, max(len(local.Files), len(remote.Files))+16)}
	return b
}

func (b *builder) add(a Action) {
	if a.Op == OpDelete && a.IsDir {
		b.deleting[a.Path] = len(b.plan.Actions)
	}
	b.plan.Actions = append(b.plan.Actions, a)
}

// pair plans one path, present here (l), on the server (r) or both.
func (b *builder) pair(l, r *File) {
	src, dst := l, r
	if !b.upload {
		src, dst = r, l
	}
	a := Action{Path: pathOf(l, r)}
	if l != nil {
		a.Local = *l
	}
	if r != nil {
		a.Remote = *r
	}
	if b.underPruned(a.Path) {
		return // the folder's action speaks for it
	}
	isDir := src != nil && src.IsDir || src == nil && dst.IsDir
	a.IsDir = isDir
	if why := b.filter.Excluded(a.Path, isDir); why != "" {
		b.skip(a, excludedWhy(why), isDir)
		return
	}
	for _, f := range []*File{src, dst} {
		if f != nil && f.Refused != "" {
			b.skip(a, refusedWhy(f.Refused), f.IsDir)
			return
		}
		if f != nil && f.Cut != "" {
			// Its contents on the other side are not planned either: no
			// copy into it, no delete of what the walk could not see.
			b.skip(a, cutWhy(f.Cut, f == l), true)
			return
		}
	}
	for _, f := range []*File{src, dst} {
		if f == nil || !f.IsLink {
			continue
		}
		switch {
		case !b.opts.FollowLinks:
			b.skip(a, why("link_"+side(f == l), "symbolic link "+b.where(f == l)+" (links are not followed)"), f.IsDir)
			return
		case f.Broken:
			b.skip(a, why("broken_link_"+side(f == l), "broken or looping symbolic link "+b.where(f == l)), f.IsDir)
			return
		}
	}
	switch {
	case src == nil:
		b.extra(a, dst)
	case dst == nil && src.IsDir:
		b.mkdir(a)
	case dst == nil:
		b.copy(a, *src, b.notThere())
	case src.IsDir && dst.IsDir:
		// Nothing to say about a folder on both sides.
	case src.IsDir != dst.IsDir:
		what := map[bool]string{true: "a folder", false: "a file"}
		code := map[bool]string{true: "folder_file", false: "file_folder"}[l.IsDir]
		b.skip(a, why(code, fmt.Sprintf("%s here, %s on server: remove one by hand", what[l.IsDir], what[r.IsDir])), true)
	default:
		b.compare(a, *l, *r)
	}
}

func pathOf(l, r *File) string {
	if l != nil {
		return l.Path
	}
	return r.Path
}

// where names the side of a file: here, or on server.
func (b *builder) where(local bool) string {
	if local {
		return "here"
	}
	return "on server"
}

func (b *builder) notThere() Why {
	if b.upload {
		return why("not_on_server", "not on server")
	}
	return why("not_here", "not here")
}

// skip records a skip; a skipped folder's contents are not planned, and a
// destination entry that stays keeps its folders from being deleted.
func (b *builder) skip(a Action, w Why, prune bool) {
	a.Op, a.Reason, a.Why = OpSkip, w.Text, w
	b.add(a)
	if prune && (a.IsDir || a.Local.IsDir || a.Remote.IsDir) {
		b.pruned[a.Path] = true
	}
	b.keep(a.Path)
}

// same records a skip of two files judged alike.
func (b *builder) same(a Action, w Why) {
	a.Same = true
	b.skip(a, w, false)
}

// extra plans a destination entry that the source lacks.
func (b *builder) extra(a Action, dst *File) {
	if !b.opts.Delete {
		w := why("only_on_server", "only on server (deleting is off)")
		if !b.upload {
			w = why("only_here", "only here (deleting is off)")
		}
		b.skip(a, w, true)
		return
	}
	a.Op, a.IsDir = OpDelete, dst.IsDir
	a.Why = why("gone_here", "gone from here")
	if !b.upload {
		a.Why = why("gone_server", "gone from server")
	}
	a.Reason = a.Why.Text
	b.add(a)
}

// keep makes sure no folder holding rel is deleted.
func (b *builder) keep(rel string) {
	if len(b.deleting) == 0 {
		return
	}
	for p := parent(rel); p != ""; p = parent(p) {
		if i, ok := b.deleting[p]; ok {
			act := &b.plan.Actions[i]
			act.Op, act.Why = OpSkip, why("holds_staying", "not deleted: it holds files that stay")
			act.Reason = act.Why.Text
			delete(b.deleting, p)
		}
	}
}

func (b *builder) underPruned(rel string) bool {
	if len(b.pruned) == 0 {
		return false
	}
	for p := parent(rel); p != ""; p = parent(p) {
		if b.pruned[p] {
			return true
		}
	}
	return false
}

// mkdir plans a folder the destination lacks. With include patterns, it
// waits until a file inside is copied: a filter for *.jpg should not make
// every empty folder of the tree.
func (b *builder) mkdir(a Action) {
	a.Op, a.IsDir = OpMkdir, true
	a.Why = b.notThere()
	a.Why.Code, a.Why.Text = "folder_"+a.Why.Code, "folder "+a.Why.Text
	a.Reason = a.Why.Text
	if !b.filter.hasIncludes() {
		b.add(a)
		return
	}
	b.pending[a.Path] = len(b.mkdirs)
	b.mkdirs = append(b.mkdirs, a)
}

// copy plans a file copy, with the folders it needs.
func (b *builder) copy(a Action, src File, w Why) {
	if len(b.pending) > 0 {
		var need []string
		for p := parent(a.Path); p != ""; p = parent(p) {
			if _, ok := b.pending[p]; !ok {
				break // a folder that is there (or planned) has its parents
			}
			need = append(need, p)
		}
		for k := len(need) - 1; k >= 0; k-- {
			b.add(b.mkdirs[b.pending[need[k]]])
			delete(b.pending, need[k])
			b.late = true
		}
	}
	a.Op = OpDownload
	if b.upload {
		a.Op = OpUpload
	}
	a.Size, a.Reason, a.Why = src.Size, w.Text, w
	b.add(a)
}

// compare decides between two files of the same path.
func (b *builder) compare(a Action, l, r File) {
	src, dst := l, r
	srcWhere, dstWhere := "here", "on server"
	if !b.upload {
		src, dst = r, l
		srcWhere, dstWhere = dstWhere, srcWhere
	}
	if b.opts.Compare == Always {
		b.copy(a, src, why("always", "copy always"))
		return
	}
	// Times in the local clock's terms, and how far apart they may be.
	st, dt := src.ModTime, dst.ModTime
	if b.upload {
		dt = b.clock.Time(dt)
	} else {
		st = b.clock.Time(st)
	}
	tol := b.tol
	if l.DateOnly || r.DateOnly {
		tol = max(tol, 24*time.Hour)
	}
	timed := !st.IsZero() && !dt.IsZero()
	diff := st.Sub(dt) // > 0: the source is newer
	dstNewer := timed && diff < -tol

	if b.opts.Compare == SizeTime && b.man != nil {
		if rec, ok := b.man.Files[a.Path]; ok {
			ls := rec.Size == l.Size && rec.Local.Equal(l.ModTime)
			rs := rec.Size == r.Size && rec.Remote.Equal(r.ModTime)
			srcSame, dstSame := ls, rs
			if !b.upload {
				srcSame, dstSame = rs, ls
			}
			switch {
			case srcSame && dstSame:
				b.same(a, why("unchanged", "unchanged since the last sync"))
				return
			case dstSame:
				// The destination is as the last sync left it: whatever
				// its time says, the source has changed since.
				b.copy(a, src, why("changed_"+side(b.upload), "changed "+srcWhere+" since the last sync"))
				return
			}
		}
	}
	if src.Size != dst.Size {
		if b.opts.OnlyNewer && dstNewer {
			b.skip(a, newerWhy("newer_kept", !b.upload, -diff, "newer %s by %s (only newer files are copied)"), false)
			return
		}
		b.copy(a, src, Why{Code: "size_differs", Here: l.Size, There: r.Size, Text: fmt.Sprintf("size differs: %s here, %s there", Bytes(l.Size), Bytes(r.Size))})
		return
	}
	switch {
	case b.opts.Compare == SizeOnly:
		b.same(a, why("same_size", "same size"))
	case !timed:
		b.same(a, why("same_size_untimed", "same size (no time to compare)"))
	case diff > tol:
		b.copy(a, src, newerWhy("newer", b.upload, diff, "newer %s by %s"))
	case dstNewer && b.opts.OnlyNewer:
		b.skip(a, newerWhy("newer_kept", !b.upload, -diff, "newer %s by %s (only newer files are copied)"), false)
	case dstNewer:
		b.copy(a, src, newerWhy("time_differs", !b.upload, -diff, "time differs: newer %s by %s"))
	case l.DateOnly || r.DateOnly:
		b.same(a, why("same_day", "same size and day (the server lists only the date)"))
	default:
		b.same(a, why("same_time", "same size and time"))
	}
}

// finish counts, orders and checks the plan.
func (b *builder) finish() (*Plan, error) {
	p := b.plan
	if b.late {
		slices.SortStableFunc(p.Actions, func(x, y Action) int { return strings.Compare(x.Path, y.Path) })
	}
	for i := range p.Actions {
		a := &p.Actions[i]
		p.Counts[a.Op]++
		if a.Op.Copies() {
			p.Bytes += max(a.Size, 0)
		}
	}
	if m := b.opts.maxDelete(); m >= 0 && p.Counts[OpDelete] > m {
		where := "on the server"
		if !b.upload {
			where = "here"
		}
		return p, &TooManyDeletesError{Count: p.Counts[OpDelete], Max: m, Where: where}
	}
	return p, nil
}

// Subset is the plan with only the actions for which keep is true, plus the
// folders the kept copies need. Nothing else is re-decided: a preview's
// unticked rows become skips.
func (p *Plan) Subset(keep func(i int, a Action) bool) *Plan {
	out := &Plan{Options: p.Options, Tolerance: p.Tolerance, Clock: p.Clock, Actions: make([]Action, len(p.Actions))}
	copy(out.Actions, p.Actions)
	mkdirAt := map[string]int{}
	for i, a := range p.Actions {
		if a.Op == OpMkdir {
			mkdirAt[a.Path] = i
		}
	}
	kept := make([]bool, len(p.Actions))
	for i, a := range p.Actions {
		if a.Op == OpSkip || !keep(i, a) {
			continue
		}
		kept[i] = true
		if a.Op.Copies() || a.Op == OpMkdir {
			for d := parent(a.Path); d != ""; d = parent(d) {
				if k, ok := mkdirAt[d]; ok {
					kept[k] = true
				}
			}
		}
	}
	for i := range out.Actions {
		a := &out.Actions[i]
		if !kept[i] && a.Op != OpSkip {
			a.Op, a.Why = OpSkip, why("by_hand", "left out by hand")
			a.Reason = a.Why.Text
		}
		out.Counts[a.Op]++
		if a.Op.Copies() {
			out.Bytes += max(a.Size, 0)
		}
	}
	return out
}

// Age says a duration the way a person would: "45 s", "3 min", "2 h",
// "5 days".
func Age(d time.Duration) string {
	d = abs(d)
	switch {
	case d < 90*time.Second:
		return fmt.Sprintf("%d s", int(d.Round(time.Second)/time.Second))
	case d < 90*time.Minute:
		return fmt.Sprintf("%d min", int(d.Round(time.Minute)/time.Minute))
	case d < 48*time.Hour:
		return fmt.Sprintf("%d h", int(d.Round(time.Hour)/time.Hour))
	}
	return fmt.Sprintf("%d days", int(d.Round(24*time.Hour)/(24*time.Hour)))
}

// Bytes says a size: exact below 1 KiB, one decimal above.
func Bytes(n int64) string {
	if n < 1024 {
		return fmt.Sprintf("%d B", n)
	}
	v, u := float64(n)/1024, 0
	for v >= 1023.95 && u < 5 {
		v /= 1024
		u++
	}
	return fmt.Sprintf("%.1f %ciB", v, "KMGTPE"[u])
}

func abs(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}
