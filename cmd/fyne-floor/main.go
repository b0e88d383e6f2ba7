// Command fyne-floor is the floor under the window's figures (issue #12): a
// bare Fyne window, one label, built from this module so it uses the same
// Fyne version, build flags, driver and GL as cmd/portside. scripts/bench-ui.sh
// measures its RSS and idle CPU beside Portside's and FileZilla's, so the
// table can tell what the toolkit costs from what Portside itself adds.
//
//	fyne-floor    open a 1280×800 window titled "fyne-floor" with one label
package main

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/widget"
)

func main() {
	a := app.NewWithID("app.portside.FyneFloor")
	w := a.NewWindow("fyne-floor")
	w.SetContent(widget.NewLabel("A bare Fyne window: the floor under Portside's memory and CPU."))
	// The size Portside opens at, so the framebuffer and textures match.
	w.Resize(fyne.NewSize(1280, 800))
	w.ShowAndRun()
}
