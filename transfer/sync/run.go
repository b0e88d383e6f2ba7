package syncplan

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/sync/errgroup"

	"portside/transfer"
	"portside/transfer/queue"
)

// Runner syncs one pair of folders: Prepare walks and plans, Execute runs
// a plan through the transfer queue. The window and the command line
// both drive it.
type Runner struct {
	Pair       Pair
	LocalRoot  string // absolute, in the OS's syntax
	RemoteRoot string // absolute, "/"-separated
	Options    Options
	Local      *Pool // LocalPool(n)
	Remote     *Pool
	Manifests  ManifestStore
	// Queue runs the copies; Site is the key its Dial knows the server by.
	Queue *queue.Queue
	Site  string
	// SharedSessions says the queue's Dial takes its sessions from Remote:
	// the walk's idle sessions then become the queue's, where otherwise
	// all but one are closed so that the two do not hold twice the site's
	// connections between them.
	SharedSessions bool
	// Now is the clock, for batch names and the manifest (tests pin it).
	Now func() time.Time
}

// Prepared is a walked and planned sync, ready to preview and run.
type Prepared struct {
	Plan     *Plan
	Local    *WalkResult
	Remote   *WalkResult
	Manifest *Manifest
	// Notes are things a person should know: an unmeasured clock, a
	// manifest that could not be read.
	Notes []string
	// NoteWhys are Notes as codes and facts, in the same order, for the
	// window's languages (codes "note_*" of WhyCodes).
	NoteWhys []Why
}

func (p *Prepared) note(w Why) {
	p.Notes = append(p.Notes, w.Text)
	p.NoteWhys = append(p.NoteWhys, w)
}

// Prepare walks both trees at once, measures the server's clock (unless
// dryRun: a dry run writes nothing, so it uses the clock the last run
// measured, or reads the time zone from files that are there; the window's
// Compare is a dry run, and Remeasure measures at Run), and plans. carried are queue items an interrupted run
// finished: the files they copied count as synced when both sides still
// show what was copied. A plan refused for too many deletes is returned
// with the error.
func (r *Runner) Prepare(ctx context.Context, dryRun bool, carried []queue.Item) (*Prepared, error) {
	if err := r.Options.Validate(); err != nil {
		return nil, err
	}
	p := &Prepared{}
	man, err := r.Manifests.Load(r.Pair)
	if err != nil && !errors.Is(err, ErrCorruptManifest) {
		return nil, err
	}
	if err != nil {
		p.note(Why{Code: "note_manifest", Detail: err.Error(), Text: err.Error()})
	}
	p.Manifest = man

	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() (err error) {
		p.Local, err = Walk(gctx, r.Local, r.LocalRoot, r.Options)
		return err
	})
	g.Go(func() (err error) {
		p.Remote, err = Walk(gctx, r.Remote, r.RemoteRoot, r.Options)
		return err
	})
	if err := g.Wait(); err != nil {
		return nil, err
	}
	if p.Local.Missing && r.Options.Direction == Upload {
		return nil, &transfer.OpError{Op: "sync_local", Verb: "sync", Path: r.LocalRoot,
			Err: fmt.Errorf("%w: the folder to upload does not exist", transfer.ErrNotFound)}
	}
	if p.Remote.Missing && r.Options.Direction == Download {
		return nil, &transfer.OpError{Op: "sync_remote", Verb: "sync", Path: r.RemoteRoot,
			Err: fmt.Errorf("%w: the folder to download does not exist on the server", transfer.ErrNotFound)}
	}

	clock := Clock{Precision: p.Remote.Clock.Precision}
	switch {
	case !dryRun:
		clock = measureClock(ctx, r.Remote, r.RemoteRoot, clock.Precision, p.Remote.proven)
	case man.Clock.Measured:
		clock = man.Clock
		clock.Precision = p.Remote.Clock.Precision
		clock.Note = "the server's clock as the last sync measured it (a dry run writes nothing)"
		clock.noteWhy = why("note_clock_last", clock.Note)
	default:
		clock.Note = "the server's clock was not measured: comparing writes nothing (a run measures it first)"
		clock.noteWhy = why("note_clock_unmeasured", clock.Note)
		if zone, ok := zoneFromFiles(ctx, r.Remote, r.RemoteRoot, p.Remote.Files, clock.Precision); ok {
			clock.Zone = zone
			clock.Note = fmt.Sprintf("the server's time zone (%s) was read from files that are there; its clock is measured "+
				"when a run starts (comparing writes nothing)", zone)
			clock.noteWhy = Why{Code: "note_clock_zone", Detail: zone.String(), Text: clock.Note}
		}
	}
	if clock.Note != "" {
		if clock.noteWhy.Code == "" {
			clock.noteWhy = Why{Code: "note_clock_failed", Detail: clock.Note, Text: clock.Note}
		}
		p.note(clock.noteWhy)
	}
	p.Remote.Clock = clock
	r.fold(man, p.Local.Files, p.Remote.Files, carried)
	p.Plan, err = Build(p.Local.Listing, p.Remote.Listing, r.Options, man)
	return p, err
}

// fold records in man the files that carried (finished) items copied, when
// the source still shows what was copied and the destination its size.
func (r *Runner) fold(man *Manifest, local, remote []File, carried []queue.Item) {
	for _, it := range carried {
		if it.State != queue.Done || it.IsDir {
			continue
		}
		lp, rp := it.Src, it.Dst
		if it.Dir == queue.Download {
			lp, rp = rp, lp
		}
		rel, ok := r.rel(lp, rp)
		if !ok {
			continue
		}
		l, lok := find(local, rel)
		m, rok := find(remote, rel)
		if !lok || !rok || l.IsDir || m.IsDir || l.Size != it.Size || m.Size != it.Size {
			continue
		}
		// The local file is the source of an upload, and a download's
		// time was set to the item's: either way it has the item's time.
		if !l.ModTime.Equal(it.ModTime) {
			continue
		}
		man.Files[rel] = Record{Size: it.Size, Local: l.ModTime, Remote: m.ModTime}
	}
}

// rel is the path relative to both roots of a local and a remote path.
func (r *Runner) rel(localPath, remotePath string) (string, bool) {
	lr, err := filepath.Rel(r.LocalRoot, localPath)
	if err != nil || strings.HasPrefix(lr, "..") {
		return "", false
	}
	rr := strings.TrimPrefix(strings.TrimPrefix(remotePath, strings.TrimSuffix(r.RemoteRoot, "/")), "/")
	if filepath.ToSlash(lr) != rr {
		return "", false
	}
	return rr, true
}
