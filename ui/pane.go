package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Pane is one side of the window: a path bar with Up and Refresh, the
// column header, the file list and a footer. It renders a PaneModel and
// turns clicks and keys into calls on it; it never touches a file system.
type Pane struct {
	widget.BaseWidget

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

	// IdleText is the message while the pane has no file system.
	IdleText string

	root      *fyne.Container
	shownPath string
}

// NewPane returns a pane titled title (e.g. "Local site") showing model.
// It takes over model.OnChanged.
func NewPane(title string, model *PaneModel) *Pane {
	p := &Pane{Model: model, IdleText: "Not connected", shownPath: "\x00"}
	p.Title = widget.NewLabelWithStyle(title+":", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	p.Path = widget.NewEntry()
	p.Path.PlaceHolder = "Path"
	p.Path.OnSubmitted = func(s string) { model.Navigate(s) }
	p.UpButton = widget.NewButtonWithIcon("", theme.MoveUpIcon(), model.Up)
	p.RefreshButton = widget.NewButtonWithIcon("", theme.ViewRefreshIcon(), model.Refresh)
	p.Header = NewFileHeader(model.State().Order)
	p.Header.OnSort = p.sortBy
	p.List = NewFileList(model.Len, model.Entry)
	p.List.OnOpen = func(id int) { model.Open(id) }
	p.List.OnUp = model.Up
	p.ErrorText = widget.NewLabel("")
	p.ErrorText.Importance = widget.DangerImportance
	p.ErrorText.Wrapping = fyne.TextWrapWord
	p.ErrorBar = container.NewBorder(nil, nil, widget.NewIcon(theme.ErrorIcon()), nil, p.ErrorText)
	p.Message = widget.NewLabel("")
	p.Message.Alignment = fyne.TextAlignCenter
	p.Message.Importance = widget.LowImportance
	p.Footer = widget.NewLabel("")
	p.Footer.SizeName = theme.SizeNameCaptionText

	bar := container.NewBorder(nil, nil, p.Title, container.NewHBox(p.UpButton, p.RefreshButton), p.Path)
	list := compact(container.NewBorder(p.Header, nil, nil, nil,
		container.NewStack(p.List, container.NewCenter(p.Message))))
	body := container.NewBorder(p.ErrorBar, nil, nil, nil, list)
	p.root = container.NewBorder(bar, p.Footer, nil, nil, body)
	p.ExtendBaseWidget(p)
	model.OnChanged = p.update
	p.update()
	return p
}

func (p *Pane) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(p.root)
}

// sortBy re-sorts and keeps the selected entry selected, wherever it moves.
func (p *Pane) sortBy(c Column) {
	selected, had := p.Model.Entry(p.List.Selected())
	p.Model.SortBy(c)
	p.List.UnselectAll()
	if !had {
		return
	}
	for i, e := range p.Model.State().Entries {
		if e.Name == selected.Name {
			p.List.Select(i)
			return
		}
	}
}

// update renders the model's state; it runs on every model change.
func (p *Pane) update() {
	s := p.Model.State()
	p.Header.SetOrder(s.Order)
	if !s.Loading {
		p.Path.SetText(s.Path)
	}
	if s.Path != p.shownPath {
		p.shownPath = s.Path
		p.List.Reset()
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

	p.ErrorBar.Hidden = s.Err == nil
	if s.Err != nil {
		p.ErrorText.SetText(s.Err.Error())
	}

	msg, footer := "", Summary(s.Entries)
	switch {
	case !connected:
		msg, footer = p.IdleText, p.IdleText
	case s.Loading:
		footer = "Listing…"
		if len(s.Entries) == 0 {
			msg = "Listing…"
		}
	case s.Err != nil && len(s.Entries) == 0:
		footer = "Listing failed"
	case len(s.Entries) == 0:
		msg = "Empty folder"
	}
	p.Message.SetText(msg)
	p.Message.Hidden = msg == ""
	p.Footer.SetText(footer)
	// Lay out again: the error bar and the message change size, and their
	// containers place them only when refreshed.
	p.root.Refresh()
}
