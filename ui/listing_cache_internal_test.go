package ui

import (
	"fmt"
	"testing"

	"portside/transfer"
)

// TestListingCacheBounds: the cache keeps at most cacheFolders folders and
// cacheEntries entries, drops the least recently used first, and never
// keeps a listing bigger than the whole budget.
func TestListingCacheBounds(t *testing.T) {
	var c listingCache
	byName := SortOrder{}
	for i := range cacheFolders + 5 {
		c.put(fmt.Sprint("/d", i), make([]transfer.Entry, 10), byName)
	}
	if len(c.folders) != cacheFolders || c.entries != 10*cacheFolders {
		t.Fatalf("%d folders, %d entries; want %d, %d", len(c.folders), c.entries, cacheFolders, 10*cacheFolders)
	}
	if _, ok := c.get("/d4", byName); ok {
		t.Error("the oldest folders stayed")
	}
	if _, ok := c.get("/d5", byName); !ok { // now the most recently used
		t.Error("/d5 is gone")
	}
	if _, ok := c.get("/d6", SortOrder{Column: ColSize}); ok {
		t.Error("a listing came back in another order than it was kept in")
	}
	c.put("/huge", make([]transfer.Entry, cacheEntries+1), byName)
	if _, ok := c.get("/huge", byName); ok || c.entries > cacheEntries {
		t.Errorf("a listing over the budget was kept (%d entries)", c.entries)
	}
	c.put("/big", make([]transfer.Entry, cacheEntries-5), byName)
	if len(c.folders) != 1 || c.folders[0].dir != "/big" || c.entries != cacheEntries-5 {
		t.Errorf("after a listing near the budget: %d folders, %d entries", len(c.folders), c.entries)
	}
	c.put("/big", make([]transfer.Entry, 3), byName) // a new listing replaces the old
	c.drop("/nothing")
	if c.entries != 3 {
		t.Errorf("%d entries after replacing, want 3", c.entries)
	}
	c.clear()
	if len(c.folders) != 0 || c.entries != 0 {
		t.Error("clear kept something")
	}
}
