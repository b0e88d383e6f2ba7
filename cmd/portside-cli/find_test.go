package main

import (
	"slices"
	"strings"
	"testing"
)

// find on the demo server: one path a line, globs and substrings, the
// type and depth flags, and usage errors.
func TestFindCLI(t *testing.T) {
	cases := []struct {
		name   string
		args   []string
		code   int
		want   []string // lines, in any order
		stderr string
	}{
		{"glob below a folder", []string{"--demo", "find", "/public_html", "*.css"}, exitOK,
			[]string{"/public_html/css/site.css"}, ""},
		{"substring, any case", []string{"--demo", "find", "/", "readme"}, exitOK, []string{"/README.txt"}, ""},
		{"folders only", []string{"--demo", "find", "/public_html", "", "--type", "d"}, exitOK,
			[]string{"/public_html/css", "/public_html/img"}, ""},
		{"depth 1", []string{"--demo", "find", "/", "*.css", "--depth", "1"}, exitOK, nil, ""},
		{"case sensitive", []string{"--demo", "find", "/", "readme", "--case"}, exitOK, nil, ""},
		// The demo's files are dated 2026-11-06 to 2026-11-20; its folders
		// are made when it starts.
		{"older than a date", []string{"--demo", "find", "/", "*.txt", "--older", "2026-11-21"}, exitOK,
			[]string{"/README.txt", "/Rapports annuels/résumé 2025.txt"}, ""},
		{"newer than a date", []string{"--demo", "find", "/", "*.txt", "--newer", "2026-11-21"}, exitOK, nil, ""},
		{"folders newer than an hour ago", []string{"--demo", "find", "/", "", "--type", "d", "--depth", "1", "--newer", "1h"}, exitOK,
			[]string{"/Rapports annuels", "/backups", "/camera", "/incoming", "/public_html"}, ""},
		{"a span", []string{"--demo", "find", "/", "", "--type", "f", "--newer", "2026-11-01", "--older", "2026-11-01 00:01"}, exitOK, nil, ""},
		{"bad date", []string{"--demo", "find", "/", "x", "--newer", "last week"}, exitUsage, nil, "--newer"},
		{"bad glob", []string{"--demo", "find", "/", "[a-"}, exitUsage, nil, "pattern"},
		{"one argument", []string{"--demo", "find", "/"}, exitUsage, nil, "URL PATTERN"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, out, errs := runCLI(t, nil, "", c.args...)
			if code != c.code || !strings.Contains(errs, c.stderr) {
				t.Fatalf("exit %d, stderr %q; want %d, %q", code, errs, c.code, c.stderr)
			}
			var lines []string
			for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
				if l != "" {
					lines = append(lines, l)
				}
			}
			if strings.Join(sorted(lines), "\n") != strings.Join(sorted(c.want), "\n") {
				t.Errorf("printed %q, want %q", lines, c.want)
			}
		})
	}
}

func sorted(s []string) []string {
	out := slices.Clone(s)
	slices.Sort(out)
	return out
}
