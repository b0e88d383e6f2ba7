package ui_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
)

// Find files… from the remote folder's menu, on the embedded server: the
// search runs on its own session, lists its matches, downloads one and
// shows its folder in the pane.
func TestFindDialog(t *testing.T) {
	l := newLive(t, liveOptions{})
	test.TapSecondary(l.m.Remote.List)
	tapText(t, l.overlay(), "Find files…")
	f := l.m.Files.Find
	cases := []struct {
		pattern, kind string
		want          []string
	}{
		{"*.CSS", "Files and folders", []string{"/public_html/css/site.css"}},
		{"css", "Folders only", []string{"/public_html/css"}},
		{"no-such-name", "Files and folders", nil},
	}
	for _, c := range cases {
		f.Pattern.SetText(c.pattern)
		f.Kind.SetSelected(c.kind)
		test.Tap(f.Start)
		l.until("the search to end", func() bool { return !f.Start.Disabled() && strings.Contains(f.Status.Text, "looked at") })
		if got := f.Matches(); !slices.Equal(got, c.want) || f.Results.Length() != len(c.want) {
			t.Errorf("%s: found %q, want %q (status %q)", c.pattern, got, c.want, f.Status.Text)
		}
	}
	f.Pattern.SetText("site.css")
	f.Kind.SetSelected("Files only")
	test.Tap(f.Start)
	l.until("the search to end", func() bool { return !f.Start.Disabled() && strings.HasPrefix(f.Status.Text, "1 match") })
	f.Results.Select(0)
	test.Tap(f.Download)
	l.until("the download", func() bool {
		_, err := os.Stat(filepath.Join(l.local, "site.css"))
		return err == nil
	})
	test.Tap(f.Show)
	l.until("the pane in the match's folder", func() bool {
		s := l.m.Remote.Model.State()
		return s.Path == "/public_html/css" && !s.Loading
	})

	// The same dialog on the local pane: no connection of its own needed.
	test.TapSecondary(l.m.Local.List)
	tapText(t, l.overlay(), "Find files…")
	f = l.m.Files.Find
	f.Pattern.SetText("*.JPG")
	test.Tap(f.Start)
	l.until("the local search to end", func() bool { return !f.Start.Disabled() && strings.Contains(f.Status.Text, "looked at") })
	want := []string{filepath.Join(l.local, "pics", "one.jpg"), filepath.Join(l.local, "pics", "deep", "two.jpg")}
	if got := f.Matches(); !slices.Equal(got, want) || f.Download.Text != "Upload" {
		t.Errorf("local search found %q, want %q; button %q", got, want, f.Download.Text)
	}
}
