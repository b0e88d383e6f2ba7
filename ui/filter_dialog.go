package ui

import (
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"portside/transfer"
	"portside/transfer/namefilter"
	"portside/transfer/queue"
)

// FilterDialog is "Filename filters…" (File menu, or Edit… on a filter
// bar): the saved set's rules, added, changed and deleted one at a time,
// and where the set applies: the panes' listings, and folder transfers
// and synchronization, as FileZilla's filter dialog. A transfer or sync
// leaves out what the set matches, and names each entry left out with
// its rule (queue: Skipped; sync preview: skip), never silently.
type FilterDialog struct {
	Rules     *widget.List
	Rule      *FreshEntry // the rule being added, or the picked one's new text
	Add       *widget.Button
	Change    *widget.Button
	Delete    *widget.Button
	Defaults  *widget.Button
	Listings  *widget.Check
	Transfers *widget.Check
	Problem   *widget.Label

	rules  namefilter.Set
	picked int
	dialog *dialog.ConfirmDialog
	m      *Main
}

// transfersOnKey is the preference saying the saved set applies to folder
// transfers and synchronization.
const transfersOnKey = "filter.transfers.on"

// ShowFilters opens "Filename filters…".
func (m *Main) ShowFilters() {
	prefs := fyne.CurrentApp().Preferences()
	d := &FilterDialog{m: m, picked: -1,
		rules: namefilter.Parse(prefs.StringWithFallback(hideKey, DefaultHide))}
	m.files().Filters = d
	d.Rule = NewFreshEntry() // opened from a menu by Space: see stray_space.go
	d.Rule.SetPlaceHolder(lang.X("filters.rule.hint", "a name or a pattern: *.bak, Thumbs.db"))
	d.Rule.OnSubmitted = func(string) { d.add() }
	d.Rules = widget.NewList(func() int { return len(d.rules) },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id < len(d.rules) {
				o.(*widget.Label).SetText(transfer.Escape(d.rules[id]))
			}
		})
	d.Rules.OnSelected = func(id widget.ListItemID) {
		d.picked = id
		if id < len(d.rules) {
			d.Rule.SetText(d.rules[id])
		}
		d.updateButtons()
	}
	d.Add = widget.NewButton(lang.X("filters.add", "Add"), d.add)
	d.Change = widget.NewButton(lang.X("filters.change", "Change"), d.change)
	d.Delete = widget.NewButton(lang.X("filters.delete", "Delete"), d.delete)
	d.Defaults = widget.NewButton(lang.X("filters.defaults", "Defaults"), func() {
		d.rules = namefilter.Parse(DefaultHide)
		d.picked = -1
		d.Rules.UnselectAll()
		d.Rules.Refresh()
		d.updateButtons()
	})
	d.Listings = widget.NewCheck(lang.X("filters.listings", "Hide these names in both panes"), nil)
	d.Listings.SetChecked(prefs.Bool(hideOnKey))
	d.Transfers = widget.NewCheck(lang.X("filters.transfers", "Leave these names out of folder transfers and synchronization"), nil)
	d.Transfers.SetChecked(prefs.Bool(transfersOnKey))
	d.Problem = widget.NewLabel("")
	d.Problem.Importance = widget.DangerImportance
	d.Problem.Wrapping = fyne.TextWrapWord
	d.Problem.Hide()
	d.updateButtons()

	edit := container.NewBorder(nil, nil, nil, container.NewHBox(d.Add, d.Change, d.Delete, d.Defaults), d.Rule)
	top := container.NewVBox(d.Listings, d.Transfers, edit, d.Problem)
	body := container.NewBorder(top, nil, nil, nil, d.Rules)
	nameObject("filters.rule", d.Rule) // for scripts/dialogs-xvfb.sh
	nameObject("filters.add", d.Add)
	// dialog: filters
	d.dialog = dialog.NewCustomConfirm(lang.X("filters.title", "Filename filters"),
		lang.X("filters.save", "Save"), lang.X("filters.cancel", "Cancel"), body, func(ok bool) {
			if ok {
				d.save()
			}
		}, m.Window)
	d.dialog.Resize(fyne.NewSize(640, 460))
	d.dialog.Show()
	m.Window.Canvas().Focus(d.Rule)
}

