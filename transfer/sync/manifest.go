package syncplan

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"portside/transfer/internal/atomicfile"
)

// Pair names the two folders a sync keeps alike. Site is the server as a
// stable string: a site profile's ID, or user@host:port.
type Pair struct {
	Site   string `json:"site"`
	Remote string `json:"remote"`
	Local  string `json:"local"` // absolute
}

// ID is a short hash of the pair, for file names.
func (p Pair) ID() string {
	sum := sha256.Sum256([]byte(p.Site + "\x00" + p.Remote + "\x00" + p.Local))
	return hex.EncodeToString(sum[:10])
}

// Manifest is what the last sync of a pair left alike: for each file, its
// size, the local time and the time the server listed. A later run that
// finds both sides as recorded knows they are still the same, whatever
// the times say: a server that cannot set times (no MFMT) stamps uploads
// with the upload time, and LIST may be in the server's time zone.
type Manifest struct {
	Version int               `json:"version"`
	Pair    Pair              `json:"pair"`
	Synced  time.Time         `json:"synced,omitzero"`
	Clock   Clock             `json:"clock"` // the server's, as last measured
	Files   map[string]Record `json:"files"`
}

// Record is one file as the last sync left it.
type Record struct {
	Size   int64     `json:"size"`
	Local  time.Time `json:"local"`  // the local file's time
	Remote time.Time `json:"remote"` // the server's time, as listed (not corrected)
}

const manifestVersion = 1

// NewManifest is an empty manifest for pair.
func NewManifest(p Pair) *Manifest {
	return &Manifest{Version: manifestVersion, Pair: p, Files: map[string]Record{}}
}

// ManifestStore keeps manifests as <dir>/<pair ID>.json.
type ManifestStore struct {
	Dir string
}

// DefaultManifestStore is under the user's configuration folder:
// portside/sync.
func DefaultManifestStore() (ManifestStore, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return ManifestStore{}, fmt.Errorf("find the configuration folder: %w", err)
	}
	return ManifestStore{Dir: filepath.Join(dir, "portside", "sync")}, nil
}

// Path is where pair's manifest lives.
func (s ManifestStore) Path(p Pair) string { return filepath.Join(s.Dir, p.ID()+".json") }

// ErrCorruptManifest is a manifest that could not be read; it is set aside
// (name.json.corrupt) and the sync compares by size and time alone.
var ErrCorruptManifest = errors.New("the sync manifest could not be read")

// Load reads pair's manifest; a missing one is empty. A corrupt one is
// moved aside, and Load returns an empty manifest with ErrCorruptManifest.
func (s ManifestStore) Load(p Pair) (*Manifest, error) {
	path := s.Path(p)
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return NewManifest(p), nil
	}
	if err != nil {
		return nil, fmt.Errorf("read the sync manifest: %w", err)
	}
	m := NewManifest(p)
	if err := json.Unmarshal(b, m); err != nil || m.Version != manifestVersion || m.Pair != p {
		os.Rename(path, path+".corrupt")
		why := "it is for another pair or version"
		if err != nil {
			why = err.Error()
		}
		return NewManifest(p), fmt.Errorf("%w (%s; moved aside to %s.corrupt)", ErrCorruptManifest, why, path)
	}
	if m.Files == nil {
		m.Files = map[string]Record{}
	}
	return m, nil
}

// Save writes m atomically: a crash leaves the old manifest or the new one.
func (s ManifestStore) Save(m *Manifest) error {
	if err := os.MkdirAll(s.Dir, 0o700); err != nil {
		return fmt.Errorf("save the sync manifest: %w", err)
	}
	return atomicfile.Write(s.Path(m.Pair), func(w io.Writer) error {
		enc := json.NewEncoder(w)
		return enc.Encode(m)
	})
}
