package queue

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"math"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Earlier is what an earlier run's journal knew of its items, for
// Config.Earlier: a command line run again lists anew and keeps what that
// run finished or part-copied. It keeps, per item, only what that needs
// (state, size, time, part file) in 40 bytes, keyed by two 64-bit hashes
// of direction, source and destination, and closes the journal: holding
// a million items to look them up took 1.5 GB (a re-run of an interrupted
// get of a folder of 1,000,000 files), and reading them from the journal
// as asked kept it mapped (150 MB of RSS).
type Earlier struct {
	recs  []earlierRec // sorted by key
	parts []string     // part files other than the usual name
}

type earlierRec struct {
	a, b      uint64 // two hashes of the key: a false match needs both to collide
	size      int64
	modTime   int64 // Unix nanoseconds; noTime when unknown
	part      int32 // index in parts; -1: the usual name
	state     uint8
	partOwned bool
}

const noTime = math.MinInt64

func earlierKey(dir Direction, src, dst string) (a, b uint64) {
	h := fnv.New64a()
	g := fnv.New64()
	for _, w := range []interface{ Write([]byte) (int, error) }{h, g} {
		w.Write([]byte{byte(dir)})
		w.Write([]byte(src))
		w.Write([]byte{0})
		w.Write([]byte(dst))
	}
	return h.Sum64(), g.Sum64()
}

func (r earlierRec) cmp(a, b uint64) int {
	if c := cmp.Compare(r.a, a); c != 0 {
		return c
	}
	return cmp.Compare(r.b, b)
}

// earlierChunk is how many items OpenEarlier reads per opening of the
// journal: bbolt reads through a memory map, and every page read stays in
// the process's RSS until the map goes (a million items: 140 MB).
var earlierChunk = 50_000 // a variable for tests

// OpenEarlier reads the journal at path, a chunk at a time, and closes it.
func OpenEarlier(path string) (*Earlier, error) {
	e := &Earlier{}
	var after uint64
	for first := true; ; first = false {
		j, err := openJournal(path)
		if err != nil {
			return nil, err
		}
		if first {
			e.recs = make([]earlierRec, 0, min(j.sequence(), 1<<24))
		}
		n := 0
		err = j.eachAfter(after, earlierChunk, func(it *Item) {
			e.add(it)
			after = it.ID
			n++
		})
		j.close()
		if err != nil {
			return nil, err
		}
		if n < earlierChunk {
			break
		}
	}
	slices.SortFunc(e.recs, func(x, y earlierRec) int { return x.cmp(y.a, y.b) })
	return e, nil
}

func (e *Earlier) add(it *Item) {
	{
		r := earlierRec{size: it.Size, modTime: noTime, part: -1, state: uint8(it.State), partOwned: it.PartOwned}
		r.a, r.b = earlierKey(it.Dir, it.Src, it.Dst)
		if !it.ModTime.IsZero() {
			r.modTime = it.ModTime.UnixNano()
		}
		if it.Part != "" && len(e.parts) < math.MaxInt32 {
			r.part = int32(len(e.parts))
			e.parts = append(e.parts, it.Part)
		}
		e.recs = append(e.recs, r)
	}
}

// Len is how many items the earlier run had.
func (e *Earlier) Len() int { return len(e.recs) }

// Lookup is what the earlier run knew of its item moving src to dst in
// direction dir: its state, size, time and part file.
func (e *Earlier) Lookup(dir Direction, src, dst string) (Item, bool) {
	a, b := earlierKey(dir, src, dst)
	i, ok := slices.BinarySearchFunc(e.recs, 0, func(r earlierRec, _ int) int { return r.cmp(a, b) })
	if !ok {
		return Item{}, false
	}
	r := e.recs[i]
	it := Item{Dir: dir, Src: src, Dst: dst, State: State(r.state), Size: r.size, PartOwned: r.partOwned}
	if r.modTime != noTime {
		it.ModTime = time.Unix(0, r.modTime)
	}
	if r.part >= 0 {
		it.Part = e.parts[r.part]
	}
	return it, true
}

// sequence is the last ID the journal gave: at least its item count.
func (j *journal) sequence() int {
	var n uint64
	j.db.View(func(tx *bolt.Tx) error {
		n = tx.Bucket(itemsBucket).Sequence()
		return nil
	})
	return int(min(n, math.MaxInt32))
}

// eachAfter calls fn with up to max items whose IDs follow after, in
// order.
func (j *journal) eachAfter(after uint64, max int, fn func(*Item)) error {
	return j.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(itemsBucket).Cursor()
		k, v := c.Seek(key(after + 1))
		for n := 0; k != nil && n < max; n++ {
			it := new(Item)
			if err := decode(v, j.schemas, it); err != nil {
				return fmt.Errorf("item %d: %w", binary.BigEndian.Uint64(k), err)
			}
			fn(it)
			k, v = c.Next()
		}
		return nil
	})
}
