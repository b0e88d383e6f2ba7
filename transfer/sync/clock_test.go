package syncplan_test

import (
	"context"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"portside/transfer"
	syncplan "portside/transfer/sync"
)

// listOnlyFS is a LIST server (times to the minute, in its time zone)
// whose Stat answers with MDTM (UTC, to the second), and that counts the
// files written to it.
type listOnlyFS struct {
	readOnly
	zone    time.Duration
	files   map[string]time.Time // path → UTC time
	mu      sync.Mutex
	created int
}

func (s *listOnlyFS) List(_ context.Context, dir string) ([]transfer.Entry, error) {
	var out []transfer.Entry
	for p, t := range s.files {
		if path.Dir(p) == dir {
			listed := t.Add(s.zone).Truncate(time.Minute)
			if time.Since(t) > 180*24*time.Hour { // LIST: a date without a time of day
				listed = time.Date(listed.Year(), listed.Month(), listed.Day(), 0, 0, 0, 0, time.UTC)
			}
			out = append(out, transfer.Entry{Name: path.Base(p), Size: 1, ModTime: listed})
		}
	}
	return out, nil
}

func (s *listOnlyFS) Stat(_ context.Context, p string) (transfer.Entry, error) {
	if p == "/site" {
		return transfer.Entry{Name: "site", IsDir: true}, nil
	}
	t, ok := s.files[p]
	if !ok {
		return transfer.Entry{}, transfer.ErrNotFound
	}
	return transfer.Entry{Name: path.Base(p), Size: 1, ModTime: t}, nil
}

func (s *listOnlyFS) Create(ctx context.Context, p string, off int64) (io.WriteCloser, error) {
	s.mu.Lock()
	s.created++
	s.mu.Unlock()
	return s.readOnly.Create(ctx, p, off)
}

func (s *listOnlyFS) Close() error { return nil }

// Comparing (a dry run) writes nothing on the server, and still reads a
// LIST server's time zone, from the MDTM of files that are there.
func TestCompareReadsZoneWritingNothing(t *testing.T) {
	recent := time.Now().UTC().Add(-3 * time.Hour).Truncate(time.Second).Add(17 * time.Second)
	old := time.Date(2020, 3, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name  string
		zone  time.Duration
		times []time.Time
		want  time.Duration
		read  bool // the note says the zone was read
	}{
		{"UTC+2", 2 * time.Hour, []time.Time{recent, recent.Add(-time.Hour), recent.Add(-2 * time.Hour)}, 2 * time.Hour, true},
		{"UTC-5:30", -5*time.Hour - 30*time.Minute, []time.Time{recent, recent.Add(-time.Minute)}, -5*time.Hour - 30*time.Minute, true},
		{"UTC", 0, []time.Time{recent}, 0, true},
		{"only old files: no time of day", 2 * time.Hour, []time.Time{old, old.AddDate(0, -1, 0)}, 0, false},
		{"no files", 2 * time.Hour, nil, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := &listOnlyFS{zone: tt.zone, files: map[string]time.Time{}}
			for i, tm := range tt.times {
				fs.files[path.Join("/site", "f"+string(rune('a'+i))+".txt")] = tm
			}
			local := t.TempDir()
			r := &syncplan.Runner{
				Pair:      syncplan.Pair{Site: "test", Remote: "/site", Local: local},
				LocalRoot: local, RemoteRoot: "/site", Options: syncplan.Options{Direction: syncplan.Download},
				Local: syncplan.LocalPool(1), Remote: syncplan.NewPool(func(context.Context) (transfer.FS, error) { return fs, nil }, 1),
				Manifests: syncplan.ManifestStore{Dir: t.TempDir()},
			}
			defer r.Remote.Close()
			prep, err := r.Prepare(context.Background(), true, nil)
			if err != nil {
				t.Fatal(err)
			}
			c := prep.Remote.Clock
			if c.Zone != tt.want || c.Measured {
				t.Errorf("clock %+v, want zone %v, not measured", c, tt.want)
			}
			if read := strings.Contains(c.Note, "read from files"); read != tt.read {
				t.Errorf("note %q", c.Note)
			}
			if fs.created != 0 {
				t.Errorf("comparing wrote %d files on the server", fs.created)
			}
		})
	}
}

// Run measures the clock with the probe; a clock that changes the plan
// says so, and one that agrees keeps it.
func TestRemeasureAtRun(t *testing.T) {
	f := newFixture(t)
	writeTree(t, f.local, map[string]string{"a.txt": "new"})
	writeTree(t, f.remoteDir(), map[string]string{"b.txt": "x"})
	r := f.runner(t, syncplan.Options{Direction: syncplan.Upload})
	prep, err := r.Prepare(context.Background(), true, nil)
	if err != nil {
		t.Fatal(err)
	}
	if entries, _ := os.ReadDir(f.remoteDir()); len(entries) != 1 {
		t.Fatalf("the comparison left %d entries on the server", len(entries))
	}
	before := len(prep.Plan.Actions)
	changed, err := r.Remeasure(context.Background(), prep)
	if err != nil || changed {
		t.Fatalf("an agreeing clock: changed=%v, %v", changed, err)
	}
	if !prep.Remote.Clock.Measured || len(prep.Plan.Actions) != before {
		t.Errorf("after Run's probe: clock %+v, %d actions (was %d)", prep.Remote.Clock, len(prep.Plan.Actions), before)
	}
	if entries, _ := os.ReadDir(filepath.Join(f.remoteDir())); len(entries) != 1 {
		t.Errorf("the probe was left behind: %v", entries)
	}
}
