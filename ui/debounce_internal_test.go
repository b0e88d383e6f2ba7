package ui

import (
	"sync/atomic"
	"testing"
	"time"
)

func TestDebounce(t *testing.T) {
	const wait = 20 * time.Millisecond
	tests := []struct {
		name     string
		triggers int
		every    time.Duration
		maxWait  time.Duration
		// want is how many runs are right, given how long the triggers
		// really took (a loaded machine sleeps longer than asked).
		want func(elapsed time.Duration) (lo, hi int32)
	}{
		{"a burst runs once", 50, 0, time.Second,
			func(time.Duration) (int32, int32) { return 1, 1 }},
		{"a steady stream still runs every maxWait", 40, 5 * time.Millisecond, 50 * time.Millisecond,
			func(e time.Duration) (int32, int32) { return 2, int32(e/(50*time.Millisecond)) + 2 }},
		{"calls far apart run each", 3, 3 * wait, time.Second,
			func(time.Duration) (int32, int32) { return 3, 3 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var runs atomic.Int32
			d := &debounce{wait: wait, maxWait: tt.maxWait,
				do: func(f func()) { f() }, f: func() { runs.Add(1) }}
			start := time.Now()
			for range tt.triggers {
				d.Trigger()
				time.Sleep(tt.every)
			}
			lo, hi := tt.want(time.Since(start))
			time.Sleep(3 * wait)
			if n := runs.Load(); n < lo || n > hi {
				t.Errorf("ran %d times, want %d to %d", n, lo, hi)
			}
		})
	}
}

func TestDebounceStop(t *testing.T) {
	var runs atomic.Int32
	d := &debounce{wait: 10 * time.Millisecond, maxWait: time.Second, do: func(f func()) { f() }, f: func() { runs.Add(1) }}
	d.Trigger()
	d.Stop()
	time.Sleep(40 * time.Millisecond)
	if runs.Load() != 0 {
		t.Error("ran after Stop")
	}
}
