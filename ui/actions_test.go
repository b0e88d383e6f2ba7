package ui_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"portside/transfer"
	"portside/transfer/local"
	"portside/ui"
)

func TestPaneMenu(t *testing.T) {
	file := transfer.Entry{Name: "a.txt"}
	dir := transfer.Entry{Name: "docs", IsDir: true}
	tests := []struct {
		name    string
		side    ui.Side
		sel     []transfer.Entry
		peer    bool
		enabled []string
	}{
		{"local file", ui.LocalSide, []transfer.Entry{file}, true,
			[]string{"Upload", "Add to queue", "Open", "Edit", "Rename", "Delete", "New folder", "Refresh", "Copy path", "Find files…", "Synchronize…"}},
		{"local file, not connected", ui.LocalSide, []transfer.Entry{file}, false,
			[]string{"Open", "Edit", "Rename", "Delete", "New folder", "Refresh", "Copy path", "Find files…"}},
		{"remote file: no Open", ui.RemoteSide, []transfer.Entry{file}, true,
			[]string{"Download", "Add to queue", "Download to…", "View/Edit", "Rename", "Delete", "File permissions…", "New folder", "Refresh", "Copy path", "New folder and enter it", "New empty file", "Copy URL", "Find files…", "Synchronize…"}},
		{"remote folder", ui.RemoteSide, []transfer.Entry{dir}, true,
			[]string{"Download", "Add to queue", "Download to…", "Open", "Rename", "Delete", "File permissions…", "New folder", "Refresh", "Copy path", "New folder and enter it", "New empty file", "Copy URL", "Find files…", "Synchronize…"}},
		{"two: no Open, no Rename", ui.RemoteSide, []transfer.Entry{file, dir}, true,
			[]string{"Download", "Add to queue", "Download to…", "Delete", "File permissions…", "New folder", "Refresh", "Copy path", "New folder and enter it", "New empty file", "Copy URL", "Find files…", "Synchronize…"}},
		{"nothing selected", ui.LocalSide, nil, true,
			[]string{"New folder", "Refresh", "Copy path", "Find files…", "Synchronize…"}},
	}
	for _, tt := range tests {
		var enabled []string
		for _, c := range ui.PaneMenu(tt.side, tt.sel, tt.peer) {
			if c.Label != "" && !c.Disabled {
				enabled = append(enabled, c.Label)
			}
		}
		if !slices.Equal(enabled, tt.enabled) {
			t.Errorf("%s: enabled %q\n want %q", tt.name, enabled, tt.enabled)
		}
	}
}

func TestDeleteText(t *testing.T) {
	got := ui.DeleteText(ui.RemoteSide, "/www", []transfer.Entry{
		{Name: "img", IsDir: true}, {Name: "index.html"}, {Name: "current", IsDir: true, IsLink: true},
	})
	want := "These will be deleted from the server, in /www:\n\n" +
		"  img/ (the folder and everything in it)\n  index.html\n  current (the link only)\n\n" +
		"Folders are deleted with all their contents. This cannot be undone."
	if got != want {
		t.Errorf("DeleteText =\n%s\nwant\n%s", got, want)
	}
	var many []transfer.Entry
	for i := range 20 {
		many = append(many, transfer.Entry{Name: string(rune('a' + i))})
	}
	if got := ui.DeleteText(ui.LocalSide, "/tmp", many); !strings.Contains(got, "from this computer") || !strings.Contains(got, "… and 8 more") {
		t.Errorf("20 entries:\n%s", got)
	}
}

// Delete asks first, listing what goes, then deletes folders with all
// they hold, on the server (walking with List and Remove) and locally.
func TestDeleteAsksThenDeletes(t *testing.T) {
	tests := []struct {
		name   string
		remote bool
		picks  []string
		answer string   // a button to tap, or a key to press
		gone   []string // paths under the side's root that must be gone
		kept   []string
	}{
		{"remote folder tree and a file", true, []string{"public_html", "README.txt"}, "Delete",
			[]string{"public_html", "README.txt"}, []string{"incoming", "notes with spaces.md"}},
		{"remote, cancelled", true, []string{"README.txt"}, "Cancel", nil, []string{"README.txt"}},
		{"remote, Escape cancels", true, []string{"README.txt"}, "key:Escape", nil, []string{"README.txt"}},
		{"local folder tree, Enter confirms", false, []string{"pics"}, "key:Return", []string{"pics"}, []string{"a.txt", "b.bin"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := newLive(t, liveOptions{})
			p, root := l.m.Local, l.local
			if tt.remote {
				p, root = l.m.Remote, l.root
			}
			for i, name := range tt.picks {
				mods := fyne.KeyModifier(0)
				if i > 0 {
					mods = fyne.KeyModifierShortcutDefault
				}
				click(l.row(p, name), mods)
			}
			l.w.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyDelete})
			body := strings.Join(texts(l.overlay()), "\n")
			for _, name := range tt.picks {
				if !strings.Contains(body, "  "+name) {
					t.Errorf("the confirmation does not list %s:\n%s", name, body)
				}
			}
			if key, ok := strings.CutPrefix(tt.answer, "key:"); ok {
				l.key(fyne.KeyName(key))
			} else {
				tapText(t, l.overlay(), tt.answer)
			}
			if l.w.Canvas().Overlays().Top() != nil {
				t.Fatal("the dialog is still up")
			}
			if len(tt.gone) > 0 {
				l.until("the pane to list the result", func() bool { return entryIndex(p, tt.gone[0]) < 0 })
			}
			for _, g := range tt.gone {
				if _, err := os.Stat(filepath.Join(root, g)); err == nil {
					t.Errorf("%s is still there", g)
				}
			}
			for _, k := range tt.kept {
				if _, err := os.Stat(filepath.Join(root, k)); err != nil {
					t.Errorf("%s went too: %v", k, err)
				}
			}
			if len(tt.gone) > 0 && !strings.HasPrefix(l.m.Status.Text, "Deleted ") {
				t.Errorf("status %q", l.m.Status.Text)
			}
		})
	}
}

