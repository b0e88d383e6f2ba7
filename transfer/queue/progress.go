package queue

import (
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
	Speed float64       // bytes per second, smoothed
	ETA   time.Duration // -1 when unknown
}

// Stats is the whole queue's.
type Stats struct {
	Counts  map[State]int
	Running []Progress
	Bytes   int64 // landed, of items not yet final plus done ones
	Size    int64 // expected in all
	Speed   float64
	ETA     time.Duration
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
	for _, id := range q.order {
		it := q.items[id]
		st.Counts[it.State]++
		if it.IsDir || it.State == Cancelled || it.State == Skipped || it.State == Failed {
			continue
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
	for _, id := range q.order {
		r := q.active[id]
		if r == nil {
			continue
		}
		p := r.meter.progress(id)
		st.Running = append(st.Running, p)
		st.Bytes += p.Bytes
		st.Speed += p.Speed
	}
	st.ETA = -1
	if st.Speed > 0 && st.Size >= st.Bytes {
		st.ETA = time.Duration(float64(st.Size-st.Bytes) / st.Speed * float64(time.Second))
	}
	return st
}

// ticker sends Stats while anything runs, at most ten times a second:
// progress per buffer would swamp a UI. Stats visits every item under the
// queue's lock, so with a million items (40 ms a time) it waits ten times
// as long as the last one took: the lock stays free for the workers.
func (q *Queue) ticker() {
	wait := 100 * time.Millisecond
	for {
		select {
		case <-q.ctx.Done():
			return
		case <-time.After(wait):
		}
		q.mu.Lock()
		start := time.Now()
		if len(q.active) > 0 && len(q.subs) > 0 {
			st := q.stats()
			q.emit(Event{Stats: &st})
		}
		wait = max(100*time.Millisecond, 10*time.Since(start))
		q.mu.Unlock()
	}
}

// meter counts one item's bytes and smooths its speed.
type meter struct {
	n     atomic.Int64
	size  atomic.Int64 // learned by the run when the item did not know it
	start atomic.Int64 // bytes already there when this run's transfer began (a resume)

	mu    sync.Mutex
	last  time.Time
	lastN int64
	speed float64
}

func newMeter(size, already int64) *meter {
	m := &meter{last: time.Now()}
	m.size.Store(size)
	m.n.Store(already)
	m.start.Store(already)
	m.lastN = already
	return m
}

func (m *meter) set(n int64) { m.n.Store(n) }

// begin marks where this run's bytes start: the resume offset.
func (m *meter) begin(offset int64) {
	m.n.Store(offset)
	m.start.Store(offset)
}

// moved reports whether this run landed bytes past where it began.
func (m *meter) moved() bool  { return m.n.Load() > m.start.Load() }
func (m *meter) add(n int64)  { m.n.Add(n) }
func (m *meter) bytes() int64 { return m.n.Load() }

func (m *meter) progress(id uint64) Progress {
	m.mu.Lock()
	defer m.mu.Unlock()
	now, n := time.Now(), m.n.Load()
	if dt := now.Sub(m.last).Seconds(); dt >= 0.05 {
		inst := float64(n-m.lastN) / dt
		if m.speed == 0 {
			m.speed = inst
		} else {
			m.speed = 0.7*m.speed + 0.3*inst // smooth, but follow changes within a second
		}
		m.last, m.lastN = now, n
	}
	size := m.size.Load()
	p := Progress{ID: id, Bytes: n, Size: size, Speed: m.speed, ETA: -1}
	if m.speed > 0 && size >= n {
		p.ETA = time.Duration(float64(size-n) / m.speed * float64(time.Second))
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
