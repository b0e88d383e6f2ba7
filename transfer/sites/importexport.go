package sites

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// ImportResult says what an import did, for the user to read.
type ImportResult struct {
	Imported []Site
	Skipped  []Skipped
	Notes    []string
	// NoteProblems are Notes as codes and facts, in the same order.
	NoteProblems []*Problem
}

// Import stores the sites of a FileZilla file: folders are merged by name
// with those already here, a name already taken gets " (2)", and
// passwords go to the keychain. Without a keychain the sites are imported
// with the "Ask for password" logon and a note says so.
func (s *Store) Import(imp *Import) (ImportResult, error) {
	res := ImportResult{Skipped: imp.Skipped, Notes: imp.Notes, NoteProblems: imp.NoteProblems}
	sites := make([]ImportedSite, len(imp.Sites))
	copy(sites, imp.Sites)
	for i := range sites {
		sites[i].Site.ID = newID()
	}

	var undos []func()
	undoAll := func() {
		for _, u := range undos {
			u()
		}
	}
	var noKeychain error
	var asked []string
	for i := range sites {
		is := &sites[i]
		if is.Site.Logon != Normal {
			continue
		}
		if noKeychain == nil {
			undo, err := s.replaceSecret(is.Site.ID, &is.Password)
			if err == nil {
				undos = append(undos, undo)
				continue
			}
			if !IsNoKeychain(err) {
				undoAll()
				return ImportResult{}, fmt.Errorf("import %q: %w", is.Site.Name, err)
			}
			noKeychain = err
		}
		is.Site.Logon = AskPassword
		asked = append(asked, is.Site.Name)
	}
	if noKeychain != nil {
		p := problem("import_no_keychain", map[string]string{"Error": noKeychain.Error(), "Count": strconv.Itoa(len(asked)),
			"Sites": strings.Join(asked, ", ")}, "%v So %s now ask for the password each time: %s.",
			noKeychain, count(len(asked), "site", "sites"), strings.Join(asked, ", "))
		res.Notes = append(res.Notes, p.Text)
		res.NoteProblems = append(res.NoteProblems, p)
	}

	s.mu.Lock()
	err := s.update(func(st *state) error {
		res.Imported = res.Imported[:0]
		for _, path := range imp.Folders {
			st.folderAt(path)
		}
		for _, is := range sites {
			site := is.Site
			site.Folder = st.folderAt(is.Path)
			site.Name = st.freeName(site.Folder, site.Name)
			st.Sites = append(st.Sites, site)
			res.Imported = append(res.Imported, site)
		}
		return nil
	})
	s.mu.Unlock()
	if err != nil {
		undoAll()
		return ImportResult{}, err
	}
	return res, nil
}

// folderAt is the folder with this path of names, made where missing.
func (st *state) folderAt(path []string) string {
	parent := ""
	for _, name := range path {
		found := ""
		for _, f := range st.Folders {
			if f.Parent == parent && strings.EqualFold(f.Name, name) {
				found = f.ID
				break
			}
		}
		if found == "" {
			found = newID()
			st.Folders = append(st.Folders, Folder{ID: found, Parent: parent, Name: name})
		}
		parent = found
	}
	return parent
}

// Export writes every folder and site as JSON, for a backup or another
// machine. Profiles hold no passwords, so neither does the export.
func (s *Store) Export(w io.Writer) error {
	s.mu.Lock()
	out := struct {
		Format   string    `json:"format"`
		Exported time.Time `json:"exported"`
		Folders  []Folder  `json:"folders"`
		Sites    []Site    `json:"sites"`
	}{"portside-sites-1", time.Now().UTC().Truncate(time.Second), s.st.clone().Folders, s.st.clone().Sites}
	s.mu.Unlock()
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return fmt.Errorf("export sites: %w", err)
	}
	return nil
}
