// Package queue is the transfer queue: items journaled to disk at every
// change, run by a worker pool with a connection limit per site, landing
// files whole (a temporary name, then a rename) and resuming broken ones.
package queue

import (
	"context"
	"errors"
	"fmt"
	"time"

	"portside/transfer"
)

// Direction says which way an item moves.
type Direction int

const (
	Download Direction = iota // remote → local
	Upload                    // local → remote
)

func (d Direction) String() string {
	if d == Upload {
		return "upload"
	}
	return "download"
}

// State is where an item is in its life.
type State int

const (
	Queued State = iota
	Running
	Paused
	Done
	Failed
	Cancelled
	Skipped // the file existed and the policy said skip
)

var stateNames = []string{"queued", "running", "paused", "done", "failed", "cancelled", "skipped"}

func (s State) String() string {
	if int(s) < len(stateNames) {
		return stateNames[s]
	}
	return fmt.Sprintf("State(%d)", int(s))
}

// Final reports a state nothing moves out of without the user (Retry).
func (s State) Final() bool { return s == Done || s == Failed || s == Cancelled || s == Skipped }

// Policy says what to do when the destination file exists.
type Policy int

const (
	Ask            Policy = iota // ask the front end (OnExists); headless: overwrite if different
	Overwrite                    // always replace
	OverwriteNewer               // replace if the source is newer
	OverwriteSize                // replace if the sizes differ
	Resume                       // append to it when it is shorter, else skip
	Rename                       // keep both: the new file gets " (1)" before its extension
	Skip                         // leave it
)

var policyNames = []string{"ask", "overwrite", "newer", "size", "resume", "rename", "skip"}

func (p Policy) String() string {
	if int(p) < len(policyNames) {
		return policyNames[p]
	}
	return fmt.Sprintf("Policy(%d)", int(p))
}

// ParsePolicy reads a policy name as String writes it.
func ParsePolicy(s string) (Policy, error) {
	for i, n := range policyNames {
		if n == s {
			return Policy(i), nil
		}
	}
	return 0, fmt.Errorf("unknown file-exists policy %q: want one of %v", s, policyNames)
}

// Item is one file or folder to move. Folders expand into items for their
// contents when they run.
type Item struct {
	ID      uint64    `json:"id"`
	Batch   string    `json:"batch,omitempty"` // groups a user action, a sync run, a command line
	Site    string    `json:"site"`            // the key Config.Dial knows the remote side by
	Dir     Direction `json:"dir"`
	Src     string    `json:"src"` // path on the source side
	Dst     string    `json:"dst"` // path on the destination side
	IsDir   bool      `json:"is_dir,omitempty"`
	Size    int64     `json:"size"`              // expected bytes; -1 unknown
	ModTime time.Time `json:"mod_time,omitzero"` // of the source, when known
	Exists  Policy    `json:"exists"`            // what to do if Dst exists
	State   State     `json:"state"`
	Err     string    `json:"err,omitempty"` // why it failed, in words
	// Why is Err's facts, when a step failed (transport.Facts as JSON),
	// for a window that words them in its own language.
	Why      string `json:"why,omitempty"`
	Attempts int    `json:"attempts,omitempty"` // runs that ended in a transient error
	Resized  int    `json:"resized,omitempty"`  // runs that ended in another size than listed (never reset by progress)
	Bytes    int64  `json:"bytes,omitempty"`    // bytes landed so far (saved on state changes)
	// What the destination held when the item was made, from one listing
	// of the destination folder per folder expanded: servers without MLST
	// (vsftpd) would otherwise list a folder per file to learn that a file
	// is not there. Only an item's first run trusts it.
	DstKnown bool      `json:"dst_known,omitempty"`
	DstSize  int64     `json:"dst_size,omitempty"`  // -1: absent
	DstTime  time.Time `json:"dst_time,omitzero"`   // of the existing file
	PartSize int64     `json:"part_size,omitempty"` // -1: no part file
	// Part is the part file's path when it is not Dst+".portside-part":
	// a real file had that name when the item was made (see partName).
	Part string `json:"part,omitempty"`
	// PartOwned says whatever is at the part file's name was written by
	// this item: its name was chosen free of every file there (a folder's
	// expansion, PartFor, a sync's walk) or checked by the item's first
	// run (and journaled before a byte was written). An item without it
	// takes a file already at that name for someone else's, never resumes
	// from it or writes over it (#20 item 6): a file dragged to the server
	// next to a stray NAME.portside-part.
	PartOwned bool `json:"part_owned,omitempty"`
	// Root is, for a download, the local folder the user chose: its part
	// file is created and renamed through an os.Root of it, so a folder
	// swapped for a link after the path was checked cannot lead outside
	// (see localpath.OpenIn). Empty: by path, as before.
	Root string `json:"root,omitempty"`
	// Depth is how many folders below the added item this one is, and Seen
	// the listing sums (transfer.ListingSum) of its folders from there, 16
	// hex digits each (a string keeps Item comparable): a folder is cut
	// deeper than Config.MaxDepth or when it lists the same as one of them.
	Depth int    `json:"depth,omitempty"`
	Seen  string `json:"seen,omitempty"`
	// Expanded marks a folder whose items were being added in batches: a
	// run after a stop adds only those not added yet.
	Expanded bool `json:"expanded,omitempty"`
	// Segments is this transfer's setting for a segmented download (see
	// segment.go): 0 the site's (Config.Segments), 1 one stream, N at most
	// N ranges at once. Ranges is the journal's record of a segmented
	// download under way: each range's offset, length and bytes landed.
	Segments int    `json:"segments,omitempty"`
	Ranges   string `json:"ranges,omitempty"`

	Added time.Time `json:"added"`
	Rev   uint64    `json:"rev"` // bumped at every change; the journal never writes an older one over a newer
	Ended time.Time `json:"ended,omitzero"`
}

// partSuffix marks a file still arriving; it is renamed when complete.
const partSuffix = ".portside-part"

// PartFor is the part file a new item landing on dst in fs should use,
// for an item made outside a folder's expansion (a file dragged, a command
// line's file): "" for the usual dst+".portside-part" when nothing has
// that name, else the first free "dst.N.portside-part". A file already
// there is not this item's: no journal says it made it, so it must be
// neither resumed from nor overwritten.
func PartFor(ctx context.Context, fs transfer.FS, dst string) string {
	p := dst + partSuffix
	for n := 1; n <= 100; n++ {
		_, err := fs.Stat(ctx, p)
		if errors.Is(err, transfer.ErrNotFound) {
			if n == 1 {
				return ""
			}
			return p
		}
		if err != nil {
			return "" // cannot tell: the usual name
		}
		p = fmt.Sprintf("%s.%d%s", dst, n, partSuffix)
	}
	return "" // a hundred part-named files: keep the old behaviour
}
