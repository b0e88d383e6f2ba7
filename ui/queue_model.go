package ui

import (
	"slices"
	"sync"
	"time"

	"fyne.io/fyne/v2"

	"portside/transfer/queue"
)

// QueueTab is one of the queue panel's lists.
type QueueTab int

const (
	TabQueued QueueTab = iota // queued, running, paused
	TabFailed                 // failed, cancelled
	TabDone                   // done, skipped
	numQueueTabs
)

// TabOf is the tab an item in state s is listed in.
func TabOf(s queue.State) QueueTab {
	switch s {
	case queue.Failed, queue.Cancelled:
		return TabFailed
	case queue.Done, queue.Skipped:
		return TabDone
	}
	return TabQueued
}

// QueueChange says what a batch of queue events changed, so the panel
// refreshes only that: on a progress tick, just the running rows.
type QueueChange struct {
	Lists    bool         // items came, went or changed state
	Progress []uint64     // running items whose progress moved
	Ended    []queue.Item // items that reached a final state in this batch
	RunEnded *RunResult   // the queue went idle after running
}

// RunResult is how a run of the queue ended: from busy to idle.
type RunResult struct {
	Done, Failed, Cancelled int
	Paused                  int // items left paused: the user stopped the run
}

// QueueModel is the queue as the window shows it: every item's latest
// state, the running items' progress and the lists per tab. Events arrive
// on the queue's goroutines through Feed and are applied in batches on the
// UI goroutine; everything else runs on the UI goroutine.
type QueueModel struct {
	// Do runs f on the UI goroutine; nil means fyne.Do.
	Do func(f func())
	// OnChange is called after each applied batch.
	OnChange func(QueueChange)
	// OnBigRunEnded is called when a run of bigRun items or more ended;
	// nil means ReleaseMemory (release.go).
	OnBigRunEnded func()
	// OnBusy is called when the queue starts running (true: items are
	// queued or running) and when it stops.
	OnBusy func(busy bool)
	// SiteName is the site column's text for a queue site key
	// (ui/queue_site.go); nil shows the key.
	SiteName func(key string) string
	// Lookup reads items back from where the queue keeps them
	// (queue.Queue.Journaled: an item from its journal), leaving out those
	// it cannot find. With it the model holds only the state of the items
	// the journal has as they are (lookedUp): 20,000 done items were 9 MB
	// of the window's heap, 200,000 were 90 MB, and 20,000 queued ones
	// kept about 8 MB more for the length of the upload (issue #12). Nil
	// holds every item.
	Lookup func(ids []uint64) []queue.Item

	items    map[uint64]queue.Item
	stored   map[uint64]storedItem // the items Lookup reads back (lookedUp)
	looked   map[uint64]queue.Item // what Lookup read last (the rows in view), at most lookedMax
	progress map[uint64]queue.Progress
	stats    *queue.Stats           // the last tick while something ran
	tabs     [numQueueTabs][]uint64 // sorted by ID: queue order
	moves    map[uint64]tabMove     // this batch's items that change tab
	bulk     bool                   // this batch sorts all items again (queue_tabs.go)
	added    []uint64               // a bulk batch's new items
	counts   map[queue.State]int
	busy     bool
	run      RunResult
	asking   map[uint64]bool // running items waiting on the file-exists question

	mu        sync.Mutex
	pending   []queue.Event
	scheduled bool
	flushed   time.Time                   // the last flush's start
	every     time.Duration               // from it to the next: queueEvery, or stormEvery after a storm
	after     func(time.Duration, func()) // time.AfterFunc; tests see the wait
}

// queueEvery is how often the window takes in queue events at most. A
// batch of small files sends events for hundreds of items a second; each
// update refreshed the queue's lists and tab titles and drew a frame of
// new texts, which Fyne keeps as textures for a minute (issue #12). Five
// times a second reads the same, as in FileZilla; an event after a quiet
// spell shows at once.
const queueEvery = 200 * time.Millisecond

// After an update of stormEvents item events or more, the next waits
// stormEvery. Small files storm through faster than the eye reads them:
// each update drew every row in view with new names, and Fyne keeps the
// GL texture of each text it drew for TextureLifetime, so five updates a
// second of an upload of 20,000 small files kept a few thousand names'
// textures: one update a second took 15 MB off the window's peak (issue
// #12). Once the items come slower, the next update is back to queueEvery.
const (
	stormEvents = 100
	stormEvery  = time.Second
)

// NewQueueModel returns an empty model.
func NewQueueModel() *QueueModel {
	return &QueueModel{
		items:    map[uint64]queue.Item{},
		stored:   map[uint64]storedItem{},
		looked:   map[uint64]queue.Item{},
		progress: map[uint64]queue.Progress{},
		counts:   map[queue.State]int{},
		moves:    map[uint64]tabMove{},
		every:    queueEvery,
		after:    func(d time.Duration, f func()) { time.AfterFunc(d, f) },
	}
}

