package sites

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"time"

	"portside/transfer/ftp"
	"portside/transfer/transport"
)

// Methods remembers what auto mode found for servers that are not saved
// sites (quick-connect URLs, portside-cli with a URL): methods.json next
// to sites.json, keyed by TLS mode and host:port, never a user or a
// password. Behind a router that drops passive connections every command
// used to pay for the probe again; with the method remembered, the probe
// starts with it and moves on only when it fails.
type Methods struct {
	path string
	mu   sync.Mutex
}

// MethodsFile is the file's name in the config folder.
const MethodsFile = "methods.json"

// maxMethods bounds the file: the oldest entries go first.
const maxMethods = 200

// RememberedMethod is one server's entry.
type RememberedMethod struct {
	Method string    `json:"method"`
	When   time.Time `json:"when"` // when a probe found it
	Reason string    `json:"reason,omitempty"`
}

// OpenMethods uses dir (DefaultDir for the user's) for methods.json.
func OpenMethods(dir string) *Methods { return &Methods{path: filepath.Join(dir, MethodsFile)} }

// MethodKey names a server: the data path depends on the server and the
// network, not on who logs in.
func MethodKey(cfg ftp.Config) string { return cfg.TLS.String() + "://" + cfg.Addr() }

func (m *Methods) load() map[string]RememberedMethod {
	all := map[string]RememberedMethod{}
	if fi, err := os.Stat(m.path); err != nil || fi.Size() > 1<<20 {
		return all // none yet, or not ours: a hint, never a reason to fail
	}
	if err := readJSON(m.path, &all, time.Now()); err != nil {
		return map[string]RememberedMethod{}
	}
	return all
}

// Known is the method remembered for cfg's server and when it was found.
func (m *Methods) Known(cfg ftp.Config) (transport.Method, time.Time, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	r, ok := m.load()[MethodKey(cfg)]
	if !ok {
		return 0, time.Time{}, false
	}
	meth, err := transport.ParseMethod(r.Method)
	return meth, r.When, err == nil
}

// Remember keeps what p found for cfg's server. A probe that only
// confirmed the remembered method keeps its age: the age says how long it
// has been working.
func (m *Methods) Remember(cfg ftp.Config, p ftp.Probe) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	all := m.load()
	key := MethodKey(cfg)
	if old, ok := all[key]; ok && old.Method == p.Method.String() {
		return nil
	}
	all[key] = RememberedMethod{Method: p.Method.String(), When: p.When.UTC(), Reason: p.Reason}
	if len(all) > maxMethods {
		keys := make([]string, 0, len(all))
		for k := range all {
			keys = append(keys, k)
		}
		sort.Slice(keys, func(i, j int) bool { return all[keys[i]].When.Before(all[keys[j]].When) })
		for _, k := range keys[:len(all)-maxMethods] {
			delete(all, k)
		}
	}
	if err := os.MkdirAll(filepath.Dir(m.path), 0o700); err != nil {
		return fmt.Errorf("remember the data connection method: %w", err)
	}
	return writeJSON(m.path, all)
}

// Methods is the store of methods.json in this store's folder.
func (s *Store) Methods() *Methods { return OpenMethods(s.dir) }