// RuleTexts are the rules as the dialog holds them now.
func (d *FilterDialog) RuleTexts() []string { return append([]string(nil), d.rules...) }

func (d *FilterDialog) updateButtons() {
	if d.picked >= 0 && d.picked < len(d.rules) {
		d.Change.Enable()
		d.Delete.Enable()
	} else {
		d.Change.Disable()
		d.Delete.Disable()
	}
}

// checked is the typed rule, or "" after saying why it cannot be one.
func (d *FilterDialog) checked() string {
	r := strings.TrimSpace(d.Rule.Text)
	if err := namefilter.Check(r); err != nil {
		d.Problem.SetText(err.Error())
		d.Problem.Show()
		return ""
	}
	d.Problem.Hide()
	return r
}

// add appends the typed rule, unless the set has it already.
func (d *FilterDialog) add() {
	r := d.checked()
	if r == "" {
		return
	}
	for _, x := range d.rules {
		if strings.EqualFold(x, r) {
			d.Rule.SetText("")
			return // rules match in any case: the same rule twice is one
		}
	}
	d.rules = append(d.rules, r)
	d.Rule.SetText("")
	d.Rules.Refresh()
}

// change puts the typed rule in place of the picked one.
func (d *FilterDialog) change() {
	if d.picked < 0 || d.picked >= len(d.rules) {
		return
	}
	r := d.checked()
	if r == "" {
		return
	}
	d.rules[d.picked] = r
	d.Rules.Refresh()
}

// delete removes the picked rule.
func (d *FilterDialog) delete() {
	if d.picked < 0 || d.picked >= len(d.rules) {
		return
	}
	d.rules = append(d.rules[:d.picked], d.rules[d.picked+1:]...)
	d.picked = -1
	d.Rules.UnselectAll()
	d.Rule.SetText("")
	d.Rules.Refresh()
	d.updateButtons()
}

// save stores the set and where it applies, and shows both panes anew.
func (d *FilterDialog) save() {
	prefs := fyne.CurrentApp().Preferences()
	prefs.SetString(hideKey, d.rules.String())
	prefs.SetBool(transfersOnKey, d.Transfers.Checked)
	for _, p := range []*Pane{d.m.Local, d.m.Remote} {
		if p == nil || p.Filter == nil {
			continue
		}
		if p.Filter.Hide.Checked != d.Listings.Checked {
			p.Filter.Hide.SetChecked(d.Listings.Checked) // saves and applies
		} else {
			p.Filter.apply()
		}
	}
	prefs.SetBool(hideOnKey, d.Listings.Checked)
}

// transferFilter is the saved set when it applies to transfers, else nil.
// The queue asks it from its own goroutines, for every entry a folder
// expands to: the parsed set is kept until the saved text changes.
func transferFilter() namefilter.Set {
	a := fyne.CurrentApp()
	if a == nil {
		return nil
	}
	prefs := a.Preferences()
	if !prefs.Bool(transfersOnKey) {
		return nil
	}
	raw := prefs.StringWithFallback(hideKey, DefaultHide)
	parsed.mu.Lock()
	defer parsed.mu.Unlock()
	if raw != parsed.raw || parsed.set == nil {
		parsed.raw, parsed.set = raw, namefilter.Parse(raw)
	}
	return parsed.set
}

var parsed struct {
	mu  sync.Mutex
	raw string
	set namefilter.Set
}

// skipFiltered is the queue's Skip: an entry of a folder being transferred
// that the set matches stays behind, as a Skipped item naming its rule.
func skipFiltered(_ queue.Item, e transfer.Entry) string {
	if rule, ok := transferFilter().Match(e.Name); ok {
		return lang.X("filters.skipped", "filtered out by the filename filter {{.Rule}}", map[string]any{"Rule": rule})
	}
	return ""
}
