package ui

import (
	"fmt"
	"reflect"
	"sort"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Named controls, for the real-window script (scripts/dialogs-xvfb.sh). The
// script asks the running app where a control is and clicks there, rather
// than hard-coding coordinates that any change of layout or window size
// would break. The click still goes through X, GLFW and Fyne's hit-testing,
// so a control that is off the window or under another is found out.

var named = struct {
	sync.Mutex
	objs map[string]fyne.CanvasObject
	tabs map[string]*container.AppTabs
}{objs: map[string]fyne.CanvasObject{}, tabs: map[string]*container.AppTabs{}}

// nameTabs names t's tab buttons NAME.tab.0, NAME.tab.1, … Fyne keeps the
// buttons to itself, so their places are worked out from the labels'
// widths as Fyne lays them out (an icon-less row, top-left); a click near
// the middle of one is all the script needs.
func nameTabs(name string, t *container.AppTabs) {
	named.Lock()
	named.tabs[name] = t
	named.Unlock()
}

func tabPlacements(d fyne.Driver, name string, t *container.AppTabs) []Placed {
	if !t.Visible() || d.CanvasForObject(t) == nil {
		return nil
	}
	pos := d.AbsolutePositionForObject(t)
	if pos.IsZero() {
		return nil
	}
	pad, inner := theme.Padding(), theme.InnerPadding()
	x := pos.X
	var out []Placed
	for i, item := range t.Items {
		text := fyne.MeasureText(item.Text, theme.TextSize(), fyne.TextStyle{Bold: true})
		size := fyne.NewSize(text.Width+2*inner, text.Height+2*inner)
		out = append(out, Placed{Name: fmt.Sprintf("%s.tab.%d", name, i), Pos: fyne.NewPos(x, pos.Y), Size: size})
		x += size.Width + pad
	}
	return out
}

// nameObject names o for Placements; a later object of the same name
// replaces the earlier (a dialog opened again).
func nameObject(name string, o fyne.CanvasObject) {
	named.Lock()
	named.objs[name] = o
	named.Unlock()
}

// Placed is a named control's place on the canvas, in canvas units.
type Placed struct {
	Name string
	Pos  fyne.Position
	Size fyne.Size
}

// Placements lists the named controls that are visible now, by name. Call
// it on the UI goroutine. A control in a closed dialog, or a hidden one, is
// left out: the driver finds only objects in the visible trees.
func Placements() []Placed {
	named.Lock()
	objs := make(map[string]fyne.CanvasObject, len(named.objs))
	for k, v := range named.objs {
		objs[k] = v
	}
	tabs := make(map[string]*container.AppTabs, len(named.tabs))
	for k, v := range named.tabs {
		tabs[k] = v
	}
	named.Unlock()
	d := fyne.CurrentApp().Driver()
	var out []Placed
	for name, t := range tabs {
		out = append(out, tabPlacements(d, name, t)...)
	}
	for name, o := range objs {
		if !o.Visible() || d.CanvasForObject(o) == nil {
			continue
		}
		pos := d.AbsolutePositionForObject(o)
		if pos.IsZero() { // not in a visible tree (nothing named sits at 0,0)
			continue
		}
		out = append(out, Placed{Name: name, Pos: pos, Size: o.Size()})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

var namedMenus = struct {
	sync.Mutex
	menus map[string]*fyne.Menu
}{menus: map[string]*fyne.Menu{}}

// nameMenu names a menu (the main menu's, or a context menu as it is
// shown) for MenuLabels.
func nameMenu(name string, m *fyne.Menu) {
	namedMenus.Lock()
	namedMenus.menus[name] = m
	namedMenus.Unlock()
}

// MenuLabels lists each named menu's entries as the keyboard reaches them:
// separators left out, so the script presses Down i+1 times for entry i.
func MenuLabels() map[string][]string {
	namedMenus.Lock()
	defer namedMenus.Unlock()
	out := make(map[string][]string, len(namedMenus.menus))
	for name, m := range namedMenus.menus {
		var labels []string
		for _, it := range m.Items {
			if !it.IsSeparator {
				labels = append(labels, it.Label)
			}
		}
		out[name] = labels
	}
	return out
}

// TopOverlay is the box of what lies on top of c (a dialog, a menu): the
// script finds Fyne's own dialogs, such as the file dialog, by it.
func TopOverlay(c fyne.Canvas) (Placed, bool) {
	top := c.Overlays().Top()
	if top == nil {
		return Placed{}, false
	}
	// Fyne wraps a pop-up in an overlay container of its own (an internal
	// type), with the pop-up in its Content field; a modal pop-up covers the
	// window, its Content is the dialog's box.
	o := top
	for i := 0; i < 3; i++ {
		if p, ok := o.(*widget.PopUp); ok && p.Content != nil {
			o = p.Content
			break
		}
		v := reflect.ValueOf(o)
		if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
			break
		}
		f := v.Elem().FieldByName("Content")
		if !f.IsValid() || !f.CanInterface() {
			break
		}
		inner, ok := f.Interface().(fyne.CanvasObject)
		if !ok || inner == nil {
			break
		}
		o = inner
	}
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(o)
	return Placed{Name: "overlay", Pos: pos, Size: o.Size()}, true
}
