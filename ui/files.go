package ui

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"

	"portside/transfer"
)

// FileTools holds what the work-on-files features (permissions, new file,
// copy URL, and later View/Edit and find) keep between calls, so that tests
// reach their dialogs through fields.
type FileTools struct {
	Chmod *ChmodForm // the last "File permissions…" form shown
	// EditRoot is View/Edit's folder of copies; empty: edit.DefaultRoot.
	// Set it before the first View/Edit.
	EditRoot string
	EditList *EditList     // "Files being edited", when last shown
	Find     *FindDialog   // "Find files…", when last shown
	Bookmark *BookmarkForm // "Add bookmark…", when last shown
	Filters  *FilterDialog // "Filename filters…", when last shown

	edit         editing
	bookmarkMenu *fyne.Menu // the menu bar's Bookmarks (bookmark_menu.go)
}

// files is m.Files, made on first use.
func (m *Main) files() *FileTools {
	if m.Files == nil {
		m.Files = &FileTools{}
	}
	return m.Files
}

// editChoice is the line beside Open: View/Edit on the server's side,
// Edit (with the editor command, where Open uses the desktop's choice) on
// this computer's.
func editChoice(side Side, sel []transfer.Entry) MenuChoice {
	file := len(sel) == 1 && !sel[0].IsDir
	if side == RemoteSide {
		return MenuChoice{Label: lang.X("menu.view_edit", "View/Edit"), Action: ActionEdit, Disabled: !file}
	}
	return MenuChoice{Label: lang.X("menu.edit", "Edit"), Action: ActionEdit, Disabled: !file}
}

// fileChoices are the menu lines for the selection that this file adds:
// File permissions… on the server's side.
func fileChoices(side Side, sel []transfer.Entry) []MenuChoice {
	if side != RemoteSide {
		return nil
	}
	return []MenuChoice{{Label: lang.X("menu.chmod", "File permissions…"), Action: ActionChmod, Disabled: len(sel) == 0}}
}

// folderChoices are the menu lines for the pane's folder that this file
// adds: FileZilla's "Create new file", "Create directory and enter it", and
// "Copy URL(s) to clipboard".
func folderChoices(side Side) []MenuChoice {
	find := MenuChoice{Label: lang.X("menu.find", "Find files…"), Action: ActionFind, Shortcut: findShortcut}
	if side != RemoteSide {
		return []MenuChoice{find}
	}
	return []MenuChoice{
		{Label: lang.X("menu.mkdir_enter", "New folder and enter it"), Action: ActionMkdirEnter},
		{Label: lang.X("menu.new_file", "New empty file"), Action: ActionNewFile},
		{Label: lang.X("menu.copy_url", "Copy URL"), Action: ActionCopyURL},
		find,
	}
}

// fileAction carries out the Actions of this file.
func (m *Main) fileAction(p *Pane, a Action) {
	switch a {
	case ActionChmod:
		m.askChmod(p)
	case ActionNewFile:
		m.askName(lang.X("menu.new_file", "New empty file"), lang.X("sm.create", "Create"), "", nil, p.Model.NewFile)
	case ActionMkdirEnter:
		m.askName(lang.X("menu.mkdir_enter", "New folder and enter it"), lang.X("sm.create", "Create"), "", nil, p.Model.MkdirAndEnter)
	case ActionCopyURL:
		m.copyURL(p)
	case ActionEdit:
		m.viewEdit(p)
	case ActionFind:
		m.showFindIn(p)
	case ActionFilters:
		m.ShowFilters()
	case ActionOpenFile:
		m.openFile(p)
	}
}

// openFile is a double-click (or Enter) on a file: FileZilla's "double-
// click action on files" from the Settings window.
func (m *Main) openFile(p *Pane) {
	switch m.Prefs.Get().DoubleClick {
	case "queue":
		m.transferSelection(p, false)
	case "edit":
		m.viewEdit(p)
	case "none":
	default:
		m.transferSelection(p, true)
	}
}

// copyURL puts the URLs of the selection (or of the folder) on the
// clipboard: ftp://user@host:port/path, never with the password, so that
// pasting it in a chat or a ticket gives nothing away.
func (m *Main) copyURL(p *Pane) {
	_, site, _ := m.Conn.State()
	var paths []string
	for _, e := range p.Selected() {
		paths = append(paths, p.Model.PathOf(e.Name))
	}
	if len(paths) == 0 {
		paths = []string{p.Model.State().Path}
	}
	urls := make([]string, len(paths))
	for i, pth := range paths {
		urls[i] = RemoteURL(site, pth)
	}
	fyne.CurrentApp().Clipboard().SetContent(strings.Join(urls, "\n"))
	m.setStatus(lang.X("action.copied_urls", "Copied {{.URLs}} to the clipboard.", map[string]any{"URLs": lang.XN("count.urls", english(len(urls), "1 URL", "{{.Count}} URLs"), len(urls), map[string]any{"Count": len(urls)})}), false)
}

// RemoteURL is the URL of path on site, without the password.
func RemoteURL(site Site, path string) string {
	u, err := url.Parse(site.URL()) // site.URL never holds the password
	if err != nil {
		return site.URL() + path
	}
	u.User = nil
	if site.User != "" {
		u.User = url.User(site.User)
	}
	u.Path = path
	return u.String()
}

// NewFile creates an empty file name in the pane's folder; a name already
// there is refused rather than emptied.
func (m *PaneModel) NewFile(name string) {
	m.operate(lang.X("pane.created_file", "Created the empty file {{.Name}}", map[string]any{"Name": name}), func(ctx context.Context, fs transfer.FS, dir string) error {
		p := fs.Join(dir, name)
		if _, err := fs.Stat(ctx, p); err == nil {
			return fmt.Errorf("create %s: %w", p, errExists)
		} else if !errors.Is(err, transfer.ErrNotFound) {
			return fmt.Errorf("create %s: %w", p, err)
		}
		w, err := fs.Create(ctx, p, 0)
		if err != nil {
			return err
		}
		return w.Close()
	})
}

var errExists = errors.New("a file or folder of that name is already there")

// MkdirAndEnter makes folder name in the pane's folder and shows it.
func (m *PaneModel) MkdirAndEnter(name string) {
	fs, dir := m.fs, m.path
	if fs == nil || dir == "" {
		return
	}
	p := fs.Join(dir, name)
	go func() {
		err := fs.Mkdir(context.Background(), p)
		m.do(func() {
			if m.fs != fs {
				return
			}
			if err != nil {
				m.err = err
				m.changed()
				if m.OnFailed != nil {
					m.OnFailed(err)
				}
				return
			}
			if m.OnDone != nil {
				m.OnDone(lang.X("pane.created", "Created folder {{.Name}}", map[string]any{"Name": name}))
			}
			m.Navigate(p)
		})
	}()
}

// findShortcut is Ctrl+F (Cmd+F on macOS), "Find files…".
var findShortcut = &desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: fyne.KeyModifierShortcutDefault}
