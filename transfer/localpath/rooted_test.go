package localpath_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"portside/transfer/localpath"
)

// OpenIn and RenameIn never leave their root: not by the path's text
// (.., a sibling that shares the root's prefix), not through a link that
// is already there, whichever component it is.
func TestRootedStaysUnderRoot(t *testing.T) {
	root, outside := t.TempDir(), t.TempDir()
	os.Mkdir(filepath.Join(root, "in"), 0o755)
	// Wine 8 makes a link to a folder it cannot follow: that case is
	// skipped, saying so, the others run.
	noLink := os.Symlink(outside, filepath.Join(root, "link"))
	if fi, err := os.Stat(filepath.Join(root, "link")); noLink == nil && (err != nil || !fi.IsDir()) {
		noLink = fmt.Errorf("a link to a folder does not lead to it here: %v", err)
	}
	os.WriteFile(filepath.Join(root, "in", "a"), []byte("a"), 0o644)
	cases := []struct {
		name string
		path string
		ok   bool
	}{
		{"a file in a folder", filepath.Join(root, "in", "new"), true},
		{"dot dot", filepath.Join(root, "in", "..", "..", "x"), false},
		{"a sibling sharing the prefix", root + "x/file", false},
		{"the root itself", root, false},
		{"through a link to outside", filepath.Join(root, "link", "x"), false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if strings.Contains(tc.name, "link") && noLink != nil {
				t.Skip(noLink)
			}
			f, err := localpath.OpenIn(root, tc.path, os.O_CREATE|os.O_WRONLY, 0o644)
			if f != nil {
				f.Close()
			}
			if tc.ok != (err == nil) {
				t.Fatalf("OpenIn: %v, want ok=%v", err, tc.ok)
			}
			if !tc.ok && !errors.Is(err, localpath.ErrOutside) {
				t.Errorf("OpenIn: %v, want ErrOutside", err)
			}
			err = localpath.RenameIn(root, filepath.Join(root, "in", "a"), tc.path)
			if tc.ok != (err == nil) {
				t.Fatalf("RenameIn: %v, want ok=%v", err, tc.ok)
			}
			if tc.ok {
				os.Rename(tc.path, filepath.Join(root, "in", "a"))
			}
			if left, _ := os.ReadDir(outside); len(left) != 0 {
				t.Fatalf("wrote outside the root: %v", left)
			}
		})
	}
}