// RemoveAll removes a link, never what it points to.
func TestRemoveAllKeepsLinkTargets(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "target")
	os.MkdirAll(filepath.Join(target, "sub"), 0o755)
	os.WriteFile(filepath.Join(target, "sub", "keep.txt"), []byte("keep"), 0o644)
	tree := filepath.Join(dir, "tree")
	os.MkdirAll(tree, 0o755)
	if err := os.Symlink(target, filepath.Join(tree, "link")); err != nil {
		t.Skip("no symlinks here:", err)
	}
	fs := local.FS{}
	e, _ := fs.Stat(context.Background(), tree)
	if err := ui.RemoveAll(context.Background(), fs, tree, e); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(tree); err == nil {
		t.Error("the tree is still there")
	}
	if _, err := os.Stat(filepath.Join(target, "sub", "keep.txt")); err != nil {
		t.Errorf("the link's target lost its contents: %v", err)
	}
}

func TestRenameAndNewFolder(t *testing.T) {
	l := newLive(t, liveOptions{})
	click(l.row(l.m.Remote, "README.txt"), 0)
	l.w.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyF2})
	entry := findEntry(t, l.overlay())
	if shown := texts(l.overlay()); !slices.Contains(shown, "README.txt") {
		t.Errorf("rename does not start from the old name: %q", shown)
	}
	entry.SetText("a/b") // not a name: the dialog must not take it
	tapText(t, l.overlay(), "Rename")
	if l.w.Canvas().Overlays().Top() == nil {
		t.Fatal("the dialog took a name with a slash")
	}
	entry.SetText("READ ME.txt")
	l.key(fyne.KeyReturn) // in the field: submits
	l.until("the renamed file", func() bool { return entryIndex(l.m.Remote, "READ ME.txt") >= 0 })
	if _, err := os.Stat(filepath.Join(l.root, "READ ME.txt")); err != nil {
		t.Error(err)
	}

	test.TapSecondary(l.m.Remote.List) // the blank space: the folder's menu
	tapText(t, l.overlay(), "New folder")
	findEntry(t, l.overlay()).SetText("stale")
	l.key(fyne.KeyEscape)
	if l.w.Canvas().Overlays().Top() != nil {
		t.Fatal("Escape left the dialog up")
	}
	test.TapSecondary(l.m.Remote.List)
	tapText(t, l.overlay(), "New folder")
	findEntry(t, l.overlay()).SetText("fresh")
	l.key(fyne.KeyReturn) // the field has the focus: Enter in it submits
	l.until("the new folder", func() bool { return entryIndex(l.m.Remote, "fresh") >= 0 })
	if fi, err := os.Stat(filepath.Join(l.root, "fresh")); err != nil || !fi.IsDir() {
		t.Errorf("no folder on the server: %v", err)
	}
	if _, err := os.Stat(filepath.Join(l.root, "stale")); err == nil {
		t.Error("the cancelled folder was made")
	}
}

// A failed operation shows in the pane's error bar, and stays there after
// the listing that follows it.
func TestOperationFailureShows(t *testing.T) {
	l := newLive(t, liveOptions{})
	click(l.row(l.m.Remote, "incoming"), 0)
	l.w.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyF2})
	findEntry(t, l.overlay()).SetText("camera") // taken by a folder
	tapText(t, l.overlay(), "Rename")
	l.until("the failure", func() bool { return l.m.Remote.Model.State().Err != nil && !l.m.Remote.Model.State().Loading })
	if l.m.Remote.ErrorBar.Hidden || !strings.Contains(l.m.Remote.ErrorText.Text, "rename") {
		t.Errorf("error bar hidden=%v %q", l.m.Remote.ErrorBar.Hidden, l.m.Remote.ErrorText.Text)
	}
}

