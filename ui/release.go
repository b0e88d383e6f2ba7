package ui

import "runtime/debug"

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
