package ui_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"portside/transfer"
	"portside/transfer/queue"
	"portside/ui"
)

func TestExistsText(t *testing.T) {
	it := queue.Item{Dir: queue.Upload, Dst: "/www/index.html"}
	got := ui.ExistsText(it, transfer.Entry{Size: 2048, ModTime: stamp}, transfer.Entry{Size: 10})
	want := "/www/index.html already exists on the server.\n\nNew:      2.0 KiB, modified 2026-11-20 09:30\nExisting: 10 B"
	if got != want {
		t.Errorf("ExistsText =\n%s\nwant\n%s", got, want)
	}
}

// An upload onto a file that exists asks what to do, and does it.
func TestExistsAsks(t *testing.T) {
	tests := []struct {
		choice string
		all    bool
		upload []string          // local files, all existing on the server
		want   map[string]string // server file → "new" or "old"
		shown  string            // the Done tab's remote path of the first file ("": none)
	}{
		{"Overwrite", false, []string{"a.txt"}, map[string]string{"a.txt": "new"}, "/a.txt"},
		{"Rename: keep both", false, []string{"a.txt"}, map[string]string{"a.txt": "old", "a (1).txt": "new"}, "/a (1).txt"},
		{"Skip", false, []string{"a.txt"}, map[string]string{"a.txt": "old"}, ""},
		{"Overwrite", true, []string{"a.txt", "b.bin"}, map[string]string{"a.txt": "new", "b.bin": "new"}, "/a.txt"},
	}
	for _, tt := range tests {
		name := tt.choice
		if tt.all {
			name += " for all"
		}
		t.Run(name, func(t *testing.T) {
			l := newLive(t, liveOptions{})
			for _, f := range tt.upload {
				os.WriteFile(filepath.Join(l.root, f), []byte("old"), 0o644)
			}
			for i, f := range tt.upload {
				mods := fyne.KeyModifier(0)
				if i > 0 {
					mods = fyne.KeyModifierShortcutDefault
				}
				click(l.row(l.m.Local, f), mods)
			}
			l.w.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
			l.until("the question", func() bool { return l.w.Canvas().Overlays().Top() != nil })
			q := l.overlay()
			if body := strings.Join(texts(q), "\n"); !strings.Contains(body, "already exists on the server") {
				t.Fatalf("the dialog says:\n%s", body)
			}
			var radio *widget.RadioGroup
			var check *widget.Check
			walk(q, func(o fyne.CanvasObject) bool {
				switch v := o.(type) {
				case *widget.RadioGroup:
					radio = v
				case *widget.Check:
					check = v
				}
				return true
			})
			radio.SetSelected(tt.choice)
			check.SetChecked(tt.all)
			tapText(t, q, "OK")
			l.idle(len(tt.upload))
			if l.w.Canvas().Overlays().Top() != nil {
				t.Error("asked again")
			}
			if tt.shown != "" {
				done := l.m.Queue.Model.IDs(ui.TabDone)
				var dsts []string
				for _, id := range done {
					it, _ := l.m.Queue.Model.Item(id)
					dsts = append(dsts, it.Dst)
				}
				if !slices.Contains(dsts, tt.shown) {
					t.Errorf("the Done tab shows %q, want %s", dsts, tt.shown)
				}
			}
			for f, want := range tt.want {
				got, err := os.ReadFile(filepath.Join(l.root, f))
				if err != nil {
					t.Errorf("%s: %v", f, err)
					continue
				}
				local := strings.Replace(f, " (1)", "", 1)
				if isNew := string(got) == string(l.files[local]); isNew != (want == "new") {
					t.Errorf("%s holds the %s version, want the %s one", f, map[bool]string{true: "new", false: "old"}[isNew], want)
				}
			}
		})
	}
}
