package sites

import (
	"cmp"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
)

const (
	sitesFile     = "sites.json"
	formatVersion = 1
	maxRecent     = 10
)

// DefaultDir is where Portside keeps its state: os.UserConfigDir()/portside
// (~/.config/portside on Linux).
func DefaultDir() (string, error) {
	d, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("find the folder for Portside's settings: %w", err)
	}
	return filepath.Join(d, configFolder), nil
}

// Store is the site profiles of one config folder, with their passwords in
// a keychain and their certificate pins in Pins. Its methods are safe for
// concurrent use: the UI edits while a connection records its probe.
type Store struct {
	// Pins are the sites' trusted certificates (known_certs.json).
	Pins *Pins

	dir  string
	keys Keychain

	mu sync.Mutex
	st state
}

// state is sites.json.
type state struct {
	Version int      `json:"version"`
	Folders []Folder `json:"folders"`
	Sites   []Site   `json:"sites"`
	Recent  []string `json:"recent,omitempty"` // site IDs, most recent first
}

func (st state) clone() state {
	st.Folders = slices.Clone(st.Folders)
	st.Sites = slices.Clone(st.Sites)
	st.Recent = slices.Clone(st.Recent)
	return st
}

// Open reads the store in dir, creating dir when needed. A damaged
// sites.json or known_certs.json is moved aside and reported as a
// *CorruptError together with a usable store that starts without it; any
// other error comes with a nil store.
func Open(dir string, keys Keychain) (*Store, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("open the site store: %w", err)
	}
	s := &Store{dir: dir, keys: keys, st: state{Version: formatVersion}}
	now := time.Now()
	var warn []error
	var loaded state
	err := readJSON(s.path(), &loaded, now)
	var ce *CorruptError
	switch {
	case errors.As(err, &ce):
		warn = append(warn, err)
	case err != nil:
		return nil, err
	case loaded.Version > formatVersion:
		return nil, fmt.Errorf("%s was written by a newer Portside (format %d; this one reads %d): update Portside to use these sites", s.path(), loaded.Version, formatVersion)
	case loaded.Version > 0:
		s.st = loaded
		for i := range s.st.Sites {
			s.st.Sites[i] = s.st.Sites[i].normalized()
		}
	}
	pins, err := openPins(filepath.Join(dir, pinsFile), now)
	if errors.As(err, &ce) {
		warn = append(warn, err)
	} else if err != nil {
		return nil, err
	}
	s.Pins = pins
	return s, errors.Join(warn...)
}

// Dir is the folder the store lives in.
func (s *Store) Dir() string { return s.dir }

func (s *Store) path() string { return filepath.Join(s.dir, sitesFile) }

// Sites are all sites, in no particular order.
func (s *Store) Sites() []Site {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.st.Sites)
}

// Folders are all folders, in no particular order.
func (s *Store) Folders() []Folder {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.st.Folders)
}

// Site is the site with this ID.
func (s *Store) Site(id string) (Site, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	i := s.st.site(id)
	if i < 0 {
		return Site{}, false
	}
	return s.st.Sites[i], true
}

// Folder is the folder with this ID.
func (s *Store) Folder(id string) (Folder, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	i := s.st.folder(id)
	if i < 0 {
		return Folder{}, false
	}
	return s.st.Folders[i], true
}

// Children are the folders and sites directly in folder ("" for the top
// level), each sorted by name as the Site Manager lists them.
func (s *Store) Children(folder string) ([]Folder, []Site) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var fs []Folder
	var ss []Site
	for _, f := range s.st.Folders {
		if f.Parent == folder {
			fs = append(fs, f)
		}
	}
	for _, site := range s.st.Sites {
		if site.Folder == folder {
			ss = append(ss, site)
		}
	}
	slices.SortFunc(fs, func(a, b Folder) int { return byName(a.Name, b.Name, a.ID, b.ID) })
	slices.SortFunc(ss, func(a, b Site) int { return byName(a.Name, b.Name, a.ID, b.ID) })
	return fs, ss
}

