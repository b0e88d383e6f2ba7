package syncplan

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"portside/transfer"
	"portside/transfer/localpath"
	"portside/transfer/queue"
)

// Result is how a run went.
type Result struct {
	Batch   string // the queue batch of the copies
	Made    int    // folders made
	Copied  int    // files copied
	Bytes   int64
	Deleted int
	Failed  []string // what went wrong, one line each
	// Problems are Failed as facts, one each, for a front end to word.
	Problems []Problem
	// DeletesHeld is set when deletes did not run because a copy failed.
	DeletesHeld bool
}

// Problem is one thing a run could not do: a copy (Item, the queue's
// failed item with its facts) or a delete of Path (Err), or the manifest's
// save (Err, no Path).
type Problem struct {
	Path string
	Item *queue.Item
	Err  error
}

// fail records a problem: its line (Failed) and its facts (Problems).
func (res *Result) fail(p Problem, line string) {
	res.Failed = append(res.Failed, line)
	res.Problems = append(res.Problems, p)
}

// ProblemsError is a run's failures (Result.Err); its text is Err's
// English, the facts are in Result.Problems.
type ProblemsError struct{ Result *Result }

func (e *ProblemsError) Error() string { return e.Result.text() }

// Err sums up a run's failures, or nil.
func (res *Result) Err() error {
	if len(res.Failed) == 0 {
		return nil
	}
	return &ProblemsError{res}
}

func (res *Result) text() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d problems:", len(res.Failed))
	for i, f := range res.Failed {
		if i == 20 {
			fmt.Fprintf(&b, "\n  … and %d more", len(res.Failed)-20)
			break
		}
		b.WriteString("\n  " + f)
	}
	if res.DeletesHeld {
		b.WriteString("\nNothing was deleted, because not every copy succeeded: run the sync again.")
	}
	return b.String()
}

// Execute runs plan (Prepared.Plan, or a Subset of it): it makes the
// folders, queues the copies as one batch and waits for them, then (only
// if every copy succeeded) deletes, and saves the manifest. It decides
// nothing.
func (r *Runner) Execute(ctx context.Context, prep *Prepared, plan *Plan) (*Result, error) {
	if r.Now == nil {
		r.Now = time.Now
	}
	res := &Result{Batch: r.batchName()}
	upload := plan.Options.Direction == Upload
	dst := r.Remote
	if !upload {
		dst = r.Local
	}
	if err := r.makeFolders(ctx, dst, plan, res); err != nil {
		return res, err
	}
	if !r.SharedSessions {
		// The queue brings its own sessions: keep one of the walk's for
		// the deletes, so a server's connection limit is not spent on
		// idle ones.
		r.Remote.Trim(1)
	}
	watch := watchBatch(r.Queue, res.Batch)
	defer watch.stop()
	ids, byID, err := r.enqueue(plan, res.Batch, prep)
	if err != nil {
		return res, err
	}
	final, err := watch.wait(ctx, ids)
	if err != nil {
		return res, fmt.Errorf("the sync was interrupted: %w", err)
	}
	done := map[string]bool{}
	for _, it := range final {
		a := byID[it.ID]
		switch it.State {
		case queue.Done:
			done[a.Path] = true
			res.Copied++
			res.Bytes += max(a.Size, 0)
		case queue.Skipped:
		default:
			it := it
			res.fail(Problem{Path: a.Path, Item: &it}, fmt.Sprintf("%s: %s", a.Path, orState(it)))
		}
	}
	if len(res.Failed) > 0 {
		res.DeletesHeld = plan.Counts[OpDelete] > 0
	} else {
		r.deletes(ctx, dst, plan, res)
	}
	if err := r.saveManifest(ctx, prep, plan, done); err != nil {
		res.fail(Problem{Err: err}, err.Error())
	}
	return res, res.Err()
}

func orState(it queue.Item) string {
	if it.Err != "" {
		return it.Err
	}
	return it.State.String()
}

func (r *Runner) batchName() string {
	var tag [4]byte
	rand.Read(tag[:])
	return "sync-" + r.Now().UTC().Format("20060102T150405Z") + "-" + hex.EncodeToString(tag[:])
}

// localPath and remotePath turn a relative path into each side's.
func (r *Runner) localPath(rel string) string {
	if rel == "" {
		return r.LocalRoot
	}
	return filepath.Join(r.LocalRoot, filepath.FromSlash(rel))
}

// localDst is a download's local path for rel, from localpath (the one
// builder of local destination paths): each element checked, under
// LocalRoot, no link followed.
func (r *Runner) localDst(rel string) (string, error) {
	root, err := filepath.Abs(r.LocalRoot)
	if err != nil {
		return "", err
	}
	if rel == "" {
		return root, nil
	}
	return localpath.Join(root, strings.Split(rel, "/")...)
}

func (r *Runner) remotePath(rel string) string { return path.Join(r.RemoteRoot, rel) }

func (r *Runner) dstPath(upload bool, rel string) string {
	if upload {
		return r.remotePath(rel)
	}
	return r.localPath(rel)
}

