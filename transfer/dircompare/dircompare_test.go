package dircompare_test

import (
	"fmt"
	"maps"
	"testing"
	"time"

	"portside/transfer"
	"portside/transfer/dircompare"
	syncplan "portside/transfer/sync"
)

var base = time.Date(2026, 11, 20, 14, 30, 0, 0, time.UTC)

func file(name string, size int64, t time.Time) transfer.Entry {
	return transfer.Entry{Name: name, Size: size, ModTime: t}
}

func dir(name string) transfer.Entry { return transfer.Entry{Name: name, IsDir: true, ModTime: base} }

func TestCompare(t *testing.T) {
	minute := syncplan.Clock{Precision: time.Minute}
	local := syncplan.Clock{}
	cases := []struct {
		name        string
		left, right []transfer.Entry
		lc, rc      syncplan.Clock
		mode        dircompare.Mode
		wantL       map[string]dircompare.Status
		wantR       map[string]dircompare.Status
	}{
		{name: "lonely on each side",
			left: []transfer.Entry{file("a", 1, base), dir("d")}, right: []transfer.Entry{file("b", 1, base), dir("e")},
			wantL: map[string]dircompare.Status{"a": dircompare.Lonely, "d": dircompare.Lonely},
			wantR: map[string]dircompare.Status{"b": dircompare.Lonely, "e": dircompare.Lonely}},
		{name: "size differs, by size",
			left: []transfer.Entry{file("a", 1, base), file("same", 5, base)}, right: []transfer.Entry{file("a", 2, base), file("same", 5, base.Add(time.Hour))},
			wantL: map[string]dircompare.Status{"a": dircompare.Different},
			wantR: map[string]dircompare.Status{"a": dircompare.Different}},
		{name: "newer wins over size in time mode",
			left: []transfer.Entry{file("a", 1, base.Add(2*time.Hour))}, right: []transfer.Entry{file("a", 2, base)},
			mode:  dircompare.BySizeAndTime,
			wantL: map[string]dircompare.Status{"a": dircompare.Newer},
			wantR: map[string]dircompare.Status{"a": dircompare.Older}},
		{name: "newer on the right",
			left: []transfer.Entry{file("a", 1, base)}, right: []transfer.Entry{file("a", 1, base.Add(time.Hour))},
			mode:  dircompare.BySizeAndTime,
			wantL: map[string]dircompare.Status{"a": dircompare.Older},
			wantR: map[string]dircompare.Status{"a": dircompare.Newer}},
		{name: "minute precision: local seconds are not newer",
			left: []transfer.Entry{file("a", 1, base.Add(59*time.Second+900*time.Millisecond))}, right: []transfer.Entry{file("a", 1, base)},
			lc: local, rc: minute, mode: dircompare.BySizeAndTime},
		{name: "second precision: 2 s apart is newer",
			left: []transfer.Entry{file("a", 1, base.Add(2*time.Second))}, right: []transfer.Entry{file("a", 1, base)},
			rc: syncplan.Clock{Precision: time.Second}, mode: dircompare.BySizeAndTime,
			wantL: map[string]dircompare.Status{"a": dircompare.Newer},
			wantR: map[string]dircompare.Status{"a": dircompare.Older}},
		{name: "server zone is taken off its times",
			left: []transfer.Entry{file("a", 1, base)}, right: []transfer.Entry{file("a", 1, base.Add(-5*time.Hour))},
			rc: syncplan.Clock{Precision: time.Minute, Zone: -5 * time.Hour}, mode: dircompare.BySizeAndTime},
		{name: "unknown zone shows the difference",
			left: []transfer.Entry{file("a", 1, base)}, right: []transfer.Entry{file("a", 1, base.Add(-5*time.Hour))},
			rc: minute, mode: dircompare.BySizeAndTime,
			wantL: map[string]dircompare.Status{"a": dircompare.Newer},
			wantR: map[string]dircompare.Status{"a": dircompare.Older}},
		{name: "skew widens the tolerance",
			left: []transfer.Entry{file("a", 1, base.Add(90*time.Second))}, right: []transfer.Entry{file("a", 1, base)},
			rc: syncplan.Clock{Precision: time.Second, Skew: 2 * time.Minute}, mode: dircompare.BySizeAndTime},
		{name: "date-only time of an old file",
			left:  []transfer.Entry{file("a", 1, time.Date(2020, 3, 4, 17, 12, 0, 0, time.UTC))},
			right: []transfer.Entry{file("a", 1, time.Date(2020, 3, 4, 0, 0, 0, 0, time.UTC))},
			rc:    minute, mode: dircompare.BySizeAndTime},
		{name: "folders compare by existence only",
			left: []transfer.Entry{dir("d")}, right: []transfer.Entry{{Name: "d", IsDir: true, Size: 4096, ModTime: base.Add(time.Hour)}},
			mode: dircompare.BySizeAndTime},
		{name: "file facing a folder",
			left: []transfer.Entry{file("x", 0, base)}, right: []transfer.Entry{dir("x")},
			wantL: map[string]dircompare.Status{"x": dircompare.Different},
			wantR: map[string]dircompare.Status{"x": dircompare.Different}},
		{name: "case matters",
			left: []transfer.Entry{file("A", 1, base)}, right: []transfer.Entry{file("a", 1, base)},
			wantL: map[string]dircompare.Status{"A": dircompare.Lonely},
			wantR: map[string]dircompare.Status{"a": dircompare.Lonely}},
		{name: "a missing time compares by size",
			left: []transfer.Entry{file("a", 1, time.Time{})}, right: []transfer.Entry{file("a", 2, base)},
			mode:  dircompare.BySizeAndTime,
			wantL: map[string]dircompare.Status{"a": dircompare.Different},
			wantR: map[string]dircompare.Status{"a": dircompare.Different}},
		{name: "duplicate names from a broken server",
			left: []transfer.Entry{file("a", 1, base), file("a", 9, base)}, right: []transfer.Entry{file("a", 1, base), file("a", 7, base)}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := dircompare.Compare(dircompare.Side{Entries: c.left, Clock: c.lc}, dircompare.Side{Entries: c.right, Clock: c.rc}, c.mode)
			if !maps.Equal(got.Left, orEmpty(c.wantL)) || !maps.Equal(got.Right, orEmpty(c.wantR)) {
				t.Errorf("got left %v right %v, want left %v right %v", got.Left, got.Right, c.wantL, c.wantR)
			}
		})
	}
}

