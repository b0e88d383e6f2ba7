package ui

import (
	"slices"

	"portside/transfer"
)

// listingCache holds the last listings a pane showed, by folder, so that
// going back to a folder (Backspace, Up, the path bar, a folder opened
// before) shows what it held at once, while the folder is listed again
// behind it. FileZilla and WinSCP show their cached listing and list
// nothing; Portside shows it for the moment the fresh listing takes and
// then shows that, so a stale listing never stays (issue #12: Backspace
// to a parent of 20,000 entries took 0.32 s, a new listing each time).
//
// It is bounded by folders and by entries: a listing bigger than the
// whole budget is not kept. Only the UI goroutine uses it.
type listingCache struct {
	folders []cachedListing // least recently used first
	entries int             // the sum of len(folders[i].entries)
}

// cachedListing is one folder's listing as shown: sorted by order, not
// filtered. The slice is shared with the pane's state, read only.
type cachedListing struct {
	dir     string
	entries []transfer.Entry
	order   SortOrder
}

const (
	cacheFolders = 32
	cacheEntries = 250_000 // about 25 MB of entries at most
)

// get returns dir's listing sorted by order, and marks it used.
func (c *listingCache) get(dir string, order SortOrder) ([]transfer.Entry, bool) {
	i := c.find(dir)
	if i < 0 || c.folders[i].order != order {
		return nil, false
	}
	l := c.folders[i]
	c.folders = append(slices.Delete(c.folders, i, i+1), l)
	return l.entries, true
}

// put keeps dir's listing (sorted by order), in place of any older one.
func (c *listingCache) put(dir string, entries []transfer.Entry, order SortOrder) {
	c.drop(dir)
	if len(entries) > cacheEntries {
		return
	}
	c.folders = append(c.folders, cachedListing{dir: dir, entries: entries, order: order})
	c.entries += len(entries)
	for len(c.folders) > cacheFolders || c.entries > cacheEntries {
		c.entries -= len(c.folders[0].entries)
		c.folders = slices.Delete(c.folders, 0, 1)
	}
}

// drop forgets dir's listing.
func (c *listingCache) drop(dir string) {
	if i := c.find(dir); i >= 0 {
		c.entries -= len(c.folders[i].entries)
		c.folders = slices.Delete(c.folders, i, i+1)
	}
}

// clear forgets everything: another file system, or a disconnect.
func (c *listingCache) clear() { c.folders, c.entries = nil, 0 }

func (c *listingCache) find(dir string) int {
	return slices.IndexFunc(c.folders, func(l cachedListing) bool { return l.dir == dir })
}
