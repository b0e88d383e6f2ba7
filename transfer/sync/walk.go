package syncplan

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"portside/transfer"
	"portside/transfer/local"
	"portside/transfer/pool"
)

// Pool hands out sessions of one side and keeps them between steps (walk,
// probe, folders, deletes), so a sync logs in once per session.
type Pool = pool.Pool

// NewPool makes a pool over dial, for up to n sessions at once.
func NewPool(dial func(ctx context.Context) (transfer.FS, error), n int) *Pool {
	return pool.New(dial, n)
}

// LocalPool is the local disk as a pool.
func LocalPool(parallel int) *Pool {
	return NewPool(func(context.Context) (transfer.FS, error) { return local.FS{}, nil }, parallel)
}

// Names that are Portside's own work in progress, never part of a tree.
const (
	partSuffix  = ".portside-part"        // the queue's file still arriving
	probePrefix = "portside-clock-probe-" // not hidden: vsftpd leaves dot files out of LIST
)

// maxLinkHops bounds how many links deep a walk follows on a server, where
// a link's target cannot be resolved to detect a loop.
const maxLinkHops = 8

// WalkResult is a walked tree.
type WalkResult struct {
	Listing
	Missing bool // the root does not exist: the tree is empty
	// Parts are the queue's unfinished files found on the way: the size of
	// "a/b.portside-part" under "a/b". A copy resumes from there.
	Parts map[string]int64
	// proven: a listed time had seconds, so the precision is a second for
	// sure (otherwise it may be a minute, or no times were seen).
	proven bool
}

type dirJob struct {
	full, rel string
	real      *realDir // local, following links: where the folder really is
	hops      int      // links followed to get here
	depth     int      // folders below the root
	seen      []uint64 // listing sums of the folders above (transfer.ListingSum)
}

// realDir is a chain of the real paths of a folder and its ancestors, to
// notice a local link that leads back into its own ancestry.
type realDir struct {
	path   string
	parent *realDir
}

func (r *realDir) child(name string) *realDir {
	if r == nil {
		return nil
	}
	return &realDir{path: filepath.Join(r.path, name), parent: r}
}

// Walk lists the tree under root with up to pool.Max() sessions at once;
// the first error stops the walk. Excluded folders are not walked, links
// are followed only with opts.FollowLinks, and Portside's own part and
// probe files are left out. The result is sorted for Build.
func Walk(ctx context.Context, pool *Pool, root string, opts Options) (*WalkResult, error) {
	w := &walker{pool: pool, opts: opts, filter: NewFilter(opts)}
	w.cond = sync.NewCond(&w.mu)
	first, err := pool.Get(ctx)
	if err != nil {
		return nil, err
	}
	_, w.local = first.(local.FS)
	start := dirJob{full: root}
	if w.local && opts.FollowLinks {
		real, err := filepath.EvalSymlinks(root)
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			pool.Put(first, nil)
			return nil, fmt.Errorf("walk %s: %w", root, err)
		}
		start.real = &realDir{path: real}
	}
	// The root on the caller's goroutine: a missing root is an empty tree
	// (the first sync into a new folder), not an error.
	top, found, err := w.list(ctx, first, start, nil)
	pool.Put(first, err)
	if errors.Is(err, transfer.ErrNotFound) {
		return &WalkResult{Missing: true, Listing: Listing{Clock: Clock{Precision: w.precision(nil)}}}, nil
	}
	if err != nil {
		return nil, err
	}
	w.queue = found

	g, gctx := errgroup.WithContext(ctx)
	stop := context.AfterFunc(gctx, func() {
		w.mu.Lock()
		w.cond.Broadcast()
		w.mu.Unlock()
	})
	defer stop()
	parts := make([][]File, pool.Max()+1)
	parts[0] = top
	for i := 1; i < len(parts); i++ {
		g.Go(func() error {
			var err error
			parts[i], err = w.work(gctx)
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	files := make([]File, 0, n)
	for _, p := range parts {
		files = append(files, p...)
	}
	for i := range files {
		if why, ok := w.cuts[files[i].Path]; ok {
			files[i].Cut = why
		}
	}
	Sort(files)
	prec := w.precision(files)
	return &WalkResult{Listing: Listing{Files: files, Clock: Clock{Precision: prec}}, Parts: w.parts,
		proven: w.local || prec == time.Second && len(files) > 0}, nil
}

type walker struct {
	pool   *Pool
	opts   Options
	filter *Filter
	local  bool

	mu    sync.Mutex
	cond  *sync.Cond
	queue []dirJob
	busy  int
	parts map[string]int64
	cuts  map[string]string // folders not walked, and why
}

// cut records a folder the walk does not go into.
func (w *walker) cut(rel, why string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.cuts == nil {
		w.cuts = map[string]string{}
	}
	w.cuts[rel] = why
}

func (w *walker) part(rel string, size int64) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.parts == nil {
		w.parts = map[string]int64{}
	}
	w.parts[rel] = size
}

// next takes a folder to list, waiting while others may still find some;
// false when the walk is over.
func (w *walker) next(ctx context.Context) (dirJob, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for len(w.queue) == 0 && w.busy > 0 && ctx.Err() == nil {
		w.cond.Wait()
	}
	if len(w.queue) == 0 || ctx.Err() != nil {
		return dirJob{}, false
	}
	j := w.queue[len(w.queue)-1]
	w.queue = w.queue[:len(w.queue)-1]
	w.busy++
	return j, true
}

func (w *walker) done(found []dirJob) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.queue = append(w.queue, found...)
	w.busy--
	w.cond.Broadcast()
}