func orEmpty(m map[string]dircompare.Status) map[string]dircompare.Status {
	if m == nil {
		return map[string]dircompare.Status{}
	}
	return m
}

func TestGuess(t *testing.T) {
	cases := []struct {
		name    string
		entries []transfer.Entry
		want    time.Duration
	}{
		{"empty", nil, time.Second},
		{"seconds", []transfer.Entry{file("a", 1, base), file("b", 1, base.Add(3*time.Second))}, time.Second},
		{"minutes", []transfer.Entry{file("a", 1, base), file("b", 1, base.Add(time.Minute))}, time.Minute},
		{"folders only", []transfer.Entry{{Name: "d", IsDir: true, ModTime: base}}, time.Second},
	}
	for _, c := range cases {
		if got := dircompare.Guess(c.entries).Precision; got != c.want {
			t.Errorf("%s: precision %v, want %v", c.name, got, c.want)
		}
	}
}

// BenchmarkCompare20k compares two folders of 20,000 names, half shared
// (of those, a third newer and a third of another size): the window's
// budget is 100 ms.
func BenchmarkCompare20k(b *testing.B) {
	const n = 20000
	left := make([]transfer.Entry, n)
	right := make([]transfer.Entry, n)
	for i := range n {
		left[i] = file(fmt.Sprintf("file-%06d.dat", i), int64(i), base)
		j := i + n/2
		t := base
		switch i % 3 {
		case 1:
			t = base.Add(time.Hour)
		case 2:
			j = i
		}
		right[i] = file(fmt.Sprintf("file-%06d.dat", j), int64(j+i%3/2), t)
	}
	b.ReportAllocs()
	for b.Loop() {
		dircompare.Compare(dircompare.Side{Entries: left}, dircompare.Side{Entries: right, Clock: syncplan.Clock{Precision: time.Minute}}, dircompare.BySizeAndTime)
	}
}
