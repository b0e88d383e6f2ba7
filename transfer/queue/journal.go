package queue

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// journal keeps every item and every state change on disk, committed (and
// fsynced) before the change takes effect, so a crash or kill -9 loses
// nothing: bbolt's copy-on-write B+tree never leaves a half-written record.
type journal struct {
	db *bolt.DB
}

var itemsBucket = []byte("items")

func openJournal(path string) (*journal, error) {
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: 2 * time.Second})
	if err != nil {
		return nil, fmt.Errorf("open queue journal %s: %w (is another Portside using it?)", path, err)
	}
	db.MaxBatchDelay = 10 * time.Millisecond
	err = db.Update(func(tx *bolt.Tx) error {
		_, err := tx.CreateBucketIfNotExists(itemsBucket)
		return err
	})
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("open queue journal %s: %w", path, err)
	}
	return &journal{db: db}, nil
}

func key(id uint64) []byte {
	var k [8]byte
	binary.BigEndian.PutUint64(k[:], id)
	return k[:]
}

// add stores new items in one transaction, giving them IDs in order.
func (j *journal) add(items []*Item) error {
	return j.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(itemsBucket)
		// New keys only ever go at the end: fill pages whole rather than
		// split them half full (bbolt's default), which doubled the
		// journal of a big folder.
		b.FillPercent = 1
		for _, it := range items {
			id, err := b.NextSequence()
			if err != nil {
				return err
			}
			it.ID = id
			if err := put(b, it); err != nil {
				return err
			}
		}
		return nil
	})
}

// save commits state changes. Workers that save at the same moment share
// one transaction and one fsync (bbolt's Batch): many small files would
// otherwise spend most of their time waiting on the disk.
func (j *journal) save(items ...*Item) error {
	return j.db.Batch(func(tx *bolt.Tx) error {
		b := tx.Bucket(itemsBucket)
		for _, it := range items {
			if err := put(b, it); err != nil {
				return err
			}
		}
		return nil
	})
}

func put(b *bolt.Bucket, it *Item) error {
	// Saves of one item can race (a worker's end and a user's Retry);
	// the newer revision wins whatever order they commit in.
	if old := b.Get(key(it.ID)); old != nil {
		var rev struct {
			Rev uint64 `json:"rev"`
		}
		if json.Unmarshal(old, &rev) == nil && rev.Rev > it.Rev {
			return nil
		}
	}
	v, err := json.Marshal(it)
	if err != nil {
		return err
	}
	return b.Put(key(it.ID), v)
}

func (j *journal) remove(ids []uint64) error {
	return j.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(itemsBucket)
		for _, id := range ids {
			if err := b.Delete(key(id)); err != nil {
				return err
			}
		}
		return nil
	})
}

// load returns every item in ID order.
func (j *journal) load() ([]*Item, error) {
	var out []*Item
	err := j.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(itemsBucket).ForEach(func(k, v []byte) error {
			it := new(Item)
			if err := json.Unmarshal(v, it); err != nil {
				return fmt.Errorf("item %d: %w", binary.BigEndian.Uint64(k), err)
			}
			out = append(out, it)
			return nil
		})
	})
	return out, err
}

func (j *journal) close() error { return j.db.Close() }
