package syncplan

import (
	"slices"
	"strings"
	"time"
)

// File is one entry of a walked tree.
type File struct {
	// Path is relative to the walk's root, with "/" between elements on
	// both sides ("photos/2026/a.jpg").
	Path    string
	Size    int64
	ModTime time.Time // as the side reported it; zero when it did not say
	IsDir   bool
	IsLink  bool // a symbolic link (followed links keep the flag and carry the target's facts)
	// Broken marks a link whose target could not be read, or that loops.
	Broken bool
	// Cut says why the walk did not go into this folder (too deep, or it
	// lists the same as a folder it is in); its contents are not planned.
	Cut string `json:",omitempty"`
	// Refused says why the name cannot be copied (transfer.CheckName:
	// "..", separators, control characters); the plan skips it, saying so.
	Refused string `json:",omitempty"`
	// DateOnly marks a time that LIST gave as a date without a time of day
	// (files older than about six months on Unix-like servers).
	DateOnly bool
}

// Listing is a whole tree, sorted by Path, and what is known of its clock.
type Listing struct {
	Files []File
	Clock Clock
}

// Clock says how a side's times relate to the local clock. The local
// side's is the zero value.
type Clock struct {
	// Precision is the granularity of the side's times: 0 for a local disk
	// (nanoseconds), 1 s for MLSD, 1 min for LIST.
	Precision time.Duration `json:"precision"`
	// Zone is how far the listed times are shifted from UTC (a LIST in the
	// server's local time): subtracted from every listed time. A multiple
	// of 15 minutes.
	Zone time.Duration `json:"zone"`
	// Skew is the server's clock minus the local clock, after Zone. It
	// only affects times the server stamped itself (not those set with
	// MFMT), so it widens the tolerance instead of shifting times.
	Skew time.Duration `json:"skew"`
	// Measured is false when no probe ran; Note then says why.
	Measured bool   `json:"measured"`
	Note     string `json:"note,omitempty"`
	noteWhy  Why    // Note as a code and facts (Prepared.NoteWhys)
}

// Time is t as the local clock would have said it.
func (c Clock) Time(t time.Time) time.Time {
	if t.IsZero() || c.Zone == 0 {
		return t
	}
	return t.Add(-c.Zone)
}

// Sort orders files by path, the order the planner needs.
func Sort(files []File) {
	slices.SortFunc(files, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
}

// sorted reports whether files are in Sort's order without duplicates.
func sorted(files []File) bool {
	for i := 1; i < len(files); i++ {
		if files[i-1].Path >= files[i].Path {
			return false
		}
	}
	return true
}

// find returns the file at rel in a sorted list.
func find(files []File, rel string) (File, bool) {
	i, ok := slices.BinarySearchFunc(files, rel, func(f File, p string) int { return strings.Compare(f.Path, p) })
	if !ok {
		return File{}, false
	}
	return files[i], true
}

// parent is the folder of rel ("" for the root's children).
func parent(rel string) string {
	if i := strings.LastIndexByte(rel, '/'); i >= 0 {
		return rel[:i]
	}
	return ""
}
