package ui

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"github.com/go-text/typesetting/font"

	"portside/i18n"
	"portside/transfer"
	"portside/transfer/queue"
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

// Fyne draws a character its text font lacks from its symbol font
// ("→", "←", "↑"), which has no space; the shaper keeps a space after
// such a character in the symbol font's run, so "a → b" drew a box after
// the arrow. None of Portside's own texts, in any language, may put a
// space right after one.
func TestOwnTextsKeepSpacesOutOfSymbolRuns(t *testing.T) {
	parse := func(res fyne.Resource) *font.Face {
		f, err := font.ParseTTF(bytes.NewReader(res.Content()))
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	text, symbol := parse(theme.DefaultTextFont()), parse(theme.DefaultSymbolFont())
	boxed := func(s string) (rune, bool) {
		var prev rune
		for _, r := range s {
			if unicode.IsSpace(r) && prev != 0 {
				_, inText := text.NominalGlyph(prev)
				_, inSymbol := symbol.NominalGlyph(prev)
				if !inText && inSymbol {
					return prev, true
				}
			}
			prev = r
		}
		return 0, false
	}
	if r, bad := boxed("a → b"); !bad || r != '→' {
		t.Fatal("the check misses the arrow that drew a box")
	}

	texts := map[string]string{}
	files, err := i18n.FS.ReadDir(i18n.Dir)
	if err != nil || len(files) == 0 {
		t.Fatalf("no catalogues: %v", err)
	}
	for _, f := range files {
		data, err := i18n.FS.ReadFile(i18n.Dir + "/" + f.Name())
		if err != nil {
			t.Fatal(err)
		}
		var cat map[string]any
		if err := json.Unmarshal(data, &cat); err != nil {
			t.Fatalf("%s: %v", f.Name(), err)
		}
		for key, v := range cat {
			switch v := v.(type) {
			case string:
				texts[f.Name()+" "+key] = v
			case map[string]any: // plural forms
				for form, s := range v {
					if s, ok := s.(string); ok {
						texts[f.Name()+" "+key+"."+form] = s
					}
				}
			}
		}
	}
	for _, dir := range []queue.Direction{queue.Upload, queue.Download} {
		texts["DetailText "+dir.String()] = DetailText(queue.Item{Dir: dir, Src: "/a/x.txt", Dst: "/b/x.txt"})
	}
	for where, s := range texts {
		if r, bad := boxed(s); bad {
			t.Errorf("%s: a space after %q (%U) draws as a box: %q", where, r, r, s)
		}
	}
}
