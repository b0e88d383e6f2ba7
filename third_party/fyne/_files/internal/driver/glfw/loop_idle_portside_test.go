//go:build !no_glfw && !mobile && !wasm && !test_web_driver

// This file is Portside's, added to Fyne v2.8.1's internal/driver/glfw
// tests for the loop's idle wait (issue #12; third_party/fyne/README.md).
// Like the package's other tests it runs against the real loop (TestMain),
// so it needs a display: scripts/fyne-patch-test.sh runs it under Xvfb.

package glfw

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
)

// waitUntilIdle waits until the loop waits for events.
func waitUntilIdle(t *testing.T) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); !idle.Load(); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the loop never went idle: something keeps it ticking")
		}
	}
}

// A function sent from a goroutine wakes the waiting loop: it runs when it
// is posted, not when the wait's bound (idleWait, 2 s) ends it.
func TestIdleLoopWakesForAFunction(t *testing.T) {
	for i := 0; i < 3; i++ {
		runOnMain(func() {}) // the loop ticks again,
		waitUntilIdle(t)     // and, a tick later, begins a wait
		start := time.Now()
		runOnMain(func() {}) // what fyne.DoAndWait does
		if took := time.Since(start); took > time.Duration(idleWait*float64(time.Second))/2 {
			t.Errorf("round %d: a function sent to the waiting loop ran after %v: the wait was not woken", i, took)
		}
	}
}

// A running animation keeps the loop ticking; when it ends, the loop waits.
func TestIdleLoopTicksWhileAnAnimationRuns(t *testing.T) {
	waitUntilIdle(t)
	ticks := 0
	a := fyne.NewAnimation(time.Second, func(float32) { ticks++ })
	a.RepeatCount = fyne.AnimationRepeatForever
	// d's own: fyne.CurrentApp's driver, which a.Start goes through, is
	// not the one these tests run.
	runOnMain(func() { d.StartAnimation(a) })
	time.Sleep(time.Second) // two quiet periods' worth
	if idle.Load() {
		t.Error("the loop waits while an animation runs")
	}
	runOnMain(func() { d.StopAnimation(a) })
	var got int
	runOnMain(func() { got = ticks })
	// About 60 ticks: the ticker's. Far fewer, the loop waited; far
	// more, it spun without the ticker.
	if got < 5 || got > 120 {
		t.Errorf("the animation ticked %d times in a second; the ticker's rate is 60", got)
	}
	waitUntilIdle(t)
}
