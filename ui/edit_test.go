package ui_test

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"portside/ui"
)

// commandLog keeps the commands the embedded server received.
type commandLog struct {
	mu    sync.Mutex
	lines []string
}

func (c *commandLog) Enabled(context.Context, slog.Level) bool { return true }
func (c *commandLog) Handle(_ context.Context, r slog.Record) error {
	if r.Message != "Received line" {
		return nil
	}
	r.Attrs(func(a slog.Attr) bool {
		if a.Key == "line" {
			c.mu.Lock()
			c.lines = append(c.lines, a.Value.String())
			c.mu.Unlock()
		}
		return true
	})
	return nil
}
func (c *commandLog) WithAttrs([]slog.Attr) slog.Handler { return c }
func (c *commandLog) WithGroup(string) slog.Handler      { return c }

// count is how many received commands start with prefix.
func (c *commandLog) count(prefix string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, l := range c.lines {
		if strings.HasPrefix(l, prefix) {
			n++
		}
	}
	return n
}

// View/Edit with a fake editor (cp, set as the editor command) that writes
// the copy as soon as it opens: the window asks, Yes uploads once through
// a part file renamed over the file; then, after someone else changed the
// server's file, a save asks what to do and Keep the server's leaves it.
func TestViewEditUploadsOncePerSave(t *testing.T) {
	cmds := &commandLog{}
	l := newLive(t, liveOptions{logger: slog.New(cmds)})
	l.m.Files = &ui.FileTools{EditRoot: filepath.Join(t.TempDir(), "edit")}
	edited := filepath.Join(t.TempDir(), "edited.txt")
	os.WriteFile(edited, []byte("edited by the fake editor\n"), 0o644)
	fyne.CurrentApp().Preferences().SetString("edit.commands", "txt=cp "+edited+" {}")

	click(l.row(l.m.Remote, "README.txt"), 0)
	test.TapSecondary(l.row(l.m.Remote, "README.txt").(fyne.SecondaryTappable))
	tapText(t, l.overlay(), "View/Edit")
	asked := func(what string) func() bool {
		return func() bool {
			o := l.w.Canvas().Overlays().Top()
			return o != nil && slices.ContainsFunc(texts(o), func(s string) bool { return strings.Contains(s, what) })
		}
	}
	l.until("the upload question", asked("Upload the changed file to /README.txt on 127.0.0.1"))
	tapText(t, l.overlay(), "Yes")
	l.until("the status line", func() bool { return strings.HasPrefix(l.m.Status.Text, "Uploaded to ") })
	got, _ := os.ReadFile(filepath.Join(l.root, "README.txt"))
	if string(got) != "edited by the fake editor\n" {
		t.Fatalf("the server holds %q", got)
	}
	if n := cmds.count("STOR /README.txt.portside-part"); n != 1 {
		t.Errorf("%d uploads to the part file, want 1; commands: %q", n, cmds.lines)
	}
	if cmds.count("STOR /README.txt") != 1 || cmds.count("RNTO /README.txt") != 1 {
		t.Errorf("not one upload through a part file and a rename: %q", cmds.lines)
	}
	files := l.m.Files.Editing()
	if len(files) != 1 {
		t.Fatalf("%d files being edited", len(files))
	}

	// Someone else changes the server's file; the next save asks.
	os.WriteFile(filepath.Join(l.root, "README.txt"), []byte("theirs"), 0o644)
	os.WriteFile(files[0].Local, []byte("mine, second save\n"), 0o600)
	l.until("the upload question", asked("Upload the changed file"))
	tapText(t, l.overlay(), "Yes")
	l.until("the conflict question", asked("changed on the server since you opened it"))
	tapText(t, l.overlay(), "Keep the server's")
	if got, _ := os.ReadFile(filepath.Join(l.root, "README.txt")); string(got) != "theirs" {
		t.Fatalf("the server's change was overwritten: %q", got)
	}
	if n := cmds.count("STOR /README.txt"); n != 1 {
		t.Errorf("%d uploads, want still 1", n)
	}

	// Stop watching deletes the copy.
	l.m.ShowEditing()
	tapText(t, l.overlay(), "Stop watching")
	if _, err := os.Stat(files[0].Local); err == nil {
		t.Error("the copy is still there")
	}
	if len(l.m.Files.Editing()) != 0 {
		t.Error("still watching")
	}
}