func TestPaneKeysAndCopyPath(t *testing.T) {
	l := newLive(t, liveOptions{})
	click(l.row(l.m.Remote, "README.txt"), 0)
	focused := func() fyne.Focusable { return l.w.Canvas().Focused() }
	focused().(fyne.Shortcutable).TypedShortcut(&fyne.ShortcutSelectAll{})
	if got := len(l.m.Remote.Selected()); got != 7 {
		t.Errorf("Ctrl+A selected %d of 7", got)
	}
	click(l.row(l.m.Remote, "notes with spaces.md"), 0)
	click(l.row(l.m.Remote, "README.txt"), fyne.KeyModifierShift)
	focused().(fyne.Shortcutable).TypedShortcut(&fyne.ShortcutCopy{})
	if got := fyne.CurrentApp().Clipboard().Content(); got != "/notes with spaces.md\n/README.txt" {
		t.Errorf("clipboard %q", got)
	}

	focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyTab})
	if focused() != l.m.Local.List {
		t.Fatalf("Tab moved the focus to %T, not the local list", focused())
	}
	focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyTab})
	if focused() != l.m.Remote.List {
		t.Fatalf("Tab did not come back to the remote list")
	}

	click(l.row(l.m.Remote, "camera"), 0)
	focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	l.until("camera", func() bool { return l.m.Remote.Model.State().Path == "/camera" })
	focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyBackspace})
	l.until("the root", func() bool { return l.m.Remote.Model.State().Path == "/" })

	os.WriteFile(filepath.Join(l.root, "new.txt"), []byte("x"), 0o644)
	focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyF5})
	l.until("the refreshed listing", func() bool { return entryIndex(l.m.Remote, "new.txt") >= 0 })
}

// "Download to…" ends in DownloadTo with the folder the picker chose.
func TestDownloadTo(t *testing.T) {
	l := newLive(t, liveOptions{})
	dir := t.TempDir()
	click(l.row(l.m.Remote, "public_html"), 0)
	click(l.row(l.m.Remote, "README.txt"), fyne.KeyModifierShortcutDefault)
	l.m.DownloadTo(l.m.Remote.Selected(), dir)
	l.idle(2)
	for _, rel := range []string{"README.txt", "public_html/index.html", "public_html/css/site.css"} {
		want, _ := os.ReadFile(filepath.Join(l.root, rel))
		got, err := os.ReadFile(filepath.Join(dir, rel))
		if err != nil || string(got) != string(want) {
			t.Errorf("%s: %v", rel, err)
		}
	}
}

// textField is a dialog's text field, whatever its type.
type textField interface {
	fyne.Focusable
	SetText(string)
}

// findEntry is the text field of a dialog.
func findEntry(t *testing.T, o fyne.CanvasObject) textField {
	t.Helper()
	var e textField
	walk(o, func(c fyne.CanvasObject) bool {
		if v, ok := c.(textField); ok && e == nil {
			e = v
		}
		return e == nil
	})
	if e == nil {
		t.Fatal("the dialog has no text field")
	}
	return e
}

// "Download to…" into a folder where a link is planted under a name the
// server also has: nothing lands outside, the refused item is failed with
// the reason, the rest arrives (#20 item 1, in the window).
func TestDownloadToRefusesAPlantedLink(t *testing.T) {
	l := newLive(t, liveOptions{})
	dir, outside := t.TempDir(), t.TempDir()
	os.Symlink(outside, filepath.Join(dir, "public_html"))
	click(l.row(l.m.Remote, "public_html"), 0)
	click(l.row(l.m.Remote, "README.txt"), fyne.KeyModifierShortcutDefault)
	l.m.DownloadTo(l.m.Remote.Selected(), dir)
	l.idle(2)
	if ents, _ := os.ReadDir(outside); len(ents) > 0 {
		t.Fatalf("the download wrote through the link: %v", ents)
	}
	if _, err := os.Stat(filepath.Join(dir, "README.txt")); err != nil {
		t.Error(err)
	}
	q := l.m.Queue.Model
	failed := q.IDs(ui.TabFailed)
	if len(failed) != 1 {
		t.Fatalf("%d failed items, want 1", len(failed))
	}
	if it, _ := q.Item(failed[0]); !strings.Contains(it.Err, "symbolic link") {
		t.Errorf("failed item: %+v", it)
	}
}

// A name with a right-to-left override or a C1 control shows escaped in
// the pane, so "\u202etxt.exe" does not read as "exe.txt" (#20 item 11).
func TestPaneShowsControlsInNamesEscaped(t *testing.T) {
	l := newLive(t, liveOptions{offline: true})
	for _, n := range []string{"\u202etxt.exe", "c1\u009bname"} {
		l.writeLocal(n, 10)
	}
	l.m.Local.Model.Navigate(l.local)
	l.until("the new names", func() bool {
		return entryIndex(l.m.Local, "c1\u009bname") >= 0 && entryIndex(l.m.Local, "\u202etxt.exe") >= 0
	})
	for _, shown := range []string{`\u202etxt.exe`, `c1\u009bname`} {
		l.row(l.m.Local, shown) // fails unless a row shows the name so
	}
}
