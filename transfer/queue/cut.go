package queue

import (
	"fmt"
	"strings"

	"portside/transfer"
)

// CutError is a folder the queue did not go into: deeper than MaxDepth, or
// a loop (it lists the same as a folder it is in). The item ends Skipped
// with the reason, so the cut is counted and named, never silent.
type CutError struct {
	Reason string
	Code   string // Facts.Code: "loop", "too_deep"
	N      int64  // too_deep's limit
}

func (e *CutError) Error() string { return e.Reason }

func (q *Queue) maxDepth() int {
	if q.cfg.MaxDepth > 0 {
		return q.cfg.MaxDepth
	}
	return transfer.DefaultMaxDepth
}

// descend makes child, a folder of it whose listing summed to sum, one
// level deeper, and cuts it when that is too deep.
func (q *Queue) descend(it Item, sum uint64, child *Item) {
	child.Depth = it.Depth + 1
	child.Seen = it.Seen + fmt.Sprintf("%016x", sum)
	if child.Depth > q.maxDepth() {
		child.State = Skipped
		child.Err = fmt.Sprintf("not copied: more than %d folders deep", q.maxDepth())
		child.Why = whyOf(&CutError{Code: "too_deep", N: int64(q.maxDepth())})
		child.Seen = ""
	}
}

// expanding notes in the journal that a folder's items are about to be
// added in several batches, and returns the items an earlier run so
// marked already added (by source: a name refused on the destination has
// no Dst), so that a run stopped half-way (the queue closed) does not add
// them twice. The set holds srcHash of each source path: a million
// children cost 8 MB of hashes instead of their paths.
func (q *Queue) expanding(it Item, batches bool) (map[uint64]bool, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	cur := q.items[it.ID]
	if cur == nil {
		return nil, nil
	}
	if cur.Expanded {
		// The journal has every item, also those spilled or finished
		// (see window.go); the live ones have the same Src.
		have := map[uint64]bool{}
		err := q.j.each(func(c *Item) error {
			if c.ID != it.ID && c.Batch == it.Batch && c.Site == it.Site && c.Dir == it.Dir && strings.HasPrefix(c.Src, it.Src) {
				have[srcHash(c.Src)] = true
			}
			return nil
		})
		return have, err
	}
	if !batches {
		return nil, nil
	}
	cur.Expanded = true
	cur.Rev++
	return nil, q.j.save(cur)
}

// seen says whether the sums in s hold sum.
func seen(s string, sum uint64) bool {
	want := fmt.Sprintf("%016x", sum)
	for i := 0; i+16 <= len(s); i += 16 {
		if s[i:i+16] == want {
			return true
		}
	}
	return false
}
