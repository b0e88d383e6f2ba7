package ui_test

import (
	"runtime/debug"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"portside/buildinfo"
	"portside/ui"
)

func TestAboutShowsVersionAndLicences(t *testing.T) {
	test.NewTempApp(t)
	in := buildinfo.Info{Version: "0.1.0", Build: 1, Commit: "0123456789abcdef", Date: "2026-12-01T10:00:00Z",
		Go: "go1.26.8", Platform: "linux/amd64", Fyne: "v2.8.1",
		Deps: []debug.Module{{Path: "fyne.io/fyne/v2", Version: "v2.8.1"}, {Path: "github.com/jlaffaye/ftp", Version: "v0.2.4"}}}
	a := ui.NewAbout(in)
	test.NewTempWindow(t, a.Content).Resize(fyne.NewSize(700, 460))

	for _, want := range []string{"Portside 0.1.0 (build 1)", "commit: 0123456789ab", "built:  2026-12-01T10:00:00Z", "go:     go1.26.8 linux/amd64", "fyne:   v2.8.1"} {
		if !strings.Contains(a.Facts.Text, want) {
			t.Errorf("facts lack %q:\n%s", want, a.Facts.Text)
		}
	}
	test.Tap(a.Copy)
	if got := fyne.CurrentApp().Clipboard().Content(); got != a.Facts.Text {
		t.Errorf("Copy put %q on the clipboard", got)
	}

	cases := []struct {
		row       int
		line      string
		textHas   string
		textLacks string
	}{
		{0, "Go standard library go1.26.8 — BSD-3-Clause", "Copyright 2009 The Go Authors", "Permission to use"},
		{1, "fyne.io/fyne/v2 v2.8.1 — BSD-3-Clause", "Fyne.io developers", "Go Authors"},
		{2, "github.com/jlaffaye/ftp v0.2.4 — ISC", "Permission to use, copy, modify", "Redistribution"},
	}
	if a.List.Length() != len(cases) {
		t.Fatalf("%d licences listed, want %d (std and the two linked modules)", a.List.Length(), len(cases))
	}
	for _, c := range cases {
		a.List.Select(c.row)
		row := widget.NewLabel("")
		a.List.UpdateItem(c.row, row)
		if row.Text != c.line {
			t.Errorf("row %d reads %q, want %q", c.row, row.Text, c.line)
		}
		if !strings.HasPrefix(a.Text.Text, c.line) || !strings.Contains(a.Text.Text, c.textHas) || strings.Contains(a.Text.Text, c.textLacks) {
			t.Errorf("row %d shows the wrong text:\n%.300s", c.row, a.Text.Text)
		}
	}
}

func TestHelpMenuOpensAbout(t *testing.T) {
	m, _ := newWindow(t, nil)
	var about *fyne.MenuItem
	for _, menu := range m.Window.MainMenu().Items {
		for _, it := range menu.Items {
			if menu.Label == "Help" && it.Label == "About Portside" {
				about = it
			}
		}
	}
	if about == nil {
		t.Fatal("Help has no About Portside")
	}
	about.Action()
	top := m.Window.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("About opened no dialog")
	}
	var texts []string
	for _, o := range test.LaidOutObjects(top) {
		if l, ok := o.(*widget.Label); ok {
			texts = append(texts, l.Text)
		}
	}
	all := strings.Join(texts, "\n")
	// A test binary carries no module list (debug.ReadBuildInfo has no
	// Deps under go test), so only the standard library's row shows here;
	// TestAboutShowsVersionAndLicences covers the linked modules.
	in := buildinfo.Read()
	for _, want := range []string{"Portside " + in.Version, "Go standard library " + in.Go + " — BSD-3-Clause", "The Go Authors"} {
		if !strings.Contains(all, want) {
			t.Errorf("the About dialog lacks %q:\n%s", want, all)
		}
	}
}
