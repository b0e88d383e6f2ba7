package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"portside/transfer/ftpd"
)

// TestChmodCLI runs `portside-cli chmod` against the embedded server (SITE
// CHMOD on) and one with SITE off, and checks the modes on disk.
func TestChmodCLI(t *testing.T) {
	pw := map[string]string{"PORTSIDE_PASSWORD": "s3cret"}
	cases := []struct {
		name   string
		noSite bool
		args   func(url string) []string
		code   int
		want   map[string]os.FileMode
		stderr string
	}{
		{"one file", false, func(u string) []string { return []string{"chmod", "600", u + "d/a.txt"} }, exitOK,
			map[string]os.FileMode{"d/a.txt": 0o600, "d/b.txt": 0o644, "d": 0o755}, ""},
		{"read-only", false, func(u string) []string { return []string{"chmod", "444", u + "d/a.txt"} }, exitOK,
			map[string]os.FileMode{"d/a.txt": 0o444, "d/b.txt": 0o644}, ""},
		{"tree", false, func(u string) []string { return []string{"chmod", "-R", "700", u + "d"} }, exitOK,
			map[string]os.FileMode{"d/a.txt": 0o700, "d/b.txt": 0o700, "d": 0o700}, ""},
		{"files only, flag after", false, func(u string) []string { return []string{"chmod", "640", u + "d", "-R", "--only", "files"} }, exitOK,
			map[string]os.FileMode{"d/a.txt": 0o640, "d/b.txt": 0o640, "d": 0o640}, ""},
		{"bad mode", false, func(u string) []string { return []string{"chmod", "u+x", u + "d"} }, exitUsage,
			map[string]os.FileMode{"d/a.txt": 0o644}, "octal"},
		{"only without -R", false, func(u string) []string { return []string{"chmod", "--only", "files", "644", u + "d"} }, exitUsage,
			nil, "--only needs -R"},
		{"server without SITE", true, func(u string) []string { return []string{"chmod", "600", u + "d/a.txt"} }, exitFail,
			map[string]os.FileMode{"d/a.txt": 0o644}, "does not support"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			root := t.TempDir()
			os.Mkdir(filepath.Join(root, "d"), 0o755)
			for _, f := range []string{"d/a.txt", "d/b.txt"} {
				if err := os.WriteFile(filepath.Join(root, f), []byte("x"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			srv, err := ftpd.Start(ftpd.Config{TLS: ftpd.TLSOff, Root: root, User: "alice", Password: "s3cret", NoSite: c.noSite})
			if err != nil {
				t.Fatal(err)
			}
			defer srv.Close()
			url := fmt.Sprintf("ftp://alice@127.0.0.1:%d/", srv.Port())
			code, out, errs := runCLI(t, pw, "", c.args(url)...)
			if code != c.code || !strings.Contains(errs, c.stderr) {
				t.Fatalf("exit %d, stdout %q, stderr %q; want %d and %q", code, out, errs, c.code, c.stderr)
			}
			for rel, want := range c.want {
				fi, err := os.Stat(filepath.Join(root, rel))
				if err != nil {
					t.Fatal(err)
				}
				if want = onDisk(want, fi.IsDir()); fi.Mode().Perm() != want {
					t.Errorf("%s is %o, want %o", rel, fi.Mode().Perm(), want)
				}
			}
		})
	}
}

// onDisk is the mode a file shows after a chmod to m. Windows keeps only
// the owner's write bit, as the read-only attribute, and Go shows that as
// 0444 or 0666 (a folder also 0111).
func onDisk(m os.FileMode, dir bool) os.FileMode {
	if runtime.GOOS != "windows" {
		return m
	}
	w := os.FileMode(0o444)
	if m&0o200 != 0 {
		w |= 0o222
	}
	if dir {
		w |= 0o111
	}
	return w
}
