package queue

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"portside/transfer"
	"portside/transfer/local"
	"portside/transfer/pool"
)

// Config wires a queue to its journal and to the two sides.
type Config struct {
	// Journal is the journal file; it is created if missing, and the items
	// in it are restored (a crash's running items are queued again).
	Journal string
	// Dial opens a session for a site key. Sessions are pooled per site.
	Dial  func(ctx context.Context, site string) (transfer.FS, error)
	Local transfer.FS // default local.FS{}
	// Limit is a site's connection limit (default 2, at most 10). A "421
	// too many connections" lowers the live limit below it.
	Limit func(site string) int
	// OnExists answers the Ask policy: what to do, and whether for all
	// later items of the same direction. It may block (a dialog).
	OnExists func(it Item, src, dst transfer.Entry) (Policy, bool)
	Retries  int           // transient failures before an item fails; default 3
	Backoff  time.Duration // first retry delay, doubled each time; default 1 s
	// SizeRetries is how many copies of an item may end in another size
	// than its source said (*SizeChangedError) before it fails; default 3.
	// Unlike Retries, progress does not reset the count.
	SizeRetries int
	// MaxDepth bounds how many folders deep a folder item expands;
	// default transfer.DefaultMaxDepth. Deeper folders end Skipped with
	// the reason.
	MaxDepth int
	// KeepResized keeps a copy that ended in another size than listed when
	// the source confirmed it complete: the item is done, its Err says so.
	KeepResized bool
	// Paused starts the queue without running anything until Start.
	Paused bool
	// Earlier, when set, tells what an earlier run knew of an item moving
	// src to dst in direction dir (a command line run again lists the
	// server anew, then keeps what that run finished or part-copied):
	// a folder's expansion keeps an unchanged file that is still at its
	// destination done, and resumes from a part file that run made.
	Earlier func(dir Direction, src, dst string) (Item, bool)
	// Replan re-plans, at Open, every batch the journal holds unfinished
	// (the window's queue after a restart; see replan.go): its top folders
	// list again, and what it knew of the files below them answers as
	// Earlier does.
	Replan bool
	// Segments is a site's setting for segmented downloads: 0 the default
	// (DefaultSegments), 1 off, N at most N ranges of one file at once.
	// Ranges use the site's free connections only (Limit). nil: 0.
	Segments func(site string) int
	// SegmentMin is the smallest range worth a connection of its own;
	// default DefaultSegmentMin. A file is segmented from twice that.
	SegmentMin int64
	// Skip, when set, is asked about each entry a folder item expands to
	// (the window's filename filters): a reason leaves the entry out, as
	// an item ended Skipped with that reason, so that what a filter held
	// back is counted and named, never silently lost. A folder left out
	// is not expanded. Items added by the user are never asked about.
	Skip func(it Item, e transfer.Entry) string
}

// Queue runs items. Its methods are safe for concurrent use.
type Queue struct {
	cfg  Config
	j    *journal
	ctx  context.Context
	stop context.CancelFunc

	mu         sync.Mutex
	items      map[uint64]*Item      // the live window (see window.go)
	order      []uint64              // every ID, in order
	spill      map[string]*spillLine // per site, queued items in the journal only
	spilled    int                   // how many
	gone       tally                 // done and skipped items no longer in memory
	waiting    map[string]*lanes     // per site, IDs ready to run
	running    map[string]int
	writing    map[string]int   // running items per destination folder (see lanes)
	live       map[string]int   // the live connection limit per site
	raising    map[string]raise // how a lowered live limit climbs back (limit.go)
	active     map[uint64]*run
	pools      map[string]*pool.Pool
	noRanges   map[string]bool // sites whose server refused a range (segment.go)
	paused     bool
	closed     bool
	committing int                  // finished runs whose journal write is under way
	backoff    int                  // items waiting out a retry delay
	pending    map[string]int       // per batch, items queued or running
	answered   map[Direction]Policy // "apply to all" answers
	changed    *sync.Cond           // signalled on every state change
	subs       []subscriber
	nextSub    uint64
	workers    sync.WaitGroup

	// For the queue's speed (see rate.go): bytes landed and files done
	// since it opened, their windows, and whether the ticker runs.
	landed             atomic.Int64
	filesDone          int64
	byteRate, fileRate rateWindow
	ticking            bool
}

type run struct {
	cancel context.CancelCauseFunc
	meter  *meter
}

