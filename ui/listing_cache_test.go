package ui_test

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"portside/transfer"
	"portside/transfer/local"
	"portside/ui"
)

// TestPaneModelShowsCachedListing: going back to a folder shows the
// listing it had at once (issue #12: Backspace re-listed 20,000 entries
// before drawing anything), marked stale while the folder is listed again,
// and then the new listing; F5 and a folder never seen list first; a folder
// that went away meanwhile shows its error, not its old entries. On a real
// folder, changed between the visits.
func TestPaneModelShowsCachedListing(t *testing.T) {
	tests := []struct {
		name string
		// act runs in sub/ (the pane came from the parent); change is done
		// on disk meanwhile. first: what the pane shows before the new
		// listing comes (nil: still sub/'s entries, not stale).
		change     func(t *testing.T, parent string)
		act        func(m *ui.PaneModel, parent string)
		firstPath  string // "" means parent
		first      []string
		firstStale bool
		wantPath   string
		want       []string
		wantErr    error
	}{
		{"back to the parent",
			func(t *testing.T, p string) { write(t, filepath.Join(p, "b.txt")) },
			func(m *ui.PaneModel, _ string) { m.Up() },
			"", []string{"sub", "a.txt"}, true,
			"", []string{"sub", "a.txt", "b.txt"}, nil},
		{"the parent by the path bar",
			func(t *testing.T, p string) { os.Remove(filepath.Join(p, "a.txt")) },
			func(m *ui.PaneModel, p string) { m.Navigate(p) },
			"", []string{"sub", "a.txt"}, true,
			"", []string{"sub"}, nil},
		{"F5 lists first",
			func(t *testing.T, p string) { write(t, filepath.Join(p, "sub", "d.txt")) },
			func(m *ui.PaneModel, _ string) { m.Refresh() },
			"sub", []string{"c.txt"}, false,
			"sub", []string{"c.txt", "d.txt"}, nil},
		{"a folder never listed lists first",
			func(t *testing.T, p string) { os.Mkdir(filepath.Join(p, "new"), 0o755) },
			func(m *ui.PaneModel, p string) { m.Navigate(filepath.Join(p, "new")) },
			"sub", []string{"c.txt"}, false,
			"new", nil, nil},
		{"the parent gone meanwhile",
			func(t *testing.T, p string) { os.RemoveAll(p) },
			func(m *ui.PaneModel, _ string) { m.Up() },
			"", []string{"sub", "a.txt"}, true,
			"", nil, transfer.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parent := filepath.Join(t.TempDir(), "parent")
			write(t, filepath.Join(parent, "a.txt"))
			write(t, filepath.Join(parent, "sub", "c.txt"))
			loop := newUILoop()
			m := ui.NewPaneModel()
			m.Do = loop.Do
			m.SetFS(local.FS{}, parent)
			settle(t, loop, m)
			m.Open(indexOf(m, "sub"))
			settle(t, loop, m)
			tt.change(t, parent)

			tt.act(m, parent)
			s := m.State() // the listing is on its way: the loop runs nothing until asked
			if want := filepath.Join(parent, tt.firstPath); s.Path != want || !slices.Equal(names(s.Entries), tt.first) || s.Stale != tt.firstStale || !s.Loading {
				t.Errorf("at once: %q %v stale %v loading %v; want %q %v stale %v loading", s.Path, names(s.Entries), s.Stale, s.Loading, want, tt.first, tt.firstStale)
			}
			settle(t, loop, m)
			s = m.State()
			if want := filepath.Join(parent, tt.wantPath); s.Path != want || !slices.Equal(names(s.Entries), tt.want) || s.Stale || s.Loading {
				t.Errorf("then: %q %v stale %v loading %v; want %q %v", s.Path, names(s.Entries), s.Stale, s.Loading, want, tt.want)
			}
			if tt.wantErr == nil && s.Err != nil || tt.wantErr != nil && !errors.Is(s.Err, tt.wantErr) {
				t.Errorf("err = %v, want %v", s.Err, tt.wantErr)
			}
		})
	}
}

// TestPaneModelCacheFollowsSort: the cached listing is the one shown last,
// in the order shown; another file system forgets every cached listing.
func TestPaneModelCacheFollowsSort(t *testing.T) {
	parent := t.TempDir()
	write(t, filepath.Join(parent, "sub", "x"))
	for _, n := range []string{"big.txt", "a.txt"} {
		write(t, filepath.Join(parent, n))
	}
	os.WriteFile(filepath.Join(parent, "big.txt"), make([]byte, 100), 0o644)
	loop := newUILoop()
	m := ui.NewPaneModel()
	m.Do = loop.Do
	m.SetFS(local.FS{}, parent)
	settle(t, loop, m)
	m.SortBy(ui.ColSize)
	m.SortBy(ui.ColSize) // descending
	loop.until(t, "the sort", func() bool { return !m.State().Sorting })
	m.Open(indexOf(m, "sub"))
	settle(t, loop, m)
	m.Up()
	if s := m.State(); !s.Stale || !slices.Equal(names(s.Entries), []string{"sub", "big.txt", "a.txt"}) {
		t.Errorf("back, by size descending: stale %v %v", s.Stale, names(s.Entries))
	}
	settle(t, loop, m)
	m.SetFS(local.FS{}, filepath.Join(parent, "sub"))
	settle(t, loop, m)
	m.Up()
	if s := m.State(); s.Stale {
		t.Errorf("another file system: the old one's listing was shown")
	}
	settle(t, loop, m)
}

func write(t *testing.T, p string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, nil, 0o644); err != nil {
		t.Fatal(err)
	}
}
