package ui_test

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"portside/transfer"
	"portside/transfer/queue"
	"portside/ui"
)

func TestDropRow(t *testing.T) {
	entries := []transfer.Entry{
		{Name: "docs", IsDir: true},
		{Name: "current", IsDir: true, IsLink: true},
		{Name: "notes.txt"},
	}
	local, remote := ui.LocalSide, ui.RemoteSide
	tests := []struct {
		name      string
		from      ui.Side
		hit       ui.Hit
		connected bool
		wantRow   int
		wantOK    bool
	}{
		{"onto a folder row", local, ui.Hit{InPane: true, Side: remote, Row: 0}, true, 0, true},
		{"onto a link to a folder", local, ui.Hit{InPane: true, Side: remote, Row: 1}, true, 1, true},
		{"onto a file row: its folder", local, ui.Hit{InPane: true, Side: remote, Row: 2}, true, -1, true},
		{"onto the blank space", local, ui.Hit{InPane: true, Side: remote, Row: -1}, true, -1, true},
		{"downloads too", remote, ui.Hit{InPane: true, Side: local, Row: 0}, true, 0, true},
		{"back onto its own pane", local, ui.Hit{InPane: true, Side: local, Row: 0}, true, -1, false},
		{"onto a pane with nothing connected", local, ui.Hit{InPane: true, Side: remote, Row: 0}, false, -1, false},
		{"outside both panes", local, ui.Hit{Row: -1}, true, -1, false},
		{"a row past the end", local, ui.Hit{InPane: true, Side: remote, Row: 7}, true, -1, true},
	}
	for _, tt := range tests {
		row, ok := ui.DropRow(tt.from, tt.hit, entries, tt.connected)
		if row != tt.wantRow || ok != tt.wantOK {
			t.Errorf("%s: DropRow = %d, %v; want %d, %v", tt.name, row, ok, tt.wantRow, tt.wantOK)
		}
	}
}

func TestDragLabel(t *testing.T) {
	one := []transfer.Entry{{Name: "notes.txt"}}
	three := []transfer.Entry{{Name: "a"}, {Name: "b", IsDir: true}, {Name: "c"}}
	tests := []struct {
		from    ui.Side
		entries []transfer.Entry
		target  string
		ok      bool
		want    string
	}{
		{ui.LocalSide, one, "", false, "notes.txt"},
		{ui.LocalSide, three, "", false, "3 items"},
		{ui.LocalSide, one, "/incoming", true, "Upload notes.txt to /incoming"},
		{ui.RemoteSide, three, "/home/ann", true, "Download 3 items to /home/ann"},
	}
	for _, tt := range tests {
		if got := ui.DragLabel(tt.from, tt.entries, tt.target, tt.ok); got != tt.want {
			t.Errorf("DragLabel(%v, %d entries, %q, %v) = %q, want %q", tt.from, len(tt.entries), tt.target, tt.ok, got, tt.want)
		}
	}
}

// RowAt computes rows from the scroll offset; it must agree with where
// List really draws them, scrolled or not.
func TestFileListRowAt(t *testing.T) {
	fs := demoFS()
	var many []transfer.Entry
	for i := range 200 {
		many = append(many, transfer.Entry{Name: string(rune('a'+i/26)) + string(rune('a'+i%26)), Size: int64(i)})
	}
	fs.dirs["/home/ann"] = many
	f := newPane(t, fs)
	d := fyne.CurrentApp().Driver()
	for _, offset := range []float32{0, 13, 2900} {
		f.pane.List.ScrollToOffset(offset)
		objs, texts := f.rows()
		if len(objs) < 5 {
			t.Fatalf("offset %v: only %d rows drawn", offset, len(objs))
		}
		listPos := d.AbsolutePositionForObject(f.pane.List)
		for i, o := range objs {
			top := d.AbsolutePositionForObject(o).Subtract(listPos)
			if top.Y < 0 || top.Y+o.Size().Height > f.pane.List.Size().Height {
				continue // partly scrolled out
			}
			for _, dy := range []float32{1, o.Size().Height / 2, o.Size().Height - 1} {
				id := f.pane.List.RowAt(top.AddXY(10, dy))
				if e, ok := f.pane.Model.Entry(id); !ok || e.Name != texts[i][0] {
					t.Errorf("offset %v: RowAt(row %q + %v) = %d (%q)", offset, texts[i][0], dy, id, e.Name)
				}
			}
		}
	}
	fs.dirs["/home/ann"] = many[:3]
	f.pane.Model.Refresh()
	f.settle()
	if id := f.pane.List.RowAt(fyne.NewPos(10, f.pane.List.Size().Height-5)); id != -1 {
		t.Errorf("the blank space under 3 rows is row %d", id)
	}
}

