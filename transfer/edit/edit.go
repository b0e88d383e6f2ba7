// Package edit is View/Edit of remote files: a private copy in a folder of
// its own, watched for saves, with the facts the front end needs to ask
// before it uploads — was the copy really changed, and did the server's
// file change meanwhile. It neither asks nor uploads: the window asks, and
// uploads through the queue (part file, then rename).
package edit

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"

	"portside/transfer"
	"portside/transfer/localpath"
)

// File is one remote file being edited.
type File struct {
	ID       int
	Site     string // the queue's key for the site
	SiteName string // for people: "Work (example.com:21)"
	Remote   string // path on the server
	Local    string // the private copy
	// Server is the server's file as last seen: when opened, then after
	// each upload. A different size or time now means someone else
	// changed it.
	Server transfer.Entry
	// Always uploads each save without asking, until the file is closed.
	Always bool

	sum [sha256.Size]byte // of the copy as last downloaded or uploaded
}

// Manager keeps the files being edited and watches their copies.
type Manager struct {
	root string
	// OnSaved is called, on the watcher's goroutine, once per save that
	// changed a copy's bytes.
	OnSaved func(File)
	// Quiet is how long a copy must stay still after an event before it is
	// read: editors write a save in several steps (truncate, write, rename).
	Quiet time.Duration

	mu      sync.Mutex
	files   map[int]*File
	next    int
	w       *fsnotify.Watcher
	pending map[int]*time.Timer
	closed  bool
}

// ErrServerChanged says the server's file is no longer the one opened or
// last uploaded: uploading would overwrite someone else's change.
var ErrServerChanged = errors.New("the file changed on the server since it was opened")

// MaxSize bounds what View/Edit downloads: an editor is not the tool for
// a file of gigabytes, and the copy is hashed on every save.
const MaxSize = 512 << 20

// DefaultRoot is the private folder for copies, in the user's cache.
func DefaultRoot() (string, error) {
	dir, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "portside", "edit"), nil
}

// NewManager keeps its copies in a folder of this process's own under
// root (root/PID), and first deletes the folders of processes that are
// gone: copies an earlier run left when it ended without closing them. A
// second Portside running at the same time keeps its copies. root and the
// folder are 0700: the copies are the user's files from the server, not
// for other local users.
func NewManager(root string) (*Manager, error) {
	if !filepath.IsAbs(root) {
		return nil, fmt.Errorf("edit folder %q is not absolute", root)
	}
	if err := os.MkdirAll(root, 0o700); err != nil {
		return nil, err
	}
	if err := os.Chmod(root, 0o700); err != nil { // an existing folder keeps its mode otherwise
		return nil, err
	}
	cleanStale(root)
	own, err := localpath.Join(root, strconv.Itoa(os.Getpid()))
	if err != nil {
		return nil, err
	}
	if err := os.RemoveAll(own); err != nil { // a dead process's, with our pid
		return nil, err
	}
	if err := os.Mkdir(own, 0o700); err != nil {
		return nil, err
	}
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, fmt.Errorf("watch the edit folder: %w", err)
	}
	m := &Manager{root: own, files: map[int]*File{}, w: w, pending: map[int]*time.Timer{}, Quiet: 300 * time.Millisecond}
	go m.watch()
	return m, nil
}

// cleanStale deletes root's folders named for processes that no longer
// run, and anything else in it (a file, a folder of an older layout).
func cleanStale(root string) {
	entries, err := os.ReadDir(root)
	if err != nil {
		return
	}
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err == nil && pid != os.Getpid() && alive(pid) {
			continue
		}
		if pid == os.Getpid() {
			continue // NewManager empties it itself
		}
		if p, err := localpath.Join(root, e.Name()); err == nil {
			os.RemoveAll(p)
		}
	}
}

// Root is the folder of this process's copies.
func (m *Manager) Root() string { return m.root }

// Fetch downloads remote from fsys into a folder of its own under the
// root and starts watching it. The copy is made 0600.
func (m *Manager) Fetch(ctx context.Context, fsys transfer.FS, site, siteName, remote string) (File, error) {
	st, err := fsys.Stat(ctx, remote)
	if err != nil {
		return File{}, err
	}
	if st.IsDir {
		return File{}, fmt.Errorf("view %s: it is a folder", remote)
	}
	if st.Size > MaxSize {
		return File{}, fmt.Errorf("view %s: %d bytes is more than View/Edit takes (%d MiB); download it instead", remote, st.Size, MaxSize>>20)
	}
	m.mu.Lock()
	m.next++
	id := m.next
	m.mu.Unlock()
	dir, err := localpath.Join(m.root, strconv.Itoa(id))
	if err != nil {
		return File{}, err
	}
	if err := os.Mkdir(dir, 0o700); err != nil {
		return File{}, err
	}
	local, err := localpath.Join(dir, st.Name)
	if err != nil {
		os.RemoveAll(dir)
		return File{}, err
	}
	sum, err := download(ctx, fsys, remote, local)
	if err != nil {
		os.RemoveAll(dir)
		return File{}, err
	}
	f := &File{ID: id, Site: site, SiteName: siteName, Remote: remote, Local: local, Server: st, sum: sum}
	if err := m.w.Add(dir); err != nil { // the folder: editors save by renaming a new file over the old
		os.RemoveAll(dir)
		return File{}, fmt.Errorf("watch %s: %w", local, err)
	}
	m.mu.Lock()
	m.files[id] = f
	m.mu.Unlock()
	return *f, nil
}

// download copies remote to local, at most MaxSize bytes, and returns the
// copy's hash.
func download(ctx context.Context, fsys transfer.FS, remote, local string) (sum [sha256.Size]byte, err error) {
	r, err := fsys.Open(ctx, remote, 0)
	if err != nil {
		return sum, err
	}
	out, err := os.OpenFile(local, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		r.Close()
		return sum, err
	}
	h := sha256.New()
	_, err = io.Copy(io.MultiWriter(out, h), io.LimitReader(r, MaxSize+1))
	err = errors.Join(err, r.Close(), out.Close())
	copy(sum[:], h.Sum(nil))
	return sum, err
}

// Files are the files being edited, oldest first.
func (m *Manager) Files() []File {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]File, 0, len(m.files))
	for _, f := range m.files {
		out = append(out, *f)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// Get is the file with id.
func (m *Manager) Get(id int) (File, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	f, ok := m.files[id]
	if !ok {
		return File{}, false
	}
	return *f, true
}

// SetAlways makes every later save of id upload without asking.
func (m *Manager) SetAlways(id int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if f, ok := m.files[id]; ok {
		f.Always = true
	}
}

// Stop stops watching id and deletes its copy.
func (m *Manager) Stop(id int) error {
	m.mu.Lock()
	f, ok := m.files[id]
	delete(m.files, id)
	if t := m.pending[id]; t != nil {
		t.Stop()
		delete(m.pending, id)
	}
	m.mu.Unlock()
	if !ok {
		return nil
	}
	dir := filepath.Dir(f.Local)
	m.w.Remove(dir)
	return os.RemoveAll(dir)
}

// Close stops watching and deletes every copy.
func (m *Manager) Close() error {
	m.mu.Lock()
	if m.closed {
		m.mu.Unlock()
		return nil
	}
	m.closed = true
	for _, t := range m.pending {
		t.Stop()
	}
	m.files = map[int]*File{}
	m.mu.Unlock()
	err := m.w.Close()
	return errors.Join(err, os.RemoveAll(m.root))
}

func isNotFound(err error) bool { return errors.Is(err, transfer.ErrNotFound) }