// Reasons a running item is stopped; they decide its next state.
var (
	errPaused    = errors.New("paused")
	errCancelled = errors.New("cancelled")
	errShutdown  = errors.New("the queue was closed")
	errSkipped   = errors.New("skipped: the file exists")
)

// Open restores the queue from its journal and starts it (unless
// cfg.Paused).
func Open(cfg Config) (*Queue, error) {
	if cfg.Local == nil {
		cfg.Local = local.FS{}
	}
	if cfg.Retries == 0 {
		cfg.Retries = 3
	}
	if cfg.Backoff == 0 {
		cfg.Backoff = time.Second
	}
	if cfg.SizeRetries == 0 {
		cfg.SizeRetries = 3
	}
	j, err := openJournal(cfg.Journal)
	if err != nil {
		return nil, err
	}
	if cfg.Replan {
		if err := j.replan(); err != nil {
			j.close()
			return nil, fmt.Errorf("re-plan the queue: %w", err)
		}
		if cfg.Earlier == nil {
			cfg.Earlier = j.earlier
		}
	}
	ctx, stop := context.WithCancel(context.Background())
	q := &Queue{
		cfg: cfg, j: j, ctx: ctx, stop: stop,
		items: map[uint64]*Item{}, waiting: map[string]*lanes{}, running: map[string]int{}, writing: map[string]int{},
		live: map[string]int{}, raising: map[string]raise{}, active: map[uint64]*run{}, pools: map[string]*pool.Pool{}, noRanges: map[string]bool{},
		answered: map[Direction]Policy{}, paused: cfg.Paused, pending: map[string]int{},
		spill: map[string]*spillLine{},
	}
	q.changed = sync.NewCond(&q.mu)
	// Item by item: a journal of a million items restores a window of
	// them into memory (see window.go), not all.
	var requeued []*Item
	err = j.each(func(it *Item) error {
		if it.State == Running { // the process died while it ran: its part file resumes
			it.State, it.DstKnown = Queued, false
			requeued = append(requeued, it)
		}
		q.order = append(q.order, it.ID)
		switch {
		case it.State == Done || it.State == Skipped:
			q.gone.add(it, 1)
		case it.State == Queued && q.spills(it.Site):
			q.spillItem(it)
			q.pending[it.Batch]++
		case it.State == Queued:
			q.items[it.ID] = it
			q.enqueue(it)
			q.pending[it.Batch]++
		default:
			q.items[it.ID] = it
		}
		return nil
	})
	if err != nil {
		j.close()
		return nil, fmt.Errorf("restore the queue: %w", err)
	}
	if err := j.save(requeued...); err != nil {
		j.close()
		return nil, fmt.Errorf("restore the queue: %w", err)
	}
	q.mu.Lock()
	q.schedule()
	q.mu.Unlock()
	return q, nil
}

// Add queues items (their IDs are set) and runs them as connections allow.
func (q *Queue) Add(items ...Item) ([]uint64, error) { return q.add(items, false) }