// makeFolders makes the destination root and the planned folders, parents
// first, before any file is queued: the queue makes folders only for
// folder items, and a file's parent must exist.
func (r *Runner) makeFolders(ctx context.Context, pool *Pool, plan *Plan, res *Result) (err error) {
	upload := plan.Options.Direction == Upload
	fs, err := pool.Get(ctx)
	if err != nil {
		return err
	}
	defer func() { pool.Put(fs, err) }()
	if err := mkdirAll(ctx, fs, r.dstPath(upload, "")); err != nil {
		return err
	}
	for _, a := range plan.Actions { // in path order: parents first
		if a.Op != OpMkdir {
			continue
		}
		p := r.dstPath(upload, a.Path)
		if !upload {
			if p, err = r.localDst(a.Path); err != nil {
				return fmt.Errorf("make folder %s: %w", a.Path, err)
			}
		}
		if err := fs.Mkdir(ctx, p); err != nil {
			if e, serr := fs.Stat(ctx, p); serr != nil || !e.IsDir {
				return fmt.Errorf("make folder %s: %w", a.Path, err)
			}
		}
		res.Made++
	}
	return nil
}

// mkdirAll makes dir and its missing parents.
func mkdirAll(ctx context.Context, fs transfer.FS, dir string) error {
	if e, err := fs.Stat(ctx, dir); err == nil {
		if !e.IsDir {
			return fmt.Errorf("make folder %s: a file of that name is in the way", dir)
		}
		return nil
	}
	if up := fs.Dir(dir); up != dir {
		if err := mkdirAll(ctx, fs, up); err != nil {
			return err
		}
	}
	if err := fs.Mkdir(ctx, dir); err != nil {
		if e, serr := fs.Stat(ctx, dir); serr == nil && e.IsDir {
			return nil
		}
		return err
	}
	return nil
}

// enqueue adds the plan's copies to the queue as one batch. The walk saw
// what each destination holds (the file, a part file), so the queue need
// not ask the server again, file by file.
func (r *Runner) enqueue(plan *Plan, batch string, prep *Prepared) ([]uint64, map[uint64]Action, error) {
	clock := prep.Remote.Clock
	var items []queue.Item
	var acts []Action
	for _, a := range plan.Actions {
		if !a.Op.Copies() {
			continue
		}
		it := queue.Item{Batch: batch, Site: r.Site, Size: a.Size, Exists: queue.Overwrite,
			DstKnown: true, DstSize: -1, PartSize: -1, PartOwned: true}
		dst, parts := a.Remote, prep.Remote.Parts
		if a.Op == OpUpload {
			it.Dir, it.Src, it.Dst, it.ModTime = queue.Upload, r.localPath(a.Path), r.remotePath(a.Path), a.Local.ModTime
		} else {
			// The local copy gets the server's time in local terms.
			it.Dir, it.Src, it.ModTime = queue.Download, r.remotePath(a.Path), clock.Time(a.Remote.ModTime)
			dst, parts = a.Local, prep.Local.Parts
			var err error
			if it.Dst, err = r.localDst(a.Path); err != nil {
				it.State, it.Err = queue.Failed, err.Error() // counted and reported, not lost
			}
			// The part file is opened under an os.Root of the sync's
			// local folder (see localpath.OpenIn).
			it.Root, _ = filepath.Abs(r.LocalRoot)
		}
		if dst.Path != "" {
			it.DstSize, it.DstTime = dst.Size, dst.ModTime
		}
		// A "NAME.portside-part" the walk saw is not this copy's: no
		// journal says it made it (an interrupted copy of ours resumes
		// from the queue's journal, before a new plan). It may be a real
		// file, someone's half upload, a lie: never resumed from, never
		// written over. The copy's part takes the first free name.
		if _, ok := parts[a.Path]; ok {
			it.Part = freePart(a.Path, parts, it.Dst)
		}
		items = append(items, it)
		acts = append(acts, a)
	}
	if len(items) == 0 {
		return nil, nil, nil
	}
	ids, err := r.Queue.Add(items...)
	if err != nil {
		return nil, nil, err
	}
	byID := make(map[uint64]Action, len(ids))
	for i, id := range ids {
		byID[id] = acts[i]
	}
	return ids, byID, nil
}

// batchWatch follows one batch's items through the queue's events, so a
// run can wait for its own items while others share the queue. It is
// subscribed before the items are added (an item may finish before Add
// returns), and unsubscribed when the run ends: a window runs many syncs.
type batchWatch struct {
	batch string
	stop  func() // unsubscribes
	mu    sync.Mutex
	items map[uint64]queue.Item // the batch's items by ID, as last seen
	wake  chan struct{}
}

func watchBatch(q *queue.Queue, batch string) *batchWatch {
	w := &batchWatch{batch: batch, items: map[uint64]queue.Item{}, wake: make(chan struct{}, 1)}
	w.stop = q.Subscribe(w.event)
	return w
}

func (w *batchWatch) event(ev queue.Event) {
	if ev.Stats != nil || ev.Item.Batch != w.batch {
		return
	}
	w.mu.Lock()
	w.items[ev.Item.ID] = ev.Item
	w.mu.Unlock()
	if ev.Item.State.Final() {
		select {
		case w.wake <- struct{}{}:
		default:
		}
	}
}

