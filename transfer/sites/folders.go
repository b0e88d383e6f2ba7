package sites

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Folders: made, renamed and deleted with everything in them.

// AddFolder makes a folder in parent ("" for the top level).
func (s *Store) AddFolder(parent, name string) (Folder, error) {
	f := Folder{ID: newID(), Parent: parent, Name: strings.TrimSpace(name)}
	if f.Name == "" {
		return Folder{}, errors.New("Give the folder a name.")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	err := s.update(func(st *state) error {
		if parent != "" && st.folder(parent) < 0 {
			return fmt.Errorf("no folder with ID %s", parent)
		}
		if err := st.checkFolderPlace(f.ID, parent, f.Name); err != nil {
			return err
		}
		st.Folders = append(st.Folders, f)
		return nil
	})
	return f, err
}

// RenameFolder gives a folder a new name.
func (s *Store) RenameFolder(id, name string) error {
	name = strings.TrimSpace(name)
	if name == "" {
		return errors.New("Give the folder a name.")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.update(func(st *state) error {
		i := st.folder(id)
		if i < 0 {
			return fmt.Errorf("no folder with ID %s", id)
		}
		if err := st.checkFolderPlace(id, st.Folders[i].Parent, name); err != nil {
			return err
		}
		st.Folders[i].Name = name
		return nil
	})
}

// DeleteFolder removes a folder with everything in it.
func (s *Store) DeleteFolder(id string) error {
	s.mu.Lock()
	if s.st.folder(id) < 0 {
		s.mu.Unlock()
		return fmt.Errorf("no folder with ID %s", id)
	}
	folders := s.st.subtree(id)
	var sites []Site
	for _, site := range s.st.Sites {
		if folders[site.Folder] {
			sites = append(sites, site)
		}
	}
	s.mu.Unlock()
	return s.deleteSites(sites, func(st *state) {
		st.Folders = slices.DeleteFunc(st.Folders, func(f Folder) bool { return folders[f.ID] })
	})
}

// Contents counts the sites and folders under a folder, at any depth,
// for the question before deleting it.
func (s *Store) Contents(id string) (folders, sites int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	in := s.st.subtree(id)
	for _, site := range s.st.Sites {
		if in[site.Folder] {
			sites++
		}
	}
	return len(in) - 1, sites
}

func (st *state) checkFolderPlace(id, parent, name string) error {
	for _, f := range st.Folders {
		if f.ID != id && f.Parent == parent && strings.EqualFold(f.Name, name) {
			return fmt.Errorf("There is already a folder called %q here; choose another name.", f.Name)
		}
	}
	return nil
}

// subtree is the folder and every folder below it.
func (st *state) subtree(id string) map[string]bool {
	in := map[string]bool{id: true}
	for grew := true; grew; {
		grew = false
		for _, f := range st.Folders {
			if in[f.Parent] && !in[f.ID] {
				in[f.ID], grew = true, true
			}
		}
	}
	return in
}