// add is Add; cuts keeps the Skipped items that expansion cut (too deep),
// which count as skipped with their reason.
func (q *Queue) add(items []Item, cuts bool) ([]uint64, error) {
	ptrs := make([]*Item, len(items))
	now := time.Now()
	for i := range items {
		it := items[i]
		cut := cuts && it.State == Skipped
		// An item added paused waits for Resume ("add to queue without
		// starting"); one added failed (a name that cannot be copied) is
		// there to be counted and reported, and so is a folder expansion
		// cut (too deep, a loop: Skipped with its reason); any other
		// state is a new, queued item.
		switch {
		case cut, it.State == Failed, it.State == Done: // reported, or kept done from an earlier run
			it.Ended = now
		case it.State == Paused:
			it.Err, it.Why = "", ""
		default:
			it.State, it.Err, it.Why = Queued, "", ""
		}
		it.Added, it.Attempts, it.Resized, it.Bytes = now, 0, 0, 0
		ptrs[i] = &it
	}
	q.mu.Lock()
	closed := q.closed
	q.mu.Unlock()
	if closed {
		return nil, errShutdown
	}
	// The commit (an fsync) happens outside the queue's lock: a folder's
	// batches must not stop workers finishing, or the window's panel.
	if err := q.j.add(ptrs); err != nil {
		return nil, fmt.Errorf("add to the queue: %w", err)
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.closed {
		return nil, errShutdown // journaled: they run at the next Open
	}
	ids := make([]uint64, len(ptrs))
	for i, it := range ptrs {
		ids[i] = it.ID
		q.order = append(q.order, it.ID)
		q.emit(Event{Item: *it})
		switch {
		case it.State == Queued && cuts && q.spills(it.Site):
			// A folder's expansion past the window: the journal has it,
			// schedule loads it when its turn nears.
			q.spillItem(it)
			q.pending[it.Batch]++
		case it.State == Done || it.State == Skipped:
			q.gone.add(it, 1) // journaled: nothing more happens to it
		case it.State == Queued:
			q.items[it.ID] = it
			q.enqueue(it)
			q.pending[it.Batch]++
		default:
			q.items[it.ID] = it
		}
	}
	q.schedule()
	return ids, nil
}

// limit is the site's live limit: configured, capped, lowered by 421s.
func (q *Queue) limit(site string) int {
	if l, ok := q.live[site]; ok {
		return l
	}
	n := 2
	if q.cfg.Limit != nil {
		n = q.cfg.Limit(site)
	}
	return min(max(n, 1), 10)
}

// enqueue puts it in line to run, after what waits. q.mu is held.
func (q *Queue) enqueue(it *Item) { q.lineOf(it.Site).push(folderOf(it.Dst), it.ID) }

// lineOf is site's waiting line, made when missing. q.mu is held.
func (q *Queue) lineOf(site string) *lanes {
	l := q.waiting[site]
	if l == nil {
		l = newLanes()
		q.waiting[site] = l
	}
	return l
}

// schedule starts what the limits allow, preferring folders no running
// item writes into. q.mu is held.
func (q *Queue) schedule() {
	if q.paused || q.closed {
		return
	}
	q.refill()
	busy := func(folder string) bool { return q.writing[folder] > 0 }
	for site, l := range q.waiting {
		for q.running[site] < q.limit(site) {
			id, ok := l.pop(busy)
			if !ok {
				break
			}
			if it := q.items[id]; it != nil && it.State == Queued {
				q.start(it)
			}
		}
		if l.n == 0 {
			delete(q.waiting, site)
		}
	}
}

// start runs it on a worker. q.mu is held.
func (q *Queue) start(it *Item) {
	// Running is not journaled: after a crash a running item is queued
	// again anyway, and its part file says how far it got.
	it.State, it.Err, it.Why = Running, "", ""
	it.Rev++
	ctx, cancel := context.WithCancelCause(q.ctx)
	r := &run{cancel: cancel, meter: newMeter(it.Size, it.Bytes, &q.landed)}
	q.active[it.ID] = r
	q.startTicker()
	q.running[it.Site]++
	q.writing[folderOf(it.Dst)]++
	q.emit(Event{Item: *it})
	snapshot := *it
	q.workers.Add(1)
	go func() {
		defer q.workers.Done()
		err := q.execute(ctx, snapshot, r.meter)
		if err != nil && ctx.Err() != nil {
			err = context.Cause(ctx)
		}
		// Release the run's context: until cancelled, q.ctx keeps it (and
		// what the run hung on it) as a child, one per item ever run.
		cancel(nil)
		q.finish(snapshot.ID, err)
	}()
}

// finish records how a run ended and starts what can start next. The
// journal write happens outside the queue's lock, so workers that finish
// together share one commit.
func (q *Queue) finish(id uint64, err error) {
	q.mu.Lock()
	it := q.items[id]
	r := q.active[id]
	delete(q.active, id)
	q.running[it.Site]--
	if f := folderOf(it.Dst); q.writing[f] > 1 {
		q.writing[f]--
	} else {
		delete(q.writing, f)
	}
	it.Bytes = r.meter.bytes()
	if r.meter.moved() {
		// A run that moved bytes before it broke is progress, not a
		// failed attempt: a flaky link that drops every few MB must not
		// exhaust the retries of a large file.
		it.Attempts = 0
	}
	var retryIn time.Duration
	var kept keptResized
	var cut *CutError
	sc, isResized := resized(err)
	switch {
	case err == nil:
		it.State, it.Ended = Done, time.Now()
		q.landedDone(it, r)
		q.calmed(it.Site)
	case errors.As(err, &cut):
		it.State, it.Ended, it.Err = Skipped, time.Now(), cut.Reason
	case errors.As(err, &kept):
		it.State, it.Ended, it.Err, it.Size = Done, time.Now(), kept.Error(), kept.Received
		q.landedDone(it, r)
	case isResized && it.Resized+1 < q.cfg.SizeRetries:
		// Perhaps it grew: look its size up again, after a pause.
		it.Resized++
		retryIn = min(q.cfg.Backoff<<(it.Resized-1), time.Minute)
		it.State, it.Err = Queued, fmt.Sprintf("retrying in %s: %v", retryIn.Round(time.Millisecond), err)
		it.Size, it.ModTime = -1, time.Time{}
	case isResized:
		it.Resized++
		it.State, it.Ended, it.Err = Failed, time.Now(), sc.Error()
	case errors.Is(err, errSkipped):
		it.State, it.Ended, it.Err = Skipped, time.Now(), ""
	case errors.Is(err, errPaused):
		it.State = Paused
	case errors.Is(err, errCancelled):
		it.State, it.Ended = Cancelled, time.Now()
	case errors.Is(err, errShutdown):
		it.State = Queued // runs again at the next start
	case errors.Is(err, transfer.ErrTooMany) && q.running[it.Site] > 0:
		// The server caps connections: run fewer, and this one again. (With
		// none running, the server is full of others: back off below.)
		l := q.lowerLimit(it.Site, q.running[it.Site])
		it.State, it.Err = Queued, fmt.Sprintf("the server has too many connections; now using %d", l)
		q.lineOf(it.Site).pushFront(folderOf(it.Dst), id)
	case errors.Is(err, transfer.ErrDataPath):
		// No data connection opens: every other item of the batch would
		// wait out the same timeout, three times (see datapath.go).
		it.State, it.Ended, it.Err = Failed, time.Now(), err.Error()
		q.stopBatch(it, err)
	case transient(err) && it.Attempts+1 < q.cfg.Retries:
		it.Attempts++
		retryIn = min(q.cfg.Backoff<<(it.Attempts-1), time.Minute)
		it.State, it.Err = Queued, fmt.Sprintf("retrying in %s: %v", retryIn.Round(time.Millisecond), err)
	default:
		it.State, it.Ended, it.Err = Failed, time.Now(), err.Error()
	}
	it.Why = ""
	if it.Err != "" && err != nil {
		it.Why = whyOf(err)
	}
	if !it.State.Final() {
		it.DstKnown = false // the run may have changed the destination
	} else if it.State != Failed {
		it.Ranges = "" // no part file left to resume from (a failed item's is)
	}
	if it.State != Queued {
		q.pending[it.Batch]--
	}
	if retryIn > 0 {
		q.backoff++
	}
	it.Rev++
	snap := *it
	// The next item starts now; this one's commit follows. Should the
	// process die in between, the journal still says queued and the item
	// runs again: at least once, never lost.
	q.committing++
	q.schedule()
	q.mu.Unlock()

	if testHookFinishing != nil {
		testHookFinishing(snap)
	}
	jerr := q.j.save(&snap)

	q.mu.Lock()
	defer q.mu.Unlock()
	q.committing--
	if jerr != nil && it.Rev == snap.Rev {
		if it.State == Queued {
			q.pending[it.Batch]--
		}
		it.State, it.Err = Failed, "cannot write the queue journal: "+jerr.Error()
	}
	if retryIn > 0 {
		time.AfterFunc(retryIn, func() { q.requeue(id) })
	}
	// Only this run's own news: once the item changed again (after a 421
	// the schedule above may have started it anew, and that run may have
	// ended too), what it is now was sent by whoever changed it, and
	// sending the live item here would repeat it ("done" twice).
	if it.Rev == snap.Rev {
		q.emit(Event{Item: *it})
		if jerr == nil {
			q.evict(it) // done or skipped: the journal has it
		}
	}
	q.schedule()
	q.changed.Broadcast()
}

// landedDone counts a file done for the queue's speed and writes back
// where it landed ("Rename: keep both"); q.mu is held.
func (q *Queue) landedDone(it *Item, r *run) {
	if !it.IsDir {
		q.filesDone++
	}
	if to := r.meter.landed(); to != "" {
		it.Dst = to
	}
}

// testHookFinishing, when set by a test, runs in finish between giving up
// the lock and the journal write: where another run may overtake.
var testHookFinishing func(Item)

// requeue puts an item whose back-off ended back in line.
func (q *Queue) requeue(id uint64) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.backoff--
	defer q.changed.Broadcast()
	if it := q.items[id]; it != nil && it.State == Queued && q.active[id] == nil {
		q.enqueue(it)
		q.schedule()
	}
}

