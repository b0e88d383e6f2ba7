package ui

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"portside/transfer/queue"
)

// QueueCommand is what the panel asks of the queue.
type QueueCommand int

const (
	CmdPause QueueCommand = iota
	CmdResume
	CmdCancel
	CmdRetry
	CmdRemove
)

var commandNames = []string{"Pause", "Resume", "Cancel", "Retry", "Remove"}

func (c QueueCommand) String() string {
	switch c {
	case CmdPause:
		return lang.X("queue.cmd.pause", "Pause")
	case CmdResume:
		return lang.X("queue.cmd.resume", "Resume")
	case CmdCancel:
		return lang.X("queue.cmd.cancel", "Cancel")
	case CmdRetry:
		return lang.X("queue.cmd.retry", "Retry")
	case CmdRemove:
		return lang.X("queue.cmd.remove", "Remove")
	}
	return commandNames[c]
}

// QueueChoice is one line of a queue row's context menu.
type QueueChoice struct {
	Command  QueueCommand
	Disabled bool
}

// QueueMenu is the context menu for items: each command is offered when it
// can change at least one of them.
func QueueMenu(items []queue.Item) []QueueChoice {
	can := map[QueueCommand]bool{}
	for _, it := range items {
		switch it.State {
		case queue.Queued, queue.Running:
			can[CmdPause], can[CmdCancel] = true, true
		case queue.Paused:
			can[CmdResume], can[CmdCancel] = true, true
		case queue.Failed, queue.Cancelled:
			can[CmdRetry], can[CmdRemove] = true, true
		case queue.Done, queue.Skipped:
			can[CmdRemove] = true
		}
	}
	out := make([]QueueChoice, len(commandNames))
	for i := range out {
		out[i] = QueueChoice{Command: QueueCommand(i), Disabled: !can[QueueCommand(i)]}
	}
	return out
}

// QueuePanel is the area below the panes: the queue's tabs (Queued,
// Failed, Done) with their buttons, and the message log as the last tab.
type QueuePanel struct {
	widget.BaseWidget

	Model *QueueModel
	Tabs  *container.AppTabs
	Lists [numQueueTabs]*QueueList
	Items [numQueueTabs]*container.TabItem
	// Details show the hovered or selected row's paths and whole status
	// (a failure's reason) under each tab's list.
	Details [numQueueTabs]*widget.Label
	Log     *container.TabItem

	PauseAll, ResumeAll, CancelAll *widget.Button // the Queued tab's
	RetryAll, RemoveFailed         *widget.Button // the Failed tab's
	RemoveDone                     *widget.Button // the Done tab's

	// OnCommand is called with a command for items; nil ids mean all.
	OnCommand func(c QueueCommand, ids []uint64)
}

// NewQueuePanel shows model, with log as the last tab.
func NewQueuePanel(model *QueueModel, log fyne.CanvasObject) *QueuePanel {
	p := &QueuePanel{Model: model}
	all := func(c QueueCommand) func() { return func() { p.command(c, nil) } }
	p.PauseAll = widget.NewButtonWithIcon(lang.X("queue.pause_all", "Pause all"), theme.MediaPauseIcon(), all(CmdPause))
	p.ResumeAll = widget.NewButtonWithIcon(lang.X("queue.resume_all", "Resume all"), theme.MediaPlayIcon(), all(CmdResume))
	p.CancelAll = widget.NewButtonWithIcon(lang.X("queue.cancel_all", "Cancel all"), theme.CancelIcon(), all(CmdCancel))
	p.RetryAll = widget.NewButtonWithIcon(lang.X("queue.retry_all", "Retry all"), theme.ViewRefreshIcon(), all(CmdRetry))
	p.RemoveFailed = widget.NewButtonWithIcon(lang.X("queue.remove_all", "Remove all"), theme.DeleteIcon(), func() { p.removeTab(TabFailed) })
	p.RemoveDone = widget.NewButtonWithIcon(lang.X("queue.remove_all", "Remove all"), theme.DeleteIcon(), func() { p.removeTab(TabDone) })

	buttons := [numQueueTabs][]fyne.CanvasObject{
		TabQueued: {p.PauseAll, p.ResumeAll, p.CancelAll},
		TabFailed: {p.RetryAll, p.RemoveFailed},
		TabDone:   {p.RemoveDone},
	}
	for t := range p.Lists {
		l := NewQueueList(model, QueueTab(t))
		l.OnContextMenu = p.showMenu
		l.OnHover = func(id int) { p.showDetails(QueueTab(t), id) }
		p.Lists[t] = l
		p.Details[t] = newDetails()
		nameObject(fmt.Sprintf("queue.list.%d", t), l)
		for _, b := range buttons[t] {
			b.(*widget.Button).Importance = widget.LowImportance
		}
		bar := container.NewHBox(append(buttons[t], layout.NewSpacer())...)
		// The list outside the compact override, as in the panes (cell.go).
		body := container.NewBorder(compact(container.NewVBox(bar, queueHeader())), compact(p.Details[t]), nil, nil, l)
		p.Items[t] = container.NewTabItem("", body)
	}
	p.Log = container.NewTabItem(lang.X("queue.tab.log", "Log"), log)
	p.Tabs = container.NewAppTabs(p.Items[TabQueued], p.Items[TabFailed], p.Items[TabDone], p.Log)
	nameTabs("queue", p.Tabs)
	p.ExtendBaseWidget(p)
	p.Changed(QueueChange{Lists: true})
	return p
}

