//go:build !wasm && !test_web_driver

// This file is Portside's, added to Fyne v2.8.1's internal/driver/glfw
// package for the loop's idle wait (issue #12; third_party/fyne/README.md).

package glfw

import (
	"fmt"
	"sync"

	"fyne.io/fyne/v2"

	"github.com/go-gl/glfw/v3.4/glfw"
)

var (
	// wakeMu orders postEmptyEvent against stopWaking: an empty event is
	// posted only while GLFW runs.
	wakeMu sync.Mutex
	// stopped is set, under wakeMu, before GLFW is terminated.
	stopped bool
)

// waitEvents blocks until GLFW has an event, an empty one included, or for
// timeout seconds, and handles the events as pollEvents does.
func waitEvents(timeout float64) {
	glfw.WaitEventsTimeout(timeout)
}

// postEmptyEvent wakes waitEvents. GLFW lets any thread call it.
func postEmptyEvent() {
	wakeMu.Lock()
	defer wakeMu.Unlock()
	if stopped {
		return
	}
	// go-gl's wrapper panics on a GLFW error it takes from a channel that
	// all threads share, so an error raised by the main thread could end
	// here: the sender is not the place to fail for it, the log is.
	defer func() {
		if r := recover(); r != nil {
			fyne.LogError("a GLFW error, taken while waking the window's loop", fmt.Errorf("%v", r))
		}
	}()
	glfw.PostEmptyEvent()
}

// stopWaking is called before GLFW is terminated.
func stopWaking() {
	wakeMu.Lock()
	stopped = true
	wakeMu.Unlock()
}
