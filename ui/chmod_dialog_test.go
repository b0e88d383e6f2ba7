package ui_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"portside/transfer"
	"portside/ui"
)

// The form starts from the listing's mode when the entries share one, and
// keeps the boxes and the numeric value in step both ways.
func TestChmodForm(t *testing.T) {
	test.NewTempApp(t)
	cases := []struct {
		name      string
		entries   []transfer.Entry
		start     string
		recursion bool // offered
		edit      func(f *ui.ChmodForm)
		want      uint32 // noValue: OK must not take it
	}{
		{"file from listing", []transfer.Entry{{Name: "a", Perm: "rw-r--r--"}}, "644", false, nil, 0o644},
		{"tick group write", []transfer.Entry{{Name: "a", Perm: "rw-r--r--"}}, "644", false,
			func(f *ui.ChmodForm) { f.Boxes[1][1].SetChecked(true) }, 0o664},
		{"untick owner read", []transfer.Entry{{Name: "a", Perm: "rw-r--r--"}}, "644", false,
			func(f *ui.ChmodForm) { f.Boxes[0][0].SetChecked(false) }, 0o244},
		{"type a number", []transfer.Entry{{Name: "a", Perm: "rw-r--r--"}}, "644", false,
			func(f *ui.ChmodForm) { f.Numeric.SetText("751") }, 0o751},
		{"sticky kept through a box", []transfer.Entry{{Name: "tmp", IsDir: true, Perm: "rwxrwxrwt"}}, "1777", true,
			func(f *ui.ChmodForm) { f.Boxes[2][1].SetChecked(false) }, 0o1775},
		{"modes differ: no value", []transfer.Entry{{Name: "a", Perm: "rw-r--r--"}, {Name: "b", Perm: "rwx------"}}, "", false, nil, noValue},
		{"MLSD perm fact: no value", []transfer.Entry{{Name: "a", Perm: "adfrw"}}, "", false, nil, noValue},
		{"unknown, then a tick", []transfer.Entry{{Name: "a"}}, "", false,
			func(f *ui.ChmodForm) { f.Boxes[0][0].SetChecked(true) }, 0o400},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := ui.NewChmodForm(c.entries)
			if f.Numeric.Text != c.start {
				t.Errorf("starts at %q, want %q", f.Numeric.Text, c.start)
			}
			if c.edit != nil {
				c.edit(f)
			}
			got, err := f.Mode()
			if c.want == noValue {
				if err == nil {
					t.Fatalf("Mode = %o with no value given", got)
				}
				return
			}
			if err != nil || got != c.want {
				t.Fatalf("Mode = %o, %v; want %o", got, err, c.want)
			}
			for who := 0; who < 3; who++ {
				for what := 0; what < 3; what++ {
					if on := got&(1<<(8-3*who-what)) != 0; f.Boxes[who][what].Checked != on {
						t.Errorf("box %d/%d is %v, the mode says %v", who, what, f.Boxes[who][what].Checked, on)
					}
				}
			}
			if f.Recurse.Visible() && f.Recursion() != transfer.RecurseNone {
				t.Error("recursion is on before it is asked for")
			}
		})
	}
}

const noValue = 0xffffffff

// The menu's File permissions… on the embedded server: the dialog shows
// the file's mode from the listing, and OK changes it on disk; on a folder
// with "files only" the files below change and the folder below does not.
func TestChmodFromMenu(t *testing.T) {
	cases := []struct {
		name    string
		pick    string
		numeric string
		recurse string // "": no recursion
		want    map[string]os.FileMode
	}{
		{"one file", "README.txt", "600", "", map[string]os.FileMode{"README.txt": 0o600}},
		{"folder, files only", "public_html", "740", "Apply to files only",
			map[string]os.FileMode{"public_html": 0o740, "public_html/index.html": 0o740, "public_html/css/site.css": 0o740, "public_html/css": 0o755}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l := newLive(t, liveOptions{})
			click(l.row(l.m.Remote, c.pick), 0)
			test.TapSecondary(l.row(l.m.Remote, c.pick).(fyne.SecondaryTappable))
			tapText(t, l.overlay(), "File permissions…")
			f := l.m.Files.Chmod
			// The embedded server's MLSD has no mode (ftpserverlib sends
			// type, size and modify only): the dialog must start with no
			// value rather than 000. Real servers' modes are in
			// TestChmodForm's and transfer/ftp's tests.
			if f.Numeric.Text != "" {
				t.Errorf("the dialog starts at %q without a mode in the listing", f.Numeric.Text)
			}
			f.Numeric.SetText(c.numeric)
			if c.recurse != "" {
				f.Recurse.SetChecked(true)
				f.Scope.SetSelected(c.recurse)
			}
			tapText(t, l.overlay(), "OK")
			l.until("the status line", func() bool { return strings.HasPrefix(l.m.Status.Text, "Set the permissions") })
			for rel, want := range c.want {
				fi, err := os.Stat(filepath.Join(l.root, filepath.FromSlash(rel)))
				if err != nil {
					t.Fatal(err)
				}
				if fi.Mode().Perm() != want {
					t.Errorf("%s is %o, want %o", rel, fi.Mode().Perm(), want)
				}
			}
		})
	}
}
