// Command fyne-floor is the floor under the window's figures (issue #12): a
// bare Fyne window, built from this module so it uses the same Fyne
// version, build flags, driver and GL as cmd/portside. scripts/bench-ui.sh
// measures it beside Portside and FileZilla, so the table can tell what
// the toolkit costs from what Portside itself adds.
//
//	fyne-floor        a 1280×800 window titled "fyne-floor" with one label:
//	                  RSS and idle CPU
//	fyne-floor -list  the same window with a list of 20,000 names that
//	                  Return swaps for 20,000 others and BackSpace swaps
//	                  back, with no file system and no sort behind it: the
//	                  least time a Fyne window takes from a key to a drawn
//	                  listing (Enter → drawn)
package main

import (
	"flag"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/widget"
)

func main() {
	list := flag.Bool("list", false, "show 20,000 names; Return and BackSpace swap them for others")
	flag.Parse()
	a := app.NewWithID("app.portside.FyneFloor")
	w := a.NewWindow("fyne-floor")
	if *list {
		w.SetContent(swapList(w))
	} else {
		w.SetContent(widget.NewLabel("A bare Fyne window: the floor under Portside's memory and CPU."))
	}
	// The size Portside opens at, so the framebuffer and textures match.
	w.Resize(fyne.NewSize(1280, 800))
	w.ShowAndRun()
}

// swapList is a list of names made up front, as a pane's are after their
// listing and sort: Return shows the "in" set, BackSpace the "up" set.
func swapList(w fyne.Window) fyne.CanvasObject {
	const n = 20_000
	sets := map[fyne.KeyName][]string{fyne.KeyReturn: make([]string, n), fyne.KeyBackspace: make([]string, n)}
	for i := range n {
		sets[fyne.KeyReturn][i] = fmt.Sprintf("item_%06d.dat", i+1)
		sets[fyne.KeyBackspace][i] = fmt.Sprintf("photo_%06d.dat", i+1)
	}
	shown := sets[fyne.KeyBackspace]
	l := widget.NewList(func() int { return len(shown) },
		func() fyne.CanvasObject { return widget.NewLabel("photo_000000.dat") },
		func(id widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(shown[id]) })
	w.Canvas().SetOnTypedKey(func(e *fyne.KeyEvent) {
		if set, ok := sets[e.Name]; ok {
			shown = set
			l.ScrollToTop()
			l.Refresh()
		}
	})
	return l
}
