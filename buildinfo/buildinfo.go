// Package buildinfo says which Portside this is: the version from
// FyneApp.toml, the commit and date it was built from, the Go and Fyne
// versions, and the licences of the modules linked in. `--version` of both
// binaries and Help → About show the same Info.
package buildinfo

import (
	"bufio"
	"bytes"
	"fmt"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"

	"portside"
)

// Set by the Makefile with -ldflags "-X portside/buildinfo.commit=… -X
// portside/buildinfo.date=… -X portside/buildinfo.modified=true". Without
// them the Go tool's VCS stamp (debug.ReadBuildInfo) gives the commit and
// its time; that stamp is off where GOFLAGS has -buildvcs=false (this
// project's machines) and in a build from an unpacked source archive, and
// then the fields say "unknown".
var (
	commit   string
	date     string
	modified string
)

// fyneModule is the module whose version the About box names.
const fyneModule = "fyne.io/fyne/v2"

// Info is what `--version` prints and Help → About shows.
type Info struct {
	Version  string // FyneApp.toml's [Details] Version, e.g. "0.1.0"
	Build    int    // FyneApp.toml's [Details] Build
	Commit   string // full hash, or "unknown"
	Modified bool   // built from a tree with uncommitted changes
	Date     string // RFC 3339, UTC; the build's date, else the commit's
	Go       string // e.g. "go1.26.8"
	Platform string // e.g. "linux/amd64"
	Fyne     string // e.g. "v2.8.1"; empty in portside-cli, which does not link Fyne
	Deps     []debug.Module
}

// Read gathers Info from the running binary.
func Read() Info {
	bi, _ := debug.ReadBuildInfo() // nil in a binary built without module support
	in := read(portside.FyneAppTOML, bi, commit, date)
	in.Modified = in.Modified || modified == "true"
	return in
}

func read(toml []byte, bi *debug.BuildInfo, commit, date string) Info {
	in := Info{Go: runtime.Version(), Platform: runtime.GOOS + "/" + runtime.GOARCH}
	in.Version, in.Build = appVersion(toml)
	var vcsRev, vcsTime string
	if bi != nil {
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				vcsRev = s.Value
			case "vcs.time":
				vcsTime = s.Value
			case "vcs.modified":
				in.Modified = s.Value == "true"
			}
		}
		for _, m := range bi.Deps {
			patched := false
			if r := m.Replace; r != nil && LocalPath(r.Path) {
				// A copy on the build machine (make's patched Fyne,
				// third_party/fyne): upstream's module and version, with
				// the patch said, not the build machine's path.
				patched = true
				m = &debug.Module{Path: m.Path, Version: m.Version, Sum: m.Sum}
			} else if r != nil {
				m = r
			}
			if m.Path == fyneModule {
				in.Fyne = m.Version
				if patched {
					in.Fyne += " " + PatchedNote
				}
			}
			in.Deps = append(in.Deps, *m)
		}
	}
	in.Commit = firstOf(commit, vcsRev, "unknown")
	in.Date = firstOf(date, vcsTime, "unknown")
	return in
}

func firstOf(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

// appVersion reads Version and Build from the [Details] table of
// FyneApp.toml. The file is ours and flat (key = value lines), so a line
// reader does instead of a TOML library; a test holds it to the real file.
func appVersion(toml []byte) (version string, build int) {
	version = "unknown"
	section := ""
	sc := bufio.NewScanner(bytes.NewReader(toml))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "[") {
			section = strings.Trim(line, "[] ")
			continue
		}
		key, val, ok := strings.Cut(line, "=")
		if !ok || section != "Details" {
			continue
		}
		val = strings.TrimSpace(val)
		switch strings.TrimSpace(key) {
		case "Version":
			if v, err := strconv.Unquote(val); err == nil && v != "" {
				version = v
			}
		case "Build":
			if n, err := strconv.Atoi(val); err == nil {
				build = n
			}
		}
	}
	return version, build
}

// ShortCommit is the first 12 hex digits, as `git log` users know them.
func (in Info) ShortCommit() string {
	if len(in.Commit) > 12 {
		return in.Commit[:12]
	}
	return in.Commit
}

// Lines are the facts one per line, "label: value", for --version and the
// About box alike. name is the program ("portside", "portside-cli").
func (in Info) Lines(name string) []string {
	c := in.ShortCommit()
	if in.Modified {
		c += " (with uncommitted changes)"
	}
	l := []string{
		fmt.Sprintf("%s %s (build %d)", name, in.Version, in.Build),
		"commit: " + c,
		"built:  " + in.Date,
		"go:     " + in.Go + " " + in.Platform,
	}
	if in.Fyne != "" {
		l = append(l, "fyne:   "+in.Fyne)
	}
	return l
}

// Text is Lines joined, ending in a newline, for --version.
func (in Info) Text(name string) string {
	return strings.Join(in.Lines(name), "\n") + "\n"
}

// PatchedNote follows the version of a module that was built from a patched
// copy: Fyne, with third_party/fyne's patch.
const PatchedNote = "(with Portside's patch)"

// LocalPath reports whether a go.mod replacement names a directory rather
// than a module: "./x", "../x" or an absolute path.
func LocalPath(p string) bool {
	return strings.HasPrefix(p, "./") || strings.HasPrefix(p, "../") || filepath.IsAbs(p) || strings.HasPrefix(p, "/")
}
