package main

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"portside/transfer/ftpd"
)

// syncSite is an embedded server with an empty "site" folder, a local
// folder, and state folders of its own (manifests, journal, jobs).
type syncSite struct {
	srv            *ftpd.Server
	root, local    string
	state          string
	url            string
	env            map[string]string
	manifest, jobs string
	journal        string
	remoteSite     string
}

func newSyncSite(t *testing.T) *syncSite {
	t.Helper()
	s := &syncSite{root: t.TempDir(), local: t.TempDir(), state: t.TempDir()}
	srv, err := ftpd.Start(ftpd.Config{TLS: ftpd.TLSOff, Root: s.root})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	s.srv = srv
	s.url = fmt.Sprintf("ftp://demo@127.0.0.1:%d/site", srv.Port())
	s.env = map[string]string{"PORTSIDE_PASSWORD": "demo"}
	s.manifest = filepath.Join(s.state, "manifests")
	s.jobs = filepath.Join(s.state, "jobs.json")
	s.journal = filepath.Join(s.state, "queue.db")
	s.remoteSite = filepath.Join(s.root, "site")
	return s
}

// sync runs the command line's sync with this site's state folders.
func (s *syncSite) sync(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	full := append([]string{"sync", "--manifest-dir", s.manifest, "--jobs", s.jobs, "--journal", s.journal}, args...)
	return runCLI(t, s.env, "", full...)
}

func put(t *testing.T, root string, files map[string]string) {
	t.Helper()
	stamp := time.Now().Add(-48 * time.Hour).Truncate(time.Second)
	for name, body := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		os.Chtimes(p, stamp, stamp)
	}
}

// hashTree sums names, sizes, times and contents of every file and folder.
func hashTree(t *testing.T, root string) string {
	t.Helper()
	h := sha256.New()
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		fi, _ := d.Info()
		rel, _ := filepath.Rel(root, p)
		fmt.Fprintf(h, "%s|%v|%d|%d\n", rel, fi.Mode(), fi.Size(), fi.ModTime().UnixNano())
		if d.Type().IsRegular() {
			b, _ := os.ReadFile(p)
			h.Write(b)
		}
		return nil
	})
	return hex.EncodeToString(h.Sum(nil))
}

// dry run, real run, and again: the plan with reasons, then the copies,
// then nothing to do.
func TestSyncCLI(t *testing.T) {
	s := newSyncSite(t)
	put(t, s.local, map[string]string{"index.html": "<h1>hi</h1>", "css/a.css": "a{}", "tmp/x.tmp": "tmp"})
	put(t, s.remoteSite, map[string]string{"index.html": "old!", "stale.txt": "gone"})
	lh, rh := hashTree(t, s.local), hashTree(t, s.root)

	code, out, errs := s.sync(t, s.url, s.local, "--dry-run", "--delete", "--exclude", "*.tmp")
	if code != exitOK {
		t.Fatalf("dry run: exit %d: %s", code, errs)
	}
	for _, want := range []string{
		"(dry run: nothing is changed)",
		"plan: 2 folders to make, 2 uploads (14 B), 1 delete, 1 skipped",
		"mkdir css/ folder not on server", "upload css/a.css 3 B not on server",
		"upload index.html 11 B size differs: 11 B here, 4 B there",
		"delete stale.txt gone from here",
		"mkdir tmp/ folder not on server", "skip tmp/x.tmp excluded by *.tmp",
	} {
		if !strings.Contains(squeeze(out), want) {
			t.Errorf("dry run output lacks %q:\n%s", want, out)
		}
	}
	if hashTree(t, s.local) != lh || hashTree(t, s.root) != rh {
		t.Fatal("the dry run changed a tree")
	}

	code, out, errs = s.sync(t, s.url, s.local, "--delete", "--exclude", "*.tmp", "--parallel", "3")
	if code != exitOK {
		t.Fatalf("run: exit %d: %s\n%s", code, errs, out)
	}
	if !strings.Contains(out, "sync: 2 folders made, 2 files copied (14 B), 1 deleted, 0 problems") {
		t.Errorf("run output:\n%s", out)
	}
	b, _ := os.ReadFile(filepath.Join(s.remoteSite, "index.html"))
	if string(b) != "<h1>hi</h1>" {
		t.Errorf("index.html on the server: %q", b)
	}
	if _, err := os.Stat(filepath.Join(s.remoteSite, "stale.txt")); !os.IsNotExist(err) {
		t.Errorf("stale.txt was not deleted")
	}
	if _, err := os.Stat(s.journal); !os.IsNotExist(err) {
		t.Errorf("the journal of a finished sync is still there")
	}

	// Again, as JSON: nothing is queued, nothing copied.
	code, out, errs = s.sync(t, "--json", s.url, s.local, "--delete", "--exclude", "*.tmp")
	if code != exitOK {
		t.Fatalf("second run: exit %d: %s", code, errs)
	}
	events := map[string]int{}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var ev map[string]any
		if err := json.Unmarshal([]byte(line), &ev); err != nil {
			t.Fatalf("not JSON: %q", line)
		}
		events[ev["event"].(string)]++
		if ev["event"] == "plan-summary" && (ev["upload"].(float64) != 0 || ev["delete"].(float64) != 0 || ev["mkdir"].(float64) != 0) {
			t.Errorf("second plan is not empty: %s", line)
		}
		if ev["event"] == "sync-summary" && ev["copied"].(float64) != 0 {
			t.Errorf("second run copied: %s", line)
		}
	}
	if events["done"] != 0 || events["queued"] != 0 || events["sync-summary"] != 1 {
		t.Errorf("second run events %v:\n%s", events, out)
	}
}

