//go:build wasm || test_web_driver

// This file is Portside's, added to Fyne v2.8.1's internal/driver/glfw
// package for the loop's idle wait (issue #12; third_party/fyne/README.md).
// In the browser the loop does not block: it polls as upstream does.

package glfw

import "time"

// waitEvents sleeps a tick: the tick that follows polls.
func waitEvents(float64) {
	time.Sleep(time.Second / 60)
}

func postEmptyEvent() {}

func stopWaking() {}
