package buildinfo

import (
	"runtime/debug"
	"strings"
	"testing"

	"portside"
)

func TestAppVersion(t *testing.T) {
	cases := []struct {
		name, toml string
		version    string
		build      int
	}{
		{"details", "[Details]\nName = \"P\"\nVersion = \"1.2.3\"\nBuild = 7\n", "1.2.3", 7},
		{"spaces and comments", "# c\n[ Details ]\n  Version=\"0.9.0\"  \n Build = 2\n", "0.9.0", 2},
		{"version in another table is not ours", "[LinuxAndBSD]\nVersion = \"9.9.9\"\n[Details]\nBuild = 1\n", "unknown", 1},
		{"no details", "[Migrations]\nfyneDo = true\n", "unknown", 0},
		{"unquoted is refused", "[Details]\nVersion = 1.0\n", "unknown", 0},
		{"empty", "", "unknown", 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v, b := appVersion([]byte(c.toml))
			if v != c.version || b != c.build {
				t.Errorf("appVersion = %q, %d; want %q, %d", v, b, c.version, c.build)
			}
		})
	}
}

// The real FyneApp.toml, as embedded, must give a version: the packager,
// --version and About all read it.
func TestEmbeddedFyneApp(t *testing.T) {
	v, b := appVersion(portside.FyneAppTOML)
	if v == "unknown" || strings.Count(v, ".") != 2 || b < 1 {
		t.Fatalf("FyneApp.toml gives version %q build %d; want x.y.z and a build ≥ 1", v, b)
	}
}

func TestRead(t *testing.T) {
	toml := []byte("[Details]\nVersion = \"0.1.0\"\nBuild = 3\n")
	vcs := &debug.BuildInfo{
		Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: "0123456789abcdef0123"},
			{Key: "vcs.time", Value: "2026-12-01T10:00:00Z"},
			{Key: "vcs.modified", Value: "true"},
		},
		Deps: []*debug.Module{
			{Path: "fyne.io/fyne/v2", Version: "v2.8.1"},
			{Path: "github.com/jlaffaye/ftp", Version: "v0.2.4", Replace: &debug.Module{Path: "example.com/ftp", Version: "v0.2.5"}},
		},
	}
	// make builds Fyne from a patched copy in .cache (third_party/fyne).
	patched := &debug.BuildInfo{Deps: []*debug.Module{
		{Path: "fyne.io/fyne/v2", Version: "v2.8.1", Replace: &debug.Module{Path: "/home/dev/portside/.cache/fyne-patch/fyne-v2.8.1", Version: "(devel)"}},
	}}
	cases := []struct {
		name          string
		bi            *debug.BuildInfo
		commit, date  string
		wantCommit    string
		wantDate      string
		wantModified  bool
		wantFyne      string
		wantDepsPaths string
	}{
		{"vcs stamp only", vcs, "", "", "0123456789abcdef0123", "2026-12-01T10:00:00Z", true, "v2.8.1", "fyne.io/fyne/v2 example.com/ftp"},
		{"ldflags win over the stamp", vcs, "feedface", "2026-12-02T08:00:00Z", "feedface", "2026-12-02T08:00:00Z", true, "v2.8.1", "fyne.io/fyne/v2 example.com/ftp"},
		{"a patched copy of Fyne", patched, "", "", "unknown", "unknown", false, "v2.8.1 (with Portside's patch)", "fyne.io/fyne/v2"},
		{"no build info", nil, "", "", "unknown", "unknown", false, "", ""},
		{"no vcs", &debug.BuildInfo{}, "", "", "unknown", "unknown", false, "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := read(toml, c.bi, c.commit, c.date)
			var paths []string
			for _, d := range in.Deps {
				paths = append(paths, d.Path)
			}
			if in.Version != "0.1.0" || in.Build != 3 || in.Commit != c.wantCommit || in.Date != c.wantDate ||
				in.Modified != c.wantModified || in.Fyne != c.wantFyne || strings.Join(paths, " ") != c.wantDepsPaths || in.Go == "" {
				t.Errorf("read = %+v", in)
			}
		})
	}
}

func TestText(t *testing.T) {
	in := Info{Version: "0.1.0", Build: 1, Commit: "0123456789abcdef", Date: "2026-12-01T10:00:00Z", Go: "go1.26.8", Platform: "linux/amd64"}
	cli := in.Text("portside-cli")
	want := "portside-cli 0.1.0 (build 1)\ncommit: 0123456789ab\nbuilt:  2026-12-01T10:00:00Z\ngo:     go1.26.8 linux/amd64\n"
	if cli != want {
		t.Errorf("cli text:\n%s\nwant:\n%s", cli, want)
	}
	in.Fyne, in.Modified = "v2.8.1", true
	gui := in.Text("portside")
	for _, s := range []string{"portside 0.1.0 (build 1)\n", "commit: 0123456789ab (with uncommitted changes)\n", "fyne:   v2.8.1\n"} {
		if !strings.Contains(gui, s) {
			t.Errorf("window text lacks %q:\n%s", s, gui)
		}
	}
}

func TestLicenses(t *testing.T) {
	in := Info{Deps: []debug.Module{
		{Path: "fyne.io/fyne/v2", Version: "v2.8.1"},
		{Path: "github.com/go-gl/glfw/v3.4/glfw"},
		{Path: "example.com/not-in-the-list", Version: "v1.0.0"},
	}}
	got := map[string]License{}
	for _, l := range in.Licenses() {
		got[l.Module] = l
	}
	cases := []struct{ module, name, textHas string }{
		{"std", "BSD-3-Clause", "The Go Authors"},
		{"fyne.io/fyne/v2", "BSD-3-Clause", "Redistribution and use in source and binary forms"},
		{"github.com/go-gl/glfw/v3.4/glfw", "BSD-3-Clause", "Redistribution"},
		{"GLFW (C library, built in)", "Zlib", "Camilla"},
		{"example.com/not-in-the-list", "unknown", ""},
	}
	for _, c := range cases {
		l, ok := got[c.module]
		if !ok || l.Name != c.name || !strings.Contains(l.Text, c.textHas) {
			t.Errorf("%s: got %+v (listed %v); want licence %s with %q", c.module, l.Name, ok, c.name, c.textHas)
		}
	}
	if len(got) != len(cases) {
		t.Errorf("got %d licences, want %d: only what the binary links", len(got), len(cases))
	}
}
