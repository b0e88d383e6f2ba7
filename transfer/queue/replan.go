package queue

import (
	"encoding/binary"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Replanning (Config.Replan) is the window's side of what a command line
// run does with an earlier run's journal (see Earlier): a folder that did
// not finish lists its folders anew when it runs again, so a file added on
// the server since is fetched and a file deleted here is fetched again,
// while a file that batch finished (unchanged, still at the destination)
// stays done and a part file it made is resumed from.
//
// At Open, each top folder item (one the user queued) with an unfinished
// item below it is queued again, not expanded, and every item below it
// leaves the item list for the
// journal's earlier bucket, where a folder's expansion (recall) looks it
// up. The bucket outlives restarts until no folder is left unfinished: a
// quit before the folders listed again loses nothing the journal knew.

var earlierBucket = []byte("earlier")

// replanChunk is how many items replan moves per transaction.
const replanChunk = 50_000

// parentOf is the folder holding p on either side.
func parentOf(p string) string {
	i := strings.LastIndexAny(p, `/\`)
	switch {
	case i < 0:
		return ""
	case i+1 == len(p) && (i == 0 || p[i-1] == ':'):
		return "" // the root itself
	case i == 0 || p[i-1] == ':': // "/x", `C:\x`: the root keeps its separator
		return p[:i+1]
	}
	return p[:i]
}

// placeOf is where an item moves from and to: a folder item holds the
// items whose source and destination are both directly in its own (a
// folder queued twice, or a subfolder of it queued to another place, is
// its own top folder).
func placeOf(it *Item) string { return it.Src + "\x00" + it.Dst }

// parentPlace is the place of the folder item that would hold place p; ""
// for none.
func parentPlace(p string) string {
	src, dst, _ := strings.Cut(p, "\x00")
	ps, pd := parentOf(src), parentOf(dst)
	if ps == "" || pd == "" {
		return ""
	}
	return ps + "\x00" + pd
}

// replan re-plans the journal's unfinished folders (see above).
func (j *journal) replan() error {
	// First pass: every folder's source per batch, and the folders that
	// hold an unfinished item (a set of folders, not of items: a million
	// queued files in ten folders keep ten strings).
	dirs := map[string]map[string]bool{}
	open := map[string]map[string]bool{}
	var cancelled []*Item // folders the user cancelled
	note := func(m map[string]map[string]bool, batch, src string) {
		if m[batch] == nil {
			m[batch] = map[string]bool{}
		}
		m[batch][src] = true
	}
	err := j.each(func(it *Item) error {
		if it.IsDir {
			note(dirs, it.Batch, placeOf(it))
		}
		switch it.State {
		case Done, Skipped:
		case Cancelled:
			if it.IsDir {
				cancelled = append(cancelled, &Item{Batch: it.Batch, Src: placeOf(it)})
			}
		default:
			note(open, it.Batch, parentPlace(placeOf(it)))
			if it.IsDir {
				note(open, it.Batch, placeOf(it))
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	// topOf is the place of the top folder item at or above place in its
	// batch ("" for none): the folder the user queued. Bounded by the
	// folders there are.
	tops := map[[2]string]string{}
	var topOf func(batch, place string) string
	topOf = func(batch, place string) string {
		k := [2]string{batch, place}
		if t, ok := tops[k]; ok {
			return t
		}
		t := ""
		if place != "" && dirs[batch][place] {
			t = place
			if up := topOf(batch, parentPlace(place)); up != "" {
				t = up
			}
		}
		tops[k] = t
		return t
	}
	again := map[[2]string]bool{} // top folders to list again
	for batch, folders := range open {
		for f := range folders {
			if t := topOf(batch, f); t != "" {
				again[[2]string{batch, t}] = true
			}
		}
	}
	// A top folder the user cancelled stays as it is: listing it again
	// would fetch what the user said not to.
	for _, it := range cancelled {
		delete(again, [2]string{it.Batch, it.Src}) // Src holds its place
	}
	if len(again) == 0 {
		// Nothing left to re-plan: what earlier runs knew is not needed.
		return j.db.Update(func(tx *bolt.Tx) error {
			if tx.Bucket(earlierBucket) == nil {
				return nil
			}
			return tx.DeleteBucket(earlierBucket)
		})
	}
	// Second pass, a chunk per transaction: an item below a top folder to
	// list again moves to the earlier bucket, and the top folder is
	// queued to list again.
	var after uint64
	for {
		var below, top []*Item
		n := 0
		err := j.eachAfter(after, replanChunk, func(it *Item) {
			after = it.ID
			n++
			t := topOf(it.Batch, parentPlace(placeOf(it)))
			switch {
			case t != "" && again[[2]string{it.Batch, t}]:
				below = append(below, it)
			case t == "" && it.IsDir && again[[2]string{it.Batch, placeOf(it)}]:
				top = append(top, it)
			}
		})
		if err != nil {
			return err
		}
		if len(below)+len(top) > 0 {
			if err := j.movePlan(below, top); err != nil {
				return err
			}
		}
		if n < replanChunk {
			return nil
		}
	}
}

// movePlan keeps below's files in the earlier bucket, drops below from the
// items, and queues tops to list again, in one transaction.
func (j *journal) movePlan(below, tops []*Item) error {
	return j.db.Update(func(tx *bolt.Tx) error {
		items := tx.Bucket(itemsBucket)
		ear, err := tx.CreateBucketIfNotExists(earlierBucket)
		if err != nil {
			return err
		}
		for _, it := range below {
			if !it.IsDir {
				v, err := j.encode(it)
				if err != nil {
					return err
				}
				if err := ear.Put(earlierBucketKey(it.Dir, it.Src, it.Dst), v); err != nil {
					return err
				}
			}
			if err := items.Delete(key(it.ID)); err != nil {
				return err
			}
		}
		for _, it := range tops {
			if it.State != Paused {
				it.State = Queued
			}
			it.Err, it.Why, it.Attempts, it.Bytes = "", "", 0, 0
			it.Expanded, it.DstKnown = false, false
			it.Ended = time.Time{}
			it.Rev++
			v, err := j.encode(it)
			if err != nil {
				return err
			}
			if err := items.Put(key(it.ID), v); err != nil {
				return err
			}
		}
		return nil
	})
}

func earlierBucketKey(dir Direction, src, dst string) []byte {
	a, b := earlierKey(dir, src, dst)
	var k [16]byte
	binary.BigEndian.PutUint64(k[:8], a)
	binary.BigEndian.PutUint64(k[8:], b)
	return k[:]
}

// earlier is what the journal's earlier bucket knows of an item moving
// src to dst in direction dir.
func (j *journal) earlier(dir Direction, src, dst string) (Item, bool) {
	var it Item
	found := false
	j.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(earlierBucket)
		if b == nil {
			return nil
		}
		v := b.Get(earlierBucketKey(dir, src, dst))
		if v == nil {
			return nil
		}
		found = decode(v, j.schemas, &it) == nil && it.Dir == dir && it.Src == src && it.Dst == dst
		return nil
	})
	return it, found
}
