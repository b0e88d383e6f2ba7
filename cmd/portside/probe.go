package main

import (
	"fmt"
	"os"
	"runtime"
	"strings"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
)

// The frame-time probe (--frame-probe, for scripts/bench-ui.sh; issue #12
// asks that no frame take longer than 100 ms). Fyne draws on the same
// goroutine that runs fyne.Do's functions and every callback, so how late
// a function handed to fyne.Do runs is how long the window could not
// draw. Every probeEvery the probe hands one over and notes the delay;
// every probeReport it prints the longest:
//
//	portside: frame probe max 12 ms
//
// It ticks, so it runs only when asked for: an idle window must not.
const (
	probeEvery  = 10 * time.Millisecond
	probeReport = time.Second
	probeStall  = 250 * time.Millisecond // a frame this late prints where it is
)

// uiStack is the stack of the goroutine Fyne draws and runs callbacks on:
// the main goroutine, which Fyne's GL driver keeps.
func uiStack() string {
	buf := make([]byte, 1<<20)
	all := string(buf[:runtime.Stack(buf, true)])
	for _, g := range strings.Split(all, "\n\n") {
		if strings.HasPrefix(g, "goroutine 1 ") {
			return g
		}
	}
	return all
}

// probeOn: --frame-probe; run starts the probe once the app exists.
var probeOn bool

func frameProbe() {
	go func() {
		var worst atomic.Int64 // nanoseconds, this report's longest
		var pending atomic.Bool
		var asked atomic.Value // time.Time: when the pending one was handed over
		shown := false         // this stall's stack was printed
		tick := time.NewTicker(probeEvery)
		report := time.NewTicker(probeReport)
		for {
			select {
			case <-tick.C:
				if !pending.CompareAndSwap(false, true) {
					// The last one has not run yet: it is counted when it
					// does. Caught in a long frame, show where the window is.
					if late := time.Since(asked.Load().(time.Time)); late > probeStall && !shown {
						shown = true
						fmt.Fprintf(os.Stderr, "portside: frame probe: no frame for %d ms; the window's goroutine:\n%s\n", late.Milliseconds(), uiStack())
					}
					continue
				}
				shown = false
				now := time.Now()
				asked.Store(now)
				fyne.Do(func() {
					d := time.Since(now).Nanoseconds()
					for w := worst.Load(); d > w && !worst.CompareAndSwap(w, d); w = worst.Load() {
					}
					pending.Store(false)
				})
			case <-report.C:
				fmt.Fprintf(os.Stderr, "portside: frame probe max %d ms\n", worst.Swap(0)/int64(time.Millisecond))
			}
		}
	}()
}
