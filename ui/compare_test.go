package ui_test

import (
	"image/color"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"portside/transfer/dircompare"
	"portside/ui"
)

// writeBoth puts name on both sides with the given sizes and times.
func (l *live) writeBoth(name string, localSize, remoteSize int, localTime, remoteTime time.Time) {
	l.t.Helper()
	for _, f := range []struct {
		dir  string
		size int
		at   time.Time
	}{{l.local, localSize, localTime}, {l.root, remoteSize, remoteTime}} {
		p := filepath.Join(f.dir, name)
		if err := os.WriteFile(p, make([]byte, f.size), 0o644); err != nil {
			l.t.Fatal(err)
		}
		if err := os.Chtimes(p, f.at, f.at); err != nil {
			l.t.Fatal(err)
		}
	}
}

// markOf is the comparison status of name's row in p.
func markOf(p *ui.Pane, name string) dircompare.Status {
	return p.List.Mark(entryIndex(p, name))
}

// rowPainted reports whether name's on-screen row has a rectangle of c.
func (l *live) rowPainted(p *ui.Pane, name string, c color.Color) bool {
	found := false
	walk(l.row(p, name), func(o fyne.CanvasObject) bool {
		if r, ok := o.(*canvas.Rectangle); ok && r.FillColor == c {
			found = true
		}
		return true
	})
	return found
}

// TestDirectoryComparison turns View → Directory comparison on in the
// window, against the real local disk and the embedded server, and checks
// every colour of both panes, by size and by size and time, and the legend.
func TestDirectoryComparison(t *testing.T) {
	l := newLive(t, liveOptions{})
	then := time.Now().Add(-48 * time.Hour).Truncate(time.Second)
	l.writeBoth("same.txt", 10, 10, then, then)
	l.writeBoth("edited.txt", 10, 10, then.Add(3*time.Hour), then)
	l.writeBoth("grown.txt", 10, 20, then, then)
	l.m.Local.Model.Refresh()
	l.m.Remote.Model.Refresh()
	l.until("both listings", func() bool {
		return entryIndex(l.m.Local, "same.txt") >= 0 && entryIndex(l.m.Remote, "same.txt") >= 0
	})
	if l.m.Compare.Legend.Visible() {
		t.Error("the legend shows before the comparison is on")
	}

	menuItem(t, l.w, "View", "Directory comparison").Action()
	want := []struct {
		pane   *ui.Pane
		name   string
		time   dircompare.Status // by size and time (the default)
		bySize dircompare.Status
	}{
		{l.m.Local, "same.txt", dircompare.Same, dircompare.Same},
		{l.m.Remote, "same.txt", dircompare.Same, dircompare.Same},
		{l.m.Local, "edited.txt", dircompare.Newer, dircompare.Same},
		{l.m.Remote, "edited.txt", dircompare.Older, dircompare.Same},
		{l.m.Local, "grown.txt", dircompare.Different, dircompare.Different},
		{l.m.Remote, "grown.txt", dircompare.Different, dircompare.Different},
		{l.m.Local, "b.bin", dircompare.Lonely, dircompare.Lonely},
		{l.m.Local, "pics", dircompare.Lonely, dircompare.Lonely},
		{l.m.Remote, "README.txt", dircompare.Lonely, dircompare.Lonely},
	}
	check := func(mode string, get func(i int) dircompare.Status) {
		t.Helper()
		l.until("the comparison by "+mode, func() bool {
			for i, w := range want {
				if markOf(w.pane, w.name) != get(i) {
					return false
				}
			}
			return true
		})
		for i, w := range want {
			if c := ui.MarkColor(get(i)); c != color.Transparent && !l.rowPainted(w.pane, w.name, c) {
				t.Errorf("%s: row %s is not painted %v", mode, w.name, c)
			}
		}
	}
	check("size and time", func(i int) dircompare.Status { return want[i].time })
	if !l.m.Compare.Legend.Visible() {
		t.Error("no legend while comparing")
	}
	menuItem(t, l.w, "View", "Compare by size").Action()
	check("size", func(i int) dircompare.Status { return want[i].bySize })

	menuItem(t, l.w, "View", "Directory comparison").Action()
	check("nothing (off)", func(int) dircompare.Status { return dircompare.Same })
	if l.m.Compare.Legend.Visible() {
		t.Error("the legend stays after the comparison is off")
	}
}

