package syncplan_test

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	syncplan "portside/transfer/sync"
)

func TestManifestStore(t *testing.T) {
	s := syncplan.ManifestStore{Dir: filepath.Join(t.TempDir(), "sync")}
	pair := syncplan.Pair{Site: "demo@127.0.0.1:21", Remote: "/www", Local: "/home/ann/site"}
	m, err := s.Load(pair)
	if err != nil || len(m.Files) != 0 {
		t.Fatalf("a missing manifest: %+v, %v", m, err)
	}
	m.Files["a/b.txt"] = syncplan.Record{Size: 3, Local: t0.Add(123 * time.Nanosecond), Remote: t0.Add(time.Hour)}
	m.Clock = syncplan.Clock{Precision: time.Minute, Zone: 2 * time.Hour, Measured: true}
	if err := s.Save(m); err != nil {
		t.Fatal(err)
	}
	if filepath.Base(s.Path(pair)) != pair.ID()+".json" || len(pair.ID()) != 20 {
		t.Errorf("manifest file %s", s.Path(pair))
	}
	if other := (syncplan.Pair{Site: pair.Site, Remote: "/www2", Local: pair.Local}); other.ID() == pair.ID() {
		t.Error("two pairs share a manifest")
	}
	got, err := s.Load(pair)
	if err != nil {
		t.Fatal(err)
	}
	r := got.Files["a/b.txt"]
	if r.Size != 3 || !r.Local.Equal(m.Files["a/b.txt"].Local) || !r.Remote.Equal(t0.Add(time.Hour)) || got.Clock != m.Clock {
		t.Errorf("round trip: %+v %+v", r, got.Clock)
	}
	if fi, _ := os.Stat(s.Path(pair)); fi.Mode().Perm() != 0o600 && runtime.GOOS != "windows" { // Windows: ACLs, not modes
		t.Errorf("manifest mode %v", fi.Mode())
	}
	if left, _ := filepath.Glob(filepath.Join(s.Dir, ".*tmp*")); len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}

	os.WriteFile(s.Path(pair), []byte("{not json"), 0o600)
	got, err = s.Load(pair)
	if !errors.Is(err, syncplan.ErrCorruptManifest) || got == nil || len(got.Files) != 0 {
		t.Fatalf("a corrupt manifest: %+v, %v", got, err)
	}
	if _, err := os.Stat(s.Path(pair) + ".corrupt"); err != nil {
		t.Errorf("the corrupt manifest was not set aside: %v", err)
	}
}

func TestJobStore(t *testing.T) {
	s := syncplan.JobStore{Path: filepath.Join(t.TempDir(), "portside", "jobs.json")}
	if jobs, err := s.Load(); err != nil || len(jobs) != 0 {
		t.Fatalf("no file: %v, %v", jobs, err)
	}
	site := syncplan.Job{Name: "site", Site: "ftpes://ann@example.org/www", Local: fullPath("/home/ann/site"), Remote: "/www",
		Options: syncplan.Options{Delete: true, MaxDelete: 20, Exclude: []string{"*.tmp"}, Tolerance: syncplan.Duration(90 * time.Second)}}
	photos := syncplan.Job{Name: "photos", Site: "a1b2c3", Local: fullPath("/home/ann/Pictures"), Remote: "/photos",
		Options: syncplan.Options{Direction: syncplan.Download, Compare: syncplan.SizeOnly}}
	for _, j := range []syncplan.Job{site, photos} {
		if err := s.Put(j); err != nil {
			t.Fatal(err)
		}
	}
	site.Remote = "/public_html"
	if err := s.Put(site); err != nil {
		t.Fatal(err)
	}
	jobs, err := s.Load()
	if err != nil || len(jobs) != 2 || jobs[0].Name != "photos" || jobs[1].Remote != "/public_html" {
		t.Fatalf("jobs %+v, %v", jobs, err)
	}
	got, err := s.Get("site")
	if err != nil || got.Options.Tolerance != syncplan.Duration(90*time.Second) || got.Options.Exclude[0] != "*.tmp" || !got.Options.Delete {
		t.Fatalf("get: %+v, %v", got, err)
	}
	b, _ := os.ReadFile(s.Path)
	for _, want := range []string{`"direction": "download"`, `"compare": "size"`, `"tolerance": "1m30s"`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("jobs.json lacks %s:\n%s", want, b)
		}
	}
	if err := s.Delete("photos"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get("photos"); err == nil {
		t.Error("a deleted job is still there")
	}
	for _, bad := range []syncplan.Job{
		{Name: "", Site: "x", Local: "/a"},
		{Name: "n", Site: "ftp://ann:secret@example.org/", Local: "/a"},
		{Name: "n", Site: "x", Local: "relative"},
		{Name: "n", Site: "x", Local: "/a", Options: syncplan.Options{Include: []string{"[z-"}}},
	} {
		if err := s.Put(bad); err == nil {
			t.Errorf("job %+v was saved", bad)
		}
	}
}

// fullPath writes a Unix full path as one of this system: C:\home\ann\…
// on Windows, where /home/ann/… is not a full path (and is refused).
func fullPath(p string) string {
	if runtime.GOOS == "windows" {
		return "C:" + filepath.FromSlash(p)
	}
	return p
}
