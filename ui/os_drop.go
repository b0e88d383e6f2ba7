package ui

import (
	"context"
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
)

// HandleOSDrop takes files and folders dropped from the desktop's file
// manager (Window.SetOnDropped; at is in window coordinates). Over the
// remote pane they upload into its folder, or into the folder row under
// the pointer. Fyne has no drop target per widget, so the window
// hit-tests the panes itself.
func (m *Main) HandleOSDrop(at fyne.Position, uris []fyne.URI) {
	p, _, dir := m.dropTarget(LocalSide, at)
	if p == nil {
		over, _ := m.hitTest(at)
		switch {
		case over == m.Local:
			m.setStatus(lang.X("drop.local", "Files dropped on the local pane stay where they are: drop them on the remote pane to upload them."), false)
		case over == m.Remote:
			m.setStatus(lang.X("drop.connect_first", "Connect to a server first, then drop files on the remote pane to upload them."), true)
		default:
			m.setStatus(lang.X("drop.remote", "Drop files on the remote pane to upload them."), false)
		}
		return
	}
	var paths []string
	for _, u := range uris {
		if u.Scheme() == "file" {
			paths = append(paths, u.Path())
		}
	}
	if len(paths) == 0 {
		m.setStatus(lang.X("drop.not_local", "Only files and folders from this computer can be uploaded."), true)
		return
	}
	// Stat off the UI goroutine: a dropped path may sit on a slow or
	// sleeping network mount.
	local := m.Local.Model.FS()
	go func() {
		var srcs []Source
		var errs []error
		for _, path := range paths {
			e, err := local.Stat(context.Background(), path)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			e.Name = baseName(local, path)
			srcs = append(srcs, Source{Path: path, Entry: e})
		}
		m.do(func() {
			if err := errors.Join(errs...); err != nil {
				m.logFailure(err)
			}
			m.enqueue(LocalSide, srcs, dir, true)
		})
	}()
}
