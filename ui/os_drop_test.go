package ui_test

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
)

// The test window's SetOnDropped is a no-op, so these call the handler
// the real window is given, with what GLFW would pass it.
func TestOSDrop(t *testing.T) {
	tests := []struct {
		name       string
		offline    bool
		over       func(l *live) fyne.Position
		uris       func(l *live) []fyne.URI
		wantDst    []string // server paths that must arrive
		wantStatus string
	}{
		{"files and a folder onto the remote pane", false,
			func(l *live) fyne.Position { return at(l.m.Remote.List, 100, l.m.Remote.List.Size().Height-20) },
			func(l *live) []fyne.URI { return l.uris("a.txt", "pics") },
			[]string{"/a.txt", "/pics/one.jpg", "/pics/deep/two.jpg"}, "Transfers finished: 3 files transferred."},
		{"onto a remote folder row", false,
			func(l *live) fyne.Position { return at(l.row(l.m.Remote, "incoming"), 50, 8) },
			func(l *live) []fyne.URI { return l.uris("b.bin") },
			[]string{"/incoming/b.bin"}, "Transfers finished: 1 file transferred."},
		{"onto the path bar of the remote pane", false,
			func(l *live) fyne.Position { return at(l.m.Remote.Path, 20, 10) },
			func(l *live) []fyne.URI { return l.uris("a.txt") },
			[]string{"/a.txt"}, "Transfers finished: 1 file transferred."},
		{"onto the local pane", false,
			func(l *live) fyne.Position { return at(l.m.Local.List, 50, 50) },
			func(l *live) []fyne.URI { return l.uris("a.txt") },
			nil, "Files dropped on the local pane stay where they are: drop them on the remote pane to upload them."},
		{"onto the remote pane, not connected", true,
			func(l *live) fyne.Position { return at(l.m.Remote.List, 50, 50) },
			func(l *live) []fyne.URI { return l.uris("a.txt") },
			nil, "Connect to a server first, then drop files on the remote pane to upload them."},
		{"onto the queue", false,
			func(l *live) fyne.Position { return at(l.m.Queue, 50, 50) },
			func(l *live) []fyne.URI { return l.uris("a.txt") },
			nil, "Drop files on the remote pane to upload them."},
		{"something not on this computer", false,
			func(l *live) fyne.Position { return at(l.m.Remote.List, 50, 50) },
			func(l *live) []fyne.URI {
				u, _ := storage.ParseURI("https://example.com/a.txt")
				return []fyne.URI{u}
			},
			nil, "Only files and folders from this computer can be uploaded."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := newLive(t, liveOptions{offline: tt.offline})
			l.m.HandleOSDrop(tt.over(l), tt.uris(l))
			if tt.wantDst == nil {
				time.Sleep(50 * time.Millisecond)
				l.loop.drain()
				if n := len(l.m.Transfers.Queue.Items()); n != 0 {
					t.Errorf("queued %d items", n)
				}
				if l.m.Status.Text != tt.wantStatus {
					t.Errorf("status %q, want %q", l.m.Status.Text, tt.wantStatus)
				}
				return
			}
			l.idle(len(tt.wantDst))
			if l.m.Status.Text != tt.wantStatus {
				t.Errorf("status %q, want %q", l.m.Status.Text, tt.wantStatus)
			}
			for _, dst := range tt.wantDst {
				name := strings.TrimPrefix(strings.TrimPrefix(dst, "/incoming"), "/")
				l.sameFile(filepath.Join(l.root, filepath.FromSlash(dst)), name)
			}
		})
	}
}

// uris are file URIs of local files, as a file manager drops them.
func (l *live) uris(names ...string) []fyne.URI {
	out := make([]fyne.URI, len(names))
	for i, n := range names {
		out[i] = storage.NewFileURI(filepath.Join(l.local, n))
	}
	return out
}
