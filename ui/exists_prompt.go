package ui

import (
	"sync"

	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"portside/transfer"
	"portside/transfer/queue"
)

// existsPrompt asks, as FileZilla does, what to do when a transfer's
// destination file exists (the queue's OnExists). The queue calls it on a
// worker, which waits for the answer; the other workers go on. Questions
// come one at a time, and an "all files" answer is remembered here too, so
// workers already waiting are not asked again.
type existsPrompt struct {
	main   *Main
	closed chan struct{} // closed by Main.Close: waiting workers skip

	mu  sync.Mutex // held while a question is up
	all map[queue.Direction]queue.Policy
}

// ExistsChoices are the answers offered, in order, with their policies.
var ExistsChoices = []struct {
	Label  string
	Policy queue.Policy
}{
	{"Overwrite", queue.Overwrite},
	{"Overwrite if the source is newer", queue.OverwriteNewer},
	{"Overwrite if the size differs", queue.OverwriteSize},
	{"Resume (append to it)", queue.Resume},
	{"Rename: keep both", queue.Rename},
	{"Skip", queue.Skip},
}

type existsAnswer struct {
	policy queue.Policy
	all    bool
}

func newExistsPrompt(m *Main) *existsPrompt {
	return &existsPrompt{main: m, closed: make(chan struct{}), all: map[queue.Direction]queue.Policy{}}
}

func (p *existsPrompt) ask(it queue.Item, src, dst transfer.Entry) (queue.Policy, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if pol, ok := p.all[it.Dir]; ok {
		return pol, true
	}
	answer := make(chan existsAnswer, 1)
	p.main.do(func() {
		p.main.Queue.Changed(p.main.Queue.Model.SetAsking(it.ID, true))
		p.show(it, src, dst, answer)
	})
	defer p.main.do(func() { p.main.Queue.Changed(p.main.Queue.Model.SetAsking(it.ID, false)) })
	select {
	case a := <-answer:
		if a.all {
			p.all[it.Dir] = a.policy
		}
		return a.policy, a.all
	case <-p.closed:
		return queue.Skip, false // the window is closing; the journal keeps the item
	}
}

// close lets waiting workers go.
func (p *existsPrompt) close() { close(p.closed) }

func (p *existsPrompt) show(it queue.Item, src, dst transfer.Entry, answer chan<- existsAnswer) {
	labels := make([]string, len(ExistsChoices))
	for i, c := range ExistsChoices {
		labels[i] = existsLabel(c.Policy, c.Label)
	}
	choice := widget.NewRadioGroup(labels, nil)
	choice.Required = true
	choice.SetSelected(labels[0])
	all := widget.NewCheck(existsAllLabel(it.Dir), nil)
	body := container.NewVBox(widget.NewLabel(ExistsText(it, src, dst)), choice, all)
	nameObject("dlg.exists", body)
	// dialog: exists
	d := dialog.NewCustomConfirm(lang.X("exists.title", "The file exists"), lang.X("dlg.ok", "OK"), lang.X("exists.skip", "Skip"), body, func(ok bool) {
		a := existsAnswer{policy: queue.Skip, all: all.Checked}
		if ok {
			for _, c := range ExistsChoices {
				if existsLabel(c.Policy, c.Label) == choice.Selected {
					a.policy = c.Policy
				}
			}
		}
		answer <- a
	}, p.main.Window)
	keysForConfirm(p.main.Window.Canvas(), d)
	d.Show()
}

// ExistsText tells which file exists where, and both versions' size and
// time, which are what the choice rests on.
func ExistsText(it queue.Item, src, dst transfer.Entry) string {
	describe := func(e transfer.Entry) string {
		if t := FormatTime(e.ModTime); t != "" {
			return lang.X("exists.version.time", "{{.Size}}, modified {{.Time}}", map[string]any{"Size": HumanSize(e.Size), "Time": t})
		}
		return HumanSize(e.Size)
	}
	data := map[string]any{"Path": it.Dst, "New": describe(src), "Existing": describe(dst)}
	if it.Dir == queue.Upload {
		return lang.X("exists.text.server", "{{.Path}} already exists on the server.\n\nNew:      {{.New}}\nExisting: {{.Existing}}", data)
	}
	return lang.X("exists.text.local", "{{.Path}} already exists on this computer.\n\nNew:      {{.New}}\nExisting: {{.Existing}}", data)
}

// existsLabel words an answer of the file-exists question.
func existsLabel(p queue.Policy, en string) string {
	switch p {
	case queue.Overwrite:
		return lang.X("exists.overwrite", "Overwrite")
	case queue.OverwriteNewer:
		return lang.X("exists.newer", "Overwrite if the source is newer")
	case queue.OverwriteSize:
		return lang.X("exists.size", "Overwrite if the size differs")
	case queue.Resume:
		return lang.X("exists.resume", "Resume (append to it)")
	case queue.Rename:
		return lang.X("exists.rename", "Rename: keep both")
	case queue.Skip:
		return lang.X("exists.skip", "Skip")
	}
	return en
}

// existsAllLabel is the "for every file" tick of the question.
func existsAllLabel(d queue.Direction) string {
	if d == queue.Upload {
		return lang.X("exists.all.upload", "Do this for every file that exists (uploads, until Portside quits)")
	}
	return lang.X("exists.all.download", "Do this for every file that exists (downloads, until Portside quits)")
}