// work lists folders on one session until the walk is over.
func (w *walker) work(ctx context.Context) (files []File, err error) {
	var fs transfer.FS
	defer func() { w.pool.Put(fs, err) }()
	for {
		job, ok := w.next(ctx)
		if !ok {
			return files, ctx.Err()
		}
		if fs == nil {
			if fs, err = w.pool.Get(ctx); err != nil {
				if errors.Is(err, transfer.ErrTooMany) && ctx.Err() == nil {
					// The server allows fewer sessions than asked for:
					// the others walk on, this one retires.
					w.done([]dirJob{job})
					return files, nil
				}
				w.done(nil)
				return nil, err
			}
		}
		var found []dirJob
		files, found, err = w.list(ctx, fs, job, files)
		w.done(found)
		if err != nil {
			return nil, err
		}
	}
}

// list reads one folder, adding its entries to files and returning the
// folders to walk next.
func (w *walker) list(ctx context.Context, fs transfer.FS, job dirJob, files []File) ([]File, []dirJob, error) {
	var entries []transfer.Entry
	var refused []transfer.Refusal
	var err error
	if rl, ok := fs.(transfer.RefusingLister); ok {
		entries, refused, err = rl.ListRefusals(ctx, job.full)
	} else {
		entries, err = fs.List(ctx, job.full)
	}
	if err != nil {
		return files, nil, fmt.Errorf("walk: %w", err)
	}
	sum := transfer.ListingSum(entries)
	if slices.Contains(job.seen, sum) {
		w.cut(job.rel, "not walked: the folder lists the same as a folder it is in (a loop)")
		return files, nil, nil
	}
	seen := append(slices.Clip(job.seen), sum)
	var found []dirJob
	relOf := func(name string) string {
		if job.rel != "" {
			return job.rel + "/" + name
		}
		return name
	}
	// A name that cannot be copied is kept, marked, so the plan names it
	// as skipped with the reason instead of leaving it out silently.
	for _, r := range refused {
		files = append(files, File{Path: relOf(r.Name), Size: r.Size, IsDir: r.IsDir, Refused: r.Err.Error()})
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name, probePrefix) {
			continue
		}
		rel := relOf(e.Name)
		if err := transfer.CheckName(e.Name); err != nil {
			files = append(files, File{Path: rel, Size: e.Size, IsDir: e.IsDir, Refused: err.Error()})
			continue
		}
		if strings.HasSuffix(e.Name, partSuffix) {
			if !e.IsDir {
				w.part(strings.TrimSuffix(rel, partSuffix), e.Size)
			}
			continue
		}
		f := File{Path: rel, Size: e.Size, ModTime: e.ModTime, IsDir: e.IsDir, IsLink: e.IsLink}
		next := dirJob{full: fs.Join(job.full, e.Name), rel: rel, real: job.real.child(e.Name), hops: job.hops,
			depth: job.depth + 1, seen: seen}
		if f.IsLink && w.opts.FollowLinks {
			w.follow(ctx, fs, &f, &next)
		}
		if f.IsDir {
			f.Size = 0
		}
		files = append(files, f)
		if !f.IsDir || f.Broken || f.IsLink && !w.opts.FollowLinks || w.filter.Excluded(rel, true) != "" {
			continue
		}
		if next.depth > w.opts.maxDepth() {
			w.cut(rel, fmt.Sprintf("not walked: more than %d folders deep", w.opts.maxDepth()))
			continue
		}
		found = append(found, next)
	}
	return files, found, nil
}

// follow replaces a link's facts with its target's, or marks it broken.
func (w *walker) follow(ctx context.Context, fs transfer.FS, f *File, next *dirJob) {
	t, err := fs.Stat(ctx, next.full)
	if err != nil {
		f.Broken = true
		return
	}
	if !t.IsDir && t.IsLink && !w.local {
		// A server without MLST answers a link from its folder's listing:
		// the link again. A folder lists; a file does not.
		if _, err := fs.List(ctx, next.full); err == nil {
			t.IsDir = true
		}
	}
	f.Size, f.ModTime, f.IsDir = t.Size, t.ModTime, t.IsDir
	if !f.IsDir {
		return
	}
	next.hops++
	if !w.local {
		if next.hops > maxLinkHops {
			f.Broken = true
		}
		return
	}
	real, err := filepath.EvalSymlinks(next.full)
	if err != nil {
		f.Broken = true
		return
	}
	for a := next.real.parent; a != nil; a = a.parent {
		if a.path == real {
			f.Broken = true // it leads back to a folder it is in
			return
		}
	}
	next.real = &realDir{path: real, parent: next.real.parent}
}

// precision guesses a server's time precision from its listing: MLSD gives
// seconds, LIST minutes (and only a date for files older than about six
// months). A LIST time never has seconds, so one time with seconds proves
// precise times; times without any may only mean a coarse listing, and
// then date-only times are marked. The local disk is exact.
func (w *walker) precision(files []File) time.Duration {
	if w.local {
		return 0
	}
	for _, f := range files {
		if !f.ModTime.IsZero() && (f.ModTime.Second() != 0 || f.ModTime.Nanosecond() != 0) {
			return time.Second
		}
	}
	if len(files) == 0 {
		return time.Second
	}
	old := time.Now().Add(-150 * 24 * time.Hour)
	for i := range files {
		t := files[i].ModTime
		if !t.IsZero() && t.Hour() == 0 && t.Minute() == 0 && t.Before(old) {
			files[i].DateOnly = true
		}
	}
	return time.Minute
}