// TestSynchronizedBrowsing: with View → Synchronized browsing on, opening
// a folder on one side opens it on the other, Up goes up on both, and a
// folder the other side lacks is offered for creation, then created and
// entered.
func TestSynchronizedBrowsing(t *testing.T) {
	l := newLive(t, liveOptions{})
	if err := os.Mkdir(filepath.Join(l.root, "pics"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{"only-here", "keep-local"} {
		if err := os.Mkdir(filepath.Join(l.local, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	l.m.Local.Model.Refresh()
	l.m.Remote.Model.Refresh()
	l.until("both listings", func() bool {
		return entryIndex(l.m.Local, "only-here") >= 0 && entryIndex(l.m.Remote, "pics") >= 0
	})
	localHome, remoteHome := l.m.Local.Model.State().Path, l.m.Remote.Model.State().Path
	menuItem(t, l.w, "View", "Synchronized browsing").Action()
	if !menuItem(t, l.w, "View", "Synchronized browsing").Checked {
		t.Error("the menu item is not checked")
	}

	test.DoubleTap(l.row(l.m.Local, "pics").(fyne.DoubleTappable))
	l.until("both sides in pics", func() bool {
		return l.m.Local.Model.State().Path == filepath.Join(localHome, "pics") &&
			l.m.Remote.Model.State().Path == path.Join(remoteHome, "pics")
	})
	test.Tap(l.m.Remote.UpButton)
	l.until("both sides back", func() bool {
		return l.m.Local.Model.State().Path == localHome && l.m.Remote.Model.State().Path == remoteHome
	})

	// Declined: the other side stays, and the status bar says why.
	test.DoubleTap(l.row(l.m.Local, "keep-local").(fyne.DoubleTappable))
	l.until("the offer for keep-local", func() bool {
		o := l.w.Canvas().Overlays().Top()
		return o != nil && containsText(texts(o), "keep-local")
	})
	tapText(t, l.overlay(), "Don't create")
	l.until("the local side in keep-local", func() bool {
		return l.m.Local.Model.State().Path == filepath.Join(localHome, "keep-local") && !l.m.Local.Model.State().Loading
	})
	if got := l.m.Remote.Model.State().Path; got != remoteHome {
		t.Errorf("the server side moved to %s after Don't create", got)
	}
	if _, err := os.Stat(filepath.Join(l.root, "keep-local")); err == nil {
		t.Error("keep-local was created on the server after Don't create")
	}
	if !strings.Contains(l.m.Status.Text, "no folder") {
		t.Errorf("status %q does not say the folder is missing", l.m.Status.Text)
	}
	l.m.Local.Model.Navigate(localHome)
	l.until("the local side back", func() bool {
		return l.m.Local.Model.State().Path == localHome && !l.m.Local.Model.State().Loading
	})

	test.DoubleTap(l.row(l.m.Local, "only-here").(fyne.DoubleTappable))
	l.until("the offer to create the folder", func() bool {
		o := l.w.Canvas().Overlays().Top()
		return o != nil && containsText(texts(o), "does not exist on the server") && containsText(texts(o), "only-here")
	})
	tapText(t, l.overlay(), "Create")
	l.until("the new folder entered on the server", func() bool {
		return filepath.Base(l.m.Remote.Model.State().Path) == "only-here" && !l.m.Remote.Model.State().Loading
	})
	if fi, err := os.Stat(filepath.Join(l.root, "only-here")); err != nil || !fi.IsDir() {
		t.Errorf("the server has no folder only-here: %v", err)
	}
}

func containsText(texts []string, sub string) bool {
	return slices.ContainsFunc(texts, func(s string) bool { return strings.Contains(s, sub) })
}
