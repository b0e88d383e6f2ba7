package main

import (
	"io"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestProbeCommands(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     []bool
	}{
		{"off then on", "probe off\nprobe on\n", []bool{false, true}},
		{"spaces and no last newline", "  probe off \r\nprobe on", []bool{false, true}},
		{"other lines ignored", "hello\nprobe\nPROBE OFF\nprobe off\n", []bool{false}},
		{"a line too long ends the reading", "probe off\n" + strings.Repeat("x", 5000) + "\nprobe on\n", []bool{false}},
		{"nothing", "", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctl := make(chan bool)
			done := make(chan struct{})
			var got []bool
			go func() {
				defer close(done)
				for v := range ctl {
					got = append(got, v)
				}
			}()
			probeCommands(strings.NewReader(tc.in), ctl)
			close(ctl)
			<-done
			if len(got) != len(tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Fatalf("got %v, want %v", got, tc.want)
				}
			}
		})
	}
}

// fakeTickers hands out tickers whose channels the test drives, and counts
// the live ones.
type fakeTickers struct {
	mu      sync.Mutex
	all     []*fakeTicker
	created chan *fakeTicker
}

type fakeTicker struct {
	d       time.Duration
	c       chan time.Time
	mu      *sync.Mutex
	stopped bool
}

func (t *fakeTicker) C() <-chan time.Time { return t.c }
func (t *fakeTicker) Stop() {
	t.mu.Lock()
	t.stopped = true
	t.mu.Unlock()
}

func (f *fakeTickers) new(d time.Duration) ticker {
	t := &fakeTicker{d: d, c: make(chan time.Time), mu: &f.mu}
	f.mu.Lock()
	f.all = append(f.all, t)
	f.mu.Unlock()
	f.created <- t
	return t
}

func (f *fakeTickers) live() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, t := range f.all {
		if !t.stopped {
			n++
		}
	}
	return n
}

// TestProbeOffHoldsNoTicker: "probe off" leaves nothing that could wake
// the window (no live ticker, no hand-over), "probe on" starts it again,
// and the end of the commands stops it. The idle CPU the bench measures
// is the window's own only if this holds.
func TestProbeOffHoldsNoTicker(t *testing.T) {
	ft := &fakeTickers{created: make(chan *fakeTicker, 4)}
	handed := make(chan struct{}, 4)
	p := &probe{
		do:        func(f func()) { f(); handed <- struct{}{} },
		out:       io.Discard,
		newTicker: ft.new,
		stack:     func() string { return "" },
	}
	ctl := make(chan bool)
	ended := make(chan struct{})
	go func() { p.run(ctl); close(ended) }()
	pair := func() (tick, report *fakeTicker) {
		a, b := <-ft.created, <-ft.created
		if a.d != probeEvery || b.d != probeReport {
			t.Fatalf("tickers of %v and %v, want %v and %v", a.d, b.d, probeEvery, probeReport)
		}
		return a, b
	}
	// command sends c twice: the second send returns only once the loop
	// has finished with the first.
	command := func(c bool) { ctl <- c; ctl <- c }

	tick, _ := pair()
	tick.c <- time.Now()
	<-handed
	if n := ft.live(); n != 2 {
		t.Fatalf("on: %d live tickers, want 2", n)
	}
	command(false)
	if n := ft.live(); n != 0 {
		t.Fatalf("off: %d live tickers, want 0", n)
	}
	select {
	case tick.c <- time.Now():
		t.Fatal("off: the probe still reads its stopped ticker")
	default:
	}
	command(true)
	tick, _ = pair()
	if n := ft.live(); n != 2 {
		t.Fatalf("on again: %d live tickers, want 2", n)
	}
	tick.c <- time.Now()
	<-handed
	close(ctl)
	<-ended
	if n := ft.live(); n != 0 {
		t.Fatalf("ended: %d live tickers, want 0", n)
	}
	if len(handed) != 0 {
		t.Fatalf("%d hand-overs nobody ticked for", len(handed))
	}
}
