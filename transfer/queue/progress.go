package queue

import (
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Event tells a front end what changed: an item's state (at every change),
// or, about ten times a second while something runs, the progress.
type Event struct {
	Item  Item   // set when an item changed state
	Stats *Stats // set on progress ticks
}

// Progress is one running item's.
type Progress struct {
	ID    uint64
	Bytes int64
	Size  int64
	Speed float64       // bytes per second over the last few seconds (0: not known yet)
	ETA   time.Duration // -1 when unknown
}

// Stats is the whole queue's.
type Stats struct {
	Counts  map[State]int
	Running []Progress
	Bytes   int64 // landed, of items not yet final plus done ones
	Size    int64 // expected in all
	Speed   float64
	// FilesPerSec is how many files finished a second over the last few
	// seconds; with many small files it says more than the byte rate.
	FilesPerSec float64
	FilesLeft   int // files queued or running (folders not yet listed add more)
	// ETA is the larger of the time the bytes left take at Speed and the
	// time the files left take at FilesPerSec: per-file overhead dominates
	// a run of tiny files, bytes a run of big ones.
	ETA time.Duration
}

// Subscribe calls fn for every event, on the queue's goroutines: a UI must
// hand the work to its own thread (fyne.Do) and return quickly. The
// returned func unsubscribes.
func (q *Queue) Subscribe(fn func(Event)) (unsubscribe func()) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.nextSub++
	id := q.nextSub
	q.subs = append(q.subs, subscriber{id, fn})
	return func() {
		q.mu.Lock()
		defer q.mu.Unlock()
		for i, s := range q.subs {
			if s.id == id {
				q.subs = append(q.subs[:i:i], q.subs[i+1:]...)
				return
			}
		}
	}
}

type subscriber struct {
	id uint64
	fn func(Event)
}

// emit is called with q.mu held.
func (q *Queue) emit(e Event) {
	for _, s := range q.subs {
		s.fn(e)
	}
}

// Stats computes the queue's progress now.
func (q *Queue) Stats() Stats {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.stats()
}

func (q *Queue) stats() Stats {
	st := Stats{Counts: map[State]int{}}
	// The live window, then the counts of what is in the journal only
	// (see window.go): a tick costs the window, not the whole queue.
	for id, it := range q.items {
		st.Counts[it.State]++
		if it.IsDir || it.State == Cancelled || it.State == Skipped || it.State == Failed {
			continue
		}
		if it.State == Queued || it.State == Running {
			st.FilesLeft++
		}
		if it.Size > 0 {
			st.Size += it.Size
		}
		if it.State == Done {
			st.Bytes += max(it.Size, 0)
		} else if r := q.active[id]; r == nil {
			st.Bytes += it.Bytes
		}
	}
	q.gone.into(&st)
	for _, sl := range q.spill {
		sl.into(&st)
	}
	running := make([]uint64, 0, len(q.active))
	for id := range q.active {
		running = append(running, id)
	}
	slices.Sort(running)
	for _, id := range running {
		p := q.active[id].meter.progress(id)
		st.Running = append(st.Running, p)
		st.Bytes += p.Bytes
	}
	now := time.Now()
	st.Speed = q.byteRate.add(now, q.landed.Load())
	st.FilesPerSec = q.fileRate.add(now, q.filesDone)
	st.ETA = -1
	if st.Speed > 0 && st.Size >= st.Bytes {
		st.ETA = time.Duration(float64(st.Size-st.Bytes) / st.Speed * float64(time.Second))
	}
	if st.FilesPerSec > 0 {
		st.ETA = max(st.ETA, time.Duration(float64(st.FilesLeft)/st.FilesPerSec*float64(time.Second)))
	}
	return st
}

// ticker sends Stats while anything runs, at most ten times a second:
// progress per buffer would swamp a UI. Stats visits the live items under
// the queue's lock (a window, see window.go; a queue restored with many
// failed items may hold more), and it waits ten times as long as the last
// one took: the lock stays free for the workers. It
// runs only while something does (start begins it), so an idle queue
// wakes nobody; q.mu is held by the caller of startTicker.
func (q *Queue) startTicker() {
	if q.ticking {
		return
	}
	q.ticking = true
	q.byteRate.reset()
	q.fileRate.reset()
	q.byteRate.add(time.Now(), q.landed.Load())
	q.fileRate.add(time.Now(), q.filesDone)
	go q.ticker()
}

func (q *Queue) ticker() {
	wait := 100 * time.Millisecond
	for {
		select {
		case <-q.ctx.Done():
			q.mu.Lock()
			q.ticking = false
			q.mu.Unlock()
			return
		case <-time.After(wait):
		}
		q.mu.Lock()
		if len(q.active) == 0 {
			q.ticking = false
			q.mu.Unlock()
			return
		}
		start := time.Now()
		if len(q.subs) > 0 {
			st := q.stats()
			q.emit(Event{Stats: &st})
		}
		wait = max(100*time.Millisecond, 10*time.Since(start))
		q.mu.Unlock()
	}
}

// meter counts one item's bytes and measures its speed over a window.
type meter struct {
	n     atomic.Int64
	size  atomic.Int64 // learned by the run when the item did not know it
	start atomic.Int64 // bytes already there when this run's transfer began (a resume)
	to    atomic.Pointer[string]
	total *atomic.Int64 // the queue's bytes landed, for its speed; nil in tests

	mu  sync.Mutex
	win rateWindow
}

func newMeter(size, already int64, total *atomic.Int64) *meter {
	m := &meter{total: total}
	m.size.Store(size)
	m.n.Store(already)
	m.start.Store(already)
	m.win.add(time.Now(), already)
	return m
}

// landedAt records that the file went to another path than the item's
// Dst (a renamed copy); landed reads it, "" for the item's own Dst.
func (m *meter) landedAt(p string) { m.to.Store(&p) }

func (m *meter) landed() string {
	if p := m.to.Load(); p != nil {
		return *p
	}
	return ""
}

// begin marks where this run's bytes start: the resume offset. The time
// before it (a question to the user, a listing) is not transfer time.
func (m *meter) begin(offset int64) {
	m.n.Store(offset)
	m.start.Store(offset)
	m.mu.Lock()
	m.win.reset()
	m.win.add(time.Now(), offset)
	m.mu.Unlock()
}

// moved reports whether this run landed bytes past where it began.
func (m *meter) moved() bool  { return m.n.Load() > m.start.Load() }
func (m *meter) bytes() int64 { return m.n.Load() }

func (m *meter) add(n int64) {
	m.n.Add(n)
	if m.total != nil {
		m.total.Add(n)
	}
}

func (m *meter) progress(id uint64) Progress {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := m.n.Load()
	speed := m.win.add(time.Now(), n)
	size := m.size.Load()
	p := Progress{ID: id, Bytes: n, Size: size, Speed: speed, ETA: -1}
	if speed > 0 && size >= n {
		p.ETA = time.Duration(float64(size-n) / speed * float64(time.Second))
	}
	return p
}

// counter feeds a meter as a transfer reads.
type counter struct {
	r interface{ Read([]byte) (int, error) }
	m *meter
}

func (c counter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.m.add(int64(n))
	return n, err
}