// squeeze collapses runs of spaces, so tests need not know column widths.
func squeeze(s string) string {
	return regexp.MustCompile(` +`).ReplaceAllString(s, " ")
}

func TestSyncCLIUsage(t *testing.T) {
	s := newSyncSite(t)
	cases := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no arguments", nil, exitUsage, "sync takes URL LOCAL"},
		{"URL without local", []string{s.url}, exitUsage, "needs the local folder"},
		{"bad direction", []string{"--direction", "sideways", s.url, s.local}, exitUsage, "unknown direction"},
		{"bad compare", []string{"--compare", "hash", s.url, s.local}, exitUsage, "unknown comparison"},
		{"bad glob", []string{"--exclude", "[a-", s.url, s.local}, exitUsage, "not a valid glob"},
		{"only newer and always", []string{"--only-newer", "--compare", "always", s.url, s.local}, exitUsage, "--only-newer"},
		{"unknown job", []string{"nightly"}, exitUsage, `no sync job named "nightly"`},
		{"upload a missing folder", []string{s.url, filepath.Join(s.local, "nope")}, exitFail, "does not exist"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errs := s.sync(t, tc.args...)
			if code != tc.code || !strings.Contains(errs, tc.want) {
				t.Fatalf("exit %d, stderr %q; want %d and %q", code, errs, tc.code, tc.want)
			}
		})
	}
}

// Over the delete cap the whole sync is refused: exit 1, nothing changed.
func TestSyncCLIMaxDelete(t *testing.T) {
	s := newSyncSite(t)
	put(t, s.local, map[string]string{"keep": "k"})
	put(t, s.remoteSite, map[string]string{"keep": "k", "a": "1", "b": "2", "c": "3"})
	code, out, errs := s.sync(t, s.url, s.local, "--delete", "--max-delete", "2")
	if code != exitFail || !strings.Contains(errs, "would delete 3 files and folders on the server, more than the limit of 2; nothing was changed") {
		t.Fatalf("exit %d:\n%s\n%s", code, out, errs)
	}
	for _, n := range []string{"a", "b", "c"} {
		if _, err := os.Stat(filepath.Join(s.remoteSite, n)); err != nil {
			t.Errorf("%s was deleted", n)
		}
	}
}

