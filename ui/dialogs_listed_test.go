package ui

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// Every dialog, pop-up and menu the code can open must be in the
// real-window script, which opens each one in the real app and checks that
// the app survives it (scripts/dialogs-xvfb.sh). Fyne's test driver does
// not catch everything: in Fyne 2.8.1 resizing a file dialog before Show
// passed every test here and killed the real app. So each constructor call
// in ui/*.go carries a "// dialog: ID" tag (on the line above or the same
// line), and the script names each ID in an "open ID" step.

// dialogCall matches the calls that put something over the window:
// Fyne's constructors, and checkview.Show (the connection check's dialog,
// built in ui/checkview). Not a field that happens to be called dialog
// (f.dialog.Show()): the package name may not follow a dot.
var dialogCall = regexp.MustCompile(`(?:^|[^.\w])(dialog\.(New|Show)[A-Za-z]*|widget\.(New|Show)(Modal)?PopUp[A-Za-z]*|checkview\.Show)\(`)

var dialogTag = regexp.MustCompile(`//\s*dialog:\s*([a-z0-9-]+)`)

// scriptStep matches the script's steps: open ID (as its first word on a line).
var scriptStep = regexp.MustCompile(`(?m)^\s*open\s+([a-z0-9-]+)\b`)

// dialogsInCode returns, by ID, where each tagged constructor is, and the
// untagged constructor calls.
func dialogsInCode(t *testing.T, dir string) (tagged map[string]string, untagged []string) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	tagged = map[string]string{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(string(b), "\n")
		for i, line := range lines {
			code, _, _ := strings.Cut(line, "//")
			if !dialogCall.MatchString(code) {
				continue
			}
			where := filepath.Base(f) + ":" + strconv.Itoa(i+1)
			tag := dialogTag.FindStringSubmatch(line)
			if tag == nil && i > 0 {
				tag = dialogTag.FindStringSubmatch(lines[i-1])
			}
			if tag == nil {
				untagged = append(untagged, where)
				continue
			}
			if prev, dup := tagged[tag[1]]; dup {
				t.Errorf("dialog ID %q tags both %s and %s: give each its own", tag[1], prev, where)
			}
			tagged[tag[1]] = where
		}
	}
	return tagged, untagged
}

// The scan itself: what counts as a constructor, and where its tag may be.
func TestDialogScan(t *testing.T) {
	cases := []struct {
		name, src       string
		tagged, missing int
	}{
		{"tag above", "\t// dialog: a\n\td := dialog.NewCustom(\"t\", \"OK\", x, w)\n", 1, 0},
		{"tag on the line", "\tdialog.ShowInformation(\"t\", \"m\", w) // dialog: b\n", 1, 0},
		{"no tag", "\td := dialog.NewFileOpen(nil, w)\n", 0, 1},
		{"tag too far up", "\t// dialog: c\n\tx := 1\n\tdialog.ShowError(err, w)\n", 0, 1},
		{"pop-up menu", "\twidget.ShowPopUpMenuAtPosition(m, c, at)\n", 0, 1},
		{"modal pop-up", "\tp := widget.NewModalPopUp(o, c)\n", 0, 1},
		{"in a comment only", "\t// see dialog.NewCustom(…)\n", 0, 0},
		{"a type, not a call", "\tvar d *dialog.CustomDialog\n", 0, 0},
		{"a field named dialog", "\tf.dialog.Show()\n\tl.dialog = dialog.NewCustom(\"t\", \"OK\", x, w) // dialog: d\n", 1, 0},
		{"the check's dialog", "\tcheckview.Show(m.Window, v)\n", 0, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "x.go"), []byte("package x\n"+c.src), 0o644); err != nil {
				t.Fatal(err)
			}
			tagged, untagged := dialogsInCode(t, dir)
			if len(tagged) != c.tagged || len(untagged) != c.missing {
				t.Errorf("tagged %v, untagged %v; want %d and %d", tagged, untagged, c.tagged, c.missing)
			}
		})
	}
}

func TestEveryDialogIsInTheRealWindowScript(t *testing.T) {
	tagged, untagged := dialogsInCode(t, ".")
	for _, where := range untagged {
		t.Errorf("%s opens a dialog or pop-up without a \"// dialog: ID\" tag; tag it and add \"open ID\" to scripts/dialogs-xvfb.sh", where)
	}
	script, err := os.ReadFile(filepath.Join("..", "scripts", "dialogs-xvfb.sh"))
	if err != nil {
		t.Fatal(err)
	}
	inScript := map[string]bool{}
	for _, m := range scriptStep.FindAllStringSubmatch(string(script), -1) {
		inScript[m[1]] = true
	}
	var ids []string
	for id := range tagged {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		if !inScript[id] {
			t.Errorf("dialog %q (%s) is not opened by scripts/dialogs-xvfb.sh: add an \"open %s\" step", id, tagged[id], id)
		}
	}
	for id := range inScript {
		if _, ok := tagged[id]; !ok {
			t.Errorf("scripts/dialogs-xvfb.sh opens %q, which no \"// dialog: %s\" tag in ui/ names", id, id)
		}
	}
	if len(tagged) < 20 {
		t.Errorf("found only %d tagged dialogs; is the scan broken?", len(tagged))
	}
}
