package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"portside/transfer"
)

// Fyne's own fonts draw Latin, Greek, Cyrillic and symbols; CJK needs a
// system font.
func TestCoverageOfFynesFonts(t *testing.T) {
	test.NewTempApp(t)
	c := newCoverage(false)
	for _, tt := range []struct {
		r    rune
		want bool
	}{{'a', true}, {'é', true}, {'Ж', true}, {'Ω', true}, {'→', true}, {'日', false}, {'あ', false}, {'한', false}} {
		if got := c.covers(tt.r); got != tt.want {
			t.Errorf("Fyne's fonts cover %c: %v, want %v", tt.r, got, tt.want)
		}
	}
}

// With the CJK font scripts/deps.sh installs, the system's fonts cover
// Chinese, Japanese and Korean.
func TestCoverageWithSystemCJKFont(t *testing.T) {
	if _, err := os.Stat("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"); err != nil {
		t.Skip("fonts-wqy-microhei is not installed (scripts/deps.sh installs it)")
	}
	test.NewTempApp(t)
	t.Setenv("XDG_CACHE_HOME", filepath.Join(t.TempDir(), "cache")) // the font index
	c := newCoverage(true)
	for _, r := range "日本語あア한" {
		if !c.covers(r) {
			t.Errorf("no font covers %c (%U) with fonts-wqy-microhei installed", r, r)
		}
	}
}

// The first name with a character no font has is reported, once.
func TestGlyphCheckReportsOnce(t *testing.T) {
	var reports []string
	g := &glyphCheck{
		covers: func(r rune) bool { return r < 0x3000 }, // no CJK
		report: func(name string, r rune) { reports = append(reports, glyphReport(name, r)) },
	}
	list := func(names ...string) []transfer.Entry {
		var out []transfer.Entry
		for _, n := range names {
			out = append(out, transfer.Entry{Name: n})
		}
		return out
	}
	g.check(list("a.txt", "café.txt", "Ωmega"))
	if len(reports) != 0 {
		t.Fatalf("reported covered names: %q", reports)
	}
	g.check(list("readme", "日本語.txt", "中文.txt"))
	g.check(list("한국어.txt"))
	if len(reports) != 1 || !strings.Contains(reports[0], "日本語.txt") || !strings.Contains(reports[0], "U+65E5") ||
		!strings.Contains(reports[0], "fonts-wqy-microhei") {
		t.Errorf("reports %q, want one about 日本語.txt naming the font package", reports)
	}
}