// Feed takes an event from the queue (queue.Subscribe); it is safe from
// any goroutine and never blocks, as the queue calls it with its lock held.
// Events that arrive together cost one UI update.
func (m *QueueModel) Feed(e queue.Event) {
	m.mu.Lock()
	if e.Stats != nil && len(m.pending) > 0 && m.pending[len(m.pending)-1].Stats != nil {
		m.pending[len(m.pending)-1] = e // only the newest tick matters
	} else {
		m.pending = append(m.pending, e)
	}
	schedule := !m.scheduled
	m.scheduled = true
	wait := time.Until(m.flushed.Add(m.every))
	m.mu.Unlock()
	switch {
	case !schedule:
	case wait <= 0:
		m.do(m.flush)
	default:
		m.after(wait, func() { m.do(m.flush) }) // a timer, not a tick
	}
}

func (m *QueueModel) flush() {
	m.mu.Lock()
	batch := m.pending
	items := 0
	for _, e := range batch {
		if e.Stats == nil {
			items++
		}
	}
	m.every = queueEvery
	if items >= stormEvents {
		m.every = stormEvery
	}
	m.pending, m.scheduled, m.flushed = nil, false, time.Now()
	m.mu.Unlock()
	if ch := m.Apply(batch); m.OnChange != nil {
		m.OnChange(ch)
	}
}

// Load shows items (the queue's restored journal) as they are; they are
// the past, not a run that just finished.
func (m *QueueModel) Load(items []queue.Item) QueueChange {
	events := make([]queue.Event, len(items))
	for i, it := range items {
		events[i] = queue.Event{Item: it}
	}
	ch := m.Apply(events)
	ch.Ended, ch.RunEnded = nil, nil
	return ch
}

// Apply applies events in order and says what changed.
func (m *QueueModel) Apply(events []queue.Event) QueueChange {
	var ch QueueChange
	// A small file can be queued, run and done within one batch: the run
	// still happened and still ends.
	wasBusy := m.busy
	m.bulk = m.bulkBatch(len(events))
	for _, e := range events {
		if e.Stats != nil {
			m.applyStats(e.Stats, &ch)
			continue
		}
		if m.applyItem(e.Item, &ch) {
			wasBusy = wasBusy || e.Item.State == queue.Queued || e.Item.State == queue.Running
		}
	}
	if ch.Lists {
		m.moveTabs()
	}
	busy := m.counts[queue.Queued]+m.counts[queue.Running] > 0
	if wasBusy && !busy {
		r := m.run
		r.Paused = m.counts[queue.Paused]
		ch.RunEnded = &r
		m.stats = nil
		if r.Done+r.Failed+r.Cancelled >= bigRun {
			m.bigRunEnded()
		}
	}
	if !busy {
		m.run = RunResult{} // a run counts only what happens while it runs
	}
	if busy != m.busy && m.OnBusy != nil {
		m.OnBusy(busy)
	}
	m.busy = busy
	return ch
}

// applyItem records it's new state; false when it was older than the
// state known.
func (m *QueueModel) applyItem(it queue.Item, ch *QueueChange) bool {
	old, known := m.known(it.ID)
	if known && it.Rev < old.Rev {
		return false // an older state overtaken by a newer one
	}
	m.hold(it)
	if it.State != queue.Running {
		delete(m.progress, it.ID)
		delete(m.asking, it.ID)
	}
	if !known || old.State != it.State {
		if known {
			m.counts[old.State]--
		}
		m.counts[it.State]++
		m.move(it.ID, known, TabOf(old.State), TabOf(it.State))
	}
	if known && old.State == it.State && old.Err == it.Err {
		return true
	}
	ch.Lists = true
	if known && old.State == it.State {
		return true // a new error text, not a new state
	}
	if it.State.Final() {
		ch.Ended = append(ch.Ended, it)
	}
	switch it.State {
	case queue.Done:
		if !it.IsDir {
			m.run.Done++
		}
	case queue.Failed:
		m.run.Failed++
	case queue.Cancelled:
		m.run.Cancelled++
	}
	return true
}

func (m *QueueModel) applyStats(st *queue.Stats, ch *QueueChange) {
	m.stats = st
	for _, p := range st.Running {
		if it, ok := m.items[p.ID]; ok && it.State == queue.Running {
			m.progress[p.ID] = p
			if !slices.Contains(ch.Progress, p.ID) {
				ch.Progress = append(ch.Progress, p.ID)
			}
		}
	}
}

// Forget drops items the queue removed.
func (m *QueueModel) Forget(ids []uint64) QueueChange {
	m.bulk = m.bulkBatch(len(ids))
	forgot := false
	for _, id := range ids {
		if it, ok := m.known(id); ok {
			delete(m.items, id)
			delete(m.stored, id)
			delete(m.looked, id)
			delete(m.progress, id)
			delete(m.asking, id)
			m.counts[it.State]--
			m.move(id, true, TabOf(it.State), noTab)
			forgot = true
		}
	}
	if !forgot {
		return QueueChange{}
	}
	m.moveTabs()
	return QueueChange{Lists: true}
}

