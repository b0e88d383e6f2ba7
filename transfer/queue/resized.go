package queue

import (
	"errors"
	"fmt"
)

// SizeChangedError is a copy that brought another number of bytes than the
// source said it had: a log file appended to while it was read, or a server
// whose listing and RETR disagree. Retrying cures the first (the size is
// looked up again) but not the second, so it is retried a bounded number of
// times (Config.SizeRetries) apart from transient errors, whose count a run
// that moved bytes resets: a lying server would otherwise have a file
// fetched forever.
type SizeChangedError struct {
	Path     string // the destination
	Listed   int64  // bytes the source said it had
	Received int64  // bytes that arrived
}

func (e *SizeChangedError) Error() string {
	return fmt.Sprintf("the file changed size while it was copied (listed %d B, received %d B)", e.Listed, e.Received)
}

// keptResized is a SizeChangedError whose copy was kept
// (Config.KeepResized): the item is done, with the facts in its Err.
type keptResized struct{ *SizeChangedError }

func (k keptResized) Error() string { return k.SizeChangedError.Error() + "; kept what arrived" }

// resized reports the size change in err, if that is what it is.
func resized(err error) (*SizeChangedError, bool) {
	var sc *SizeChangedError
	return sc, errors.As(err, &sc)
}
