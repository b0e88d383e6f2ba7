package main

import (
	"fmt"
	"os"
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
)

// probeOn: --frame-probe; run starts the probe once the app exists.
var probeOn bool

func frameProbe() {
	go func() {
		var worst atomic.Int64 // nanoseconds, this report's longest
		var pending atomic.Bool
		tick := time.NewTicker(probeEvery)
		report := time.NewTicker(probeReport)
		for {
			select {
			case <-tick.C:
				if !pending.CompareAndSwap(false, true) {
					continue // the last one has not run yet: it is counted when it does
				}
				asked := time.Now()
				fyne.Do(func() {
					d := time.Since(asked).Nanoseconds()
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
