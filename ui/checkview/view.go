// Package checkview is the window's connection check: a dialog that runs
// transfer/check, shows the steps live with their timings, words the
// report in English or Chinese (switchable), copies it, saves it as a file
// for the server's administrator, and applies the recommended settings.
package checkview

import (
	"context"
	"errors"
	"os"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"portside/i18n"
	"portside/i18n/checktext"
	"portside/transfer/check"
	"portside/transfer/transport"
)

// View is the check's content: the steps as they come, then the report.
type View struct {
	widget.BaseWidget

	Lang      *widget.Select
	LangLabel *widget.Label
	Steps     *widget.Label   // one line per step, live (the text Copy would give)
	StepsGrid *fyne.Container // the same in two columns, as shown
	Summary   *widget.Label   // the recommendation and the findings
	Status    *widget.Label
	UploadOn  *widget.Check
	UploadDir *widget.Entry
	Again     *widget.Button
	Copy      *widget.Button
	Save      *widget.Button
	Apply     *widget.Button
	Close     *widget.Button

	// Config is the check's configuration, made afresh for each run (the
	// upload folder comes from the view).
	Config func() check.Config
	// OnApply saves the recommendation into the site; nil hides Apply.
	OnApply func(check.Recommendation) error
	OnClose func()
	// Do runs f on the UI goroutine (fyne.Do in the app).
	Do     func(func())
	Window fyne.Window
	Target string

	mu     sync.Mutex
	words  checktext.Words
	steps  []check.Step
	report *check.Report
	cancel context.CancelFunc
	done   chan struct{}
	tls    transport.TLSMode
}

var langNames = []string{"English", "简体中文"}

func langOf(name string) string {
	if name == langNames[1] {
		return i18n.Chinese
	}
	return i18n.English
}

// New makes the view in lang ("en" or "zh-Hans").
func New(lang string, target string) *View {
	v := &View{Target: target, Do: fyne.Do, words: checktext.For(lang)}
	v.LangLabel = widget.NewLabel("")
	v.Lang = widget.NewSelect(langNames, func(name string) { v.setLang(langOf(name)) })
	v.Steps = widget.NewLabel("")
	v.StepsGrid = container.New(layout.NewFormLayout())
	v.Summary = widget.NewLabel("")
	v.Summary.Wrapping = fyne.TextWrapWord
	v.Status = widget.NewLabel("")
	v.Status.Wrapping = fyne.TextWrapWord
	v.UploadOn = widget.NewCheck("", nil)
	v.UploadDir = widget.NewEntry()
	v.UploadDir.SetPlaceHolder("/incoming")
	v.Again = widget.NewButton("", v.Start)
	v.Copy = widget.NewButton("", v.copyText)
	v.Save = widget.NewButton("", v.saveDialog)
	v.Apply = widget.NewButton("", v.apply)
	v.Apply.Importance = widget.HighImportance
	v.Close = widget.NewButton("", func() {
		v.Stop()
		if v.OnClose != nil {
			v.OnClose()
		}
	})
	if lang == i18n.Chinese {
		v.Lang.SetSelectedIndex(1)
	} else {
		v.Lang.SetSelectedIndex(0)
	}
	v.ExtendBaseWidget(v)
	return v
}

func (v *View) CreateRenderer() fyne.WidgetRenderer {
	top := container.NewBorder(nil, nil, nil, container.NewHBox(v.LangLabel, v.Lang),
		container.NewBorder(nil, nil, v.UploadOn, nil, v.UploadDir))
	steps := container.NewScroll(v.StepsGrid)
	steps.SetMinSize(fyne.NewSize(860, 220))
	summary := container.NewVScroll(v.Summary)
	summary.SetMinSize(fyne.NewSize(860, 260))
	bar := container.NewHBox(v.Again, v.Copy, v.Save, layout.NewSpacer(), v.Apply, v.Close)
	body := container.NewVSplit(summary, steps)
	body.Offset = 0.5
	return widget.NewSimpleRenderer(container.NewBorder(top, container.NewVBox(v.Status, bar), nil, nil, body))
}

// setLang words everything again in lang.
func (v *View) setLang(lang string) {
	v.mu.Lock()
	v.words = checktext.For(lang)
	v.mu.Unlock()
	v.relabel()
	v.render()
}

func (v *View) relabel() {
	l := v.words.L
	v.LangLabel.SetText(l.T("ui.check.language", nil))
	v.UploadOn.Text = l.T("ui.check.upload", nil)
	v.UploadOn.Refresh()
	v.Again.SetText(l.T("ui.check.again", nil))
	v.Copy.SetText(l.T("ui.check.copy", nil))
	v.Save.SetText(l.T("ui.check.save", nil))
	v.Apply.SetText(l.T("ui.check.apply", nil))
	v.Close.SetText(l.T("ui.check.close", nil))
}