// transient reports an error that a retry may cure: the network, a data
// connection, a server hiccup. Wrong names, permissions, logins, untrusted
// certificates, refusals and a full disk do not cure themselves.
func transient(err error) bool {
	for _, perm := range []error{transfer.ErrNotFound, transfer.ErrPermission, transfer.ErrLogin,
		transfer.ErrBadName, transfer.ErrTLS, transfer.ErrRefused, errDiskFull} {
		if errors.Is(err, perm) {
			return false
		}
	}
	_, isResized := resized(err) // retried on its own count; the session is fine
	return !isResized
}

// Pause stops items (all when none are named): running ones keep their part
// file and resume from it.
func (q *Queue) Pause(ids ...uint64) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(ids) == 0 {
		q.paused = true
		ids = q.order
		// Items in the journal only stay there, queued: the pause of the
		// whole queue holds them, and loading a million to mark each
		// paused would cost what the window saves.
	} else {
		q.unspill(ids)
	}
	var changed []*Item
	for _, id := range ids {
		it := q.items[id]
		if it == nil {
			continue
		}
		switch {
		case it.State == Running:
			q.active[id].cancel(errPaused)
		case it.State == Queued:
			it.State = Paused
			q.pending[it.Batch]--
			it.Rev++
			changed = append(changed, it)
		}
	}
	q.commit(changed)
	q.changed.Broadcast()
}

