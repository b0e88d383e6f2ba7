package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// The file panes' rows and the queue's rows are built alike: truncating
// labels in columns over a background that shows the selection.

// cellLabel is one column's text in a row (see cell.go for why it is
// not a widget.Label).
func cellLabel(align fyne.TextAlign) *cell { return newCell(align) }

// rowIcon is a row's icon. widget.NewIcon refreshes the icon it makes,
// which builds its renderer, and Fyne keeps a renderer for a minute: every
// throwaway row widget.List makes to measure (see fileRow.MinSize) kept its icons'.
// This one builds its renderer when it is first drawn.
func rowIcon(res fyne.Resource) *widget.Icon {
	icon := &widget.Icon{Resource: res}
	icon.ExtendBaseWidget(icon)
	return icon
}

// paintRow colours a row's background: the selection in the theme's
// selection colour; a drop target outlined in the primary colour as well,
// so it stands out from the selection a drag came from.
func paintRow(b *canvas.Rectangle, th fyne.Theme, selected, drop bool) {
	v := fyne.CurrentApp().Settings().ThemeVariant()
	b.FillColor, b.StrokeColor, b.StrokeWidth = color.Transparent, color.Transparent, 0
	b.CornerRadius = th.Size(theme.SizeNameSelectionRadius)
	if selected || drop {
		b.FillColor = th.Color(theme.ColorNameSelection, v)
	}
	if drop {
		b.StrokeColor, b.StrokeWidth = th.Color(theme.ColorNamePrimary, v), 2
	}
	b.Refresh()
}
