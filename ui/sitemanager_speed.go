package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"portside/transfer/sites"
)

// The Transfer Settings tab's speed settings: how many parts a big
// download is fetched in (sites.Site.Segments), whether commands may be
// pipelined (NoPipelining), and what sessions found out about the server
// by themselves (sites.Learned), shown read-only with a button to forget
// it (a server that was upgraded, or a finding the user doubts).

// newSpeedFields makes the editor's speed fields.
func (e *SiteEditor) newSpeedFields(esc *escapeHook) {
	e.Segments = newEscEntry(esc, false, false)
	e.Segments.PlaceHolder = lang.X("site.segments.usual", "usual (4)")
	e.Segments.OnChanged = func(string) { e.changed() }
	e.Pipelining = newEscCheck(esc, lang.X("site.pipelining.check", "Pipeline commands where the server takes it"), func(bool) { e.changed() })
	e.LearnedText = widget.NewLabel("")
	e.LearnedText.Wrapping = fyne.TextWrapWord
	e.ForgetLearned = newEscButton(esc, lang.X("site.learned.forget", "Forget"), theme.DeleteIcon(), nil)
	nameObject("sm.segments", e.Segments)
	nameObject("sm.pipelining", e.Pipelining)
}

// speedItems are the tab's rows for them.
func (e *SiteEditor) speedItems() []*widget.FormItem {
	height := e.Segments.MinSize().Height
	segments := widget.NewFormItem(lang.X("site.segments", "Parts per big download:"), container.NewHBox(container.NewGridWrap(fyne.NewSize(110, height), e.Segments)))
	segments.HintText = lang.X("site.segments.hint", "A file of 32 MiB or more comes in up to this many parts at once; 1: never")
	pipe := widget.NewFormItem(lang.X("site.pipelining", "Pipelining:"), e.Pipelining)
	pipe.HintText = lang.X("site.pipelining.hint", "Saves a round trip a file far away; some cameras and routers break on it")
	learned := widget.NewFormItem(lang.X("site.learned", "Learned:"), container.NewBorder(nil, nil, nil, container.NewVBox(e.ForgetLearned), e.LearnedText))
	return []*widget.FormItem{segments, pipe, learned}
}

// loadSpeed shows s's speed settings and findings.
func (e *SiteEditor) loadSpeed(s sites.Site) {
	e.Segments.SetText(portText(s.Segments))
	e.Pipelining.SetChecked(!s.NoPipelining)
	e.SetLearned(s.Learned)
}

// readSpeed reads them back into s.
func (e *SiteEditor) readSpeed(s *sites.Site, num func(*escEntry, string) int) {
	s.Segments = num(e.Segments, lang.X("site.field.segments", "number of parts"))
	s.NoPipelining = !e.Pipelining.Checked
}

// SetLearned shows what sessions found out about the server; nil: nothing.
func (e *SiteEditor) SetLearned(l *sites.Learned) {
	e.site.Learned = l
	if l == nil || l.Pipelining == "" && !l.SizeLied {
		e.LearnedText.SetText(lang.X("site.learned.none", "Nothing yet: the first transfer tries whether the server takes pipelined commands."))
		e.ForgetLearned.Disable()
		return
	}
	var text string
	switch l.Pipelining {
	case sites.PipeliningWorks:
		text = lang.X("site.learned.pipe_works", "Takes pipelined commands (found on {{.Time}}).", map[string]any{"Time": FormatTime(l.PipelinedAt)})
	case sites.PipeliningBreaks:
		text = lang.X("site.learned.pipe_breaks", "Breaks on pipelined commands (found on {{.Time}}): never sent them.", map[string]any{"Time": FormatTime(l.PipelinedAt)})
	}
	if l.SizeLied {
		if text != "" {
			text += "\n"
		}
		text += lang.X("site.learned.size_lied", "Its file size disagreed with a finished upload on {{.Time}}: every upload's size is checked.", map[string]any{"Time": FormatTime(l.SizeLiedAt)})
	}
	e.LearnedText.SetText(text)
	e.ForgetLearned.Enable()
}

// forgetLearned forgets the findings of the site in the editor.
func (m *SiteManager) forgetLearned() {
	if err := m.Store.ForgetLearned(m.Editor.Loaded().ID); err != nil {
		m.fail(err)
		return
	}
	m.Editor.SetLearned(nil)
	m.info(lang.X("sm.learned_forgotten", "Forgotten: the next transfer tries pipelining again, and trusts a file size that agrees."))
}
