package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// escRadioGroup is widget.RadioGroup for a dialog that closes on Escape
// (escape_keys.go). Fyne's group draws its options as unexported items
// that take the focus and drop every key but Space, so it cannot be
// wrapped: this is the same group, drawn the same way (Fyne 2.8.1's
// radio_group.go and radio_item.go, BSD-3), whose items send Escape to
// the hook. Its options are fixed when it is made.
type escRadioGroup struct {
	widget.BaseWidget

	Options    []string
	Selected   string
	Horizontal bool
	Required   bool // a selected option stays selected when tapped
	OnChanged  func(string)

	esc      *escapeHook
	items    []*escRadioItem
	disabled bool
}

func (r *escRadioGroup) Disable()       { r.disabled = true; r.Refresh() }
func (r *escRadioGroup) Enable()        { r.disabled = false; r.Refresh() }
func (r *escRadioGroup) Disabled() bool { return r.disabled }

// newEscRadioGroup is widget.NewRadioGroup.
func newEscRadioGroup(esc *escapeHook, options []string, changed func(string)) *escRadioGroup {
	r := &escRadioGroup{Options: options, OnChanged: changed, esc: esc}
	for _, o := range options {
		it := &escRadioItem{label: o, group: r}
		it.ExtendBaseWidget(it)
		r.items = append(r.items, it)
	}
	r.ExtendBaseWidget(r)
	return r
}

// SetSelected selects option ("": none) and tells OnChanged.
func (r *escRadioGroup) SetSelected(option string) {
	if r.Selected == option {
		return
	}
	r.Selected = option
	if r.OnChanged != nil {
		r.OnChanged(option)
	}
	r.Refresh()
}

func (r *escRadioGroup) tapped(it *escRadioItem) {
	if r.disabled {
		return
	}
	if r.Selected == it.label {
		if r.Required {
			return
		}
		r.SetSelected("")
		return
	}
	r.SetSelected(it.label)
}

func (r *escRadioGroup) Refresh() {
	for _, it := range r.items {
		it.Refresh()
	}
	r.BaseWidget.Refresh()
}

func (r *escRadioGroup) CreateRenderer() fyne.WidgetRenderer {
	objs := make([]fyne.CanvasObject, len(r.items))
	for i, it := range r.items {
		objs[i] = it
	}
	return &escRadioGroupRenderer{group: r, objs: objs}
}

type escRadioGroupRenderer struct {
	group *escRadioGroup
	objs  []fyne.CanvasObject
}

// MinSize and Layout: every item as large as the largest, in a row or a
// column, as Fyne's group.
func (g *escRadioGroupRenderer) MinSize() fyne.Size {
	var w, h float32
	for _, o := range g.objs {
		m := o.MinSize()
		w, h = fyne.Max(w, m.Width), fyne.Max(h, m.Height)
	}
	if g.group.Horizontal {
		return fyne.NewSize(w*float32(len(g.objs)), h)
	}
	return fyne.NewSize(w, h*float32(len(g.objs)))
}

func (g *escRadioGroupRenderer) Layout(fyne.Size) {
	n := float32(max(len(g.objs), 1))
	m := g.MinSize()
	size := fyne.NewSize(m.Width, m.Height/n)
	if g.group.Horizontal {
		size = fyne.NewSize(m.Width/n, m.Height)
	}
	var pos fyne.Position
	for _, o := range g.objs {
		o.Resize(size)
		o.Move(pos)
		if g.group.Horizontal {
			pos.X += size.Width
		} else {
			pos.Y += size.Height
		}
	}
}

func (g *escRadioGroupRenderer) Objects() []fyne.CanvasObject { return g.objs }
func (g *escRadioGroupRenderer) Refresh()                     { g.Layout(g.group.Size()) }
func (g *escRadioGroupRenderer) Destroy()                     {}

// escRadioItem is one option of an escRadioGroup.
type escRadioItem struct {
	widget.BaseWidget
	label            string
	group            *escRadioGroup
	focused, hovered bool
}

func (i *escRadioItem) selected() bool { return i.group.Selected == i.label }

// The items are disabled with their group (the focus skips them then).
func (i *escRadioItem) Disable()       { i.group.Disable() }
func (i *escRadioItem) Enable()        { i.group.Enable() }
func (i *escRadioItem) Disabled() bool { return i.group.disabled }

func (i *escRadioItem) FocusGained() { i.focused = true; i.Refresh() }
func (i *escRadioItem) FocusLost()   { i.focused = false; i.Refresh() }

