package localpath_test

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"portside/internal/linktest"
	"portside/transfer"
	"portside/transfer/localpath"
)

func TestJoin(t *testing.T) {
	root := t.TempDir()
	outside := t.TempDir()
	os.Mkdir(filepath.Join(root, "real"), 0o755)
	noLinks := linktest.Reason(root)
	if noLinks == "" {
		os.Symlink(outside, filepath.Join(root, "link"))
		os.Symlink(filepath.Join(outside, "f"), filepath.Join(root, "real", "flink"))
	} else {
		t.Log("the link cases are left out:", noLinks)
	}
	cases := []struct {
		names []string
		want  string // relative to root; "" when refused
		err   error
	}{
		{[]string{"a.txt"}, "a.txt", nil},
		{[]string{"real", "b"}, "real/b", nil},
		{[]string{"new", "deeper", "c"}, "new/deeper/c", nil},
		{nil, ".", nil},
		{[]string{".."}, "", transfer.ErrBadName},
		{[]string{"real", ".."}, "", transfer.ErrBadName},
		{[]string{"../x"}, "", transfer.ErrBadName},
		{[]string{"/etc/passwd"}, "", transfer.ErrBadName},
		{[]string{""}, "", transfer.ErrBadName},
		{[]string{"a\x1b]0;t\a"}, "", transfer.ErrBadName},
		{[]string{"c1\u009bname"}, "", transfer.ErrBadName},
		{[]string{"link", "x"}, "", localpath.ErrLink},
		{[]string{"link"}, "", localpath.ErrLink},
		{[]string{"real", "flink"}, "", localpath.ErrLink},
		{[]string{"\u202etxt.exe"}, "\u202etxt.exe", nil}, // legal; shown escaped
	}
	for _, tc := range cases {
		if tc.err == localpath.ErrLink && noLinks != "" {
			continue
		}
		got, err := localpath.Join(root, tc.names...)
		if tc.err != nil {
			if !errors.Is(err, tc.err) {
				t.Errorf("Join(%q) = %q, %v; want %v", tc.names, got, err, tc.err)
			}
			continue
		}
		if want := filepath.Join(root, tc.want); err != nil || got != want {
			t.Errorf("Join(%q) = %q, %v; want %q", tc.names, got, err, want)
		}
	}
	if _, err := localpath.Join("relative", "x"); !errors.Is(err, localpath.ErrOutside) {
		t.Errorf("relative root: %v", err)
	}
}

func TestCheck(t *testing.T) {
	root := t.TempDir()
	noLinks := linktest.Reason(root)
	if noLinks == "" {
		os.Symlink(t.TempDir(), filepath.Join(root, "link"))
	} else {
		t.Log("the link case is left out:", noLinks)
	}
	cases := []struct {
		p  string
		ok bool
	}{
		{filepath.Join(root, "new"), true},
		{root, true},
		{filepath.Join(root, "link"), false},
		{"", false},
		{"relative/x", false},
		{root + "/a/../b", false},
		{"/", false},
	}
	for _, tc := range cases {
		if filepath.Base(tc.p) == "link" && noLinks != "" {
			continue
		}
		if err := localpath.Check(tc.p); (err == nil) != tc.ok {
			t.Errorf("Check(%q) = %v", tc.p, err)
		}
	}
}

// FuzzJoin: whatever the names, a path Join returns is under the root and
// every name it used is one element.
func FuzzJoin(f *testing.F) {
	for _, s := range []string{"a", "..", "../x", "a/b", `a\b`, "\x00", "\u202e", "\u0085", ".", " ", "a..b"} {
		f.Add(s, "b")
	}
	root := f.TempDir()
	f.Fuzz(func(t *testing.T, a, b string) {
		p, err := localpath.Join(root, a, b)
		if err != nil {
			return
		}
		if !localpath.Under(root, p) || p == root {
			t.Fatalf("Join(%q, %q) = %q: not below %q", a, b, p, root)
		}
		rel, _ := filepath.Rel(root, p)
		if parts := strings.Split(rel, string(filepath.Separator)); len(parts) != 2 || parts[0] != a || parts[1] != b {
			t.Fatalf("Join(%q, %q) = %q", a, b, p)
		}
	})
}

// What the checks cost a download's item: one Lstat per existing
// component below the root.
func BenchmarkJoin(b *testing.B) {
	root := b.TempDir()
	os.MkdirAll(filepath.Join(root, "a", "b"), 0o755)
	for b.Loop() {
		if _, err := localpath.Join(root, "a", "b", "file.txt"); err != nil {
			b.Fatal(err)
		}
	}
}

// On Windows a server's name that Windows cannot create (a device name,
// a colon, a trailing dot) is refused by the one path builder with the
// Windows reason, before anything touches the disk. Run under Wine by
// make windows-test.
func TestJoinRefusesWindowsNames(t *testing.T) {
	if runtime.GOOS != "windows" {
		t.Skip("the Windows name rules apply on Windows")
	}
	root := t.TempDir()
	for _, name := range []string{"CON", "nul.txt", "a:b", "trailing.", "space "} {
		if _, err := localpath.Join(root, name); !errors.Is(err, transfer.ErrWindowsName) {
			t.Errorf("Join(root, %q) = %v, want ErrWindowsName", name, err)
		}
	}
}
