// Package dircompare compares two folder listings by name, for the
// window's View → Directory comparison: which entries exist on one side
// only, which differ in size, which side's copy is newer. It is a pure
// function over two listings, as the sync planner is; the window runs it
// off the UI goroutine and colours rows by the result.
package dircompare

import (
	"time"

	"portside/transfer"
	syncplan "portside/transfer/sync"
)

// Mode is what two same-named files are compared by.
type Mode int

const (
	// BySize marks files whose sizes differ.
	BySize Mode = iota
	// BySizeAndTime marks the newer of two files whose times differ by
	// more than the listings can tell apart, and otherwise files whose
	// sizes differ.
	BySizeAndTime
)

// Status is how an entry compares with its namesake on the other side.
type Status uint8

const (
	Same      Status = iota // on both sides, nothing to mark (folders: both exist)
	Lonely                  // on this side only (FileZilla: yellow)
	Newer                   // newer than the other side's (FileZilla: green)
	Older                   // older than the other side's (FileZilla leaves it unmarked)
	Different               // sizes differ, or a file faces a folder (FileZilla: red)
)

var statusNames = []string{"same", "only here", "newer", "older", "different"}

func (s Status) String() string {
	if int(s) < len(statusNames) {
		return statusNames[s]
	}
	return "Status(?)"
}

// Side is one listing with what is known of its clock.
type Side struct {
	Entries []transfer.Entry
	// Clock is the side's time precision, zone and skew: for a server,
	// from the sync's measurement when there is one, else Guess. The zero
	// Clock is a local disk's.
	Clock syncplan.Clock
}

// Result maps each side's names to their status; names marked Same are
// left out, so a folder of identical files costs no map entries.
type Result struct {
	Left, Right map[string]Status
	// Tolerance is how far two times may differ and still be the same.
	Tolerance time.Duration
}

// dateOnlyTolerance covers LIST's "Jan  2  2023" form for old files, which
// has no time of day; the sync planner uses the same day.
const dateOnlyTolerance = 24 * time.Hour

// Compare compares left with right by mode. Names are matched exactly
// (case and Unicode form included), as FileZilla does; entries whose name
// occurs twice in one listing (a broken server) keep the first.
func Compare(left, right Side, mode Mode) Result {
	tol := max(left.Clock.Precision, right.Clock.Precision) + abs(left.Clock.Skew) + abs(right.Clock.Skew)
	res := Result{Left: map[string]Status{}, Right: map[string]Status{}, Tolerance: tol}
	idx := make(map[string]int, len(right.Entries))
	for i, e := range right.Entries {
		if _, dup := idx[e.Name]; !dup {
			idx[e.Name] = i
		}
	}
	// matched marks right entries paired with a left one; a second left
	// entry of the same name finds its pair taken and is skipped.
	matched := make([]bool, len(right.Entries))
	old := time.Now().Add(-150 * 24 * time.Hour)
	for _, l := range left.Entries {
		i, ok := idx[l.Name]
		if !ok {
			res.Left[l.Name] = Lonely
			continue
		}
		if matched[i] {
			continue
		}
		matched[i] = true
		ls, rs := compareOne(l, right.Entries[i], left.Clock, right.Clock, tol, mode, old)
		if ls != Same {
			res.Left[l.Name] = ls
		}
		if rs != Same {
			res.Right[l.Name] = rs
		}
	}
	for i, e := range right.Entries {
		if !matched[i] && idx[e.Name] == i {
			res.Right[e.Name] = Lonely
		}
	}
	return res
}

// compareOne decides one pair. Folders are only checked for existence:
// their sizes and times say nothing about their contents.
func compareOne(l, r transfer.Entry, lc, rc syncplan.Clock, tol time.Duration, mode Mode, old time.Time) (Status, Status) {
	switch {
	case l.IsDir && r.IsDir:
		return Same, Same
	case l.IsDir != r.IsDir:
		return Different, Different
	}
	if mode == BySizeAndTime && !l.ModTime.IsZero() && !r.ModTime.IsZero() {
		t := tol
		if dateOnly(l.ModTime, lc, old) || dateOnly(r.ModTime, rc, old) {
			t = max(t, dateOnlyTolerance)
		}
		d := lc.Time(l.ModTime).Sub(rc.Time(r.ModTime))
		switch {
		case d > t:
			return Newer, Older
		case d < -t:
			return Older, Newer
		}
	}
	if l.Size != r.Size {
		return Different, Different
	}
	return Same, Same
}

// dateOnly: a minute-precision listing's midnight time on an old file is
// LIST's date-only form (see the sync's walk).
func dateOnly(t time.Time, c syncplan.Clock, old time.Time) bool {
	return c.Precision >= time.Minute && t.Before(old) && t.Hour() == 0 && t.Minute() == 0
}

// Guess is a server listing's clock when none was measured: the precision
// the sync's walk would guess (a time with seconds proves seconds; LIST
// has minutes), no zone, no skew.
func Guess(entries []transfer.Entry) syncplan.Clock {
	any := false
	for _, e := range entries {
		if e.IsDir || e.ModTime.IsZero() {
			continue
		}
		any = true
		if e.ModTime.Second() != 0 || e.ModTime.Nanosecond() != 0 {
			return syncplan.Clock{Precision: time.Second}
		}
	}
	if !any {
		return syncplan.Clock{Precision: time.Second}
	}
	return syncplan.Clock{Precision: time.Minute}
}

func abs(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}