// wait returns the items of ids once every one is final, or ctx's error.
func (w *batchWatch) wait(ctx context.Context, ids []uint64) ([]queue.Item, error) {
	out := make([]queue.Item, 0, len(ids))
	for {
		// Items finish roughly in order: look on from the first one that
		// was not final last time.
		w.mu.Lock()
		for len(out) < len(ids) {
			it, ok := w.items[ids[len(out)]]
			if !ok || !it.State.Final() {
				break
			}
			out = append(out, it)
		}
		w.mu.Unlock()
		if len(out) == len(ids) {
			// The last look, for each item's latest state.
			w.mu.Lock()
			for i, id := range ids {
				out[i] = w.items[id]
			}
			w.mu.Unlock()
			return out, nil
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-w.wake:
		}
	}
}

// deletes removes what the plan deletes, contents before their folders.
func (r *Runner) deletes(ctx context.Context, pool *Pool, plan *Plan, res *Result) {
	var dels []Action
	for _, a := range plan.Actions {
		if a.Op == OpDelete {
			dels = append(dels, a)
		}
	}
	if len(dels) == 0 {
		return
	}
	// Reverse path order puts "a/b" before "a".
	slices.SortFunc(dels, func(x, y Action) int { return strings.Compare(y.Path, x.Path) })
	fs, err := pool.Get(ctx)
	if err != nil {
		res.fail(Problem{Err: err}, "delete: "+err.Error())
		return
	}
	upload := plan.Options.Direction == Upload
	var last error
	for _, a := range dels {
		if err := fs.Remove(ctx, r.dstPath(upload, a.Path)); err != nil {
			last = err
			res.fail(Problem{Path: a.Path, Err: err}, fmt.Sprintf("%s: %v", a.Path, err))
			if ctx.Err() != nil {
				break
			}
			continue
		}
		res.Deleted++
	}
	pool.Put(fs, last)
}

// saveManifest records the files the run left alike: those judged the same
// and those copied. An upload's server time is read back from a listing of
// its folder, the way the next walk will read it; a download's local time
// from the disk.
func (r *Runner) saveManifest(ctx context.Context, prep *Prepared, plan *Plan, done map[string]bool) error {
	m := NewManifest(r.Pair)
	m.Synced = r.Now()
	m.Clock = prep.Remote.Clock
	if !m.Clock.Measured {
		m.Clock = prep.Manifest.Clock
	}
	upload := plan.Options.Direction == Upload
	folders := map[string]bool{}
	for _, a := range plan.Actions {
		switch {
		case a.Same:
			m.Files[a.Path] = Record{Size: a.Local.Size, Local: a.Local.ModTime, Remote: a.Remote.ModTime}
		case done[a.Path] && upload:
			folders[parent(a.Path)] = true
		case done[a.Path]:
			fi, err := os.Lstat(r.localPath(a.Path))
			if err == nil && fi.Size() == a.Size {
				m.Files[a.Path] = Record{Size: a.Size, Local: fi.ModTime(), Remote: a.Remote.ModTime}
			}
		}
	}
	if len(folders) > 0 {
		listed, err := r.relist(ctx, folders)
		if err != nil {
			return fmt.Errorf("read back the server's times for the manifest: %w", err)
		}
		for _, a := range plan.Actions {
			if !done[a.Path] || !upload {
				continue
			}
			if e, ok := listed[a.Path]; ok && !e.IsDir && e.Size == a.Size {
				m.Files[a.Path] = Record{Size: a.Size, Local: a.Local.ModTime, Remote: e.ModTime}
			}
		}
	}
	return r.Manifests.Save(m)
}

// relist lists remote folders (relative paths) in parallel.
func (r *Runner) relist(ctx context.Context, folders map[string]bool) (map[string]transfer.Entry, error) {
	var mu sync.Mutex
	out := map[string]transfer.Entry{}
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(r.Remote.Max())
	for dir := range folders {
		g.Go(func() (err error) {
			fs, err := r.Remote.Get(gctx)
			if err != nil {
				return err
			}
			defer func() { r.Remote.Put(fs, err) }()
			entries, err := fs.List(gctx, r.remotePath(dir))
			if err != nil {
				return err
			}
			mu.Lock()
			defer mu.Unlock()
			for _, e := range entries {
				rel := e.Name
				if dir != "" {
					rel = dir + "/" + e.Name
				}
				out[rel] = e
			}
			return nil
		})
	}
	return out, g.Wait()
}

// freePart is the part file for a copy to dst (at rel in the walked tree)
// when "dst.portside-part" is taken: "dst.1.portside-part", or the first N
// the walk saw no part-named file for (parts is keyed by what a part name
// less its suffix leaves, so "rel.1" for "rel.1.portside-part").
func freePart(rel string, parts map[string]int64, dst string) string {
	for n := 1; ; n++ { // at most len(parts) steps
		if _, taken := parts[fmt.Sprintf("%s.%d", rel, n)]; !taken {
			return fmt.Sprintf("%s.%d%s", dst, n, partSuffix)
		}
	}
}
