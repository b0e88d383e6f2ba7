package queue_test

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"portside/transfer/queue"
)

// The journal of a big folder's items stays within 200 bytes an item
// (it was 580: JSON with every field's name, in half-empty pages).
func TestJournalBytesPerItem(t *testing.T) {
	const n = 20000
	path := filepath.Join(t.TempDir(), "queue.db")
	q := openQueue(t, queue.Config{Journal: path, Paused: true})
	mod := time.Date(2025, 1, 2, 0, 0, 0, 0, time.UTC)
	batch := make([]queue.Item, 0, 1000)
	for i := 1; i <= n; i++ {
		batch = append(batch, queue.Item{Batch: "get-3f9a2c41d07e", Site: "ftp://alice@ftp.example.com:21", Dir: queue.Download,
			Src: fmt.Sprintf("/pub/big/f%07d", i), Dst: fmt.Sprintf("/home/alice/Downloads/big/f%07d", i),
			Size: 1 << 20, ModTime: mod, State: queue.Paused, DstKnown: true, DstSize: -1, PartSize: -1})
		if len(batch) == cap(batch) {
			if _, err := q.Add(batch...); err != nil {
				t.Fatal(err)
			}
			batch = batch[:0]
		}
	}
	q.Close()
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var size int64
	db.View(func(tx *bolt.Tx) error { size = tx.Size(); return nil })
	if per := size / n; per > 200 {
		t.Fatalf("the journal takes %d bytes an item (%d for %d items), want at most 200", per, size, n)
	} else {
		t.Logf("%d bytes an item", per)
	}
}
