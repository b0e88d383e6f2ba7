package main

import (
	"strings"
	"testing"

	"portside/buildinfo"
)

// --version prints what buildinfo reads, with the program's name, and
// needs no command; it ends the run at once like -h.
func TestVersion(t *testing.T) {
	in := buildinfo.Read()
	cases := []struct {
		name string
		args []string
		want []string
	}{
		{"alone", []string{"--version"}, []string{"portside-cli " + in.Version + " (build", "commit: ", "built:  ", "go:     " + in.Go}},
		{"before a command", []string{"-version", "ls", "ftp://example.com/"}, []string{"portside-cli " + in.Version}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, out, errs := runCLI(t, nil, "", c.args...)
			if code != exitOK || errs != "" {
				t.Fatalf("exit %d, stderr %q", code, errs)
			}
			for _, w := range c.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
			if strings.Contains(out, "fyne:") {
				t.Errorf("portside-cli does not link Fyne, yet names it:\n%s", out)
			}
		})
	}
}
