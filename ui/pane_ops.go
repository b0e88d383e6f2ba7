package ui

import (
	"context"
	"errors"
	"fmt"
	"fyne.io/fyne/v2/lang"

	"portside/transfer"
)

// The file operations of a pane's menu. Like listings they run off the UI
// goroutine on the pane's own file system (the browsing session, not the
// queue's), then list the folder again so the pane shows the result. A
// failure lands in the pane's error bar and in OnFailed.

// PathOf is name's full path in the pane's folder.
func (m *PaneModel) PathOf(name string) string {
	if m.fs == nil {
		return ""
	}
	return m.fs.Join(m.path, name)
}

// FS is the pane's file system, or nil; for building paths (Join, Dir).
func (m *PaneModel) FS() transfer.FS { return m.fs }

// ShowsFolderOf reports whether the pane shows the folder that holds p.
func (m *PaneModel) ShowsFolderOf(p string) bool {
	return m.fs != nil && m.path != "" && m.fs.Dir(p) == m.path
}

// Mkdir makes folder name in the pane's folder.
func (m *PaneModel) Mkdir(name string) {
	m.operate(lang.X("pane.created", "Created folder {{.Name}}", map[string]any{"Name": name}), func(ctx context.Context, fs transfer.FS, dir string) error {
		return fs.Mkdir(ctx, fs.Join(dir, name))
	})
}

// Rename renames from to to, both names in the pane's folder.
func (m *PaneModel) Rename(from, to string) {
	m.operate(lang.X("pane.renamed", "Renamed {{.From}} to {{.To}}", map[string]any{"From": from, "To": to}), func(ctx context.Context, fs transfer.FS, dir string) error {
		return fs.Rename(ctx, fs.Join(dir, from), fs.Join(dir, to))
	})
}

// Delete removes entries from the pane's folder, folders with everything
// in them.
func (m *PaneModel) Delete(entries []transfer.Entry) {
	m.operate(lang.X("pane.deleted", "Deleted {{.What}}", map[string]any{"What": describe(entries)}), func(ctx context.Context, fs transfer.FS, dir string) error {
		var errs []error
		for _, e := range entries {
			// Go on after a failure: one locked file should not keep the
			// rest, and the refresh shows what is left.
			if err := RemoveAll(ctx, fs, fs.Join(dir, e.Name), e); err != nil {
				errs = append(errs, err)
			}
		}
		return errors.Join(errs...)
	})
}

// RemoveAll deletes p, whose entry is e; a folder goes with everything in
// it, walked with List and Remove, which both sides have. A link is removed
// itself, never followed: deleting a link to a folder must not empty the
// folder it points to.
func RemoveAll(ctx context.Context, fs transfer.FS, p string, e transfer.Entry) error {
	if e.IsDir && !e.IsLink {
		children, err := fs.List(ctx, p)
		if err != nil {
			return err
		}
		for _, c := range children {
			if err := transfer.CheckName(c.Name); err != nil {
				return fmt.Errorf("remove %s: %w", p, err)
			}
			if err := RemoveAll(ctx, fs, fs.Join(p, c.Name), c); err != nil {
				return err
			}
		}
	}
	return fs.Remove(ctx, p)
}

// operate runs op on the pane's file system and folder in the background,
// then reports and lists again, if the pane still shows that file system.
func (m *PaneModel) operate(done string, op func(ctx context.Context, fs transfer.FS, dir string) error) {
	fs, dir := m.fs, m.path
	if fs == nil || dir == "" {
		return
	}
	go func() {
		err := op(context.Background(), fs, dir)
		m.do(func() {
			if m.fs != fs {
				return // disconnected meanwhile: nothing left to show it in
			}
			if err != nil {
				m.err = err
				m.changed()
				if m.OnFailed != nil {
					m.OnFailed(err)
				}
			} else {
				m.err = nil
				if m.OnDone != nil {
					m.OnDone(done)
				}
			}
			if m.path == dir {
				m.reload()
			} else {
				m.cache.drop(dir) // changed, and not shown now
			}
		})
	}()
}

// reload lists the folder again and keeps a failure shown until the next
// listing: a refresh after a failed delete must not hide why it failed.
func (m *PaneModel) reload() {
	err := m.err
	m.load(m.path, false, false)
	m.keepErr = err
}

// describe names entries for a status line: "notes.txt", "3 items".
func describe(entries []transfer.Entry) string {
	if len(entries) == 1 {
		return entries[0].Name
	}
	return countItems(len(entries))
}
