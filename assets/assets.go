// Package assets holds the files built into the binary. Icon.png is
// icon.svg rasterised at 512×512 (the size `fyne package` wants); keep the
// two in step when the icon changes.
package assets

import (
	_ "embed"

	"fyne.io/fyne/v2"
)

//go:embed Icon.png
var iconPNG []byte

// Icon is the application icon, for the window and the desktop entry.
var Icon = fyne.NewStaticResource("Icon.png", iconPNG)
