package ui_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
)

// typeAsDriver types s into the focused widget as the desktop driver
// does: each key's KeyDown (to a Keyable), then its character.
func typeAsDriver(c fyne.Canvas, s string) {
	for _, r := range s {
		f := c.Focused()
		if k, ok := f.(desktop.Keyable); ok {
			k.KeyDown(&fyne.KeyEvent{Name: fyne.KeyName(strings.ToUpper(string(r)))})
		}
		f.TypedRune(r)
	}
}

// A menu entry taken with Space: the menu acts on the key press, and the
// driver then hands the key's " " to the field the new dialog focused.
// Seen in the real window: Find files… from the File menu searched for
// " README" and found nothing on the demo server. The field drops that
// space, and only that one.
func TestMenuSpaceDoesNotReachTheDialog(t *testing.T) {
	cases := []struct {
		name  string
		open  func(l *live)
		typed string
		check func(l *live) (string, bool)
	}{
		{"find from the File menu", func(l *live) { menuItem(t, l.w, "File", "Find files…").Action() }, "README",
			func(l *live) (string, bool) {
				f := l.m.Files.Find
				l.until("the search to end", func() bool { return !f.Start.Disabled() && strings.Contains(f.Status.Text, "looked at") })
				return strings.Join(f.Matches(), ","), slices.Equal(f.Matches(), []string{"/README.txt"})
			}},
		{"a space typed after a key press stays", func(l *live) { menuItem(t, l.w, "File", "Find files…").Action() }, "with ",
			func(l *live) (string, bool) {
				f := l.m.Files.Find
				l.until("the search to end", func() bool { return !f.Start.Disabled() && strings.Contains(f.Status.Text, "looked at") })
				return strings.Join(f.Matches(), ","), slices.Equal(f.Matches(), []string{"/notes with spaces.md"})
			}},
		{"new folder from the pane's menu", func(l *live) {
			test.TapSecondary(l.m.Remote.List)
			tapText(t, l.overlay(), "New folder")
		}, "fresh", func(l *live) (string, bool) {
			l.until("the new folder", func() bool {
				return entryIndex(l.m.Remote, "fresh") >= 0 || entryIndex(l.m.Remote, " fresh") >= 0
			})
			_, err := os.Stat(filepath.Join(l.root, "fresh"))
			return "stat: " + errText(err), err == nil
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l := newLive(t, liveOptions{})
			c.open(l)
			canvas := l.w.Canvas()
			if canvas.Focused() == nil {
				t.Fatal("the dialog focused no field")
			}
			canvas.Focused().TypedRune(' ') // the menu's Space, as the driver delivers it
			typeAsDriver(canvas, c.typed)
			l.key(fyne.KeyReturn)
			if got, ok := c.check(l); !ok {
				t.Errorf("after the menu's space and %q: %s", c.typed, got)
			}
		})
	}
}

func errText(err error) string {
	if err == nil {
		return "ok"
	}
	return err.Error()
}

// A search started while another runs owns the dialog: the stopped one's
// summary and matches, which reach the UI later, do not land in it.
func TestFindNewSearchOwnsTheDialog(t *testing.T) {
	l := newLive(t, liveOptions{})
	menuItem(t, l.w, "File", "Find files…").Action()
	f := l.m.Files.Find
	f.Pattern.SetText("css")
	test.Tap(f.Start)
	f.Pattern.SetText("README")
	f.Pattern.OnSubmitted(f.Pattern.Text) // Enter in the field: stops the first, starts this one
	l.until("a search to end", func() bool { return !f.Start.Disabled() && strings.Contains(f.Status.Text, "looked at") })
	if got := f.Matches(); !slices.Equal(got, []string{"/README.txt"}) || !strings.HasPrefix(f.Status.Text, "1 match") {
		t.Errorf("found %q, status %q; want README.txt alone", got, f.Status.Text)
	}
}

// The Find dialog's modified-after and -before fields: dates, ages, and a
// refusal of what is neither. The demo's files are dated 2026-11-06 to
// 2026-11-20.
func TestFindDialogDates(t *testing.T) {
	l := newLive(t, liveOptions{})
	menuItem(t, l.w, "File", "Find files…").Action()
	f := l.m.Files.Find
	cases := []struct {
		after, before string
		want          []string
		refused       bool
	}{
		{"", "2026-11-21", []string{"/README.txt", "/Rapports annuels/résumé 2025.txt"}, false},
		{"2026-11-21", "", nil, false},
		{"3650d", "2026-11-21 00:00", []string{"/README.txt", "/Rapports annuels/résumé 2025.txt"}, false},
		{"last week", "", nil, true},
	}
	for _, c := range cases {
		f.Pattern.SetText("*.txt")
		f.After.SetText(c.after)
		f.Before.SetText(c.before)
		test.Tap(f.Start)
		if c.refused {
			if !f.Start.Disabled() && strings.Contains(f.Status.Text, `not "last week"`) {
				continue
			}
			t.Errorf("after %q: status %q", c.after, f.Status.Text)
			continue
		}
		l.until("the search to end", func() bool { return !f.Start.Disabled() && strings.Contains(f.Status.Text, "looked at") })
		got := f.Matches()
		slices.Sort(got)
		if !slices.Equal(got, c.want) {
			t.Errorf("after %q before %q: found %q, want %q", c.after, c.before, got, c.want)
		}
	}
}

// A result dragged out of the Find dialog onto the local pane downloads
// there; let go elsewhere (on the dialog), nothing is queued.
func TestFindResultDraggedToLocalPane(t *testing.T) {
	l := newLive(t, liveOptions{})
	menuItem(t, l.w, "File", "Find files…").Action()
	f := l.m.Files.Find
	f.Pattern.SetText("site.css")
	test.Tap(f.Start)
	l.until("the search to end", func() bool { return !f.Start.Disabled() && strings.HasPrefix(f.Status.Text, "1 match") })
	var row fyne.Draggable
	for _, o := range test.LaidOutObjects(f.Results) {
		if d, ok := o.(fyne.Draggable); ok && o.Visible() {
			row = d
			break
		}
	}
	if row == nil {
		t.Fatal("no result row can be dragged")
	}
	d := fyne.CurrentApp().Driver()
	drop := func(at fyne.Position) {
		row.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{AbsolutePosition: at.AddXY(-30, 0)}, Dragged: fyne.NewDelta(-30, 0)})
		row.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{AbsolutePosition: at}, Dragged: fyne.NewDelta(-30, 0)})
		row.DragEnd()
	}
	drop(d.AbsolutePositionForObject(f.Results).AddXY(40, 10)) // on the dialog itself
	if n := len(l.m.Transfers.Queue.Items()); n != 0 {
		t.Fatalf("a drop on the dialog queued %d items", n)
	}
	pane := l.m.Local
	drop(d.AbsolutePositionForObject(pane).AddXY(40, pane.Size().Height-30)) // left of the dialog
	l.until("the download", func() bool {
		_, err := os.Stat(filepath.Join(l.local, "site.css"))
		return err == nil
	})
}
