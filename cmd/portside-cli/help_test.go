package main

import (
	"strings"
	"testing"
)

// TestHelpFlag: -h on a command prints its help once and exits 0, without
// a "flag: help requested" error after it.
func TestHelpFlag(t *testing.T) {
	cases := []struct {
		args []string
		want string // a flag the help lists
	}{
		{[]string{"-h"}, "-mode"},
		{[]string{"ls", "-h"}, "-json"},
		{[]string{"get", "-h"}, "-parallel"},
		{[]string{"put", "--help"}, "-exists"},
		{[]string{"sync", "-h"}, "-max-delete"},
	}
	for _, c := range cases {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			code, out, errs := runCLI(t, nil, "", c.args...)
			if code != exitOK {
				t.Errorf("exit %d, want 0", code)
			}
			all := out + errs
			if strings.Contains(all, "help requested") {
				t.Errorf("the help ends with an error:\n%s", all)
			}
			if n := strings.Count(all, c.want); n != 1 {
				t.Errorf("the help names %s %d times, want once:\n%s", c.want, n, all)
			}
		})
	}
}
