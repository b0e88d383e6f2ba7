package ui

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"

	"portside/transfer"
)

// PaneModel is the state behind one file pane: which side it shows, the
// folder, the sorted entries, the last error and whether a listing is on
// its way. Widgets render it and call its methods; it is the only place
// that calls transfer.FS for a pane, and it does so off the UI goroutine so
// a slow server never freezes the window.
//
// All methods and callbacks run on the UI goroutine.
type PaneModel struct {
	// Do runs f on the UI goroutine; nil means fyne.Do. Tests install their
	// own loop so that results land on the test's goroutine.
	Do func(f func())

	// OnChanged is called after every change of State.
	OnChanged func()
	// OnListed is called when a listing arrives (entries in pane order).
	OnListed func(dir string, entries []transfer.Entry)
	// OnFailed is called when an operation fails; the error is also in State.
	OnFailed func(err error)
	// OnSorted is called when entries sorted by SortBy are shown.
	OnSorted func()
	// OnDone is called with a sentence when a file operation (Mkdir,
	// Rename, Delete) succeeded.
	OnDone func(msg string)

	fs      transfer.FS
	path    string
	entries []transfer.Entry
	order   SortOrder
	err     error
	keepErr error // an operation's failure, shown past the listing after it
	loading bool
	stale   bool // entries come from the cache; the folder is being listed
	cache   listingCache
	// shownAfter is listingShown; tests set their own.
	shownAfter time.Duration

	gen     int // bumps on every request; a result for an older one is dropped
	sortGen int // bumps on every SortBy; likewise
	sorting bool
	cancel  context.CancelFunc

	filtering // ui/filter.go: the listing before the filter, and the filter
}

// PaneState is a snapshot of a PaneModel for rendering and tests.
type PaneState struct {
	Connected bool // a file system is set
	Path      string
	Entries   []transfer.Entry // shared: read, never modify
	Order     SortOrder
	Err       error
	Loading   bool
	// Stale: Entries are the folder's listing from the last time it was
	// shown, while it is listed again (Loading too).
	Stale   bool
	Sorting bool // a click's sort is on its way (SortBy)
}

// NewPaneModel returns a model with no file system, sorted by name.
func NewPaneModel() *PaneModel { return &PaneModel{} }

// State returns a copy of the current state.
func (m *PaneModel) State() PaneState {
	return PaneState{
		Connected: m.fs != nil,
		Path:      m.path,
		Entries:   m.entries,
		Order:     m.order,
		Err:       m.err,
		Loading:   m.loading,
		Stale:     m.stale,
		Sorting:   m.sorting,
	}
}

// Entry returns the i-th entry in pane order.
func (m *PaneModel) Entry(i int) (transfer.Entry, bool) {
	if i < 0 || i >= len(m.entries) {
		return transfer.Entry{}, false
	}
	return m.entries[i], true
}

// Len is the number of entries shown.
func (m *PaneModel) Len() int { return len(m.entries) }

// SetFS switches the pane to fs and lists dir; an empty dir means the side's
// home folder. A nil fs empties the pane (disconnected).
func (m *PaneModel) SetFS(fs transfer.FS, dir string) {
	m.stop()
	m.fs, m.path, m.entries, m.err = fs, "", nil, nil
	m.unfiltered, m.stale = nil, false
	m.cache.clear()
	if fs == nil {
		m.loading = false
		m.changed()
		return
	}
	m.load(dir, dir == "", false)
}

// Navigate lists dir and makes it the pane's folder once the listing arrives;
// on failure the pane stays where it was and shows the error.
func (m *PaneModel) Navigate(dir string) {
	dir = strings.TrimSpace(dir)
	if m.fs == nil || dir == "" {
		return
	}
	m.load(dir, false, true)
}

// Refresh lists the current folder again (F5: never from the cache).
func (m *PaneModel) Refresh() {
	if m.fs == nil {
		return
	}
	m.load(m.path, m.path == "", false)
}

// Up goes to the parent folder; at the root it does nothing.
func (m *PaneModel) Up() {
	if m.fs == nil || m.path == "" {
		return
	}
	if parent := m.fs.Dir(m.path); parent != m.path {
		m.load(parent, false, true)
	}
}

// Open enters the i-th entry when it is a folder (or a link to one) and
// reports whether it did.
func (m *PaneModel) Open(i int) bool {
	e, ok := m.Entry(i)
	if !ok || !e.IsDir || m.fs == nil {
		return false
	}
	m.load(m.fs.Join(m.path, e.Name), false, true)
	return true
}

// SortBy re-sorts by column c, reversing when c is already the sort
// column. The order (the column title's arrow) changes at once; the
// entries are sorted off the UI goroutine, as a listing is (200,000 names
// take a second: a frozen window, issue #12), and shown when sorted, with
// OnSorted after.
func (m *PaneModel) SortBy(c Column) {
	m.order = m.order.Toggle(c)
	m.sortGen++
	m.sorting = true
	gen, order, filter, filterGen := m.sortGen, m.order, m.filter, m.filterGen
	// Sort a copy: State handed the old slice out, and readers keep it.
	unfiltered := m.unfiltered
	m.changed()
	go func() {
		sorted := slices.Clone(unfiltered)
		SortEntries(sorted, order)
		shown := filterEntries(filter, sorted)
		m.do(func() { m.sorted(gen, unfiltered, sorted, shown, filterGen) })
	}()
}

