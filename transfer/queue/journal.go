package queue

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// journal keeps every item and every state change on disk, committed (and
// fsynced) before the change takes effect, so a crash or kill -9 loses
// nothing: bbolt's copy-on-write B+tree never leaves a half-written record.
type journal struct {
	db      *bolt.DB
	schemas map[uint64]schema // by number, as stored in the meta bucket
	current uint64            // itemSchema's number; 0: write JSON
}

var (
	itemsBucket = []byte("items")
	metaBucket  = []byte("meta")
)

// schemas loads the stored schemas and registers itemSchema.
func (j *journal) loadSchemas(tx *bolt.Tx) error {
	meta, err := tx.CreateBucketIfNotExists(metaBucket)
	if err != nil {
		return err
	}
	j.schemas = map[uint64]schema{}
	want := itemSchema.String()
	err = meta.ForEach(func(k, v []byte) error {
		id, ok := strings.CutPrefix(string(k), "schema/")
		if !ok {
			return nil
		}
		n, err := strconv.ParseUint(id, 10, 64)
		if err != nil {
			return fmt.Errorf("journal schema %q: %w", k, err)
		}
		if j.schemas[n], err = parseSchema(string(v)); err != nil {
			return err
		}
		if string(v) == want {
			j.current = n
		}
		return nil
	})
	if err != nil || j.current != 0 || schemaErr != nil {
		return err
	}
	j.current = uint64(len(j.schemas) + 1)
	for j.schemas[j.current] != nil {
		j.current++
	}
	j.schemas[j.current] = itemSchema
	return meta.Put([]byte("schema/"+strconv.FormatUint(j.current, 10)), []byte(want))
}

// encode is a record of it as this journal writes it.
func (j *journal) encode(it *Item) ([]byte, error) {
	if j.current == 0 {
		return json.Marshal(it)
	}
	return encode(j.current, it), nil
}

func openJournal(path string) (*journal, error) {
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: 2 * time.Second})
	if err != nil {
		return nil, fmt.Errorf("open queue journal %s: %w (is another Portside using it?)", path, err)
	}
	db.MaxBatchDelay = 10 * time.Millisecond
	j := &journal{db: db}
	err = db.Update(func(tx *bolt.Tx) error {
		if _, err := tx.CreateBucketIfNotExists(itemsBucket); err != nil {
			return err
		}
		return j.loadSchemas(tx)
	})
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("open queue journal %s: %w", path, err)
	}
	return j, nil
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
			// A new key: no older revision to compare with (put's Get
			// would cost a tree search an item).
			v, err := j.encode(it)
			if err != nil {
				return err
			}
			if err := b.Put(key(id), v); err != nil {
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
			if err := j.put(b, it); err != nil {
				return err
			}
		}
		return nil
	})
}

func (j *journal) put(b *bolt.Bucket, it *Item) error {
	// Saves of one item can race (a worker's end and a user's Retry);
	// the newer revision wins whatever order they commit in.
	if old := b.Get(key(it.ID)); old != nil {
		var prev Item
		if decode(old, j.schemas, &prev) == nil && prev.Rev > it.Rev {
			return nil
		}
	}
	v, err := j.encode(it)
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
			if err := decode(v, j.schemas, it); err != nil {
				return fmt.Errorf("item %d: %w", binary.BigEndian.Uint64(k), err)
			}
			out = append(out, it)
			return nil
		})
	})
	return out, err
}

func (j *journal) close() error { return j.db.Close() }
