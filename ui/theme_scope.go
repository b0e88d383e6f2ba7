package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// stableOverride is a container.ThemeOverride that keeps the one theme
// scope it was given.
//
// Fyne 2.8's ThemeOverride starts a new scope at every Refresh (and at
// every CreateRenderer), and its font cache is keyed by scope and never
// emptied: each new scope parses the text, symbol and emoji fonts again
// (several megabytes) and keeps them for good. The queue panel refreshes
// its tabs at every batch of queue events, so a 20,000-file upload made
// thousands of scopes and the window grew past a gigabyte (issue #12).
// Here a Refresh refreshes the content within the scope it has; a new
// scope comes only when Fyne makes the override's renderer again (after
// a theme change, or for a tab long hidden), which is rare.
type stableOverride struct {
	widget.BaseWidget
	inner *container.ThemeOverride
}

func newStableOverride(o fyne.CanvasObject, th fyne.Theme) *stableOverride {
	s := &stableOverride{inner: container.NewThemeOverride(o, th)}
	s.ExtendBaseWidget(s)
	return s
}

func (s *stableOverride) CreateRenderer() fyne.WidgetRenderer { return &stableRenderer{s: s} }

// stableRenderer shows the override and, on a Refresh, refreshes what the
// override holds rather than the override itself (which would re-scope).
type stableRenderer struct{ s *stableOverride }

func (r *stableRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.s.inner} }
func (r *stableRenderer) Layout(size fyne.Size)        { r.s.inner.Resize(size) }
func (r *stableRenderer) MinSize() fyne.Size           { return r.s.inner.MinSize() }
func (r *stableRenderer) Refresh()                     { r.s.inner.Content.Refresh() }
func (r *stableRenderer) Destroy()                     {}
