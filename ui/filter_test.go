package ui_test

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"portside/transfer"
	"portside/ui"
)

func TestPaneFilterKeep(t *testing.T) {
	hide := ui.ParseHide(ui.DefaultHide)
	cases := []struct {
		f    ui.PaneFilter
		name string
		want bool
	}{
		{ui.PaneFilter{}, "a.bak", true},
		{ui.PaneFilter{Hide: hide}, "a.bak", true}, // the set is not ticked
		{ui.PaneFilter{Hide: hide, HideOn: true}, "a.BAK", false},
		{ui.PaneFilter{Hide: hide, HideOn: true}, ".DS_Store", false},
		{ui.PaneFilter{Hide: hide, HideOn: true}, "thumbs.db", false},
		{ui.PaneFilter{Hide: hide, HideOn: true}, "notes~", false},
		{ui.PaneFilter{Hide: hide, HideOn: true}, "backup.tar", true},
		{ui.PaneFilter{Text: "READ"}, "readme.txt", true},
		{ui.PaneFilter{Text: "read"}, "index.html", false},
		{ui.PaneFilter{Text: "*.css"}, "site.CSS", true},
		{ui.PaneFilter{Text: "*.css"}, "site.css.map", false},
		{ui.PaneFilter{Text: "[a-"}, "anything", true}, // half-typed glob
	}
	for _, c := range cases {
		if got := c.f.Keep(transfer.Entry{Name: c.name}); got != c.want {
			t.Errorf("%+v on %q: %v, want %v", c.f, c.name, got, c.want)
		}
	}
}

// The filter bar over the remote pane of the live window: typing narrows
// the listing, the hidden count shows, the saved set hides its names, and
// closing the bar shows everything again.
func TestFilterBar(t *testing.T) {
	l := newLive(t, liveOptions{})
	p := l.m.Remote
	all := len(p.Model.State().Entries)
	l.m.ToggleFilters()
	if !p.Filter.Box.Visible() {
		t.Fatal("the filter bar is hidden")
	}
	p.Filter.Text.SetText("read")
	if got := names(p.Model.State().Entries); !slices.Equal(got, []string{"README.txt"}) {
		t.Errorf("filtered to %q", got)
	}
	if p.Filter.Count.Text == "" {
		t.Error("no count of hidden entries")
	}
	p.Filter.Text.SetText("")
	if err := os.WriteFile(filepath.Join(l.root, "old.bak"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	p.Model.Refresh()
	l.until("the listing with old.bak", func() bool { return entryIndex(p, "old.bak") >= 0 })
	p.Filter.Hide.SetChecked(true)
	if entryIndex(p, "old.bak") >= 0 {
		t.Error("the saved set does not hide old.bak")
	}
	p.Model.Refresh() // a new listing keeps the filter
	l.until("the listing again", func() bool { return !p.Model.State().Loading })
	if entryIndex(p, "old.bak") >= 0 || len(p.Model.State().Entries) != all {
		t.Errorf("after a refresh: %q", names(p.Model.State().Entries))
	}
	p.Filter.Hide.SetChecked(false)
	p.Filter.Text.SetText("zzz")
	l.m.ToggleFilters()
	if p.Filter.Box.Visible() || len(p.Model.State().Entries) != all+1 {
		t.Errorf("closing the bar leaves %d entries, want %d", len(p.Model.State().Entries), all+1)
	}
}
