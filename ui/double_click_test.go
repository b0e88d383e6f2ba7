package ui_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"portside/transfer/queue"
	"portside/transfer/sites"
	"portside/ui"
)

// A double-click on a remote file does what the Settings window says,
// as FileZilla's "Double-click action on files": transfer it, add it to
// the queue paused, View/Edit it, or nothing. The Settings form offers
// the four and saves the choice.
func TestDoubleClickAction(t *testing.T) {
	cases := []struct {
		setting string
		index   int // in the Settings window's list
		done    func(l *live) bool
	}{
		{"", 0, func(l *live) bool {
			_, err := os.Stat(filepath.Join(l.local, "README.txt"))
			return err == nil
		}},
		{"transfer", 0, func(l *live) bool {
			_, err := os.Stat(filepath.Join(l.local, "README.txt"))
			return err == nil
		}},
		{"queue", 1, func(l *live) bool {
			items := l.m.Transfers.Queue.Items()
			return len(items) == 1 && items[0].State == queue.Paused
		}},
		{"edit", 2, func(l *live) bool { return len(l.m.Files.Editing()) == 1 }},
		{"none", 3, nil},
	}
	for _, c := range cases {
		t.Run("setting "+c.setting, func(t *testing.T) {
			l := newLive(t, liveOptions{})
			l.m.Files = &ui.FileTools{EditRoot: filepath.Join(t.TempDir(), "edit")}
			fyne.CurrentApp().Preferences().SetString("edit.commands", "txt=true {}")
			if err := l.m.Prefs.Set(sites.Settings{DoubleClick: c.setting}); err != nil {
				t.Fatal(err)
			}
			form := ui.NewSettingsForm(l.m.Prefs.Get())
			if got := form.DoubleClick.SelectedIndex(); got != c.index {
				t.Errorf("the Settings window shows choice %d, want %d", got, c.index)
			}
			if s, bad := form.Settings(); len(bad) > 0 || s.DoubleClick != c.setting && !(c.setting == "transfer" && s.DoubleClick == "") {
				t.Errorf("the form reads back %q (%q)", s.DoubleClick, bad)
			}
			status := l.m.Status.Text
			click(l.row(l.m.Remote, "README.txt"), 0)
			l.m.Remote.List.OnOpen(entryIndex(l.m.Remote, "README.txt"))
			if c.done == nil {
				if n := len(l.m.Transfers.Queue.Items()); n != 0 || len(l.m.Files.Editing()) != 0 || l.m.Status.Text != status ||
					strings.Contains(l.m.Status.Text, "Queued") {
					t.Errorf("a double-click set to nothing queued %d, edits %d, status %q", n, len(l.m.Files.Editing()), l.m.Status.Text)
				}
				return
			}
			l.until("the double-click's action", func() bool { return c.done(l) })
		})
	}
}
