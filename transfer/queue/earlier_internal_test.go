package queue

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"
)

// An earlier run's journal, read a chunk at a time, answers for each of
// its items what a re-run needs (state, size, time, part file), and
// nothing for an item it did not have.
func TestEarlierLookup(t *testing.T) {
	old := earlierChunk
	earlierChunk = 7
	defer func() { earlierChunk = old }()
	path := filepath.Join(t.TempDir(), "q.db")
	q, err := Open(Config{Journal: path, Paused: true})
	if err != nil {
		t.Fatal(err)
	}
	stamp := time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC)
	var items []Item
	for i := range 30 {
		it := Item{Site: "s", Dir: Download, Src: fmt.Sprintf("/r/f%d", i), Dst: fmt.Sprintf("/l/f%d", i), Size: int64(i), State: Paused}
		switch i % 3 {
		case 0:
			it.State, it.ModTime = Done, stamp
		case 1:
			it.Part, it.PartOwned = fmt.Sprintf("/l/f%d.1.portside-part", i), true
		}
		items = append(items, it)
	}
	if _, err := q.Add(items...); err != nil {
		t.Fatal(err)
	}
	q.Close()
	e, err := OpenEarlier(path)
	if err != nil {
		t.Fatal(err)
	}
	if e.Len() != len(items) {
		t.Fatalf("Len %d, want %d", e.Len(), len(items))
	}
	for _, want := range items {
		got, ok := e.Lookup(want.Dir, want.Src, want.Dst)
		if !ok || got.State != want.State || got.Size != want.Size || !got.ModTime.Equal(want.ModTime) ||
			got.Part != want.Part || got.PartOwned != want.PartOwned {
			t.Errorf("%s: got %+v (%v), want %+v", want.Src, got, ok, want)
		}
	}
	for _, miss := range []struct {
		dir      Direction
		src, dst string
	}{
		{Upload, "/r/f1", "/l/f1"}, {Download, "/r/f1", "/l/f2"}, {Download, "/r/nope", "/l/nope"},
	} {
		if _, ok := e.Lookup(miss.dir, miss.src, miss.dst); ok {
			t.Errorf("Lookup(%v) found an item the run did not have", miss)
		}
	}
}
