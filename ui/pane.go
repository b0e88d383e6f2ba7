package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"portside/transfer"
)

// Side says which side of a transfer a pane shows.
type Side int

const (
	LocalSide Side = iota
	RemoteSide
)

// Pane is one side of the window: a path bar with Up and Refresh, the
// column header, the file list and a footer. It renders a PaneModel and
// turns clicks, keys and menu choices into calls on it or into Actions for
// the window; it never touches a file system.
type Pane struct {
	widget.BaseWidget

	Side  Side
	Model *PaneModel

	Title         *widget.Label
	Path          *widget.Entry
	UpButton      *widget.Button
	RefreshButton *widget.Button
	Header        *FileHeader
	List          *FileList
	// ErrorText shows the last failure above the list, so that a failed
	// listing never looks like an empty folder.
	ErrorText *widget.Label
	// Message replaces the list when there is nothing to list: not
	// connected, loading, an empty folder.
	Message *widget.Label
	Footer  *widget.Label
	// ErrorBar holds ErrorText and an icon; hidden while all is well.
	ErrorBar *fyne.Container
	// DropHighlight outlines the whole pane while a drag would drop into
	// its current folder.
	DropHighlight *canvas.Rectangle

	// Filter is the filter field over the list (ui/filter.go).
	Filter *FilterBar

	// IdleText is the message while the pane has no file system.
	IdleText string

	// Peer is the pane on the other side: Tab moves the focus to it, and
	// transfers need it connected.
	Peer *Pane
	// OnAction is called with what the user chose in the context menu or
	// by key; the window carries it out on the selection.
	OnAction func(Action)

	root      *fyne.Container
	shownPath string
}

// NewPane returns a pane titled title (e.g. "Local site") showing model.
// It takes over model.OnChanged.
func NewPane(title string, side Side, model *PaneModel) *Pane {
	p := &Pane{Side: side, Model: model, IdleText: lang.X("status.not_connected", "Not connected"), shownPath: "\x00"}
	p.Title = widget.NewLabelWithStyle(lang.X("pane.title", "{{.Title}}:", map[string]any{"Title": title}), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	p.Path = widget.NewEntry()
	p.Path.PlaceHolder = lang.X("pane.path", "Path")
	p.Path.OnSubmitted = func(s string) { model.Navigate(s) }
	p.UpButton = widget.NewButtonWithIcon("", theme.MoveUpIcon(), model.Up)
	p.RefreshButton = widget.NewButtonWithIcon("", theme.ViewRefreshIcon(), model.Refresh)
	p.Header = NewFileHeader(model.State().Order)
	p.Header.OnSort = p.sortBy
	p.List = NewFileList()
	p.List.OnOpen = p.open
	p.List.OnUp = model.Up
	p.List.OnKey = p.key
	p.List.OnShortcut = func(s fyne.Shortcut) {
		if _, ok := s.(*fyne.ShortcutCopy); ok {
			p.act(ActionCopyPath)
		}
	}
	p.List.OnSelectionChanged = p.updateFooter
	p.List.OnContextMenu = p.showMenu
	p.ErrorText = widget.NewLabel("")
	p.ErrorText.Importance = widget.DangerImportance
	p.ErrorText.Wrapping = fyne.TextWrapWord
	p.ErrorBar = container.NewBorder(nil, nil, widget.NewIcon(theme.ErrorIcon()), nil, p.ErrorText)
	p.Message = widget.NewLabel("")
	p.Message.Alignment = fyne.TextAlignCenter
	p.Message.Importance = widget.LowImportance
	p.Footer = widget.NewLabel("")
	p.Footer.SizeName = theme.SizeNameCaptionText
	p.DropHighlight = canvas.NewRectangle(color.Transparent)
	p.DropHighlight.Hide()

	bar := container.NewBorder(nil, nil, p.Title, container.NewHBox(p.UpButton, p.RefreshButton), p.Path)
	// The list outside the compact override: its rows draw their own
	// compact padding (cell.go).
	list := container.NewBorder(compact(p.Header), nil, nil, nil,
		container.NewStack(p.List, compact(container.NewCenter(p.Message))))
	p.Filter = newFilterBar(p)
	// The filter bar sits under the list, above the footer: hidden, it
	// leaves the layout as it was.
	body := container.NewBorder(p.ErrorBar, p.Filter.Box, nil, nil, list)
	p.root = container.NewStack(container.NewBorder(bar, p.Footer, nil, nil, body), p.DropHighlight)
	p.ExtendBaseWidget(p)
	model.OnChanged = p.update
	model.OnSorted = p.sorted
	p.update()
	return p
}

func (p *Pane) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(p.root)
}

// Selected are the selected entries, in pane order.
func (p *Pane) Selected() []transfer.Entry {
	entries := p.List.Entries()
	ids := p.List.Selected()
	out := make([]transfer.Entry, len(ids))
	for i, id := range ids {
		out[i] = entries[id]
	}
	return out
}

