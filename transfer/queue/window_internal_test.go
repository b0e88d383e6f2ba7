package queue

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"portside/transfer"
	"portside/transfer/local"
)

// withWindow runs a test with a live window of n items.
func withWindow(t *testing.T, n int) {
	old := liveWindow
	liveWindow = n
	t.Cleanup(func() { liveWindow = old })
}

// localSite is a folder of n files of a few bytes, served by the local
// file system as the "remote" side.
func localSite(t *testing.T, n int) (src string, dial func(context.Context, string) (transfer.FS, error)) {
	src = filepath.Join(t.TempDir(), "src")
	os.Mkdir(src, 0o755)
	for i := range n {
		os.WriteFile(filepath.Join(src, fmt.Sprintf("f%04d", i)), []byte(fmt.Sprint(i)), 0o644)
	}
	return src, func(context.Context, string) (transfer.FS, error) { return local.FS{}, nil }
}

func waitAll(t *testing.T, q *Queue) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if _, err := q.Wait(ctx); err != nil {
		t.Fatal(err)
	}
}

// A folder of more files than the live window copies every file exactly
// once, in order, while at most a window of items (and the running ones)
// is in memory; Items and Stats still see every item, read back from the
// journal; Remove takes the finished ones out of both.
func TestWindowSpillsAndRefills(t *testing.T) {
	cases := []struct {
		name          string
		files, window int
		limit         int
	}{
		{"one connection", 300, 20, 1},
		{"four connections", 300, 20, 4},
		{"under the window", 10, 20, 2},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			withWindow(t, tc.window)
			src, dial := localSite(t, tc.files)
			dst := filepath.Join(t.TempDir(), "dst")
			most := 0
			q, err := Open(Config{Journal: filepath.Join(t.TempDir(), "q.db"), Dial: dial,
				Limit: func(string) int { return tc.limit }})
			if err != nil {
				t.Fatal(err)
			}
			defer q.Close()
			// q.mu is held in emit. Items whose journal write is under way
			// stay until it is in (bbolt's batch: up to 10 ms of local
			// copies).
			q.Subscribe(func(Event) { most = max(most, len(q.items)-q.committing) })
			if _, err := q.Add(Item{Site: "s", Dir: Download, Src: src, Dst: dst, IsDir: true, Size: -1}); err != nil {
				t.Fatal(err)
			}
			waitAll(t, q)
			for i := range tc.files {
				b, err := os.ReadFile(filepath.Join(dst, fmt.Sprintf("f%04d", i)))
				if err != nil || string(b) != fmt.Sprint(i) {
					t.Fatalf("f%04d: %q, %v", i, b, err)
				}
			}
			// The folder's expansion adds the first window live; a batch
			// loaded back is half a window; the item being emitted.
			if limit := tc.window + tc.window/2 + tc.limit + 2; most > limit {
				t.Errorf("%d items in memory at once, want at most %d", most, limit)
			}
			items := q.Items()
			if len(items) != tc.files+1 {
				t.Fatalf("Items: %d, want %d", len(items), tc.files+1)
			}
			for i, it := range items {
				if it.State != Done || (i > 0 && it.ID <= items[i-1].ID) {
					t.Fatalf("item %d: %s, ID %d (not done, or out of order)", i, it.State, it.ID)
				}
			}
			st := q.Stats()
			if st.Counts[Done] != tc.files+1 || st.FilesLeft != 0 {
				t.Errorf("Stats: %v, %d files left", st.Counts, st.FilesLeft)
			}
			if err := q.Remove(); err != nil {
				t.Fatal(err)
			}
			if n, st := len(q.Items()), q.Stats(); n != 0 || st.Counts[Done] != 0 {
				t.Errorf("after Remove: %d items, counts %v", n, st.Counts)
			}
		})
	}
}

// Items that wait in the journal only are restored there by Open, and
// a user's action on them (cancel, pause) reaches them: nothing in the
// journal runs later behind the user's back.
func TestWindowSpilledItemsObeyTheUser(t *testing.T) {
	cases := []struct {
		name   string
		action func(q *Queue, ids []uint64)
		want   State
	}{
		{"cancel all", func(q *Queue, _ []uint64) { q.Cancel() }, Cancelled},
		{"cancel named", func(q *Queue, ids []uint64) { q.Cancel(ids...) }, Cancelled},
		{"pause named", func(q *Queue, ids []uint64) { q.Pause(ids...) }, Paused},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			withWindow(t, 10)
			src, dial := localSite(t, 50)
			dst := t.TempDir()
			journal := filepath.Join(t.TempDir(), "q.db")
			q, err := Open(Config{Journal: journal, Dial: dial, Paused: true})
			if err != nil {
				t.Fatal(err)
			}
			var add []Item
			for i := range 50 {
				n := fmt.Sprintf("f%04d", i)
				add = append(add, Item{Site: "s", Dir: Download, Src: filepath.Join(src, n), Dst: filepath.Join(dst, n), Size: -1})
			}
			ids, err := q.add(add, true) // as an expansion adds them
			if err != nil {
				t.Fatal(err)
			}
			if q.spilled != 40 {
				t.Fatalf("%d spilled, want 40", q.spilled)
			}
			q.Close()
			// Open restores a window's worth live, the rest in the journal.
			q, err = Open(Config{Journal: journal, Dial: dial, Paused: true})
			if err != nil {
				t.Fatal(err)
			}
			defer q.Close()
			if len(q.items) != 10 || q.spilled != 40 {
				t.Fatalf("restored %d live, %d spilled; want 10 and 40", len(q.items), q.spilled)
			}
			tc.action(q, ids)
			q.Start()
			waitAll(t, q)
			for _, it := range q.Items() {
				if it.State != tc.want {
					t.Fatalf("item %d: %s, want %s", it.ID, it.State, tc.want)
				}
			}
			if left, _ := os.ReadDir(dst); len(left) != 0 {
				t.Errorf("%d files copied after the user's %s", len(left), tc.name)
			}
		})
	}
}