func byName(a, b, idA, idB string) int {
	return cmp.Or(cmp.Compare(strings.ToLower(a), strings.ToLower(b)), cmp.Compare(a, b), cmp.Compare(idA, idB))
}

// Save stores site: a new one when its ID is empty (the saved site, with
// its new ID, is returned). password is the new password of a Normal logon
// (nil keeps the saved one); it goes to the keychain before the profile is
// written. When the keychain cannot take it (none, locked, refused, no
// answer) the profile is saved without it, and the error is a
// *PasswordNotSavedError beside the saved site.
// Choosing another logon removes a saved password. An existing site keeps
// its stored Probe (SetProbe and ResetProbe change it) and Learned (Learn
// and ForgetLearned), so that an editor left open while a connect probes
// does not undo what the probe found.
func (s *Store) Save(site Site, password *string) (Site, error) {
	site = site.normalized()
	if err := site.Validate(); err != nil {
		return Site{}, err
	}
	s.mu.Lock()
	old, exists := Site{}, false
	if site.ID != "" {
		if i := s.st.site(site.ID); i >= 0 {
			old, exists = s.st.Sites[i], true
		} else {
			s.mu.Unlock()
			return Site{}, fmt.Errorf("the site %q no longer exists; it may have been deleted", site.Name)
		}
	}
	err := s.st.checkPlace(site.ID, site.Folder, site.Name)
	s.mu.Unlock()
	if err != nil {
		return Site{}, err
	}
	if !exists {
		site.ID = newID()
		if password == nil {
			password = new(string)
		}
	}
	// The keychain is slow and may ask the user to unlock it: it is called
	// without holding the lock, and the place is checked again after.
	undo, err := s.syncPassword(old, exists, site, password)
	var notSaved *PasswordNotSavedError
	var nk *NoKeychainError
	if errors.As(err, &nk) && site.Logon == Normal && password != nil {
		// Keep the profile without its password rather than lose what the
		// user typed; the caller offers "Ask for password".
		notSaved, undo, err = &PasswordNotSavedError{Site: site.Name, Err: nk}, func() {}, nil
	}
	if err != nil {
		return Site{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	err = s.update(func(st *state) error {
		if err := st.checkPlace(site.ID, site.Folder, site.Name); err != nil {
			return err
		}
		if i := st.site(site.ID); i >= 0 {
			site.Probe, site.Learned = st.Sites[i].Probe, st.Sites[i].Learned
			st.Sites[i] = site
		} else if exists {
			return fmt.Errorf("the site %q was deleted while it was being saved", site.Name)
		} else {
			st.Sites = append(st.Sites, site)
		}
		return nil
	})
	if err != nil {
		undo()
		return Site{}, err
	}
	if notSaved != nil {
		return site, notSaved
	}
	return site, nil
}

// syncPassword brings the keychain in line with the site about to be
// saved, and returns how to put it back if the save fails.
func (s *Store) syncPassword(old Site, exists bool, site Site, password *string) (undo func(), err error) {
	nothing := func() {}
	switch {
	case site.Logon == Normal && password != nil:
		return s.replaceSecret(site.ID, password)
	case site.Logon != Normal && exists && staleSecret(old, site):
		undo, err := s.replaceSecret(site.ID, nil)
		if IsNoKeychain(err) {
			// Nothing can be removed from a keychain that is not there; the
			// profile no longer asks for it either way.
			return nothing, nil
		}
		return undo, err
	}
	return nothing, nil
}

// replaceSecret sets (or, for nil, deletes) an account's secret and
// returns how to restore the previous one.
func (s *Store) replaceSecret(account string, secret *string) (undo func(), err error) {
	prev, gerr := s.keys.Get(account)
	had := gerr == nil
	if gerr != nil && !errors.Is(gerr, ErrNoPassword) {
		return nil, gerr
	}
	if secret != nil {
		err = s.keys.Set(account, *secret)
	} else {
		err = s.keys.Delete(account)
	}
	if err != nil {
		return nil, err
	}
	return func() {
		if had {
			s.keys.Set(account, prev)
		} else {
			s.keys.Delete(account)
		}
	}, nil
}

// Password is the saved password of a site with the Normal logon, from the
// keychain. An error wraps ErrNoPassword when none is saved, or is a
// *NoKeychainError when there is no keychain to ask.
func (s *Store) Password(id string) (string, error) {
	site, ok := s.Site(id)
	if !ok {
		return "", fmt.Errorf("no site with ID %s", id)
	}
	if site.Logon != Normal {
		return "", fmt.Errorf("the site %q does not save its password (logon type %s)", site.Name, Logons.Label(site.Logon))
	}
	return s.keys.Get(id)
}

// CheckKeychain is nil when the keychain works, else why not (a
// *NoKeychainError when there is none): the editor says so before the
// user types a password that cannot be kept.
func (s *Store) CheckKeychain() error {
	if c, ok := s.keys.(interface{ Available() error }); ok {
		return c.Available()
	}
	_, err := s.keys.Get("portside-keychain-check")
	if errors.Is(err, ErrNoPassword) {
		return nil
	}
	return err
}

// Rename gives a site a new name. The keychain entry and the certificate
// pin belong to the site's ID, so they follow without being touched.
func (s *Store) Rename(id, name string) error {
	name = strings.TrimSpace(name)
	if name == "" {
		return errors.New("Give the site a name.")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.update(func(st *state) error {
		i := st.site(id)
		if i < 0 {
			return fmt.Errorf("no site with ID %s", id)
		}
		if err := st.checkPlace(id, st.Sites[i].Folder, name); err != nil {
			return err
		}
		st.Sites[i].Name = name
		return nil
	})
}

// Duplicate copies a site, with its password and certificate pin, as
// "Copy of <name>" in the same folder.
func (s *Store) Duplicate(id string) (Site, error) {
	orig, ok := s.Site(id)
	if !ok {
		return Site{}, fmt.Errorf("no site with ID %s", id)
	}
	var password *string
	if orig.Logon == Normal {
		pw, err := s.keys.Get(id)
		if err != nil && !errors.Is(err, ErrNoPassword) {
			return Site{}, fmt.Errorf("copy the password of %q: %w", orig.Name, err)
		}
		password = &pw
	}
	cp := orig
	cp.ID = ""
	s.mu.Lock()
	cp.Name = s.st.freeName(orig.Folder, "Copy of "+orig.Name)
	s.mu.Unlock()
	saved, err := s.Save(cp, password)
	if err != nil {
		return Site{}, err
	}
	if err := s.Pins.copy(id, saved.ID); err != nil {
		return saved, fmt.Errorf("the copy was made, but its trusted certificate was not: %w", err)
	}
	return saved, nil
}

// Delete removes a site, its password from the keychain, and its pin.
func (s *Store) Delete(id string) error {
	site, ok := s.Site(id)
	if !ok {
		return fmt.Errorf("no site with ID %s", id)
	}
	return s.deleteSites([]Site{site}, func(st *state) {})
}

// deleteSites removes the sites' passwords, then the profiles (and what
// more drop does to the state), then the pins. If the profiles cannot be
// written, the passwords are put back.
func (s *Store) deleteSites(sites []Site, drop func(*state)) error {
	var undos []func()
	undoAll := func() {
		for _, u := range undos {
			u()
		}
	}
	for _, site := range sites {
		if site.Logon != Normal {
			continue
		}
		undo, err := s.replaceSecret(site.ID, nil)
		if IsNoKeychain(err) {
			continue // nothing can be removed from a keychain that is not there
		}
		if err != nil {
			undoAll()
			return fmt.Errorf("delete %q: %w", site.Name, err)
		}
		undos = append(undos, undo)
	}
	gone := map[string]bool{}
	for _, site := range sites {
		gone[site.ID] = true
	}
	s.mu.Lock()
	err := s.update(func(st *state) error {
		st.Sites = slices.DeleteFunc(st.Sites, func(x Site) bool { return gone[x.ID] })
		st.Recent = slices.DeleteFunc(st.Recent, func(id string) bool { return gone[id] })
		drop(st)
		return nil
	})
	s.mu.Unlock()
	if err != nil {
		undoAll()
		return err
	}
	for id := range gone {
		s.forgetProxyPassword(id) // proxy.go
		if err := s.Pins.Forget(id); err != nil {
			return fmt.Errorf("the site was deleted, but its trusted certificate was not: %w", err)
		}
	}
	return nil
}

// Recent are the sites connected to most recently, the latest first.
func (s *Store) Recent() []Site {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Site
	for _, id := range s.st.Recent {
		if i := s.st.site(id); i >= 0 {
			out = append(out, s.st.Sites[i])
		}
	}
	return out
}

// Touch puts a site first among the recent ones; call it on connect.
func (s *Store) Touch(id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.update(func(st *state) error {
		if st.site(id) < 0 {
			return fmt.Errorf("no site with ID %s", id)
		}
		st.Recent = slices.DeleteFunc(st.Recent, func(x string) bool { return x == id })
		st.Recent = slices.Insert(st.Recent, 0, id)
		if len(st.Recent) > maxRecent {
			st.Recent = st.Recent[:maxRecent]
		}
		return nil
	})
}

// SetProbe records what auto mode found for a site (ftp.Session.Probe).
func (s *Store) SetProbe(id string, p Probe) error { return s.setProbe(id, &p) }

// ResetProbe forgets it, so that the next connect probes every method.
func (s *Store) ResetProbe(id string) error { return s.setProbe(id, nil) }

func (s *Store) setProbe(id string, p *Probe) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.update(func(st *state) error {
		i := st.site(id)
		if i < 0 {
			return fmt.Errorf("no site with ID %s", id)
		}
		st.Sites[i].Probe = p
		return nil
	})
}

// update changes a copy of the state and saves it; only when the save
// worked does the store take the copy, so memory never says what the disk
// does not. s.mu is held.
func (s *Store) update(change func(*state) error) error {
	next := s.st.clone()
	if err := change(&next); err != nil {
		return err
	}
	next.Version = formatVersion
	if err := writeJSON(s.path(), next); err != nil {
		return err
	}
	s.st = next
	return nil
}

func (st *state) site(id string) int {
	return slices.IndexFunc(st.Sites, func(s Site) bool { return s.ID == id })
}

func (st *state) folder(id string) int {
	return slices.IndexFunc(st.Folders, func(f Folder) bool { return f.ID == id })
}

// checkPlace refuses a site name that another site in the folder has: the
// Site Manager and the recent list would show two entries alike.
func (st *state) checkPlace(id, folder, name string) error {
	if folder != "" && st.folder(folder) < 0 {
		return fmt.Errorf("the folder of %q no longer exists", name)
	}
	if taken := st.siteNamed(id, folder, name); taken != "" {
		return fmt.Errorf("There is already a site called %q in this folder; choose another name.", taken)
	}
	return nil
}

// siteNamed is the name of a site other than id in folder that is called
// name, ignoring case; "" when there is none.
func (st *state) siteNamed(id, folder, name string) string {
	for _, s := range st.Sites {
		if s.ID != id && s.Folder == folder && strings.EqualFold(s.Name, name) {
			return s.Name
		}
	}
	return ""
}

// freeName is name, or name (2), (3)… when a site in folder has it.
func (st *state) freeName(folder, name string) string {
	try := name
	for n := 2; st.siteNamed("", folder, try) != ""; n++ {
		try = fmt.Sprintf("%s (%d)", name, n)
	}
	return try
}

// newID is 64 random bits in hex: unique without coordination, and
// meaningless, so that a keychain entry does not name the server.
func newID() string {
	var b [8]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
