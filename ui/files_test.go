package ui_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"portside/transfer/transport"
	"portside/ui"
)

func TestRemoteURL(t *testing.T) {
	cases := []struct {
		site ui.Site
		path string
		want string
	}{
		{ui.Site{Host: "example.com", User: "alice", Password: "s3cret"}, "/pub/a b.txt", "ftp://alice@example.com:21/pub/a%20b.txt"},
		{ui.Site{Host: "example.com", Port: 2121, TLS: transport.TLSExplicit}, "/", "ftpes://example.com:2121/"},
		{ui.Site{Host: "h", User: "bob", Password: "pw9", TLS: transport.TLSImplicit}, "/x#y?z", "ftps://bob@h:990/x%23y%3Fz"},
	}
	for _, c := range cases {
		got := ui.RemoteURL(c.site, c.path)
		if got != c.want {
			t.Errorf("RemoteURL(%s) = %q, want %q", c.path, got, c.want)
		}
		if c.site.Password != "" && strings.Contains(got, c.site.Password) {
			t.Errorf("%q holds the password", got)
		}
	}
}

// New empty file, New folder and enter it, and Copy URL from the remote
// pane's folder menu, on the embedded server.
func TestNewFileMkdirEnterCopyURL(t *testing.T) {
	l := newLive(t, liveOptions{})
	test.TapSecondary(l.m.Remote.List)
	tapText(t, l.overlay(), "New empty file")
	findEntry(t, l.overlay()).SetText("empty.txt")
	l.key(fyne.KeyReturn)
	l.until("the new file", func() bool { return entryIndex(l.m.Remote, "empty.txt") >= 0 })
	if fi, err := os.Stat(filepath.Join(l.root, "empty.txt")); err != nil || fi.Size() != 0 {
		t.Fatalf("empty.txt on the server: %v %v", fi, err)
	}

	// A name already there is refused, and the file keeps its bytes.
	before, _ := os.ReadFile(filepath.Join(l.root, "README.txt"))
	test.TapSecondary(l.m.Remote.List)
	tapText(t, l.overlay(), "New empty file")
	findEntry(t, l.overlay()).SetText("README.txt")
	l.key(fyne.KeyReturn)
	l.until("the refusal", func() bool { return l.m.Remote.Model.State().Err != nil })
	if after, _ := os.ReadFile(filepath.Join(l.root, "README.txt")); string(after) != string(before) || len(before) == 0 {
		t.Fatalf("README.txt was changed: %d bytes, was %d", len(after), len(before))
	}

	test.TapSecondary(l.m.Remote.List)
	tapText(t, l.overlay(), "New folder and enter it")
	findEntry(t, l.overlay()).SetText("fresh")
	l.key(fyne.KeyReturn)
	l.until("the pane in the new folder", func() bool {
		s := l.m.Remote.Model.State()
		return s.Path == "/fresh" && !s.Loading
	})

	test.TapSecondary(l.m.Remote.List)
	tapText(t, l.overlay(), "Copy URL")
	got := fyne.CurrentApp().Clipboard().Content()
	want := "ftp://demo@" + l.srv.Addr() + "/fresh"
	if got != want {
		t.Errorf("clipboard %q, want %q", got, want)
	}
}
