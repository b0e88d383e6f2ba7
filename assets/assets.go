// Package assets holds the files built into the binary. Icon.png is
// icon.svg rasterised at 512×512 (the size `fyne package` wants); keep the
// two in step when the icon changes. lock.svg is the status bar's mark for
// an encrypted connection (drawn as an icon: the app is built without
// Fyne's emoji font, see the Makefile, so "🔒" is no glyph it always has).
package assets

import (
	_ "embed"

	"fyne.io/fyne/v2"
)

//go:embed Icon.png
var iconPNG []byte

// Icon is the application icon, for the window and the desktop entry.
var Icon = fyne.NewStaticResource("Icon.png", iconPNG)

//go:embed lock.svg
var lockSVG []byte

// Lock is a padlock, black on transparent: theme.NewThemedResource colours
// it for the theme.
var Lock = fyne.NewStaticResource("lock.svg", lockSVG)
