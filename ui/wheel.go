package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// The mouse wheel, as FileZilla and file managers scroll it: three rows a
// notch. Fyne's desktop driver turns a notch into 25 px of ScrollEvent
// (internal/driver/glfw/scroll_speed_default.go) and its List moves by
// exactly that, which is 0.9 of Portside's 27.7 px row pitch. Rows are the
// deepest Scrollable under the pointer, so the driver hands them the
// event before the List's own scroller; they scale it and move the list.

const (
	wheelNotchPixels = 25 // one notch from Fyne's desktop driver
	wheelRows        = 3  // rows a notch moves
)

// wheelScroll moves list by ev, scaled from the driver's 25 px a notch to
// wheelRows rows of rowHeight (plus List's padding between rows).
func wheelScroll(list *widget.List, rowHeight float32, ev *fyne.ScrollEvent) {
	pitch := rowHeight + list.Theme().Size(theme.SizeNamePadding)
	dy := ev.Scrolled.DY * wheelRows * pitch / wheelNotchPixels
	list.ScrollToOffset(max(list.GetScrollOffset()-dy, 0)) // List clamps the far end
}
