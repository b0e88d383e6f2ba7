package queue

import (
	"path/filepath"
	"slices"
	"testing"
)

// Re-planning at Open queues again the top folders with something
// unfinished below them and moves what is below to the earlier bucket;
// a finished folder, a cancelled one and a lone file stay as they were.
func TestReplan(t *testing.T) {
	item := func(src string, dir bool, st State) Item {
		return Item{Site: "s", Dir: Download, Src: src, Dst: "/l" + src, IsDir: dir, State: st, Size: 1}
	}
	tests := []struct {
		name    string
		items   []Item
		left    []string // sources left in the queue, in order
		queued  []string // of them, top folders queued to list again
		earlier []string // files the earlier bucket answers for
	}{
		{
			name: "unfinished folder",
			items: []Item{item("/a", true, Done), item("/a/x", false, Done), item("/a/s", true, Done),
				item("/a/s/y", false, Paused), item("/f", false, Paused)},
			left: []string{"/a", "/f"}, queued: []string{"/a"}, earlier: []string{"/a/x", "/a/s/y"},
		},
		{
			name:  "finished folder",
			items: []Item{item("/a", true, Done), item("/a/x", false, Done), item("/f", false, Failed)},
			left:  []string{"/a", "/a/x", "/f"},
		},
		{
			name:  "cancelled folder",
			items: []Item{item("/a", true, Cancelled), item("/a/x", false, Paused)},
			left:  []string{"/a", "/a/x"},
		},
		{
			name: "a subfolder queued to another place",
			items: []Item{item("/a", true, Done), item("/a/x", false, Done), item("/a/s", true, Done),
				{Site: "s", Dir: Download, Src: "/a/s", Dst: "/m/s", IsDir: true, State: Done},
				{Site: "s", Dir: Download, Src: "/a/s/y", Dst: "/m/s/y", State: Failed}},
			left: []string{"/a", "/a/x", "/a/s", "/a/s"}, queued: []string{"/a/s"}, earlier: []string{"/a/s/y"},
		},
		{
			name: "the root",
			items: []Item{{Site: "s", Dir: Download, Src: "/", Dst: "/l", IsDir: true, State: Done},
				{Site: "s", Dir: Download, Src: "/x", Dst: "/l/x", State: Failed}},
			left: []string{"/"}, queued: []string{"/"}, earlier: []string{"/x"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "q.db")
			q, err := Open(Config{Journal: path, Paused: true})
			if err != nil {
				t.Fatal(err)
			}
			for _, it := range tt.items { // Add keeps Done, Failed and Paused
				ids, err := q.Add(it)
				if err != nil {
					t.Fatal(err)
				}
				if it.State == Cancelled {
					q.Cancel(ids...)
				}
			}
			q.Close()
			q, err = Open(Config{Journal: path, Paused: true, Replan: true})
			if err != nil {
				t.Fatal(err)
			}
			defer q.Close()
			var left, queued []string
			q.j.each(func(it *Item) error {
				left = append(left, it.Src)
				if it.IsDir && it.State == Queued {
					queued = append(queued, it.Src)
				}
				return nil
			})
			if !slices.Equal(left, tt.left) || !slices.Equal(queued, tt.queued) {
				t.Errorf("left %q, queued %q; want %q, %q", left, queued, tt.left, tt.queued)
			}
			for _, it := range tt.items {
				if it.IsDir {
					continue
				}
				_, ok := q.cfg.Earlier(it.Dir, it.Src, it.Dst)
				if want := slices.Contains(tt.earlier, it.Src); ok != want {
					t.Errorf("earlier knows %s: %v, want %v", it.Src, ok, want)
				}
			}
		})
	}
}
