package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// compactTheme is the app's theme with less padding inside widgets. What
// sits around the file lists and the queue (their headers, the queue's
// buttons) uses it, as does the sync preview's list: Fyne's default rows
// are about 40 px tall, room for barely ten files, where FileZilla users
// expect 20-odd rows per pane. The lists that refresh all the time draw
// their rows compact themselves, outside any override (cell.go).
type compactTheme struct {
	innerPadding float32 // replaces the theme's (8 by default) around each row's text
}

// compact draws o with rows tight enough for a file list, whose rows also
// need room for a selection highlight.
func compact(o fyne.CanvasObject) *stableOverride {
	return newStableOverride(o, compactTheme{innerPadding: 3})
}

func (compactTheme) base() fyne.Theme { return fyne.CurrentApp().Settings().Theme() }

func (t compactTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	return t.base().Color(n, v)
}

func (t compactTheme) Font(s fyne.TextStyle) fyne.Resource { return t.base().Font(s) }

func (t compactTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return t.base().Icon(n) }

func (t compactTheme) Size(n fyne.ThemeSizeName) float32 {
	if n == theme.SizeNameInnerPadding {
		return t.innerPadding
	}
	return t.base().Size(n)
}
