package ui_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"portside/transfer"
	"portside/ui"
)

// newModel returns a model on fs, opened at its home folder.
func newModel(t *testing.T, fs transfer.FS) (*ui.PaneModel, *uiLoop) {
	t.Helper()
	loop := newUILoop()
	m := ui.NewPaneModel()
	m.Do = loop.Do
	m.SetFS(fs, "")
	settle(t, loop, m)
	return m, loop
}

// settle waits until m has no listing on its way.
func settle(t *testing.T, loop *uiLoop, m *ui.PaneModel) {
	t.Helper()
	loop.until(t, "the listing", func() bool { return !m.State().Loading })
}

func TestPaneModelOpensHomeSorted(t *testing.T) {
	m, _ := newModel(t, demoFS())
	s := m.State()
	if s.Path != "/home/ann" || s.Err != nil || !s.Connected {
		t.Fatalf("state = %+v", s)
	}
	want := []string{"current", "docs", "photos", "a.bin", "Archive.tar.gz", "notes.txt"}
	if got := names(s.Entries); !slices.Equal(got, want) {
		t.Errorf("entries = %v, want %v", got, want)
	}
}

func TestPaneModelNavigation(t *testing.T) {
	tests := []struct {
		name     string
		act      func(m *ui.PaneModel)
		wantPath string
		wantErr  error
	}{
		{"open a folder", func(m *ui.PaneModel) { m.Open(indexOf(m, "docs")) }, "/home/ann/docs", nil},
		{"open a link to a folder", func(m *ui.PaneModel) { m.Open(indexOf(m, "current")) }, "/home/ann/current", nil},
		{"open a file does nothing", func(m *ui.PaneModel) { m.Open(indexOf(m, "notes.txt")) }, "/home/ann", nil},
		{"up", func(m *ui.PaneModel) { m.Up() }, "/home", nil},
		{"navigate", func(m *ui.PaneModel) { m.Navigate("  /  ") }, "/", nil},
		{"navigate nowhere", func(m *ui.PaneModel) { m.Navigate("/nope") }, "/home/ann", transfer.ErrNotFound},
		{"refresh", func(m *ui.PaneModel) { m.Refresh() }, "/home/ann", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, loop := newModel(t, demoFS())
			tt.act(m)
			settle(t, loop, m)
			s := m.State()
			if tt.wantErr == nil && s.Err != nil || tt.wantErr != nil && !errors.Is(s.Err, tt.wantErr) {
				t.Errorf("err = %v, want %v", s.Err, tt.wantErr)
			}
			// A failed listing leaves the pane where it was.
			if want := tt.wantPath; tt.wantErr != nil {
				want = "/home/ann"
				if s.Path != want || len(s.Entries) != 6 {
					t.Errorf("after a failure: path %q with %d entries, want %q with 6", s.Path, len(s.Entries), want)
				}
			} else if s.Path != want {
				t.Errorf("path = %q, want %q", s.Path, want)
			}
		})
	}
}

func TestPaneModelUpStopsAtRoot(t *testing.T) {
	fs := demoFS()
	m, loop := newModel(t, fs)
	for range 5 {
		m.Up()
		settle(t, loop, m)
	}
	if s := m.State(); s.Path != "/" {
		t.Errorf("path = %q, want /", s.Path)
	}
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if want := []string{"/home/ann", "/home", "/"}; !slices.Equal(fs.listed, want) {
		t.Errorf("listed %v, want %v and nothing at the root", fs.listed, want)
	}
}

func TestPaneModelReportsFailure(t *testing.T) {
	fs := demoFS()
	boom := errors.New("550 Permission denied")
	fs.setFail("/home/ann/docs", boom)
	m, loop := newModel(t, fs)
	var failed []error
	m.OnFailed = func(err error) { failed = append(failed, err) }
	m.Open(indexOf(m, "docs"))
	settle(t, loop, m)
	if s := m.State(); !errors.Is(s.Err, boom) {
		t.Errorf("state err = %v", s.Err)
	}
	if len(failed) != 1 || !errors.Is(failed[0], boom) {
		t.Errorf("OnFailed got %v", failed)
	}
	// The next good listing clears the error.
	m.Refresh()
	settle(t, loop, m)
	if s := m.State(); s.Err != nil {
		t.Errorf("err after a good listing = %v", s.Err)
	}
}

