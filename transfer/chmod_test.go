package transfer_test

import (
	"io/fs"
	"testing"

	"portside/transfer"
)

func TestParseMode(t *testing.T) {
	for _, c := range []struct {
		in   string
		want uint32
		ok   bool
	}{
		{"644", 0o644, true}, {"0755", 0o755, true}, {"1777", 0o1777, true}, {" 7 ", 0o7, true},
		{"", 0, false}, {"888", 0, false}, {"12345", 0, false}, {"u+x", 0, false}, {"-1", 0, false},
	} {
		got, err := transfer.ParseMode(c.in)
		if (err == nil) != c.ok || got != c.want {
			t.Errorf("ParseMode(%q) = %o, %v; want %o, ok %v", c.in, got, err, c.want, c.ok)
		}
	}
}

func TestModeFromPerm(t *testing.T) {
	for _, c := range []struct {
		in   string
		want uint32
		ok   bool
	}{
		{"rwxr-xr-x", 0o755, true}, {"-rw-r--r--", 0o644, true}, {"drwxrwxrwt", 0o1777, true},
		{"rwsr-Sr-T", 0o7744, true}, {"---------", 0, true},
		{"adfrw", 0, false}, {"", 0, false}, {"rwxrwxrwz", 0, false}, {"xwrr-xr-x", 0, false},
	} {
		got, ok := transfer.ModeFromPerm(c.in)
		if ok != c.ok || got != c.want {
			t.Errorf("ModeFromPerm(%q) = %o, %v; want %o, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

func TestFileMode(t *testing.T) {
	for bits, want := range map[uint32]fs.FileMode{
		0o644:  0o644,
		0o4755: fs.ModeSetuid | 0o755,
		0o3770: fs.ModeSetgid | fs.ModeSticky | 0o770,
	} {
		if got := transfer.FileMode(bits); got != want {
			t.Errorf("FileMode(%o) = %v, want %v", bits, got, want)
		}
	}
}
