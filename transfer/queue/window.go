package queue

import (
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"slices"

	bolt "go.etcd.io/bbolt"
)

// A queue of a million files must not hold a million items in memory
// (about 500 B each, 848 MB of RSS for a folder of 1,000,000 files). So
// only a window of the items is live, the rest is in the journal, which
// has all of them anyway:
//
//   - a folder's expansion that finds liveWindow items of its site
//     already waiting adds the rest to the journal only ("spilled", kept
//     as ID ranges), and schedule loads them back, oldest first, half a
//     window at a time, when fewer than half a window wait;
//   - an item that ends done or skipped leaves memory once its journal
//     write is in; the queue keeps only its counts for Stats (a failed or
//     cancelled one stays: the user acts on those).
//
// Items reads spilled and finished items back from the journal, so
// callers see every item as before. A user action on spilled items
// (pausing or cancelling them, a batch stopped for its data path) loads
// them first.
var liveWindow = 10_000 // a variable for tests only

// idRange is a run of IDs added in one batch: [first, last].
type idRange struct{ first, last uint64 }

// spillLine is one site's spilled items, oldest first, and what Stats
// counts of them.
type spillLine struct {
	ranges []idRange
	tally
}

// tally is what Stats counts of items not in memory.
type tally struct {
	counts map[State]int
	files  int   // not folders: files left, for FilesLeft
	size   int64 // expected bytes of files
	bytes  int64 // landed bytes of files
}

func (t *tally) add(it *Item, sign int) {
	if t.counts == nil {
		t.counts = map[State]int{}
	}
	t.counts[it.State] += sign
	if it.IsDir || it.State == Cancelled || it.State == Skipped || it.State == Failed {
		return
	}
	if it.State == Queued || it.State == Running {
		t.files += sign
	}
	if it.Size > 0 {
		t.size += int64(sign) * it.Size
	}
	if it.State == Done {
		t.bytes += int64(sign) * max(it.Size, 0)
	} else {
		t.bytes += int64(sign) * it.Bytes
	}
}

func (t *tally) into(st *Stats) {
	for s, n := range t.counts {
		st.Counts[s] += n
	}
	st.FilesLeft += t.files
	st.Size += t.size
	st.Bytes += t.bytes
}

// spills says whether a new queued item of site goes to the journal only:
// a window of the site's items waits already, or older items are spilled
// (they run first). q.mu is held.
func (q *Queue) spills(site string) bool {
	if sl := q.spill[site]; sl != nil && len(sl.ranges) > 0 {
		return true
	}
	l := q.waiting[site]
	return l != nil && l.n >= liveWindow
}

// spillItem keeps it in the journal only. q.mu is held.
func (q *Queue) spillItem(it *Item) {
	sl := q.spill[it.Site]
	if sl == nil {
		sl = &spillLine{}
		q.spill[it.Site] = sl
	}
	if n := len(sl.ranges); n > 0 && sl.ranges[n-1].last+1 == it.ID {
		sl.ranges[n-1].last = it.ID
	} else {
		sl.ranges = append(sl.ranges, idRange{it.ID, it.ID})
	}
	sl.add(it, 1)
	q.spilled++
}

// isSpilled says whether id waits in the journal only. q.mu is held.
func (q *Queue) isSpilled(id uint64) bool {
	for _, sl := range q.spill {
		i, _ := slices.BinarySearchFunc(sl.ranges, id, func(r idRange, id uint64) int {
			switch {
			case r.last < id:
				return -1
			case r.first > id:
				return 1
			}
			return 0
		})
		if i < len(sl.ranges) && sl.ranges[i].first <= id && id <= sl.ranges[i].last {
			return true
		}
	}
	return false
}