// A job saved from a command line runs by name; flags override it.
func TestSyncCLIJobs(t *testing.T) {
	s := newSyncSite(t)
	put(t, s.remoteSite, map[string]string{"photos/a.jpg": "jpg", "photos/b.txt": "txt"})
	code, _, errs := s.sync(t, "--direction", "download", "--include", "*.jpg", "--save-job", "photos", "--dry-run", s.url, s.local)
	if code != exitOK || !strings.Contains(errs, `saved sync job "photos"`) {
		t.Fatalf("save: exit %d: %s", code, errs)
	}
	var saved struct {
		Jobs []map[string]any `json:"jobs"`
	}
	b, _ := os.ReadFile(s.jobs)
	if err := json.Unmarshal(b, &saved); err != nil || len(saved.Jobs) != 1 || saved.Jobs[0]["site"] != s.url {
		t.Fatalf("jobs.json: %s (%v)", b, err)
	}
	code, out, errs := s.sync(t, "photos")
	if code != exitOK {
		t.Fatalf("run the job: exit %d: %s", code, errs)
	}
	if _, err := os.Stat(filepath.Join(s.local, "photos", "a.jpg")); err != nil {
		t.Fatalf("the job did not download a.jpg:\n%s", out)
	}
	if _, err := os.Stat(filepath.Join(s.local, "photos", "b.txt")); !os.IsNotExist(err) {
		t.Errorf("the job's include was not kept")
	}
	// --include on the command line replaces the job's.
	code, out, _ = s.sync(t, "photos", "--include", "*.txt", "--dry-run")
	if code != exitOK || !strings.Contains(squeeze(out), "download photos/b.txt 3 B not here") {
		t.Errorf("override: exit %d:\n%s", code, out)
	}
}

// A sync of 500 files killed with SIGKILL midway completes when run
// again: the journal's copies resume, the rest is planned afresh, and a
// third run finds nothing to do.
func TestSyncKill9Resumes(t *testing.T) {
	s := newSyncSite(t)
	want := map[string][32]byte{}
	for i := 0; i < 500; i++ {
		name := fmt.Sprintf("d%02d/f%03d.bin", i%20, i)
		b := make([]byte, 20_000+i*97)
		rand.Read(b)
		p := filepath.Join(s.local, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, b, 0o644)
		want[name] = sha256.Sum256(b)
	}
	args := []string{"sync", "--manifest-dir", s.manifest, "--journal", s.journal, "--parallel", "3", s.url, s.local}
	first := child(t, args...)
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		if n, _ := countFiles(s.remoteSite); n >= 60 {
			break
		}
		if time.Now().After(deadline) {
			first.Process.Kill()
			t.Fatal("the first run did not get going")
		}
		time.Sleep(2 * time.Millisecond)
	}
	first.Process.Signal(syscall.SIGKILL)
	first.Wait()
	got, _ := countFiles(s.remoteSite)
	if got >= 500 {
		t.Fatalf("the first run finished (%d files) before it was killed: the test proves nothing", got)
	}
	t.Logf("killed after %d of 500 files", got)

	out, err := child(t, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("second run: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "resuming an interrupted sync") {
		t.Errorf("the second run did not resume from the journal:\n%s", out)
	}
	files, parts := countFiles(s.remoteSite)
	if files != 500 || parts != 0 {
		t.Fatalf("%d files and %d part files after the second run", files, parts)
	}
	for name, sum := range want {
		b, err := os.ReadFile(filepath.Join(s.remoteSite, filepath.FromSlash(name)))
		if err != nil || sha256.Sum256(b) != sum {
			t.Errorf("%s differs or is missing: %v", name, err)
		}
	}
	out, err = child(t, args...).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "nothing to do") {
		t.Fatalf("third run: %v\n%s", err, out)
	}
}

// TestSyncCLIReusesWalkSessions: sessions go both ways between the walk
// and the queue (the copies take the walk's, the listing of an upload's
// folders after the copies takes the queue's), so a two-connection sync
// logs in at most twice.
func TestSyncCLIReusesWalkSessions(t *testing.T) {
	for _, dir := range []string{"download", "upload"} {
		t.Run(dir, func(t *testing.T) {
			s := newSyncSite(t)
			files := map[string]string{}
			for i := 0; i < 8; i++ {
				files[fmt.Sprintf("d%d/f%d.txt", i%4, i)] = "file " + fmt.Sprint(i)
			}
			if dir == "download" {
				put(t, s.remoteSite, files)
			} else {
				put(t, s.local, files)
			}
			code, out, errs := runCLI(t, s.env, "", "-v", "sync", "--manifest-dir", s.manifest, "--jobs", s.jobs,
				"--journal", s.journal, "--direction", dir, "--parallel", "2", s.url, s.local)
			if code != exitOK {
				t.Fatalf("exit %d: %s\n%s", code, errs, out)
			}
			if !strings.Contains(out, "8 files copied") {
				t.Errorf("output:\n%s", out)
			}
			if n := strings.Count(errs, "Logged in"); n > 2 {
				t.Errorf("logged in %d times for two connections", n)
			}
		})
	}
}
