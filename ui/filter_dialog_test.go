package ui_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"portside/transfer/queue"
	"portside/ui"
)

// Filename filters…: rules added, changed, deleted and refused in the
// dialog, saved; then the set hides names in the pane and leaves them out
// of a folder's download, each named as skipped with its rule.
func TestFilterDialogAndTransfers(t *testing.T) {
	l := newLive(t, liveOptions{})
	for name, body := range map[string]string{"logs/a.log": "log", "logs/b.txt": "text", "logs/Thumbs.db": "thumbs", "logs/old/x.log": "x"} {
		p := filepath.Join(l.root, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	menuItem(t, l.w, "File", "Filename filters…").Action()
	d := l.m.Files.Filters
	pick := func(rule string) {
		t.Helper()
		i := slices.Index(d.RuleTexts(), rule)
		if i < 0 {
			t.Fatalf("no rule %q in %q", rule, d.RuleTexts())
		}
		d.Rules.Select(i)
	}
	steps := []struct {
		what string
		do   func()
		want string // the rules after, as saved
		bad  bool   // the Problem line shows
	}{
		{"add", func() { d.Rule.SetText("*.log"); test.Tap(d.Add) }, "*.bak, *~, .DS_Store, Thumbs.db, desktop.ini, *.log", false},
		{"add the same in another case", func() { d.Rule.SetText("*.LOG"); test.Tap(d.Add) }, "*.bak, *~, .DS_Store, Thumbs.db, desktop.ini, *.log", false},
		{"change", func() { pick("Thumbs.db"); d.Rule.SetText("thumbs.*"); test.Tap(d.Change) }, "*.bak, *~, .DS_Store, thumbs.*, desktop.ini, *.log", false},
		{"delete", func() { pick("desktop.ini"); test.Tap(d.Delete) }, "*.bak, *~, .DS_Store, thumbs.*, *.log", false},
		{"refuse a comma", func() { d.Rule.SetText("a,b"); test.Tap(d.Add) }, "*.bak, *~, .DS_Store, thumbs.*, *.log", true},
		{"refuse a broken glob", func() { d.Rule.SetText("[a-"); d.Rule.OnSubmitted(d.Rule.Text) }, "*.bak, *~, .DS_Store, thumbs.*, *.log", true},
	}
	for _, s := range steps {
		s.do()
		if got := strings.Join(d.RuleTexts(), ", "); got != s.want || d.Problem.Visible() != s.bad {
			t.Errorf("%s: rules %q (problem %v %q), want %q (problem %v)", s.what, got, d.Problem.Visible(), d.Problem.Text, s.want, s.bad)
		}
	}
	d.Listings.SetChecked(true)
	d.Transfers.SetChecked(true)
	tapText(t, l.overlay(), "Save")
	if got := fyne.CurrentApp().Preferences().String("filter.hide"); got != "*.bak, *~, .DS_Store, thumbs.*, *.log" {
		t.Errorf("saved %q", got)
	}

	p := l.m.Remote
	p.Model.Navigate("/logs")
	l.until("the listing of /logs", func() bool { s := p.Model.State(); return s.Path == "/logs" && !s.Loading })
	if got := names(p.Model.State().Entries); !slices.Equal(got, []string{"old", "b.txt"}) {
		t.Errorf("the pane shows %q", got)
	}

	p.Model.Navigate("/")
	l.until("the listing of /", func() bool { s := p.Model.State(); return s.Path == "/" && !s.Loading && entryIndex(p, "logs") >= 0 })
	click(l.row(p, "logs"), 0)
	p.OnAction(ui.ActionTransfer)
	l.idle(5)
	var skipped []string
	for _, it := range l.m.Transfers.Queue.Items() {
		if it.State == queue.Skipped {
			skipped = append(skipped, filepath.Base(it.Src)+": "+it.Err)
		}
	}
	slices.Sort(skipped)
	want := []string{"Thumbs.db: filtered out by the filename filter thumbs.*", "a.log: filtered out by the filename filter *.log",
		"x.log: filtered out by the filename filter *.log"}
	if !slices.Equal(skipped, want) {
		t.Errorf("skipped %q, want %q", skipped, want)
	}
	for name, there := range map[string]bool{"logs/b.txt": true, "logs/a.log": false, "logs/Thumbs.db": false, "logs/old/x.log": false} {
		if _, err := os.Stat(filepath.Join(l.local, filepath.FromSlash(name))); (err == nil) != there {
			t.Errorf("%s: on disk %v, want %v", name, err == nil, there)
		}
	}
}

// With the set applied to transfers, Synchronize plans nothing for what
// it matches, and says why.
func TestSyncLeavesFilteredNamesOut(t *testing.T) {
	l := newLive(t, liveOptions{})
	if err := os.Mkdir(filepath.Join(l.root, "mirror"), 0o755); err != nil {
		t.Fatal(err)
	}
	prefs := fyne.CurrentApp().Preferences()
	prefs.SetString("filter.hide", "*.JPG, deep")
	prefs.SetBool("filter.transfers.on", true)
	l.m.Remote.Model.Navigate("/mirror")
	l.until("the remote folder", func() bool { return l.m.Remote.Model.State().Path == "/mirror" })
	d := l.m.ShowSync()
	if d == nil {
		t.Fatalf("no Synchronize dialog; status %q", l.m.Status.Text)
	}
	test.Tap(d.Start)
	if d.Preview == nil {
		t.Fatalf("Compare showed no preview; problem %q", d.Problem.Text)
	}
	l.until("the plan", func() bool { return !strings.HasPrefix(d.Preview.Summary.Text, "Comparing") })
	rows := strings.Join(d.Preview.Rows(), "\n")
	for _, want := range []string{"upload a.txt:", "upload b.bin:"} {
		if !strings.Contains(rows, want) {
			t.Errorf("the plan lacks %q:\n%s", want, rows)
		}
	}
	for _, name := range []string{"upload pics/one.jpg", "pics/deep/two.jpg"} {
		if strings.Contains(rows, name) {
			t.Errorf("the plan holds %q:\n%s", name, rows)
		}
	}
	if strings.Contains(rows, "skip") && !strings.Contains(rows, "filtered out by the filename filter") {
		t.Errorf("skips without the filter's reason:\n%s", rows)
	}
}
