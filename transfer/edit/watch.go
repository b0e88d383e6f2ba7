package edit

import (
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/fsnotify/fsnotify"

	"portside/transfer"
)

// watch turns the watcher's events into saves. An event only arms a timer
// per file: the copy is read once it has been still for Quiet, and it is a
// save only when its bytes differ from the last ones seen. Editors that
// write twice, touch without changing, or save by rename give one save, or
// none.
func (m *Manager) watch() {
	for {
		select {
		case ev, ok := <-m.w.Events:
			if !ok {
				return
			}
			if ev.Op&(fsnotify.Write|fsnotify.Create|fsnotify.Rename) == 0 {
				continue
			}
			if id, ok := m.idOf(ev.Name); ok {
				m.arm(id)
			}
		case _, ok := <-m.w.Errors:
			if !ok {
				return
			}
			// An overflow loses events, not files: check every copy.
			for _, f := range m.Files() {
				m.arm(f.ID)
			}
		}
	}
}

// idOf is the file whose copy's folder holds name: root/ID/…
func (m *Manager) idOf(name string) (int, bool) {
	rel, err := filepath.Rel(m.root, name)
	if err != nil {
		return 0, false
	}
	first := rel
	for d := filepath.Dir(first); d != "." && d != string(filepath.Separator); d = filepath.Dir(first) {
		first = d
	}
	id, err := strconv.Atoi(first)
	if err != nil {
		return 0, false
	}
	m.mu.Lock()
	_, ok := m.files[id]
	m.mu.Unlock()
	return id, ok
}

func (m *Manager) arm(id int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return
	}
	if t := m.pending[id]; t != nil {
		t.Reset(m.Quiet)
		return
	}
	m.pending[id] = time.AfterFunc(m.Quiet, func() { m.settle(id) })
}

// settle reads a copy that has been still for Quiet and reports a save
// when its bytes changed.
func (m *Manager) settle(id int) {
	m.mu.Lock()
	delete(m.pending, id)
	f, ok := m.files[id]
	var local string
	if ok {
		local = f.Local
	}
	m.mu.Unlock()
	if !ok {
		return
	}
	sum, err := hashFile(local)
	if err != nil {
		return // gone or half-renamed: the next event checks again
	}
	m.mu.Lock()
	f, ok = m.files[id]
	changed := ok && f.sum != sum
	if changed {
		f.sum = sum
	}
	var cp File
	if ok {
		cp = *f
	}
	m.mu.Unlock()
	if changed && m.OnSaved != nil {
		m.OnSaved(cp)
	}
}

func hashFile(p string) (sum [sha256.Size]byte, err error) {
	fh, err := os.Open(p)
	if err != nil {
		return sum, err
	}
	defer fh.Close()
	h := sha256.New()
	if _, err := io.Copy(h, io.LimitReader(fh, MaxSize+1)); err != nil {
		return sum, err
	}
	copy(sum[:], h.Sum(nil))
	return sum, nil
}

// ServerState is the server's file now, and whether it differs from the
// one opened or last uploaded.
type ServerState struct {
	Now     transfer.Entry
	Changed bool
	Gone    bool   // no longer there: uploading recreates it
	Why     string // "size 120 → 98 bytes", for the question
}

// Check compares the server's file with the one id was opened from (or
// last uploaded to): a different size, or a different time when both
// sides give one.
func (m *Manager) Check(ctx context.Context, fsys transfer.FS, id int) (ServerState, error) {
	f, ok := m.Get(id)
	if !ok {
		return ServerState{}, fmt.Errorf("not being edited")
	}
	now, err := fsys.Stat(ctx, f.Remote)
	if err != nil {
		if isNotFound(err) {
			return ServerState{Gone: true, Changed: true, Why: "it is no longer on the server"}, nil
		}
		return ServerState{}, err
	}
	return compare(f.Server, now), nil
}

// compare is Check's decision, apart for its table test.
func compare(was, now transfer.Entry) ServerState {
	st := ServerState{Now: now}
	switch {
	case was.Size != now.Size:
		st.Changed, st.Why = true, fmt.Sprintf("its size went from %d to %d bytes", was.Size, now.Size)
	case !was.ModTime.IsZero() && !now.ModTime.IsZero() && !was.ModTime.Equal(now.ModTime):
		st.Changed, st.Why = true, fmt.Sprintf("its time went from %s to %s",
			was.ModTime.UTC().Format("2006-01-02 15:04:05"), now.ModTime.UTC().Format("2006-01-02 15:04:05"))
	}
	return st
}

// Landed records that the copy of id reached the server, which now shows
// now: the next save compares with that.
func (m *Manager) Landed(id int, now transfer.Entry) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if f, ok := m.files[id]; ok {
		f.Server = now
	}
}

// ByLocal finds the file whose copy is local (a queue item's source).
func (m *Manager) ByLocal(local string) (File, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, f := range m.files {
		if f.Local == local {
			return *f, true
		}
	}
	return File{}, false
}