// sorted shows a sort's result, unless what it sorted is no longer the
// pane's listing (a new listing came, sorted already, or the pane changed
// folder or connection) or a newer sort is on its way. The entries shown
// are the listing through the filter, so only the listing is compared.
func (m *PaneModel) sorted(gen int, from, sorted, shown []transfer.Entry, filterGen int) {
	if gen != m.sortGen {
		return // a newer sort is on its way
	}
	m.sorting = false
	if !sameSlice(from, m.unfiltered) {
		m.changed()
		return
	}
	if filterGen != m.filterGen { // the filter changed meanwhile
		shown = m.applyFilter(sorted)
	}
	m.unfiltered, m.entries = sorted, shown
	if !m.stale {
		m.cache.put(m.path, sorted, m.order)
	}
	m.changed()
	if m.OnSorted != nil {
		m.OnSorted()
	}
}

// sameSlice reports whether a and b are the same slice (not just equal).
func sameSlice(a, b []transfer.Entry) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

// load lists dir in the background; home asks the side for its home folder
// first. Only the newest request may change the state. With cached (the
// user goes somewhere), a listing of dir kept from before is shown at
// once, until the new one comes (listing_cache.go); without one, the pane
// says "Listing…" only when the listing takes longer than listingShown.
func (m *PaneModel) load(dir string, home, cached bool) {
	m.stop()
	m.gen++
	m.keepErr = nil
	gen, fs, order := m.gen, m.fs, m.order
	ctx, cancel := context.WithCancel(context.Background())
	m.cancel = cancel
	m.loading = true
	var kept []transfer.Entry
	hit := false
	if cached {
		kept, hit = m.cache.get(dir, order)
	}
	switch {
	case hit:
		m.path, m.unfiltered, m.entries, m.err, m.stale = dir, kept, m.applyFilter(kept), nil, true
		m.changed()
	case cached: // somewhere new: "Listing…" only if it takes a while
		m.changedLater(gen)
	default:
		m.changed()
	}

	go func() {
		defer cancel()
		var entries []transfer.Entry
		var err error
		if home {
			dir, err = fs.Home(ctx)
			if err != nil {
				err = fmt.Errorf("find the home folder: %w", err)
			}
		}
		if err == nil {
			entries, err = fs.List(ctx, dir)
		}
		// Sorted here, off the UI goroutine: 200,000 names take a second
		// to sort, a frozen window for that long (issue #12).
		SortEntries(entries, order)
		m.do(func() { m.finish(gen, dir, entries, order, err) })
	}()
}

func (m *PaneModel) finish(gen int, dir string, entries []transfer.Entry, sorted SortOrder, err error) {
	if gen != m.gen {
		return // a newer request or a disconnect overtook this one
	}
	m.loading, m.cancel = false, nil
	if err != nil {
		if m.stale && m.path == dir { // the folder shown could not be listed now
			m.unfiltered, m.entries = nil, nil
		}
		m.cache.drop(dir)
		m.stale = false
		m.err = err
		m.changed()
		if m.OnFailed != nil {
			m.OnFailed(err)
		}
		return
	}
	if sorted != m.order { // the user picked another column meanwhile
		order := m.order
		go func() { // not on the UI goroutine either
			SortEntries(entries, order)
			m.do(func() { m.finish(gen, dir, entries, order, nil) })
		}()
		return
	}
	m.unfiltered, m.stale = entries, false
	m.path, m.entries, m.err, m.keepErr = dir, m.applyFilter(entries), m.keepErr, nil
	m.cache.put(dir, entries, sorted)
	m.changed()
	if m.OnListed != nil {
		m.OnListed(dir, slices.Clone(entries))
	}
}

// listingShown is how long a listing may take before the pane says
// "Listing…". Drawing that frame at once took a frame's time (30 ms in
// software GL, on every core) from a listing that is often done sooner:
// a folder of 20,000 lists in 20–50 ms (issue #12).
const listingShown = 150 * time.Millisecond

// changedLater calls changed after listingShown if request gen is still
// on its way then. A timer, not a tick: nothing runs once it has fired.
func (m *PaneModel) changedLater(gen int) {
	after := m.shownAfter
	if after == 0 {
		after = listingShown
	}
	time.AfterFunc(after, func() {
		m.do(func() {
			if gen == m.gen && m.loading {
				m.changed()
			}
		})
	})
}

// stop abandons the request in flight.
func (m *PaneModel) stop() {
	m.gen++
	if m.cancel != nil {
		m.cancel()
		m.cancel = nil
	}
}

func (m *PaneModel) changed() {
	if m.OnChanged != nil {
		m.OnChanged()
	}
}

func (m *PaneModel) do(f func()) {
	if m.Do != nil {
		m.Do(f)
		return
	}
	fyne.Do(f)
}