func TestPaneModelNewestRequestWins(t *testing.T) {
	fs := demoFS()
	m, loop := newModel(t, fs)
	fs.release = make(chan struct{}) // the server stalls
	m.Navigate("/")
	fs.mu.Lock()
	fs.release = nil // the next request is quick
	fs.mu.Unlock()
	m.Navigate("/home")
	settle(t, loop, m)
	if s := m.State(); s.Path != "/home" {
		t.Fatalf("path = %q, want /home", s.Path)
	}
	// The stalled listing was cancelled; its late answer must change nothing.
	loop.drain()
	if s := m.State(); s.Path != "/home" || s.Err != nil {
		t.Errorf("after the stale answer: path %q err %v", s.Path, s.Err)
	}
}

// A click on a column title changes the order at once and sorts off the
// UI goroutine (200,000 names take a second, issue #12): the entries
// change only when the loop delivers the sorted copy, and what happened
// meanwhile (another click, a filter, a new listing) wins over it.
func TestPaneModelSortBy(t *testing.T) {
	sizeAsc := ui.SortOrder{Column: ui.ColSize}
	sizeDesc := ui.SortOrder{Column: ui.ColSize, Descending: true}
	for _, tc := range []struct {
		name   string
		clicks int
		then   func(m *ui.PaneModel) // before the loop runs
		order  ui.SortOrder
		filter ui.PaneFilter // the filter the entries must be through
	}{
		{"one click", 1, nil, sizeAsc, ui.PaneFilter{}},
		{"two clicks before the first lands", 2, nil, sizeDesc, ui.PaneFilter{}},
		{"a filter set while sorting", 1, func(m *ui.PaneModel) { m.SetFilter(ui.PaneFilter{Text: "o"}) }, sizeAsc, ui.PaneFilter{Text: "o"}},
		{"a new listing while sorting", 1, func(m *ui.PaneModel) { m.Refresh() }, sizeAsc, ui.PaneFilter{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fs := demoFS()
			m, loop := newModel(t, fs)
			sortedCalls := 0
			m.OnSorted = func() { sortedCalls++ }
			handed := m.State().Entries
			before := names(handed)
			for range tc.clicks {
				m.SortBy(ui.ColSize)
			}
			if s := m.State(); s.Order != tc.order || !slices.Equal(names(s.Entries), before) {
				t.Fatalf("right after the click: order %+v entries %v, want %+v and the entries as they were (not sorted on the UI goroutine)",
					s.Order, names(s.Entries), tc.order)
			}
			if tc.then != nil {
				tc.then(m)
			}
			want := append([]transfer.Entry(nil), fs.dirs["/home/ann"]...)
			ui.SortEntries(want, tc.order)
			want = slices.DeleteFunc(want, func(e transfer.Entry) bool { return !tc.filter.Keep(e) })
			loop.until(t, "the sorted entries", func() bool {
				return !m.State().Loading && slices.Equal(names(m.State().Entries), names(want))
			})
			time.Sleep(20 * time.Millisecond) // a late, stale result must change nothing
			loop.drain()
			if s := m.State(); !slices.Equal(names(s.Entries), names(want)) || s.Order != tc.order {
				t.Errorf("later: order %+v entries %v, want %+v %v", s.Order, names(s.Entries), tc.order, names(want))
			}
			if got := names(handed); !slices.Equal(got, before) {
				t.Errorf("sorting changed a slice State handed out: %v", got)
			}
			if tc.clicks > 0 && tc.then == nil && sortedCalls != 1 {
				t.Errorf("OnSorted called %d times, want once", sortedCalls)
			}
		})
	}
}

func TestPaneModelDisconnect(t *testing.T) {
	m, loop := newModel(t, demoFS())
	m.SetFS(nil, "")
	loop.drain()
	if s := m.State(); s.Connected || len(s.Entries) != 0 || s.Path != "" {
		t.Errorf("state = %+v", s)
	}
	m.Refresh() // nothing to refresh: must not panic or load
	if m.State().Loading {
		t.Error("loading without a file system")
	}
}

func indexOf(m *ui.PaneModel, name string) int {
	return slices.IndexFunc(m.State().Entries, func(e transfer.Entry) bool { return e.Name == name })
}
