package ui

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// Golden tests must not depend on timing. Fyne applies a theme change in
// the background: Settings().SetTheme returns before the window has it,
// and under load a capture came first (TestSiteManagerScreenshot wrote a
// half-drawn image). test.ApplyTheme waits until the theme is applied; this
// test keeps the racy call out of ui's tests.
var racyTheme = regexp.MustCompile(`Settings\(\)\.SetTheme\(`)

func TestTestsApplyThemesAndWait(t *testing.T) {
	files, err := filepath.Glob("*_test.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(b), "\n") {
			code, _, _ := strings.Cut(line, "//")
			if racyTheme.MatchString(code) && !strings.Contains(code, "racyTheme") {
				t.Errorf("%s:%d sets the theme without waiting for it; use test.ApplyTheme(t, th)", f, i+1)
			}
		}
	}
}
