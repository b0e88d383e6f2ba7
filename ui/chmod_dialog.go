package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"portside/transfer"
)

// ChmodForm is the body of "File permissions…", as FileZilla lays it out:
// owner, group and public rows of Read / Write / Execute boxes, the numeric
// value beside them (each follows the other), and for folders the choice of
// recursing into them.
type ChmodForm struct {
	// Boxes[who][what]: who is owner, group, public; what is read, write,
	// execute.
	Boxes   [3][3]*widget.Check
	Numeric *widget.Entry
	Recurse *widget.Check
	Scope   *widget.RadioGroup // all, files only, folders only; shown with Recurse
	Intro   *widget.Label

	special uint32 // setuid, setgid, sticky: kept from the numeric value, no boxes
	syncing bool   // a box or the field is being set from the other
	content fyne.CanvasObject
}

// The recursion choices, in FileZilla's words.
const (
	scopeAll     = "Apply to all files and folders"
	scopeFiles   = "Apply to files only"
	scopeFolders = "Apply to folders only"
)

// NewChmodForm is the form for entries of a folder: pre-filled with their
// mode when the listing gave it and they all share it, else empty (0), and
// with recursion offered only when a folder is among them.
func NewChmodForm(entries []transfer.Entry) *ChmodForm {
	f := &ChmodForm{}
	f.Numeric = widget.NewEntry()
	f.Numeric.Validator = func(s string) error {
		_, err := transfer.ParseMode(s)
		return err
	}
	f.Numeric.OnChanged = func(s string) {
		if f.syncing {
			return
		}
		if n, err := transfer.ParseMode(s); err == nil {
			f.syncing = true
			f.setBoxes(n)
			f.special = n &^ 0o777
			f.syncing = false
		}
	}
	grid := container.NewGridWithColumns(4)
	for who, name := range []string{lang.X("chmod.owner", "Owner permissions:"), lang.X("chmod.group", "Group permissions:"), lang.X("chmod.public", "Public permissions:")} {
		grid.Add(widget.NewLabel(name))
		for what, label := range []string{lang.X("chmod.read", "Read"), lang.X("chmod.write", "Write"), lang.X("chmod.execute", "Execute")} {
			f.Boxes[who][what] = widget.NewCheck(label, func(bool) { f.boxChanged() })
			grid.Add(f.Boxes[who][what])
		}
	}
	f.Scope = widget.NewRadioGroup(localLabels([]string{scopeAll, scopeFiles, scopeFolders}), nil)
	f.Scope.SetSelected(choiceLabel(scopeAll))
	f.Scope.Disable()
	f.Recurse = widget.NewCheck(lang.X("chmod.recurse", "Recurse into subfolders"), func(on bool) {
		if on {
			f.Scope.Enable()
		} else {
			f.Scope.Disable()
		}
	})
	f.Intro = widget.NewLabel(chmodIntro(entries))
	f.Intro.Wrapping = fyne.TextWrapWord
	if mode, known := commonMode(entries); known {
		f.SetMode(mode)
	} else {
		// Unknown: no number, so that OK cannot set 000 by accident; a
		// tick or a typed value gives one.
		f.Intro.SetText(f.Intro.Text + "\n" + lang.X("chmod.unknown", "The server's listing does not give the current permissions: tick the boxes or type a value."))
	}
	parts := []fyne.CanvasObject{f.Intro, grid,
		widget.NewForm(widget.NewFormItem(lang.X("chmod.numeric", "Numeric value"), f.Numeric))}
	for _, e := range entries {
		if e.IsDir && !e.IsLink {
			parts = append(parts, widget.NewSeparator(), f.Recurse, f.Scope)
			break
		}
	}
	f.content = container.NewVBox(parts...)
	return f
}

func chmodIntro(entries []transfer.Entry) string {
	if len(entries) == 1 {
		data := map[string]any{"Name": transfer.Escape(entries[0].Name)}
		if entries[0].IsDir {
			return lang.X("chmod.intro.folder", "New permissions for the folder “{{.Name}}”:", data)
		}
		return lang.X("chmod.intro.file", "New permissions for the file “{{.Name}}”:", data)
	}
	return lang.X("chmod.intro", "New permissions for {{.What}}:", map[string]any{"What": describe(entries)})
}

// commonMode is the mode all entries share in the listing; known is false
// when one has no readable mode or they differ.
func commonMode(entries []transfer.Entry) (mode uint32, known bool) {
	for i, e := range entries {
		m, ok := transfer.ModeFromPerm(e.Perm)
		if !ok || (i > 0 && m != mode) {
			return 0, false
		}
		mode = m
	}
	return mode, len(entries) > 0
}