func (p *QueuePanel) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(p.Tabs)
}

// Changed refreshes what ch says changed.
func (p *QueuePanel) Changed(ch QueueChange) {
	if ch.Lists {
		// New titles refresh the tabs, which refresh every tab's content:
		// the lists then need no refresh of their own.
		titled := p.updateTitles()
		for t, l := range p.Lists {
			l.Update(!titled)
			if p.Details[t].Visible() {
				p.showDetails(QueueTab(t), -1) // the item may have moved on
			}
		}
	}
	if len(ch.Progress) > 0 && !ch.Lists { // else refreshed above
		p.Lists[TabQueued].RefreshIDs(ch.Progress)
	}
}

// ShowTab brings tab t to the front.
func (p *QueuePanel) ShowTab(t QueueTab) { p.Tabs.Select(p.Items[t]) }

// ShowLog brings the message log to the front.
func (p *QueuePanel) ShowLog() { p.Tabs.Select(p.Log) }

// updateTitles puts each tab's count in its title, as FileZilla's
// "Queued files (3)", and enables the buttons that have work; true when a
// title changed, which refreshed the tabs.
func (p *QueuePanel) updateTitles() bool {
	titles := [numQueueTabs]string{lang.X("queue.tab.queued", "Queued"), lang.X("queue.tab.failed", "Failed"), lang.X("queue.tab.done", "Done")}
	changed := false
	for t, item := range p.Items {
		text := titles[t]
		if n := len(p.Model.IDs(QueueTab(t))); n > 0 {
			text = lang.X("queue.tab.count", "{{.Tab}} ({{.Count}})", map[string]any{"Tab": text, "Count": n})
		}
		if item.Text != text {
			item.Text, changed = text, true
		}
	}
	m := p.Model
	enable(p.PauseAll, m.Count(queue.Queued)+m.Count(queue.Running) > 0)
	enable(p.ResumeAll, m.Count(queue.Paused) > 0)
	enable(p.CancelAll, len(m.IDs(TabQueued)) > 0)
	enable(p.RetryAll, len(m.IDs(TabFailed)) > 0)
	enable(p.RemoveFailed, len(m.IDs(TabFailed)) > 0)
	enable(p.RemoveDone, len(m.IDs(TabDone)) > 0)
	if changed {
		p.Tabs.Refresh()
	}
	return changed
}

func enable(w fyne.Disableable, on bool) {
	if on && w.Disabled() {
		w.Enable()
	} else if !on && !w.Disabled() {
		w.Disable()
	}
}

func (p *QueuePanel) removeTab(t QueueTab) {
	p.command(CmdRemove, append([]uint64(nil), p.Model.IDs(t)...))
}

func (p *QueuePanel) command(c QueueCommand, ids []uint64) {
	if p.OnCommand != nil {
		p.OnCommand(c, ids)
	}
}

func (p *QueuePanel) showMenu(items []queue.Item, at fyne.Position) {
	c := fyne.CurrentApp().Driver().CanvasForObject(p)
	if c == nil || len(items) == 0 {
		return
	}
	ids := make([]uint64, len(items))
	for i, it := range items {
		ids[i] = it.ID
	}
	var menu []*fyne.MenuItem
	for _, ch := range QueueMenu(items) {
		cmd := ch.Command
		menu = append(menu, &fyne.MenuItem{Label: cmd.String(), Disabled: ch.Disabled, Action: func() { p.command(cmd, ids) }})
	}
	for _, it := range items {
		if it.Err != "" {
			menu = append(menu, fyne.NewMenuItemSeparator(), fyne.NewMenuItem(lang.X("queue.copy_errors", CopyErrorsLabel), func() { copyErrors(items) }))
			break
		}
	}
	popup := fyne.NewMenu("", menu...)
	nameMenu("queue", popup)
	// dialog: queue-menu
	widget.ShowPopUpMenuAtPosition(popup, c, at)
}

// queueHeader titles the columns of queue rows.
func queueHeader() fyne.CanvasObject {
	title := func(s string, align fyne.TextAlign) fyne.CanvasObject {
		l := widget.NewLabelWithStyle(s, align, fyne.TextStyle{Bold: true})
		l.Truncation = fyne.TextTruncateEllipsis
		return l
	}
	return container.New(queueColumns{}, layout.NewSpacer(),
		title(lang.X("queue.col.site", "Site"), fyne.TextAlignLeading), // queue_site.go
		title(lang.X("queue.col.local", "Local file"), fyne.TextAlignLeading), title(lang.X("queue.col.remote", "Remote file"), fyne.TextAlignLeading),
		title(lang.X("queue.col.size", "Size"), fyne.TextAlignTrailing), title(lang.X("queue.col.progress", "Progress"), fyne.TextAlignLeading),
		title(lang.X("queue.col.status", "Status"), fyne.TextAlignLeading))
}
