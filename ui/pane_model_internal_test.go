package ui

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"portside/transfer"
	"portside/transfer/local"
)

// TestPaneModelListingShownLate: going into a folder draws nothing until
// its listing comes, unless that takes longer than shownAfter; then the
// pane says it is listing (issue #12: the frame drawn at the key took a
// software-GL frame's time from the listing). A stalled file system stands
// for a slow listing; shownAfter is set far beyond or well within it, so
// the test does not depend on how fast the machine is.
func TestPaneModelListingShownLate(t *testing.T) {
	tests := []struct {
		name       string
		shownAfter time.Duration
		wantShown  bool // a change with Loading set came before the listing
	}{
		{"a quick listing", time.Hour, false},
		{"a slow listing", time.Millisecond, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			sub := filepath.Join(dir, "sub")
			if err := os.Mkdir(sub, 0o755); err != nil {
				t.Fatal(err)
			}
			fs := &stallFS{release: make(chan struct{})}
			close(fs.release) // the first listing (home) is quick
			queued := make(chan func(), 64)
			m := NewPaneModel()
			m.Do = func(f func()) { queued <- f }
			m.shownAfter = tt.shownAfter
			var states []PaneState
			m.OnChanged = func() { states = append(states, m.State()) }
			m.SetFS(fs, dir)
			run := func(until func() bool) {
				deadline := time.After(10 * time.Second)
				for !until() {
					select {
					case f := <-queued:
						f()
					case <-deadline:
						t.Fatal("timed out")
					}
				}
			}
			run(func() bool { return !m.State().Loading })

			fs.release = make(chan struct{}) // the next listing stalls
			states = nil
			m.Navigate(sub) // never listed: nothing cached to show
			if tt.wantShown {
				run(func() bool { return len(states) > 0 })
			}
			close(fs.release)
			run(func() bool { return !m.State().Loading })
			shown := slices.ContainsFunc(states, func(s PaneState) bool { return s.Loading })
			if shown != tt.wantShown || len(states) == 0 || states[len(states)-1].Loading {
				t.Errorf("states %+v: listing shown %v, want %v", states, shown, tt.wantShown)
			}
		})
	}
}

// stallFS is the local file system whose List waits for release.
type stallFS struct {
	local.FS
	release chan struct{}
}

func (f *stallFS) List(ctx context.Context, dir string) ([]transfer.Entry, error) {
	<-f.release
	return f.FS.List(ctx, dir)
}
