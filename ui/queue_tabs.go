package ui

import "slices"

// The queue model's tab lists, kept up to date batch by batch (issue #12).
// Rebuilding them from every item at each batch of events cost a few
// hundred milliseconds a batch, a frozen frame, with 200,000 items; a
// batch now costs what its own items cost: a binary search for where each
// goes, and at most one pass of copying per tab that changed (a memmove,
// about 0.1 ms for 200,000 IDs).

// noTab is "in no tab": an item not yet known, or forgotten.
const noTab QueueTab = -1

// tabMove is where an item was listed when the batch began and where it
// is listed now.
type tabMove struct{ from, to QueueTab }

// bulkBatch says whether a batch of n events is better applied by
// sorting every item into its tab again: "Retry all" or "Remove all" on
// 200,000 items moves them all, and one pass over everything is then
// cheaper than noting each move (130 against 300 ms).
func (m *QueueModel) bulkBatch(n int) bool {
	return n > 1024 && n > (len(m.items)+len(m.stored))/8
}

// move notes that item id, listed in tab from (when known), is now listed
// in tab to (noTab: gone); moveTabs applies the batch's moves.
func (m *QueueModel) move(id uint64, known bool, from, to QueueTab) {
	if m.bulk {
		if !known {
			m.added = append(m.added, id)
		}
		return
	}
	if !known {
		from = noTab
	}
	if mv, ok := m.moves[id]; ok {
		from = mv.from // moved earlier in this batch: it is still listed there
	}
	m.moves[id] = tabMove{from, to}
}

// moveTabs takes the batch's moved items out of the tabs they were in and
// puts them into their new ones, in ID order.
func (m *QueueModel) moveTabs() {
	if m.bulk {
		m.resortTabs()
		return
	}
	var out, in [numQueueTabs][]uint64
	for id, mv := range m.moves {
		if mv.from == mv.to {
			continue
		}
		if mv.from != noTab {
			out[mv.from] = append(out[mv.from], id)
		}
		if mv.to != noTab {
			in[mv.to] = append(in[mv.to], id)
		}
	}
	clear(m.moves)
	for t := range m.tabs {
		if len(out[t]) > 0 {
			slices.Sort(out[t])
			m.tabs[t] = removeSorted(m.tabs[t], out[t])
		}
		if len(in[t]) > 0 {
			slices.Sort(in[t])
			m.tabs[t] = insertSorted(m.tabs[t], in[t])
		}
	}
}

// resortTabs sorts every item into its tab again, after a bulk batch: the
// items listed before it and those it added, in ID order.
func (m *QueueModel) resortTabs() {
	all := make([]uint64, 0, len(m.items)+len(m.stored))
	for _, ids := range m.tabs {
		for _, id := range ids {
			if _, ok := m.known(id); ok { // not forgotten
				all = append(all, id)
			}
		}
	}
	all = append(all, m.added...)
	m.added = m.added[:0]
	slices.Sort(all)
	for t := range m.tabs {
		m.tabs[t] = m.tabs[t][:0]
	}
	for _, id := range all {
		it, _ := m.known(id)
		t := TabOf(it.State)
		m.tabs[t] = append(m.tabs[t], id)
	}
}

// removeSorted removes the sorted gone from the sorted ids, in place. The
// copying starts where the first one was.
func removeSorted(ids, gone []uint64) []uint64 {
	w, _ := slices.BinarySearch(ids, gone[0])
	g := 0
	for r := w; r < len(ids); r++ {
		for g < len(gone) && gone[g] < ids[r] {
			g++
		}
		if g < len(gone) && gone[g] == ids[r] {
			continue
		}
		ids[w] = ids[r]
		w++
	}
	clear(ids[w:]) // not needed for uint64, but keeps the tail tidy
	return ids[:w]
}

// insertSorted merges the sorted add into the sorted ids. New items have
// the highest IDs, so the usual case is an append.
func insertSorted(ids, add []uint64) []uint64 {
	n := len(ids)
	if n == 0 || add[0] > ids[n-1] {
		return append(ids, add...)
	}
	ids = slices.Grow(ids, len(add))[:n+len(add)]
	// Merge from the back, so nothing is overwritten before it is moved.
	i, j, w := n-1, len(add)-1, n+len(add)-1
	for j >= 0 {
		if i >= 0 && ids[i] > add[j] {
			ids[w] = ids[i]
			i--
		} else {
			ids[w] = add[j]
			j--
		}
		w--
	}
	return ids
}