// Start runs the check (again), unless one runs.
func (v *View) Start() {
	v.mu.Lock()
	if v.cancel != nil {
		v.mu.Unlock()
		return
	}
	cfg := v.Config()
	if v.UploadOn.Checked && strings.TrimSpace(v.UploadDir.Text) != "" {
		cfg.UploadDir = strings.TrimSpace(v.UploadDir.Text)
	}
	ctx, cancel := context.WithCancel(context.Background())
	v.cancel, v.steps, v.report, v.done = cancel, nil, nil, make(chan struct{})
	v.tls = cfg.Site.TLS
	done := v.done
	v.mu.Unlock()
	v.Status.SetText(v.words.L.T("ui.check.running", nil))
	v.render()
	cfg.Progress = func(s check.Step) {
		if s.Status == "" {
			return
		}
		v.mu.Lock()
		v.steps = append(v.steps, s)
		v.mu.Unlock()
		v.Do(v.render)
	}
	go func() {
		defer close(done)
		rep := check.Run(ctx, cfg)
		v.mu.Lock()
		v.report, v.cancel = rep, nil
		v.mu.Unlock()
		v.Do(func() {
			v.Status.SetText("")
			v.render()
		})
	}()
}

// Stop ends a running check.
func (v *View) Stop() {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.cancel != nil {
		v.cancel()
	}
}

// Wait waits for the running check to end (tests).
func (v *View) Wait() {
	v.mu.Lock()
	done := v.done
	v.mu.Unlock()
	if done != nil {
		<-done
	}
}

// Report is the last finished report, or nil.
func (v *View) Report() *check.Report {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.report
}

// render shows the steps and, once done, the recommendation and findings.
func (v *View) render() {
	v.mu.Lock()
	w, steps, rep := v.words, append([]check.Step(nil), v.steps...), v.report
	v.mu.Unlock()
	if rep != nil {
		steps = rep.Steps
	}
	tls := v.tls
	if rep != nil {
		tls = rep.Checked
	}
	var b strings.Builder
	var cells []fyne.CanvasObject
	for _, s := range steps {
		b.WriteString(w.StepLine(s, tls, false) + "\n")
		name, rest := w.StepParts(s, tls, false)
		status := widget.NewLabel(rest)
		switch s.Status {
		case check.Failed:
			status.Importance = widget.DangerImportance
		case check.Warn:
			status.Importance = widget.WarningImportance
		}
		cells = append(cells, widget.NewLabel(name), status)
	}
	v.Steps.SetText(strings.TrimRight(b.String(), "\n"))
	v.StepsGrid.Objects = cells
	v.StepsGrid.Refresh()
	running := rep == nil
	setEnabled(v.Copy, !running)
	setEnabled(v.Save, !running)
	setEnabled(v.Again, !running)
	setEnabled(v.Apply, !running && rep.Recommend.Works && v.OnApply != nil)
	if v.OnApply == nil {
		v.Apply.Hide()
	} else {
		v.Apply.Show()
	}
	if running {
		v.Summary.SetText(w.L.T("check.title", nil) + " — " + v.Target)
		return
	}
	text := w.Text(rep, checktext.Options{})
	// The steps have their own pane: the summary ends before them.
	summary, _, _ := strings.Cut(text, "== "+w.L.T("hdr.steps", nil))
	v.Summary.SetText(strings.TrimRight(summary, "\n"))
}

func setEnabled(w fyne.Disableable, on bool) {
	if on {
		w.Enable()
	} else {
		w.Disable()
	}
}

// Text is the whole report in the chosen language, with the server's
// replies of failed steps: what Copy and Save give.
func (v *View) Text() string {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.report == nil {
		return ""
	}
	return v.words.Text(v.report, checktext.Options{Exchange: true})
}

func (v *View) copyText() {
	fyne.CurrentApp().Clipboard().SetContent(v.Text())
	v.Status.SetText(v.words.L.T("ui.check.copied", nil))
}

func (v *View) saveDialog() {
	if v.Window == nil {
		return
	}
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			return
		}
		defer w.Close()
		v.SaveTo(w.URI().Path(), w)
	}, v.Window)
	d.SetFileName("portside-check-" + strings.NewReplacer(":", "-", "/", "-").Replace(v.Target) + ".txt")
	d.SetFilter(storage.NewExtensionFileFilter([]string{".txt"}))
	d.Show()
}

// SaveTo writes the report's text to w, saying where in the status line.
func (v *View) SaveTo(path string, w interface{ Write([]byte) (int, error) }) error {
	_, err := w.Write([]byte(v.Text()))
	if err != nil {
		v.Status.SetText(err.Error())
		return err
	}
	v.Status.SetText(v.words.L.T("ui.check.saved", map[string]string{"Path": path}))
	return nil
}

// SaveFile writes the report to a file (tests, and callers with a path).
func (v *View) SaveFile(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	return errors.Join(v.SaveTo(path, f), f.Close())
}

func (v *View) apply() {
	rep := v.Report()
	if rep == nil || v.OnApply == nil {
		return
	}
	if err := v.OnApply(rep.Recommend); err != nil {
		v.Status.SetText(err.Error())
		return
	}
	v.Status.SetText(v.words.L.T("ui.check.applied", nil))
}

// Show opens the view in a dialog over parent and starts the check.
func Show(parent fyne.Window, v *View) dialog.Dialog {
	v.Window = parent
	d := dialog.NewCustomWithoutButtons(v.words.L.T("ui.check.title", map[string]string{"Target": v.Target}), v, parent)
	v.OnClose = d.Hide
	d.Resize(fyne.NewSize(920, 680))
	d.Show()
	v.Start()
	return d
}