func TestDragAndDrop(t *testing.T) {
	local, remote := ui.LocalSide, ui.RemoteSide
	remoteRow := func(name string) func(l *live) fyne.Position {
		return func(l *live) fyne.Position { return at(l.row(l.m.Remote, name), 60, 10) }
	}
	localRow := func(name string) func(l *live) fyne.Position {
		return func(l *live) fyne.Position { return at(l.row(l.m.Local, name), 60, 10) }
	}
	blank := func(p func(l *live) *ui.Pane) func(l *live) fyne.Position {
		return func(l *live) fyne.Position { return at(p(l).List, 100, p(l).List.Size().Height-20) }
	}
	remotePane := func(l *live) *ui.Pane { return l.m.Remote }
	localPane := func(l *live) *ui.Pane { return l.m.Local }

	tests := []struct {
		name      string
		from      ui.Side
		drag      []string // selected, the first clicked, the rest Ctrl-clicked; dragged by the first
		over      func(l *live) fyne.Position
		wantRow   string // the folder row highlighted
		wantPane  bool   // the whole pane highlighted
		wantLabel string // "%L" stands for the local folder
		wantDst   []string
	}{
		// Folders list first, so pics is queued before a.txt.
		{"files and a folder onto a remote folder row", local, []string{"a.txt", "pics"}, remoteRow("incoming"),
			"incoming", false, "Upload 2 items to /incoming", []string{"/incoming/pics", "/incoming/a.txt"}},
		{"a file onto the remote pane", local, []string{"b.bin"}, blank(remotePane),
			"", true, "Upload b.bin to /", []string{"/b.bin"}},
		{"onto a remote file row: into its folder", local, []string{"a.txt"}, remoteRow("README.txt"),
			"", true, "Upload a.txt to /", []string{"/a.txt"}},
		{"a remote file onto a local folder row", remote, []string{"README.txt"}, localRow("pics"),
			"pics", false, "Download README.txt to %L/pics", []string{"%L/pics/README.txt"}},
		{"a remote folder onto the local pane", remote, []string{"public_html"}, blank(localPane),
			"", true, "Download public_html to %L", []string{"%L/public_html"}},
		{"back onto its own pane does nothing", local, []string{"a.txt"}, blank(localPane),
			"", false, "a.txt", nil},
		{"outside both panes does nothing", local, []string{"a.txt", "b.bin"}, func(l *live) fyne.Position { return at(l.m.Bar, 30, 10) },
			"", false, "2 items", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := newLive(t, liveOptions{})
			src, dst := l.m.Local, l.m.Remote
			if tt.from == remote {
				src, dst = dst, src
			}
			expand := func(s string) string { return strings.ReplaceAll(s, "%L", l.local) }
			for i, name := range tt.drag {
				mods := fyne.KeyModifier(0)
				if i > 0 {
					mods = fyne.KeyModifierShortcutDefault
				}
				click(l.row(src, name), mods)
			}
			ordered := slices.Clone(tt.drag)
			slices.SortFunc(ordered, func(a, b string) int { return entryIndex(src, a) - entryIndex(src, b) })
			if got := names(src.Selected()); !slices.Equal(got, ordered) {
				t.Fatalf("selected %v before the drag, want %v", got, ordered)
			}

			row := l.row(src, tt.drag[0]).(fyne.Draggable)
			dragTo(row, tt.over(l))
			wantRow := -1
			if tt.wantRow != "" {
				wantRow = entryIndex(dst, tt.wantRow)
			}
			if got := dst.List.DropRow(); got != wantRow {
				t.Errorf("highlighted row %d, want %d (%s)", got, wantRow, tt.wantRow)
			}
			if got := dst.DropHighlight.Visible(); got != tt.wantPane {
				t.Errorf("pane highlighted = %v, want %v", got, tt.wantPane)
			}
			if src.DropHighlight.Visible() || src.List.DropRow() != -1 {
				t.Error("the pane the drag came from is highlighted")
			}
			if shown, text := l.m.DragLabel(); !shown || text != expand(tt.wantLabel) {
				t.Errorf("drag label shown=%v %q, want %q", shown, text, expand(tt.wantLabel))
			}

			row.DragEnd()
			if dst.DropHighlight.Visible() || dst.List.DropRow() != -1 {
				t.Error("a highlight stayed after the drop")
			}
			if shown, _ := l.m.DragLabel(); shown {
				t.Error("the drag label stayed after the drop")
			}

			if tt.wantDst == nil {
				time.Sleep(50 * time.Millisecond) // what would be queued would be by now
				l.loop.drain()
				if items := l.m.Transfers.Queue.Items(); len(items) != 0 {
					t.Errorf("queued %d items for a drop that does nothing", len(items))
				}
				if l.m.Queue.Tabs.Selected() != l.m.Queue.Log {
					t.Error("the queue tab came up for a drop that does nothing")
				}
				return
			}
			if l.m.Queue.Tabs.Selected() != l.m.Queue.Items[ui.TabQueued] {
				t.Error("the Queued tab did not come up")
			}
			var want []string
			for _, d := range tt.wantDst {
				want = append(want, expand(d))
			}
			l.idle(len(want))
			var gotDst []string
			for _, it := range l.m.Transfers.Queue.Items()[:len(want)] {
				gotDst = append(gotDst, it.Dst)
				wantDir := queue.Upload
				if tt.from == remote {
					wantDir = queue.Download
				}
				if it.Dir != wantDir {
					t.Errorf("%s goes as a %v", it.Src, it.Dir)
				}
			}
			if !slices.Equal(gotDst, want) {
				t.Errorf("queued to %v, want %v", gotDst, want)
			}
			for i, name := range ordered {
				l.checkArrived(tt.from, name, want[i])
			}
			// The destination pane lists what landed in its folder.
			if tt.wantRow == "" {
				l.until("the destination pane to list the drop", func() bool { return entryIndex(dst, filepath.Base(want[0])) >= 0 })
			}
		})
	}
}

// checkArrived compares what was dragged, name, with what landed at dst,
// folders file by file.
func (l *live) checkArrived(from ui.Side, name, dst string) {
	l.t.Helper()
	srcBase, dstBase := filepath.Join(l.local, name), filepath.Join(l.root, filepath.FromSlash(dst))
	if from == ui.RemoteSide {
		srcBase, dstBase = filepath.Join(l.root, name), dst
	}
	files := 0
	filepath.Walk(srcBase, func(p string, fi os.FileInfo, err error) error {
		if err != nil || fi.IsDir() {
			return err
		}
		files++
		rel, _ := filepath.Rel(srcBase, p)
		want, _ := os.ReadFile(p)
		got, err := os.ReadFile(filepath.Join(dstBase, rel))
		if err != nil || !bytes.Equal(got, want) {
			l.t.Errorf("%s did not arrive whole at %s: %v", p, filepath.Join(dstBase, rel), err)
		}
		return nil
	})
	if files == 0 {
		l.t.Errorf("%s holds no files to compare", srcBase)
	}
}