// refill loads spilled items of each site whose waiting line is under
// half a window, a batch at a time. q.mu is held: a batch is one read
// transaction of a few milliseconds, as an expansion's add.
func (q *Queue) refill() {
	for site, sl := range q.spill {
		for len(sl.ranges) > 0 {
			if l := q.waiting[site]; l != nil && l.n >= liveWindow/2 {
				break
			}
			var ids []uint64
			chunk := max(liveWindow/2, 1)
			for len(sl.ranges) > 0 && len(ids) < chunk {
				r := &sl.ranges[0]
				for r.first <= r.last && len(ids) < chunk {
					ids = append(ids, r.first)
					r.first++
				}
				if r.first > r.last {
					sl.ranges = sl.ranges[1:]
				}
			}
			q.load(sl, ids)
		}
		if len(sl.ranges) == 0 {
			delete(q.spill, site)
		}
	}
}

// load brings spilled ids of sl back into memory, queued. q.mu is held.
func (q *Queue) load(sl *spillLine, ids []uint64) {
	items, err := q.j.get(ids)
	for i, id := range ids {
		q.spilled--
		it := items[i]
		if it == nil {
			// Unreadable: keep it in sight as failed rather than lose it.
			it = &Item{ID: id, State: Failed, Err: fmt.Sprintf("cannot read the queue journal: %v", err)}
			q.items[id] = it
			continue
		}
		sl.add(it, -1)
		q.items[id] = it
		if it.State == Queued {
			q.enqueue(it)
		}
	}
}

// unspill loads spilled items back, the ones in ids or all (ids nil),
// before a user action on them. q.mu is held.
func (q *Queue) unspill(ids []uint64) {
	if q.spilled == 0 {
		return
	}
	var want map[uint64]bool
	if ids != nil {
		want = map[uint64]bool{}
		for _, id := range ids {
			want[id] = true
		}
	}
	for site, sl := range q.spill {
		var load []uint64
		var kept []idRange
		for _, r := range sl.ranges {
			for id := r.first; id <= r.last; id++ {
				if want == nil || want[id] {
					load = append(load, id)
				} else if n := len(kept); n > 0 && kept[n-1].last+1 == id {
					kept[n-1].last = id
				} else {
					kept = append(kept, idRange{id, id})
				}
			}
		}
		sl.ranges = kept
		for len(load) > 0 {
			n := min(len(load), expandBatch)
			q.load(sl, load[:n])
			load = load[n:]
		}
		if len(sl.ranges) == 0 {
			delete(q.spill, site)
		}
	}
}

// evict drops a done or skipped item from memory once its journal write
// is in; Stats keeps its counts. q.mu is held.
func (q *Queue) evict(it *Item) {
	if it.State != Done && it.State != Skipped {
		return
	}
	delete(q.items, it.ID)
	q.gone.add(it, 1)
}

// get reads items by ID in one transaction; a missing or unreadable one
// is nil, with the first error.
func (j *journal) get(ids []uint64) ([]*Item, error) {
	out := make([]*Item, len(ids))
	var first error
	err := j.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(itemsBucket)
		for i, id := range ids {
			v := b.Get(key(id))
			if v == nil {
				if first == nil {
					first = fmt.Errorf("item %d is missing", id)
				}
				continue
			}
			it := new(Item)
			if err := decode(v, j.schemas, it); err != nil {
				if first == nil {
					first = fmt.Errorf("item %d: %w", id, err)
				}
				continue
			}
			out[i] = it
		}
		return nil
	})
	if err != nil {
		return out, err
	}
	return out, first
}

// each calls fn with every item in ID order, decoded one at a time.
func (j *journal) each(fn func(*Item) error) error {
	return j.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(itemsBucket).ForEach(func(k, v []byte) error {
			it := new(Item)
			if err := decode(v, j.schemas, it); err != nil {
				return fmt.Errorf("item %d: %w", binary.BigEndian.Uint64(k), err)
			}
			return fn(it)
		})
	})
}

// srcHash is a source path's 64-bit FNV hash: the set of a million
// children an interrupted expansion added is kept as these (8 B each)
// rather than as strings.
func srcHash(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return h.Sum64()
}