// Resume queues paused items again (all when none are named) and lifts a
// pause of the whole queue.
func (q *Queue) Resume(ids ...uint64) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(ids) == 0 {
		q.paused = false
		ids = q.order
	}
	q.again(ids, func(s State) bool { return s == Paused })
}

// Retry queues failed and cancelled items again (all when none are named).
func (q *Queue) Retry(ids ...uint64) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(ids) == 0 {
		ids = q.order
	}
	q.again(ids, func(s State) bool { return s == Failed || s == Cancelled })
}

func (q *Queue) again(ids []uint64, which func(State) bool) {
	var changed []*Item
	for _, id := range ids {
		it := q.items[id]
		if it == nil || !which(it.State) {
			continue
		}
		if it.State == Failed || it.State == Cancelled {
			// The source may have changed since: find its size again.
			it.Size, it.ModTime = -1, time.Time{}
		}
		it.State, it.Err, it.Attempts, it.Resized, it.Ended, it.DstKnown = Queued, "", 0, 0, time.Time{}, false
		q.pending[it.Batch]++
		it.Rev++
		changed = append(changed, it)
		q.enqueue(it)
	}
	q.commit(changed)
	q.schedule()
}

// commit journals user actions on many items in one transaction, then
// tells the front ends. q.mu is held.
func (q *Queue) commit(changed []*Item) {
	if len(changed) == 0 {
		return
	}
	if err := q.j.save(changed...); err != nil {
		for _, it := range changed {
			it.Err = "cannot write the queue journal: " + err.Error()
		}
	}
	for _, it := range changed {
		q.emit(Event{Item: *it})
	}
}

// Cancel stops items for good (all when none are named); a cancelled
// download's part file is removed.
func (q *Queue) Cancel(ids ...uint64) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(ids) == 0 {
		ids = q.order
		q.unspill(nil)
	} else {
		q.unspill(ids)
	}
	var changed []*Item
	for _, id := range ids {
		it := q.items[id]
		if it == nil || it.State.Final() {
			continue
		}
		if it.State == Running {
			q.active[id].cancel(errCancelled)
			continue
		}
		if it.State == Queued {
			q.pending[it.Batch]--
		}
		it.State, it.Ended = Cancelled, time.Now()
		it.Rev++
		changed = append(changed, it)
	}
	q.commit(changed)
	q.changed.Broadcast()
}

// Start lifts a pause of the whole queue without resuming paused items.
func (q *Queue) Start() {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.paused = false
	q.schedule()
}

// Remove forgets final items (all final ones when none are named).
func (q *Queue) Remove(ids ...uint64) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(ids) == 0 {
		ids = q.order
	}
	var gone, evicted []uint64
	for _, id := range ids {
		if it := q.items[id]; it != nil && it.State.Final() {
			gone = append(gone, id)
		} else if it == nil && !q.isSpilled(id) {
			evicted = append(evicted, id) // done or skipped, in the journal only
		}
	}
	// Take the evicted items out of Stats' counts: read them back, a
	// batch at a time.
	for len(evicted) > 0 {
		n := min(len(evicted), expandBatch)
		old, _ := q.j.get(evicted[:n])
		for _, it := range old {
			if it != nil {
				q.gone.add(it, -1)
				gone = append(gone, it.ID)
			}
		}
		evicted = evicted[n:]
	}
	if err := q.j.remove(gone); err != nil {
		return fmt.Errorf("remove from the queue: %w", err)
	}
	drop := map[uint64]bool{}
	for _, id := range gone {
		drop[id] = true
		delete(q.items, id)
	}
	kept := q.order[:0]
	for _, id := range q.order {
		if !drop[id] {
			kept = append(kept, id)
		}
	}
	q.order = kept
	return nil
}