// SetDropTarget shows where a drag would drop: the whole pane (row -1),
// a folder row, or nothing (on false).
func (p *Pane) SetDropTarget(on bool, row int) {
	if !on {
		row = -1
	}
	p.List.SetDropRow(row)
	show := on && row < 0
	if show == p.DropHighlight.Visible() {
		return
	}
	if show {
		th := p.Theme()
		v := fyne.CurrentApp().Settings().ThemeVariant()
		primary := th.Color(theme.ColorNamePrimary, v)
		r, g, b, _ := primary.RGBA()
		// A wash of the primary colour: the files under it stay readable.
		p.DropHighlight.FillColor = color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: 0x22}
		p.DropHighlight.StrokeColor, p.DropHighlight.StrokeWidth = primary, 2
		p.DropHighlight.CornerRadius = th.Size(theme.SizeNameSelectionRadius)
		p.DropHighlight.Show()
	} else {
		p.DropHighlight.Hide()
	}
	p.DropHighlight.Refresh()
}

// open is a double-click or Enter: a folder opens, a file transfers, as
// in FileZilla.
func (p *Pane) open(id int) {
	if !p.Model.Open(id) {
		p.act(ActionOpenFile) // the Settings window's double-click action (files.go)
	}
}

func (p *Pane) key(name fyne.KeyName) {
	switch name {
	case fyne.KeyDelete:
		p.act(ActionDelete)
	case fyne.KeyF2:
		p.act(ActionRename)
	case fyne.KeyF5:
		p.act(ActionRefresh)
	case fyne.KeyTab:
		if p.Peer != nil {
			p.Peer.List.focus()
		}
	}
}

// act carries out a; refreshing is the pane's own business, the rest the
// window's.
func (p *Pane) act(a Action) {
	if !p.Model.State().Connected {
		return
	}
	if a == ActionRefresh {
		p.Model.Refresh()
		return
	}
	if p.OnAction != nil {
		p.OnAction(a)
	}
}

// sortBy is a click on a column title. The click took the keyboard focus
// from the list (the title is a button), so it goes back there: Ctrl+A
// and the arrows keep working, as in FileZilla. The model sorts in the
// background and then calls sorted.
func (p *Pane) sortBy(c Column) {
	p.Model.SortBy(c)
	p.List.focus()
}

// sorted: the selection follows the names, and the cursor stays in view
// wherever it moved.
func (p *Pane) sorted() {
	if cur := p.List.Cursor(); cur >= 0 {
		p.List.ScrollTo(cur)
	}
}

// update renders the model's state; it runs on every model change.
func (p *Pane) update() {
	s := p.Model.State()
	p.Header.SetOrder(s.Order)
	if !s.Loading || s.Stale {
		p.Path.SetText(s.Path)
	}
	if s.Path != p.shownPath {
		p.shownPath = s.Path
		p.List.ShowFolder(s.Entries)
	} else {
		p.List.SetEntries(s.Entries)
	}

	connected := s.Connected
	// Toggle only on a change: disabling the path bar, even for a moment,
	// would take the focus from a user typing in it.
	if p.Path.Disabled() == connected {
		for _, w := range []fyne.Disableable{p.Path, p.UpButton, p.RefreshButton} {
			if connected {
				w.Enable()
			} else {
				w.Disable()
			}
		}
	}

	// What changes the layout: the error bar and the message shown or
	// hidden, or another error (its lines). Only then is the whole pane
	// laid out again, which refreshes the list once more (20,000 rows'
	// worth of a frame's time for nothing, issue #12).
	relayout := p.ErrorBar.Hidden != (s.Err == nil)
	p.ErrorBar.Hidden = s.Err == nil
	if s.Err != nil {
		if t := errorText(s.Err); t != p.ErrorText.Text {
			p.ErrorText.SetText(t)
			relayout = true
		}
	}

	msg := ""
	switch {
	case !connected:
		msg = p.IdleText
	case s.Loading && len(s.Entries) == 0:
		msg = lang.X("pane.listing", "Listing…")
	case !s.Loading && s.Err == nil && len(s.Entries) == 0:
		msg = lang.X("pane.empty", "Empty folder")
	}
	if msg != p.Message.Text || p.Message.Hidden != (msg == "") {
		p.Message.SetText(msg)
		p.Message.Hidden = msg == ""
		relayout = true
	}
	p.updateFooter()
	p.updateFilterCount()
	// Lay out again: the error bar and the message change size, and their
	// containers place them only when refreshed.
	if relayout {
		p.root.Refresh()
	}
}

// updateFooter says what the folder holds, or what is selected in it, as
// FileZilla's status line under each pane does.
func (p *Pane) updateFooter() {
	s := p.Model.State()
	text := Summary(s.Entries)
	switch {
	case !s.Connected:
		text = p.IdleText
	case s.Loading && !s.Stale: // a cached listing shows what it holds
		text = lang.X("pane.listing", "Listing…")
	case s.Err != nil && len(s.Entries) == 0:
		text = lang.X("pane.listing_failed", "Listing failed")
	case len(p.List.Selected()) > 0:
		text = SelectionSummary(p.Selected())
	}
	p.Footer.SetText(text)
}
