package syncplan

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"portside/transfer/internal/atomicfile"
)

// Job is a saved sync: which folders, which way, with which rules. Site is
// a site profile's ID, or an ftp:// URL (without a password) for a server
// that has no profile.
type Job struct {
	Name    string  `json:"name"`
	Site    string  `json:"site"`
	Local   string  `json:"local"`
	Remote  string  `json:"remote"`
	Options Options `json:"options"`
}

// Validate says what is missing or wrong, in sentences.
func (j Job) Validate() error {
	var errs []error
	if strings.TrimSpace(j.Name) == "" {
		errs = append(errs, errors.New("a sync job needs a name"))
	}
	if j.Site == "" {
		errs = append(errs, errors.New("a sync job needs a site (a site profile or an ftp:// URL)"))
	}
	if u, err := url.Parse(j.Site); err == nil && u.User != nil {
		if _, set := u.User.Password(); set {
			errs = append(errs, errors.New("a sync job's URL must not hold a password: Portside keeps passwords in the keychain, or asks"))
		}
	}
	if j.Local == "" || !filepath.IsAbs(j.Local) {
		errs = append(errs, fmt.Errorf("a sync job needs the local folder as a full path (not %q)", j.Local))
	}
	if err := j.Options.Validate(); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// JobStore keeps jobs in one JSON file.
type JobStore struct {
	Path string
}

// DefaultJobStore is portside/jobs.json under the user's configuration
// folder.
func DefaultJobStore() (JobStore, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return JobStore{}, fmt.Errorf("find the configuration folder: %w", err)
	}
	return JobStore{Path: filepath.Join(dir, "portside", "jobs.json")}, nil
}

type jobsFile struct {
	Version int   `json:"version"`
	Jobs    []Job `json:"jobs"`
}

// Load reads every job, sorted by name; a missing file holds none.
func (s JobStore) Load() ([]Job, error) {
	b, err := os.ReadFile(s.Path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read sync jobs: %w", err)
	}
	var f jobsFile
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, fmt.Errorf("read sync jobs from %s: %w", s.Path, err)
	}
	return f.Jobs, nil
}

// Get finds a job by name.
func (s JobStore) Get(name string) (Job, error) {
	jobs, err := s.Load()
	if err != nil {
		return Job{}, err
	}
	for _, j := range jobs {
		if j.Name == name {
			return j, nil
		}
	}
	return Job{}, fmt.Errorf("no sync job named %q in %s", name, s.Path)
}

// Put adds a job, or replaces the one of the same name.
func (s JobStore) Put(j Job) error {
	if err := j.Validate(); err != nil {
		return err
	}
	jobs, err := s.Load()
	if err != nil {
		return err
	}
	jobs = slices.DeleteFunc(jobs, func(o Job) bool { return o.Name == j.Name })
	jobs = append(jobs, j)
	return s.save(jobs)
}

// Delete removes the job of that name, if there is one.
func (s JobStore) Delete(name string) error {
	jobs, err := s.Load()
	if err != nil {
		return err
	}
	return s.save(slices.DeleteFunc(jobs, func(o Job) bool { return o.Name == name }))
}

func (s JobStore) save(jobs []Job) error {
	slices.SortFunc(jobs, func(a, b Job) int { return strings.Compare(a.Name, b.Name) })
	if err := os.MkdirAll(filepath.Dir(s.Path), 0o700); err != nil {
		return fmt.Errorf("save sync jobs: %w", err)
	}
	return atomicfile.Write(s.Path, func(w io.Writer) error {
		b, err := json.MarshalIndent(jobsFile{Version: 1, Jobs: jobs}, "", "  ")
		if err != nil {
			return err
		}
		_, err = w.Write(append(b, '\n'))
		return err
	})
}
