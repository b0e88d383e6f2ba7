package ui

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"portside/transfer/sites"
)

// Import from FileZilla, export as JSON, and the local folder chooser.

// showFileDialog shows a file dialog, then makes it as large as the window
// allows, up to 800×560. The order matters: in Fyne 2.8.1 a FileDialog's
// Resize reads the dialog's window, which exists only after Show, so a
// Resize before Show is a nil-pointer panic that kills the app (the test
// driver does not catch it; scripts/dialogs-xvfb.sh does).
func showFileDialog(d *dialog.FileDialog, w fyne.Window) {
	d.Show()
	want := fyne.NewSize(800, 560)
	if c := w.Canvas().Size(); !c.IsZero() {
		want = want.Min(c.SubtractWidthHeight(24, 24))
	}
	d.Resize(want)
}

func (m *SiteManager) browseLocal() {
	// dialog: sm-browse
	d := dialog.NewFolderOpen(func(dir fyne.ListableURI, err error) {
		if err != nil {
			m.fail(err)
			return
		}
		if dir != nil {
			m.Editor.LocalDir.SetText(dir.Path())
		}
	}, m.Window)
	if cur := strings.TrimSpace(m.Editor.LocalDir.Text); cur != "" {
		if dir, err := storage.ListerForURI(storage.NewFileURI(cur)); err == nil {
			d.SetLocation(dir)
		}
	}
	showFileDialog(d, m.Window)
}

func (m *SiteManager) importDialog() {
	// dialog: sm-import
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			m.fail(err)
			return
		}
		if r == nil {
			return // cancelled
		}
		defer r.Close()
		m.ImportFileZilla(r)
	}, m.Window)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".xml"}))
	// Where FileZilla keeps its sites on Linux; on Windows and macOS the
	// dialog opens in its usual place.
	if home, err := os.UserHomeDir(); err == nil {
		if dir, err := storage.ListerForURI(storage.NewFileURI(filepath.Join(home, ".config", "filezilla"))); err == nil {
			d.SetLocation(dir)
		}
	}
	showFileDialog(d, m.Window)
}

// ImportFileZilla imports a FileZilla sitemanager.xml and reports what it
// did in a dialog: what came over, what did not and why, and that
// FileZilla's file still holds the passwords readably.
func (m *SiteManager) ImportFileZilla(r io.Reader) (sites.ImportResult, error) {
	imp, err := sites.ParseFileZilla(r)
	if err != nil {
		m.fail(err)
		return sites.ImportResult{}, err
	}
	res, err := m.Store.Import(imp)
	if err != nil {
		m.fail(err)
		return res, err
	}
	m.reload()
	m.Tree.OpenBranch(siteRootNode)
	m.info(lang.X("sm.imported", "Imported {{.Sites}} from FileZilla.", map[string]any{"Sites": siteCount(len(res.Imported))}))
	text := widget.NewLabel(ImportReport(res))
	text.Wrapping = fyne.TextWrapWord
	scroll := container.NewVScroll(text)
	scroll.SetMinSize(fyne.NewSize(560, 300))
	nameObject("dlg.import-report", scroll)
	// dialog: import-report
	d := dialog.NewCustom(lang.X("sm.imported.title", "Imported from FileZilla"), lang.X("sm.close", "Close"), scroll, m.Window)
	m.ask(d)
	return res, nil
}

// ImportReport is an import's result in sentences.
func ImportReport(res sites.ImportResult) string {
	var b strings.Builder
	b.WriteString(lang.X("sm.imported.count", "Imported {{.Sites}}.", map[string]any{"Sites": siteCount(len(res.Imported))}))
	if len(res.Skipped) > 0 {
		b.WriteString("\n\n" + lang.X("sm.imported.skipped", "Not imported:"))
		for _, s := range res.Skipped {
			name := strings.Join(append(append([]string(nil), s.Path...), s.Name), " / ")
			reason := s.Reason
			switch {
			case s.Invalid != nil:
				reason = strings.ReplaceAll(problemsText(s.Invalid), "\n", " ")
			case s.Why != nil:
				reason = problemText(s.Why)
			}
			fmt.Fprintf(&b, "\n• %s: %s", name, reason)
		}
	}
	if len(res.Notes) > 0 {
		b.WriteString("\n\n" + lang.X("sm.imported.notes", "Good to know:"))
		for i, n := range res.Notes {
			if i < len(res.NoteProblems) && res.NoteProblems[i] != nil {
				n = problemText(res.NoteProblems[i])
			}
			fmt.Fprintf(&b, "\n• %s", n)
		}
	}
	return b.String()
}

func (m *SiteManager) exportDialog() {
	// dialog: sm-export
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			m.fail(err)
			return
		}
		if w == nil {
			return // cancelled
		}
		err = m.Store.Export(w)
		if cerr := w.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			m.fail(err)
			return
		}
		m.info(lang.X("sm.exported", "Exported {{.Sites}} to {{.Path}}, without passwords.",
			map[string]any{"Sites": siteCount(len(m.Store.Sites())), "Path": w.URI().Path()}))
	}, m.Window)
	d.SetFileName("portside-sites.json")
	showFileDialog(d, m.Window)
}
