//go:build linux

package main

/*
#include <malloc.h>
*/
import "C"

import (
	"runtime/debug"

	"portside/ui"
)

// After a big transfer run the window hands back both heaps: Go's, and
// the C heap where the GL driver keeps the textures of the text it drew
// (one per row text shown during the run). glibc keeps freed pages for
// reuse; malloc_trim returns them (issue #12: 100 MB after a 20,000-file
// upload).
func init() {
	ui.ReleaseMemory = func() {
		go func() {
			debug.FreeOSMemory()
			C.malloc_trim(0)
		}()
	}
}
