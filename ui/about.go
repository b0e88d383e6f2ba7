package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"portside/buildinfo"
)

// About is Help → About's content: the same facts `portside --version`
// prints (version, commit, build date, Go and Fyne versions), and the
// licence of every module the binary links, from buildinfo's
// licenses.json, which is generated from the module cache and so holds the
// real texts. A user filing a bug copies the facts with one button.
type About struct {
	Facts    *widget.Label
	Copy     *widget.Button
	Licenses []buildinfo.License
	List     *widget.List // one row per licence: module, version, licence name
	Text     *widget.Label
	Content  fyne.CanvasObject
}

// NewAbout builds the About content for in; Read() for the running binary.
func NewAbout(in buildinfo.Info) *About {
	a := &About{Licenses: in.Licenses()}
	facts := strings.Join(in.Lines("Portside"), "\n")
	a.Facts = widget.NewLabelWithStyle(facts, fyne.TextAlignLeading, fyne.TextStyle{Monospace: true})
	a.Copy = widget.NewButton(lang.X("about.copy", "Copy version"), func() {
		fyne.CurrentApp().Clipboard().SetContent(facts)
	})
	a.Text = widget.NewLabel("")
	a.Text.Wrapping = fyne.TextWrapWord
	a.Text.Selectable = true
	a.List = widget.NewList(
		func() int { return len(a.Licenses) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(id widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(a.row(id)) },
	)
	a.List.OnSelected = a.show
	heading := widget.NewLabel(lang.X("about.components", "Portside is built from these {{.Count}} components, under these licences:", map[string]any{"Count": len(a.Licenses)}))
	heading.Wrapping = fyne.TextWrapWord
	split := container.NewHSplit(a.List, container.NewVScroll(a.Text))
	split.Offset = 0.42
	top := container.NewBorder(nil, nil, nil, container.NewVBox(a.Copy), a.Facts)
	a.Content = container.NewBorder(container.NewVBox(top, widget.NewSeparator(), heading), nil, nil, nil, split)
	if len(a.Licenses) > 0 {
		a.List.Select(0)
	}
	return a
}

// row is a licence's line in the list: "fyne.io/fyne/v2 v2.8.1 — BSD-3-Clause".
func (a *About) row(id int) string {
	if id < 0 || id >= len(a.Licenses) {
		return ""
	}
	l := a.Licenses[id]
	name := l.Module
	if name == "std" {
		name = lang.X("about.std", "Go standard library")
	}
	if l.Version != "" {
		name += " " + l.Version
	}
	return name + " — " + l.Name
}

// show puts the selected licence's full text beside the list.
func (a *About) show(id int) {
	if id < 0 || id >= len(a.Licenses) {
		return
	}
	l := a.Licenses[id]
	text := l.Text
	if text == "" {
		text = lang.X("about.no_licence", "No licence text was found for this module when Portside was built.")
	}
	a.Text.SetText(a.row(id) + "\n\n" + reflow(text))
}

// reflow joins the hard-wrapped lines of each paragraph of a licence (they
// break at 72–80 columns), so the label wraps them to its own width
// instead of breaking every line twice. Blank lines and indented lines
// (list items, headings drawn with spaces) still start a new line.
func reflow(text string) string {
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	var b strings.Builder
	for i, l := range lines {
		t := strings.TrimSpace(l)
		switch {
		case i == 0:
		case t == "" || strings.TrimSpace(lines[i-1]) == "" || l != strings.TrimLeft(l, " \t"):
			b.WriteByte('\n')
		default:
			b.WriteByte(' ')
		}
		if l != strings.TrimLeft(l, " \t") {
			b.WriteString(strings.TrimRight(l, " \t")) // keep an indented line's indent
		} else {
			b.WriteString(t)
		}
	}
	return b.String()
}

func (m *Main) showAbout() {
	a := NewAbout(buildinfo.Read())
	// dialog: about
	d := dialog.NewCustom(lang.X("menu.about", "About Portside"), lang.X("sm.close", "Close"), a.Content, m.Window)
	// Shown first, then sized: Fyne dialogs may not be resized before Show.
	d.Show()
	d.Resize(fyne.NewSize(700, 460))
}