// IDs are the items listed in tab t, in queue order (shared: read only).
func (m *QueueModel) IDs(t QueueTab) []uint64 { return m.tabs[t] }

// Item is the item with id's latest state.
func (m *QueueModel) Item(id uint64) (queue.Item, bool) {
	if it, ok := m.items[id]; ok {
		return it, true
	}
	its := m.Items([]uint64{id})
	if len(its) == 0 {
		return queue.Item{}, false
	}
	return its[0], true
}

// Items are the items of ids that the model knows, in that order; those
// it does not hold are read back in one Lookup (one Lookup cannot find
// comes with its ID and state only).
func (m *QueueModel) Items(ids []uint64) []queue.Item {
	var missing []uint64
	for _, id := range ids {
		if _, held := m.items[id]; held {
			continue
		}
		_, stored := m.stored[id]
		if _, looked := m.looked[id]; stored && !looked {
			missing = append(missing, id)
		}
	}
	read := map[uint64]queue.Item{}
	if len(missing) > 0 {
		if len(m.looked)+len(missing) > lookedMax {
			clear(m.looked)
		}
		for _, it := range m.Lookup(missing) {
			s, ok := m.stored[it.ID]
			if !ok {
				continue
			}
			it.State, it.Rev = s.state, s.rev // the model's word, should the store lag
			read[it.ID] = it
			if len(missing) <= lookedMax {
				m.looked[it.ID] = it
			}
		}
	}
	out := make([]queue.Item, 0, len(ids))
	for _, id := range ids {
		if it, ok := m.items[id]; ok {
			out = append(out, it)
		} else if it, ok := m.looked[id]; ok {
			out = append(out, it)
		} else if it, ok := read[id]; ok {
			out = append(out, it)
		} else if it, ok := m.known(id); ok {
			out = append(out, it) // unreadable (a journal closed): its state at least
		}
	}
	return out
}

// lookedUp says which items the model leaves to Lookup: those in a state
// the queue journals before it says so. A running item is not journaled
// (its progress is the model's); an item with a reason (a failure, "retrying
// in 2s: …") is held whole, as the reason may be that the journal could
// not be written. Both are few at a time.
func lookedUp(it queue.Item) bool {
	if it.Err != "" {
		return false
	}
	switch it.State {
	case queue.Queued, queue.Paused, queue.Done, queue.Skipped, queue.Cancelled:
		return true
	}
	return false
}

// storedItem is what the model keeps of an item it leaves to Lookup.
type storedItem struct {
	rev   uint64
	state queue.State
}

// lookedMax bounds the items kept from Lookups: the rows in view and more.
const lookedMax = 512

// known is item id as far as the model holds it: whole, or only its
// state and revision when it left the item to Lookup.
func (m *QueueModel) known(id uint64) (queue.Item, bool) {
	if it, ok := m.items[id]; ok {
		return it, true
	}
	if s, ok := m.stored[id]; ok {
		return queue.Item{ID: id, State: s.state, Rev: s.rev}, true
	}
	return queue.Item{}, false
}

// hold records it: only by its state when Lookup can read it back.
func (m *QueueModel) hold(it queue.Item) {
	delete(m.looked, it.ID)
	if m.Lookup != nil && lookedUp(it) {
		delete(m.items, it.ID)
		m.stored[it.ID] = storedItem{rev: it.Rev, state: it.State}
		return
	}
	delete(m.stored, it.ID)
	m.items[it.ID] = it
}

// Progress is a running item's progress.
func (m *QueueModel) Progress(id uint64) (queue.Progress, bool) {
	p, ok := m.progress[id]
	return p, ok
}

// Count is how many items are in state s.
func (m *QueueModel) Count(s queue.State) int { return m.counts[s] }

// Totals is the queue's line in the status bar.
func (m *QueueModel) Totals() string { return QueueTotals(m.counts, m.stats) }

func (m *QueueModel) bigRunEnded() {
	if m.OnBigRunEnded != nil {
		m.OnBigRunEnded()
		return
	}
	ReleaseMemory()
}

func (m *QueueModel) do(f func()) {
	if m.Do != nil {
		m.Do(f)
		return
	}
	fyne.Do(f)
}

// SetAsking marks a running item as waiting for the user's answer to the
// file-exists question (or no longer): its row says so instead of
// "Transferring", since nothing moves until the user answers.
func (m *QueueModel) SetAsking(id uint64, asking bool) QueueChange {
	if m.asking == nil {
		m.asking = map[uint64]bool{}
	}
	if asking {
		m.asking[id] = true
	} else {
		delete(m.asking, id)
	}
	return QueueChange{Progress: []uint64{id}}
}

// Asking reports whether item id waits for the user's answer.
func (m *QueueModel) Asking(id uint64) bool { return m.asking[id] }
