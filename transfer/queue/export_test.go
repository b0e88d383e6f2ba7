package queue

import "time"

// SetRangesSaved lets queue_test hear each journaled record of a
// segmented download's ranges.
func SetRangesSaved(f func(ranges string)) { testHookRangesSaved = f }

// SetRangeSaveEvery changes how often a segmented download journals its
// ranges; call it before Open.
func SetRangeSaveEvery(d time.Duration) { rangeSaveEvery = d }
