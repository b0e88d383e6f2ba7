package queue

import (
	"path/filepath"
	"testing"
)

// A folder stopped half-way through adding its children in batches knows,
// when it runs again, every child it added: also a name refused on the
// destination, which went in as a failed item without a Dst (the merge of
// streaming expansion with refused names).
func TestExpandingKnowsEveryAddedChild(t *testing.T) {
	q, err := Open(Config{Journal: filepath.Join(t.TempDir(), "q.db"), Paused: true})
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	folder := Item{Batch: "b", Site: "s", Dir: Download, Src: "/pub", Dst: "/home/ann/pub", IsDir: true, Size: -1, State: Paused}
	ids, err := q.Add(folder)
	if err != nil {
		t.Fatal(err)
	}
	folder.ID = ids[0]
	q.mu.Lock()
	q.items[folder.ID].Expanded = true
	q.mu.Unlock()

	cases := []struct {
		name  string
		child Item
		known bool
	}{
		{"a file added", Item{Batch: "b", Site: "s", Dir: Download, Src: "/pub/a", Dst: "/home/ann/pub/a", State: Paused}, true},
		{"a refused name", Item{Batch: "b", Site: "s", Dir: Download, Src: "/pub/con\x01", State: Failed, Err: "bad name"}, true},
		{"another folder's file", Item{Batch: "b", Site: "s", Dir: Download, Src: "/other/a", Dst: "/home/ann/other/a", State: Paused}, false},
		{"another batch's file", Item{Batch: "c", Site: "s", Dir: Download, Src: "/pub/b", Dst: "/home/ann/pub/b", State: Paused}, false},
	}
	for _, tc := range cases {
		if _, err := q.add([]Item{tc.child}, true); err != nil {
			t.Fatal(err)
		}
	}
	have, err := q.expanding(folder, true)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if have[srcHash(tc.child.Src)] != tc.known {
				t.Errorf("known = %v, want %v", have[srcHash(tc.child.Src)], tc.known)
			}
		})
	}
}
