package ui_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"portside/transfer/sites"
	syncplan "portside/transfer/sync"
	"portside/ui"
)

func TestSyncDialogOptions(t *testing.T) {
	tests := []struct {
		name      string
		download  bool
		compare   int
		newer     bool
		del       bool
		maxDelete string
		exclude   string
		want      syncplan.Options
		wantErr   string
	}{
		{name: "defaults", want: syncplan.Options{}},
		{name: "download by size, deleting", download: true, compare: 1, del: true, maxDelete: " 20 ",
			want: syncplan.Options{Direction: syncplan.Download, Compare: syncplan.SizeOnly, Delete: true, MaxDelete: 20}},
		{name: "excludes, a line each", exclude: "*.tmp\n\n  cache/ \n**/node_modules",
			want: syncplan.Options{Exclude: []string{"*.tmp", "cache/", "**/node_modules"}}},
		{name: "bad cap", del: true, maxDelete: "lots", wantErr: "at most"},
		{name: "only newer needs times", compare: 2, newer: true, wantErr: "--only-newer"},
		{name: "bad glob", exclude: "a[", wantErr: "not a valid glob"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := newLive(t, liveOptions{})
			d := l.m.ShowSync()
			if d == nil {
				t.Fatalf("no Synchronize dialog; status %q", l.m.Status.Text)
			}
			if tt.download {
				d.Direction.SetSelected(d.Direction.Options[1])
			}
			d.Compare.SetSelectedIndex(tt.compare)
			d.OnlyNewer.SetChecked(tt.newer)
			d.Delete.SetChecked(tt.del)
			if tt.maxDelete != "" {
				d.MaxDelete.SetText(tt.maxDelete)
			}
			d.Exclude.SetText(tt.exclude)
			got, err := d.Options()
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("error %v, want one saying %q", err, tt.wantErr)
				}
				test.Tap(d.Start) // refused: the problem shows, nothing is compared
				if !d.Problem.Visible() || d.Preview != nil {
					t.Errorf("Compare with bad rules: problem shown %v, preview %v", d.Problem.Visible(), d.Preview != nil)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.Direction != tt.want.Direction || got.Compare != tt.want.Compare || got.Delete != tt.want.Delete ||
				got.MaxDelete != tt.want.MaxDelete || got.OnlyNewer != tt.want.OnlyNewer || !slices.Equal(got.Exclude, tt.want.Exclude) {
				t.Errorf("options %+v\n want %+v", got, tt.want)
			}
		})
	}
}

// TestSyncDialogRuns previews, runs and re-plans an upload of the local
// folder to an empty folder on the demo server, through the window's queue.
func TestSyncDialogRuns(t *testing.T) {
	store, err := sites.Open(t.TempDir(), newSMKeychain())
	if err != nil {
		t.Fatal(err)
	}
	l := newLive(t, liveOptions{sites: store})
	if err := os.Mkdir(filepath.Join(l.root, "mirror"), 0o755); err != nil {
		t.Fatal(err)
	}
	l.m.Remote.Model.Navigate("/mirror")
	l.until("the remote folder", func() bool { return l.m.Remote.Model.State().Path == "/mirror" })

	compare := func() *ui.SyncDialog {
		t.Helper()
		d := l.m.ShowSync()
		if d == nil {
			t.Fatalf("no Synchronize dialog; status %q", l.m.Status.Text)
		}
		d.Exclude.SetText("*.bin")
		test.Tap(d.Start)
		if d.Preview == nil {
			t.Fatalf("Compare showed no preview; problem %q", d.Problem.Text)
		}
		l.until("the plan", func() bool { return !strings.HasPrefix(d.Preview.Summary.Text, "Comparing") })
		return d
	}

	d := compare()
	rows := d.Preview.Rows()
	for _, want := range []string{"upload a.txt", "mkdir pics", "upload pics/one.jpg", "upload pics/deep/two.jpg"} {
		if !slices.ContainsFunc(rows, func(r string) bool { return strings.HasPrefix(r, want+":") }) {
			t.Errorf("the preview lacks %q: %q", want, rows)
		}
	}
	if slices.ContainsFunc(rows, func(r string) bool { return strings.Contains(r, "b.bin") }) {
		t.Errorf("the excluded b.bin is in the plan: %q", rows)
	}
	if d.Preview.Run.Disabled() {
		t.Fatalf("Run is disabled: %q", d.Preview.Summary.Text)
	}
	logins := func() int { return strings.Count(strings.Join(l.m.Log.Lines(), "\n"), "Logged in to ") }
	beforeRun := logins()
	test.Tap(d.Preview.Run)
	l.until("the sync to finish", func() bool { return d.Finished })
	if d.Err != nil {
		t.Fatalf("sync: %v", d.Err)
	}
	// Sessions went both ways: the queue took the walk's one idle session
	// and dialled its second, and the listing after the copies (the
	// manifest reads the server's times) took the queue's. Before, the
	// copies and that listing logged in 3 more times.
	if n := logins() - beforeRun; n > 1 {
		t.Errorf("the copies logged in %d more times, want at most 1 (the queue's second connection)", n)
	}
	if d.Result.Copied != 3 {
		t.Errorf("copied %d files, want 3", d.Result.Copied)
	}
	for _, name := range []string{"a.txt", "pics/one.jpg", "pics/deep/two.jpg"} {
		l.sameFile(filepath.Join(l.root, "mirror", filepath.FromSlash(name)), name)
	}
	if _, err := os.Stat(filepath.Join(l.root, "mirror", "b.bin")); err == nil {
		t.Error("the excluded b.bin was uploaded")
	}
	if !strings.HasPrefix(l.m.Status.Text, "Synchronized: ") {
		t.Errorf("status %q", l.m.Status.Text)
	}
	// The panel takes in queue events at most five times a second.
	l.until("the queue panel to show the sync's 3 done items", func() bool { return len(l.m.Queue.Model.IDs(ui.TabDone)) >= 3 })
	if _, err := os.Stat(filepath.Join(store.Dir(), "sync")); err != nil {
		t.Errorf("no manifest beside the sites: %v", err)
	}

	// The second comparison finds the folders alike.
	d = compare()
	if !strings.HasPrefix(d.Preview.Summary.Text, "Nothing to do") || !d.Preview.Run.Disabled() {
		t.Errorf("second plan: %q (Run disabled %v), rows %q", d.Preview.Summary.Text, d.Preview.Run.Disabled(), d.Preview.Rows())
	}
	test.Tap(d.Preview.Cancel)

	// Save as job: a quick-connect site is kept as its URL, without password.
	opts, err := d.Options()
	if err != nil {
		t.Fatal(err)
	}
	if err := d.SaveAsJob("mirror", opts); err != nil {
		t.Fatal(err)
	}
	job, err := syncplan.JobStore{Path: filepath.Join(store.Dir(), "jobs.json")}.Get("mirror")
	if err != nil {
		t.Fatal(err)
	}
	if want := "ftp://demo@127.0.0.1:"; !strings.HasPrefix(job.Site, want) || strings.Contains(job.Site, "demo:") {
		t.Errorf("job site %q, want %s… without a password", job.Site, want)
	}
	if job.Local != l.local || job.Remote != "/mirror" || !slices.Equal(job.Options.Exclude, []string{"*.bin"}) {
		t.Errorf("job %+v", job)
	}
}
