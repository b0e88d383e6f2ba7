package local

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// Run under Wine by make test (GOOS=windows go test -exec wine64): Wine
// maps C: to its prefix's drive_c and Z: to the Linux root.
func TestDrives(t *testing.T) {
	var fs FS
	ctx := context.Background()
	entries, err := fs.List(ctx, DrivesRoot)
	if err != nil {
		t.Fatal(err)
	}
	found := map[string]bool{}
	for _, e := range entries {
		if !e.IsDir || len(e.Name) != 2 || e.Name[1] != ':' {
			t.Errorf("drive entry %+v is not a folder named like C:", e)
		}
		found[e.Name] = true
	}
	if !found["C:"] {
		t.Fatalf("no C: among %v", entries)
	}
	sys := os.Getenv("SystemDrive") // "C:"
	cases := []struct{ what, got, want string }{
		{"Join(root, C:)", fs.Join(DrivesRoot, "C:"), `C:\`},
		{"Dir(C:\\)", fs.Dir(`C:\`), DrivesRoot},
		{"Dir(C:)", fs.Dir(`C:`), DrivesRoot},
		{"Dir(root)", fs.Dir(DrivesRoot), DrivesRoot},
		{"Dir(C:\\Windows)", fs.Dir(`C:\Windows`), `C:\`},
		{"Join(C:\\, Windows)", fs.Join(`C:\`, "Windows"), `C:\Windows`},
		{"Dir(UNC folder)", fs.Dir(`\\server\share\dir`), `\\server\share\`},
		{"Dir(UNC share)", fs.Dir(`\\server\share\`), `\\server\share\`}, // the top, as filepath.Dir has it
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.what, c.got, c.want)
		}
	}
	// A drive's root lists like any folder.
	if _, err := fs.List(ctx, fs.Join(DrivesRoot, sys)); err != nil {
		t.Errorf("list %s: %v", filepath.Join(sys, `\`), err)
	}
}

func TestPermOnWindows(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		name string
		mode os.FileMode
		want string
	}{
		{"plain.txt", 0o666, ""},
		{"locked.txt", 0o444, "read-only"},
	}
	for _, c := range cases {
		p := filepath.Join(dir, c.name)
		os.WriteFile(p, []byte("x"), 0o666)
		os.Chmod(p, c.mode)
		e, err := FS{}.Stat(context.Background(), p)
		if err != nil || e.Perm != c.want {
			t.Errorf("%s: Perm %q, %v; want %q", c.name, e.Perm, err, c.want)
		}
		os.Chmod(p, 0o666) // so that the cleanup can delete it
	}
}
