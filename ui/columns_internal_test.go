package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"portside/i18n"
)

// In a narrow pane Name keeps roomyNameWidth while the fixed columns can
// still shrink (#11: at 800 px names were cut to "back…" while Modified
// kept its width); below that both give, Name down to minNameWidth.
func TestColumnWidthsKeepNameRoomy(t *testing.T) {
	test.NewTempApp(t)
	fixed := fixedColumnWidths()
	sum := fixed[0] + fixed[1] + fixed[2]
	full := roomyNameWidth + sum + 3*columnGap // the widest pane that shrinks a fixed column
	least := minNameWidth + minFixedShare*sum + 3*columnGap
	for _, tt := range []struct {
		name         string
		total        float32
		nameAtLeast  float32
		fixedShrunk  bool
		fixedAtLeast bool
	}{
		{"wide", full + 200, roomyNameWidth + 200, false, false},
		{"just wide enough", full, roomyNameWidth, false, false},
		{"a little narrower", full - 40, roomyNameWidth, true, false},
		{"narrower still", roomyNameWidth + minFixedShare*sum + 3*columnGap, roomyNameWidth, true, true},
		{"narrowest", least, minNameWidth, true, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			w := columnWidths(tt.total)
			if w[0] < tt.nameAtLeast-0.5 {
				t.Errorf("Name %.1f px, want at least %.1f", w[0], tt.nameAtLeast)
			}
			if got := w[1]+w[2]+w[3] < sum-0.5; got != tt.fixedShrunk {
				t.Errorf("fixed columns %.1f px of %.1f: shrunk %v, want %v", w[1]+w[2]+w[3], sum, got, tt.fixedShrunk)
			}
			if tt.fixedAtLeast && w[1] > fixed[0]*minFixedShare+0.5 {
				t.Errorf("Size %.1f px, want its least, %.1f", w[1], fixed[0]*minFixedShare)
			}
			if total := w[0] + w[1] + w[2] + w[3] + 3*columnGap; total > tt.total+0.5 {
				t.Errorf("the columns take %.1f px of %.1f", total, tt.total)
			}
		})
	}
}

// The fixed columns' widths are kept between layouts (issue #12), but
// measured again when the language or the theme's text size changes:
// "Permissions" and "权限" are not as wide.
func TestColumnWidthsFollowLanguageAndTheme(t *testing.T) {
	a := test.NewTempApp(t)
	t.Cleanup(func() { _ = UseLanguage(i18n.English) })
	measured := func() [3]float32 {
		th := a.Settings().Theme()
		return measureColumns(th.Size(theme.SizeNameText), th.Size(theme.SizeNameInnerPadding),
			th.Size(theme.SizeNameInlineIcon)+th.Size(theme.SizeNamePadding))
	}
	steps := []struct {
		name string
		do   func()
	}{
		{"English", func() { _ = UseLanguage(i18n.English) }},
		{"Chinese", func() { _ = UseLanguage(i18n.Chinese) }},
		{"a bigger text size", func() { test.ApplyTheme(t, sizedTheme{a.Settings().Theme(), 20}) }},
		{"English again", func() { _ = UseLanguage(i18n.English) }},
	}
	var last [3]float32
	for i, s := range steps {
		s.do()
		got := fixedColumnWidths()
		if want := measured(); got != want {
			t.Errorf("%s: kept widths %v, measured %v", s.name, got, want)
		}
		if i > 0 && got == last {
			t.Errorf("%s: the widths did not change (%v)", s.name, got)
		}
		last = got
	}
}

// sizedTheme is a theme with another text size.
type sizedTheme struct {
	fyne.Theme
	text float32
}

func (t sizedTheme) Size(n fyne.ThemeSizeName) float32 {
	if n == theme.SizeNameText {
		return t.text
	}
	return t.Theme.Size(n)
}
