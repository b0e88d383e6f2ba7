package queue

import "time"

// SetRangesSaved lets queue_test hear each journaled record of a
// segmented download's ranges.
func SetRangesSaved(f func(ranges string)) { testHookRangesSaved = f }

// SetRangeSaveEvery changes how often a segmented download journals its
// ranges; call it before Open.
func SetRangeSaveEvery(d time.Duration) { rangeSaveEvery = d }

// Live is how many items q holds in memory (window.go).
func (q *Queue) Live() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.items)
}
