//go:build !linux

package main

import (
	"runtime/debug"

	"portside/ui"
)

// Elsewhere there is no glibc to trim: the window hands back Go's heap
// only (trim_linux.go says why both matter on Linux).
func init() {
	ui.ReleaseMemory = func() { go debug.FreeOSMemory() }
}
