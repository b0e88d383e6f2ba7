package transfer

import (
	"hash/fnv"
	"strconv"
)

// DefaultMaxDepth bounds how many folders deep a copy or a sync goes below
// the folder it starts from. Real trees rarely pass 20 (a Java or
// node_modules tree perhaps 30); a server whose folder lists itself as a
// child would otherwise be followed until the path is too long (808 levels
// in a test), and one whose folders each hold two of themselves doubles the
// work at every level.
const DefaultMaxDepth = 64

// ListingSum is a listing's identity: equal for the same entries in any
// order. A folder that lists the same as a folder it is in is a loop — a
// server answering every path with one listing, a link to a parent — not a
// tree to descend.
func ListingSum(entries []Entry) uint64 {
	var sum uint64
	for _, e := range entries {
		sum += EntrySum(e) // a sum, not XOR: two equal entries do not cancel
	}
	return sum
}

// EntrySum is one entry's part of ListingSum, for a listing summed as it
// streams by.
func EntrySum(e Entry) uint64 {
	h := fnv.New64a()
	var a [64]byte
	buf := append(a[:0], e.Name...)
	buf = append(buf, 0)
	buf = strconv.AppendInt(buf, e.Size, 10)
	buf = strconv.AppendInt(buf, e.ModTime.UnixNano(), 10)
	buf = strconv.AppendBool(buf, e.IsDir)
	buf = strconv.AppendBool(buf, e.IsLink)
	h.Write(buf)
	return h.Sum64()
}
