package ui

import (
	"runtime/debug"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
)

// bigRun is how many items a run must have ended for the window to hand
// its spare heap back to the system when the queue goes idle.
const bigRun = 1000

// ReleaseMemory returns the heap a big run left spare to the system
// (cmd/portside adds the C heap's spare pages). Go
// keeps freed heap until its scavenger gets to it, minutes later, sized by
// the peak of the run: after a 20,000-file upload that was 200 MB more
// resident memory than before the batch, though the live heap was back
// (issue #12). It runs off the UI goroutine, as a forced collection takes
// a moment.
var ReleaseMemory = func() { go debug.FreeOSMemory() }

// bigListingSize is how many entries make a listing big: once the window
// shows one, the heap its parse, sort and the listing it replaced left
// behind goes back to the system, a second after the last of a burst.
// Go's collector lets the heap grow to twice what is live before it
// collects, and hands freed pages back minutes later: at start, with both
// panes on 20,000 entries, 56 MB of heap were allocated for 38 MB live
// (issue #12). A timer, not a tick.
const bigListingSize = 5000

// newListingRelease is the release after big listings: Trigger it with
// each listing shown.
func newListingRelease() *debounce {
	return &debounce{wait: time.Second, maxWait: 10 * time.Second,
		do: func(f func()) { f() }, f: func() { ReleaseMemory() }}
}

// bigListing triggers the release when a listing of n entries is big.
func (m *Main) bigListing(n int) {
	if n >= bigListingSize {
		m.listed.Trigger()
	}
}

// ReleasePending reports whether a release after a big listing is due.
func (m *Main) ReleasePending() bool {
	m.listed.mu.Lock()
	defer m.listed.mu.Unlock()
	return m.listed.timer != nil
}

// runGCPercent is the collector's target while the queue runs: the heap
// may grow to 1.5 times what is live, where Go's default lets it reach
// twice. An upload of 20,000 small files keeps about 43 MB live and throws
// away about 100 MB a second (each data connection's TLS handshake, the
// journal's writes), so with the default the heap stood near 88 MB for the
// whole run, and that set the window's peak (267 MB). At 50 the heap
// peaked near 65 MB and the window at 246 MB, the upload took as long, and
// the collector's share of the CPU went from under 0.5 % to about 1 %
// (issue #12). Idle, Go's default is back, so a big listing's burst is not
// slowed by the collector.
const runGCPercent = 50

// runHeap sets the collector's target while the queue runs and puts the
// one before back when it stops. A lower target already set (GOGC=20),
// or the collector turned off (GOGC=off), is the user's, and stays.
type runHeap struct {
	set     func(percent int) int // debug.SetGCPercent
	before  int
	lowered bool
}

func newRunHeap() *runHeap { return &runHeap{set: debug.SetGCPercent} }

// busy is QueueModel.OnBusy.
func (h *runHeap) busy(running bool) {
	switch {
	case running && !h.lowered:
		before := h.set(runGCPercent)
		if before <= runGCPercent { // GOGC=off is -1
			h.set(before)
			return
		}
		h.before, h.lowered = before, true
	case !running && h.lowered:
		h.set(h.before)
		h.lowered = false
	}
}

// TextureLifetime is how long Fyne keeps the GL texture of a text it no
// longer draws: its cache.ValidDuration, a minute unless FYNE_CACHE set it
// as the process started (cmd/portside sets 20 s: cache_unix.go).
var TextureLifetime = time.Minute

// sweepAfter are the moments after a big run when the window draws once
// more and then hands memory back. Fyne keeps the GL texture of every text
// it drew (each file name, each "12 MB/s") until the text has not been
// drawn for TextureLifetime, and it frees the expired ones only while it
// draws a frame; an idle window draws nothing, so after a 20,000-file
// upload the textures of the run's last minute stayed for good: 60–80 MB
// of C heap (issue #12). Three frames, the last just after the newest of
// them expired (the run's last frame plus the lifetime), let Fyne free
// them, and each release hands the pages back half a second later.
func sweepAfter() []time.Duration {
	last := TextureLifetime + 500*time.Millisecond
	return []time.Duration{last / 3, last * 2 / 3, last}
}

// sweeper draws the window once at each of its moments after a big run
// and releases the memory that frees; a timer each, not a tick, and none
// once the window closed.
type sweeper struct {
	after   []time.Duration
	settle  time.Duration // from the frame to the release
	do      func(func())  // runs f on the UI goroutine
	repaint func()        // asks for a frame (on the UI goroutine)
	release func()

	mu      sync.Mutex
	timers  []*time.Timer
	stopped bool
}

// newSweeper sweeps window w.
func newSweeper(w fyne.Window, do func(func())) *sweeper {
	// Refreshing an object the window does not show is enough for a frame:
	// nothing on screen changes.
	dot := canvas.NewRectangle(nil)
	return &sweeper{
		after:   sweepAfter(),
		settle:  500 * time.Millisecond,
		do:      do,
		repaint: func() { w.Canvas().Refresh(dot) },
		release: func() { ReleaseMemory() },
	}
}

// runEnded releases now and sweeps at each moment; a run ending before
// the last sweep starts them over.
func (s *sweeper) runEnded() {
	s.release()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopped {
		return
	}
	for _, t := range s.timers {
		t.Stop()
	}
	s.timers = s.timers[:0]
	for _, d := range s.after {
		s.timers = append(s.timers, time.AfterFunc(d, s.sweep))
	}
}

func (s *sweeper) sweep() {
	s.mu.Lock()
	stopped := s.stopped
	s.mu.Unlock()
	if stopped {
		return
	}
	s.do(s.repaint)
	time.AfterFunc(s.settle, s.release)
}

// stop cancels the sweeps to come.
func (s *sweeper) stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stopped = true
	for _, t := range s.timers {
		t.Stop()
	}
}