// Items returns a copy of every item, in order.
func (q *Queue) Items() []Item {
	q.mu.Lock()
	defer q.mu.Unlock()
	out := make([]Item, 0, len(q.order))
	var missing []uint64
	for _, id := range q.order {
		if q.items[id] == nil {
			missing = append(missing, id)
		}
	}
	// Spilled and finished items from the journal (see window.go).
	stored, _ := q.j.get(missing)
	k := 0
	for _, id := range q.order {
		if it := q.items[id]; it != nil {
			out = append(out, *it)
		} else if k < len(stored) {
			if stored[k] != nil {
				out = append(out, *stored[k])
			}
			k++
		}
	}
	return out
}

// Journaled reads the items of ids as the journal has them, in that
// order, leaving out those it lacks. Every item is journaled when added
// and at each change of state, and a finished item's record is in before
// the event that says it finished: it is that item for good. (A running
// item's journaled bytes lag; Items has the live ones.) For a window that
// lists finished items without holding them. It never takes the queue's
// lock: a row being drawn need not wait for a worker's journal write.
func (q *Queue) Journaled(ids []uint64) []Item {
	stored, _ := q.j.get(ids) // a missing or unreadable one is nil
	out := make([]Item, 0, len(ids))
	for _, it := range stored {
		if it != nil {
			out = append(out, *it)
		}
	}
	return out
}

// Len is how many items the queue holds, without reading them.
func (q *Queue) Len() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.order)
}

// Wait blocks until nothing is queued or running (or ctx ends), and returns
// the items that did not finish well.
func (q *Queue) Wait(ctx context.Context) ([]Item, error) {
	return q.waitFor(ctx, q.busy, func(*Item) bool { return true })
}

// WaitBatch is Wait for one batch (a sync run, a command line): it returns
// when none of the batch's items is queued or running, with those that did
// not finish well.
func (q *Queue) WaitBatch(ctx context.Context, batch string) ([]Item, error) {
	busy := func() bool { return q.pending[batch] > 0 && !(q.paused && len(q.active) == 0) }
	return q.waitFor(ctx, busy, func(it *Item) bool { return it.Batch == batch })
}

// waitFor waits while busy (called with q.mu held) and returns the items
// of interest that failed, were cancelled or wait paused.
func (q *Queue) waitFor(ctx context.Context, busy func() bool, of func(*Item) bool) ([]Item, error) {
	stop := context.AfterFunc(ctx, func() {
		q.mu.Lock()
		q.changed.Broadcast()
		q.mu.Unlock()
	})
	defer stop()
	q.mu.Lock()
	defer q.mu.Unlock()
	for busy() && ctx.Err() == nil {
		q.changed.Wait()
	}
	var bad []Item
	for _, id := range q.order {
		if it := q.items[id]; it != nil && of(it) && (it.State == Failed || it.State == Cancelled || it.State == Paused) {
			bad = append(bad, *it)
		}
	}
	return bad, ctx.Err()
}

// busy: something runs, or waits to run (including a back-off). q.mu held.
// It is O(1): schedule leaves a waiting list non-empty only while its site
// is at its limit, that is while something runs.
func (q *Queue) busy() bool {
	if len(q.active) > 0 || q.committing > 0 {
		return true
	}
	return !q.paused && (q.backoff > 0 || len(q.waiting) > 0 || q.spilled > 0)
}

// Close stops the workers (their items stay queued for the next Open),
// closes pooled sessions and the journal.
func (q *Queue) Close() error {
	q.mu.Lock()
	if q.closed {
		q.mu.Unlock()
		return nil
	}
	q.closed = true
	for _, r := range q.active {
		r.cancel(errShutdown)
	}
	q.mu.Unlock()
	q.workers.Wait()
	q.stop()
	q.mu.Lock()
	for _, p := range q.pools {
		p.Close()
	}
	q.changed.Broadcast()
	q.mu.Unlock()
	return q.j.close()
}
