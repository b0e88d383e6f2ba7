package queue

// SetRangesSaved lets queue_test hear each journaled record of a
// segmented download's ranges.
func SetRangesSaved(f func(ranges string)) { testHookRangesSaved = f }
