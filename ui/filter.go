package ui

import (
	"path"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"portside/transfer"
	"portside/transfer/namefilter"
)

// Filename filters, as FileZilla's quick filter (Ctrl+I) and its filter
// sets: a field over each pane narrows the listing as you type, and a
// saved list of names to hide (*.bak, .DS_Store, Thumbs.db) applies to
// every listing while it is ticked, and to folder transfers and
// synchronization when the user applies it to them (filter_dialog.go,
// which edits the set). The typed filter changes what the pane shows,
// never what a transfer copies.

// PaneFilter is what a pane hides.
type PaneFilter struct {
	// Text shows only names holding it (any case), or matching it when it
	// is a glob (*, ?, [).
	Text string
	// Hide are globs of names never shown (any case), when HideOn.
	Hide   []string
	HideOn bool
}

// Keep reports whether e stays in the listing.
func (f PaneFilter) Keep(e transfer.Entry) bool {
	name := strings.ToLower(e.Name)
	if f.HideOn {
		if _, hidden := namefilter.Set(f.Hide).Match(e.Name); hidden {
			return false
		}
	}
	t := strings.ToLower(strings.TrimSpace(f.Text))
	if t == "" {
		return true
	}
	if strings.ContainsAny(t, "*?[") {
		ok, err := path.Match(t, name)
		return ok || err != nil // a half-typed glob ("[a-") hides nothing
	}
	return strings.Contains(name, t)
}

// Active reports whether the filter hides anything at all.
func (f PaneFilter) Active() bool {
	return strings.TrimSpace(f.Text) != "" || f.HideOn && len(f.Hide) > 0
}

// ParseHide reads the saved list: names or globs separated by commas,
// semicolons or new lines.
func ParseHide(s string) []string { return namefilter.Parse(s) }

// DefaultHide is the filter set offered first.
const DefaultHide = namefilter.Default

// filtering is the PaneModel's part: the sorted listing before the filter.
type filtering struct {
	unfiltered []transfer.Entry
	filter     PaneFilter
	filterGen  int // bumps at every SetFilter
}

// applyFilter is entries without what the filter hides; entries itself
// when nothing is hidden.
func (m *PaneModel) applyFilter(entries []transfer.Entry) []transfer.Entry {
	return filterEntries(m.filter, entries)
}

// filterEntries is entries without what f hides; entries itself when
// nothing is hidden. It touches no model: SortBy runs it off the UI
// goroutine.
func filterEntries(f PaneFilter, entries []transfer.Entry) []transfer.Entry {
	if !f.Active() {
		return entries
	}
	out := make([]transfer.Entry, 0, len(entries))
	for _, e := range entries {
		if f.Keep(e) {
			out = append(out, e)
		}
	}
	return out
}

// SetFilter changes what the pane hides and shows the listing again.
func (m *PaneModel) SetFilter(f PaneFilter) {
	m.filter = f
	m.filterGen++
	if m.unfiltered != nil || m.entries == nil {
		m.entries = m.applyFilter(m.unfiltered)
	}
	m.changed()
}

// Filter is the pane's filter.
func (m *PaneModel) Filter() PaneFilter { return m.filter }

// Hidden is how many entries of the folder the filter hides.
func (m *PaneModel) Hidden() int { return len(m.unfiltered) - len(m.entries) }

// FilterBar is the field over a pane: hidden until Ctrl+I (or the menu)
// shows it.
type FilterBar struct {
	Text  *widget.Entry
	Hide  *widget.Check // "Hide: *.bak, …", the saved set
	Count *widget.Label
	Edit  *widget.Button // opens Filename filters… (filter_dialog.go)
	Box   *fyne.Container
	apply func() // applies the bar and the saved set to the pane
}

// hideKey is the preference holding the saved names to hide; hideOnKey
// whether they are hidden.
const (
	hideKey   = "filter.hide"
	hideOnKey = "filter.hide.on"
)

// filterShortcut is Ctrl+I, FileZilla's quick filter.
var filterShortcut = &desktop.CustomShortcut{KeyName: fyne.KeyI, Modifier: fyne.KeyModifierShortcutDefault}

// newFilterBar builds p's filter bar, hidden, and applies the saved set.
func newFilterBar(p *Pane) *FilterBar {
	prefs := fyne.CurrentApp().Preferences()
	b := &FilterBar{Text: widget.NewEntry(), Count: widget.NewLabel("")}
	b.Text.SetPlaceHolder(lang.X("filter.hint", "Filter names (text or *.glob)"))
	// The set itself is long: the box names it, the docs list it.
	b.Hide = widget.NewCheck(lang.X("filter.hide", "Hide the saved set"), nil)
	b.Hide.SetChecked(prefs.Bool(hideOnKey))
	apply := func() { // the set as saved now: the dialog may have changed it
		hide := prefs.StringWithFallback(hideKey, DefaultHide)
		p.Model.SetFilter(PaneFilter{Text: b.Text.Text, Hide: ParseHide(hide), HideOn: b.Hide.Checked})
	}
	b.apply = apply
	b.Text.OnChanged = func(string) { apply() }
	b.Hide.OnChanged = func(on bool) { prefs.SetBool(hideOnKey, on); apply() }
	b.Edit = widget.NewButton(lang.X("filters.edit", "Edit…"), func() {
		if p.OnAction != nil {
			p.OnAction(ActionFilters)
		}
	})
	b.Box = container.NewBorder(nil, nil, nil, container.NewHBox(b.Hide, b.Edit, b.Count), b.Text)
	b.Box.Hide()
	if b.Hide.Checked {
		apply()
	}
	return b
}

// ToggleFilter shows or hides p's filter bar; hiding it clears the typed
// text (the saved set stays as ticked).
func (p *Pane) ToggleFilter() {
	b := p.Filter
	if b == nil {
		return
	}
	if b.Box.Visible() {
		b.Text.SetText("")
		b.Box.Hide()
	} else {
		b.Box.Show()
		if c := fyne.CurrentApp().Driver().CanvasForObject(p); c != nil {
			c.Focus(b.Text)
		}
	}
	p.root.Refresh()
}

// updateFilterCount says how many entries the filter hides.
func (p *Pane) updateFilterCount() {
	if p.Filter == nil {
		return
	}
	text := ""
	if n := p.Model.Hidden(); n > 0 {
		text = lang.XN("filter.hidden", english(n, "1 entry hidden", "{{.Count}} entries hidden"), n, map[string]any{"Count": n})
	}
	p.Filter.Count.SetText(text)
}

// ToggleFilters shows or hides the filter bars of both panes (Ctrl+I).
func (m *Main) ToggleFilters() {
	m.Local.ToggleFilter()
	m.Remote.ToggleFilter()
}
