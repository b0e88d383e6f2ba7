package ui

import (
	"fmt"
	"strings"
	"sync"

	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
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
		labels[i] = c.Label
	}
	choice := widget.NewRadioGroup(labels, nil)
	choice.Required = true
	choice.SetSelected(labels[0])
	all := widget.NewCheck("Do this for every file that exists ("+it.Dir.String()+"s, until Portside quits)", nil)
	body := container.NewVBox(widget.NewLabel(ExistsText(it, src, dst)), choice, all)
	nameObject("dlg.exists", body)
	// dialog: exists
	d := dialog.NewCustomConfirm("The file exists", "OK", "Skip", body, func(ok bool) {
		a := existsAnswer{policy: queue.Skip, all: all.Checked}
		if ok {
			for _, c := range ExistsChoices {
				if c.Label == choice.Selected {
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
	where := "this computer"
	if it.Dir == queue.Upload {
		where = "the server"
	}
	describe := func(e transfer.Entry) string {
		s := HumanSize(e.Size)
		if t := FormatTime(e.ModTime); t != "" {
			s += ", modified " + t
		}
		return s
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s already exists on %s.\n\n", it.Dst, where)
	fmt.Fprintf(&b, "New:      %s\n", describe(src))
	fmt.Fprintf(&b, "Existing: %s", describe(dst))
	return b.String()
}
