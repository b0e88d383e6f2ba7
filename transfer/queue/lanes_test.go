package queue

import (
	"fmt"
	"reflect"
	"testing"
)

func TestLanes(t *testing.T) {
	type push struct {
		folder string
		id     uint64
		front  bool
	}
	for _, tc := range []struct {
		name   string
		pushes []push
		busy   []string // folders busy throughout
		want   []uint64 // pop order
	}{
		{"one folder keeps its order", []push{{"a", 1, false}, {"a", 2, false}, {"a", 3, false}}, nil, []uint64{1, 2, 3}},
		{"no folder busy: first in, first out", []push{{"a", 1, false}, {"b", 2, false}, {"a", 3, false}}, nil, []uint64{1, 3, 2}},
		{"a busy folder is passed over", []push{{"a", 1, false}, {"a", 2, false}, {"b", 3, false}}, []string{"a"}, []uint64{3, 1, 2}},
		{"all busy: the first lane", []push{{"a", 1, false}, {"b", 2, false}}, []string{"a", "b"}, []uint64{1, 2}},
		{"a 421 retry goes first", []push{{"a", 1, false}, {"b", 2, false}, {"b", 9, true}}, nil, []uint64{9, 2, 1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := newLanes()
			for _, p := range tc.pushes {
				if p.front {
					l.pushFront(p.folder, p.id)
				} else {
					l.push(p.folder, p.id)
				}
			}
			busy := func(f string) bool {
				for _, b := range tc.busy {
					if b == f {
						return true
					}
				}
				return false
			}
			var got []uint64
			for {
				id, ok := l.pop(busy)
				if !ok {
					break
				}
				got = append(got, id)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("popped %v, want %v", got, tc.want)
			}
			if l.n != 0 || len(l.order) != 0 || len(l.lane) != 0 {
				t.Errorf("left n=%d order=%v lanes=%v", l.n, l.order, l.lane)
			}
		})
	}
}

// TestLanesSpreadWorkers is the scheduler's view of 4 workers on 3 folders:
// while a folder is written to, the next worker takes another folder.
func TestLanesSpreadWorkers(t *testing.T) {
	l := newLanes()
	id := uint64(0)
	for _, f := range []string{"/up/d0", "/up/d1", "/up/d2"} {
		for i := 0; i < 3; i++ {
			id++
			l.push(f, id)
		}
	}
	writing := map[string]int{}
	busy := func(f string) bool { return writing[f] > 0 }
	var first []string
	for w := 0; w < 3; w++ {
		id, _ := l.pop(busy)
		f := fmt.Sprintf("/up/d%d", (id-1)/3)
		writing[f]++
		first = append(first, f)
	}
	if want := []string{"/up/d0", "/up/d1", "/up/d2"}; !reflect.DeepEqual(first, want) {
		t.Errorf("three workers write into %v, want %v", first, want)
	}
}

// TestLanesEmptiedLanesDoNotPileUp: lanes emptied behind a busy one are
// dropped before a scan has to walk over many of them.
func TestLanesEmptiedLanesDoNotPileUp(t *testing.T) {
	l := newLanes()
	l.push("big", 0)
	l.push("big", 1)
	for i := 0; i < 1000; i++ {
		l.push(fmt.Sprintf("small%d", i), uint64(10+i))
	}
	busy := func(f string) bool { return f == "big" }
	for i := 0; i < 1000; i++ {
		if _, ok := l.pop(busy); !ok {
			t.Fatal("ran dry early")
		}
		if len(l.order) > 2*(1000-i)+40 {
			t.Fatalf("after %d pops %d lanes are kept for %d waiting items", i+1, len(l.order), l.n)
		}
	}
	if l.n != 2 {
		t.Fatalf("%d left, want the 2 of the busy folder", l.n)
	}
}

func TestFolderOf(t *testing.T) {
	for in, want := range map[string]string{
		"/pub/a.txt": "/pub", `C:\Users\me\a.txt`: `C:\Users\me`, "a.txt": "", "/a": "",
	} {
		if got := folderOf(in); got != want {
			t.Errorf("folderOf(%q) = %q, want %q", in, got, want)
		}
	}
}