// SetMode shows mode in the boxes and the numeric field.
func (f *ChmodForm) SetMode(mode uint32) {
	f.syncing = true
	defer func() { f.syncing = false }()
	f.special = mode &^ 0o777
	f.setBoxes(mode)
	f.Numeric.SetText(numeric(mode))
}

func (f *ChmodForm) setBoxes(mode uint32) {
	for who := 0; who < 3; who++ {
		for what := 0; what < 3; what++ {
			f.Boxes[who][what].SetChecked(mode&(1<<(8-3*who-what)) != 0)
		}
	}
}

func (f *ChmodForm) boxChanged() {
	if f.syncing {
		return
	}
	var mode uint32
	for who := 0; who < 3; who++ {
		for what := 0; what < 3; what++ {
			if f.Boxes[who][what].Checked {
				mode |= 1 << (8 - 3*who - what)
			}
		}
	}
	f.syncing = true
	f.Numeric.SetText(numeric(mode | f.special))
	f.syncing = false
}

// numeric writes three digits, four when a special bit is set.
func numeric(mode uint32) string {
	if mode > 0o777 {
		return fmt.Sprintf("%04o", mode)
	}
	return fmt.Sprintf("%03o", mode)
}

// Mode is the mode the form asks for.
func (f *ChmodForm) Mode() (uint32, error) { return transfer.ParseMode(f.Numeric.Text) }

// Recursion is what the form asks to change below folders.
func (f *ChmodForm) Recursion() transfer.Recurse {
	if !f.Recurse.Checked {
		return transfer.RecurseNone
	}
	switch englishLabel([]string{scopeAll, scopeFiles, scopeFolders}, f.Scope.Selected) {
	case scopeFiles:
		return transfer.RecurseFiles
	case scopeFolders:
		return transfer.RecurseFolders
	}
	return transfer.RecurseAll
}

// askChmod shows "File permissions…" for p's selection and applies it on
// the pane's own session, then lists the folder again.
func (m *Main) askChmod(p *Pane) {
	sel := p.Selected()
	if len(sel) == 0 {
		return
	}
	if _, ok := p.Model.FS().(transfer.Chmoder); !ok {
		m.setStatus(lang.X("chmod.unsupported", "This side cannot change permissions."), true)
		return
	}
	f := NewChmodForm(sel)
	// dialog: chmod
	d := dialog.NewCustomConfirm(lang.X("chmod.title", "Change file attributes"), lang.X("dlg.ok", "OK"), lang.X("dlg.cancel", "Cancel"), f.content, func(ok bool) {
		if !ok {
			return
		}
		mode, err := f.Mode()
		if err != nil {
			m.setStatus(lang.X("chmod.no_value", "Permissions not changed: no value was given ({{.Error}}).", map[string]any{"Error": errorText(err)}), true)
			return
		}
		p.Model.Chmod(sel, mode, f.Recursion())
	}, m.Window)
	m.files().Chmod = f
	keysForConfirm(m.Window.Canvas(), d)
	d.Resize(fyne.NewSize(520, d.MinSize().Height))
	d.Show()
}

// Chmod sets mode on entries of the pane's folder (and below them, by rec)
// in the background, then lists the folder again. Every entry is tried;
// the status line counts what failed and the log has each failure.
func (m *PaneModel) Chmod(entries []transfer.Entry, mode uint32, rec transfer.Recurse) {
	done := lang.X("chmod.done", "Set the permissions of {{.What}} to {{.Mode}}", map[string]any{"What": describe(entries), "Mode": numeric(mode)})
	m.operate(done, func(ctx context.Context, fs transfer.FS, dir string) error {
		var errs []error
		tried := 0
		for _, e := range entries {
			err := transfer.ChmodTree(ctx, fs, fs.Join(dir, e.Name), e.IsDir && !e.IsLink, mode, rec, func(r transfer.ChmodResult) {
				tried++
				if r.Err != nil && !errors.Is(r.Err, transfer.ErrUnsupported) {
					errs = append(errs, r.Err)
				}
			})
			if errors.Is(err, transfer.ErrUnsupported) {
				return fmt.Errorf("the server does not support changing permissions (SITE CHMOD): %w", err)
			}
			if err != nil {
				return err
			}
		}
		if len(errs) > 0 {
			lines := make([]string, 0, 3)
			for _, e := range errs[:min(3, len(errs))] {
				lines = append(lines, e.Error())
			}
			return fmt.Errorf("%d of %d permission changes failed: %s", len(errs), tried, strings.Join(lines, "; "))
		}
		return nil
	})
}