func (i *escRadioItem) MouseIn(*desktop.MouseEvent)    { i.hovered = !i.Disabled(); i.Refresh() }
func (i *escRadioItem) MouseMoved(*desktop.MouseEvent) {}
func (i *escRadioItem) MouseOut()                      { i.hovered = false; i.Refresh() }

func (i *escRadioItem) Tapped(*fyne.PointEvent) {
	if i.Disabled() {
		return
	}
	if !i.focused && !fyne.CurrentDevice().IsMobile() {
		if c := fyne.CurrentApp().Driver().CanvasForObject(i); c != nil {
			c.Focus(i)
		}
	}
	i.group.tapped(i)
}

func (i *escRadioItem) TypedKey(k *fyne.KeyEvent) { i.group.esc.typed(k, func(*fyne.KeyEvent) {}) }

func (i *escRadioItem) TypedRune(r rune) {
	if r == ' ' {
		i.group.tapped(i)
	}
}

func (i *escRadioItem) CreateRenderer() fyne.WidgetRenderer {
	r := &escRadioItemRenderer{item: i, label: &canvas.Text{Alignment: fyne.TextAlignLeading}}
	r.objs = []fyne.CanvasObject{&r.focus, &r.icon, &r.over, r.label}
	r.update()
	return r
}

type escRadioItemRenderer struct {
	item       *escRadioItem
	focus      canvas.Circle
	icon, over canvas.Image
	label      *canvas.Text
	objs       []fyne.CanvasObject
}

func (r *escRadioItemRenderer) Layout(size fyne.Size) {
	th := r.item.Theme()
	inner, border := th.Size(theme.SizeNameInnerPadding), th.Size(theme.SizeNameInputBorder)
	iconSize := th.Size(theme.SizeNameInlineIcon)

	focus := fyne.NewSquareSize(iconSize + inner)
	r.focus.Resize(focus)
	r.focus.Move(fyne.NewPos(border, (size.Height-focus.Height)/2))
	r.label.Resize(size)
	r.label.Move(fyne.NewPos(focus.Width+th.Size(theme.SizeNamePadding), 0))
	pos := fyne.NewPos(inner/2+border, (size.Height-iconSize)/2)
	for _, im := range []*canvas.Image{&r.icon, &r.over} {
		im.Resize(fyne.NewSquareSize(iconSize))
		im.Move(pos)
	}
}

func (r *escRadioItemRenderer) MinSize() fyne.Size {
	th := r.item.Theme()
	pad := th.Size(theme.SizeNameInnerPadding) * 2
	return r.label.MinSize().AddWidthHeight(pad+th.Size(theme.SizeNameInlineIcon)+th.Size(theme.SizeNamePadding), pad)
}

func (r *escRadioItemRenderer) Refresh() {
	r.update()
	canvas.Refresh(r.item)
}

func (r *escRadioItemRenderer) Objects() []fyne.CanvasObject { return r.objs }
func (r *escRadioItemRenderer) Destroy()                     {}

func (r *escRadioItemRenderer) update() {
	th := r.item.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	r.label.Text = r.item.label
	r.label.TextSize = th.Size(theme.SizeNameText)
	r.label.Color = th.Color(theme.ColorNameForeground, v)
	off := r.item.Disabled()
	if off {
		r.label.Color = th.Color(theme.ColorNameDisabled, v)
	}

	out := theme.NewThemedResource(th.Icon(theme.IconNameRadioButton))
	out.ColorName = theme.ColorNameInputBorder
	in := theme.NewThemedResource(th.Icon(theme.IconNameRadioButtonFill))
	in.ColorName = theme.ColorNameInputBackground
	if r.item.selected() {
		in.ColorName, out.ColorName = theme.ColorNamePrimary, theme.ColorNameForeground
	}
	if off {
		in.ColorName, out.ColorName = theme.ColorNameBackground, theme.ColorNameDisabled
		if r.item.selected() {
			in.ColorName = theme.ColorNameDisabled
		}
	}
	r.icon.Resource, r.over.Resource = in, out
	r.icon.Refresh()
	r.over.Refresh()

	switch {
	case off:
		r.focus.FillColor = color.Transparent
	case r.item.focused:
		r.focus.FillColor = th.Color(theme.ColorNameFocus, v)
	case r.item.hovered:
		r.focus.FillColor = th.Color(theme.ColorNameHover, v)
	default:
		r.focus.FillColor = color.Transparent
	}
	r.label.Refresh()
}
