package syncplan_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"portside/transfer"
	"portside/transfer/ftp"
	"portside/transfer/ftpd"
	"portside/transfer/queue"
	syncplan "portside/transfer/sync"
	"portside/transfer/transport"
)

// server is the embedded FTP server on a temp folder.
type server struct {
	srv  *ftpd.Server
	root string
	// noSetTime hides MFMT, like a server that cannot set times.
	noSetTime bool
}

func newServer(t *testing.T) *server {
	t.Helper()
	root := t.TempDir()
	srv, err := ftpd.Start(ftpd.Config{Root: root})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	return &server{srv: srv, root: root}
}

func (s *server) dial(ctx context.Context) (transfer.FS, error) {
	sess, err := ftp.Connect(ctx, ftp.Config{
		Config: transport.Config{Host: "127.0.0.1", Port: s.srv.Port(), DataTimeout: 5 * time.Second},
		User:   "demo", Password: "demo", Mode: transport.ModePassive,
	})
	if err != nil || !s.noSetTime {
		return sess, err
	}
	return noTimes{sess}, nil
}

// noTimes is a session without SetModTime.
type noTimes struct{ transfer.FS }

// treeStamp is the first file's time in every tree writeTree makes: one
// for the whole run, so two trees written a second boundary apart (a 2 MB
// file under Wine on a loaded machine) still have the same times. Its
// seconds are never zero: the walker takes a listing whose times all fall on
// a whole minute for LIST's (minute precision), which would change the plan's
// notes one run in sixty.
var treeStamp = time.Now().Add(-100 * time.Hour).Truncate(time.Minute).Add(17 * time.Second)

// writeTree makes files (path → content) under root with times an hour
// apart, in the past.
func writeTree(t *testing.T, root string, files map[string]string) {
	t.Helper()
	stamp := treeStamp
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		p := filepath.Join(root, filepath.FromSlash(n))
		if strings.HasSuffix(n, "/") {
			if err := os.MkdirAll(p, 0o755); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(files[n]), 0o644); err != nil {
			t.Fatal(err)
		}
		os.Chtimes(p, stamp, stamp.Add(700*time.Millisecond))
		stamp = stamp.Add(time.Hour)
	}
}

// treeHash sums every name, kind, size, time and content under root.
func treeHash(t *testing.T, root string) string { return hashTree(t, root, true) }

// filesHash is treeHash without the folders' times (which the clock probe
// touches).
func filesHash(t *testing.T, root string) string { return hashTree(t, root, false) }

func hashTree(t *testing.T, root string, dirTimes bool) string {
	t.Helper()
	h := sha256.New()
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		mtime := fi.ModTime().UnixNano()
		if d.IsDir() && !dirTimes {
			mtime = 0
		}
		fmt.Fprintf(h, "%s %v %d %d\n", rel, fi.Mode(), fi.Size(), mtime)
		if d.Type().IsRegular() {
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			h.Write(b)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// contents maps each file under root to its content.
func contents(t *testing.T, root string) map[string]string {
	t.Helper()
	out := map[string]string{}
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			b, _ := os.ReadFile(p)
			rel, _ := filepath.Rel(root, p)
			out[filepath.ToSlash(rel)] = string(b)
		}
		return nil
	})
	return out
}

var sample = map[string]string{
	"index.html":             "<h1>hello</h1>\n",
	"css/site.css":           "body{}\n",
	"img/logo.svg":           "<svg/>\n",
	"img/icons/a.png":        strings.Repeat("png", 3000),
	"img/icons/b.png":        strings.Repeat("PNG", 5000),
	"docs/notes with space":  "spaces\n",
	"docs/résumé.txt":        "accents\n",
	"empty/":                 "",
	"deep/a/b/c/d/e/f.txt":   "deep\n",
	"big.bin":                strings.Repeat("0123456789", 200_000),
	"cache/skip-me.tmp":      "temporary\n",
	"drafts/unsaved.tmp":     "temporary\n",
	"drafts/kept.txt":        "kept\n",
	"drafts/more/kept2.txt":  "kept too\n",
	"zeta/last file.md":      "# last\n",
	"numbers/0001.txt":       "1",
	"numbers/0002.txt":       "2",
	"numbers/0003.txt":       "3",
	"numbers/0004.txt":       "4",
	"numbers/0005.txt":       "5",
	"numbers/sub/0006.txt":   "6",
	"numbers/sub/0007.txt":   "7",
	"numbers/sub/0008.txt":   "8",
	"numbers/sub/0009.txt":   "9",
	"numbers/sub/0010.txt":   "10",
	"numbers/sub/z/0011.txt": "11",
}

type fixture struct {
	srv      *server
	dial     func(context.Context) (transfer.FS, error)
	disk     string // the server's root on disk
	local    string
	remote   string // the remote root, as a path on the server
	q        *queue.Queue
	manifest syncplan.ManifestStore
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	srv := newServer(t)
	f := newFixtureFor(t, func(ctx context.Context) (transfer.FS, error) { return srv.dial(ctx) }, srv.root)
	f.srv = srv
	return f
}

// newFixtureFor syncs with the server dial reaches, whose root is disk.
func newFixtureFor(t *testing.T, dial func(context.Context) (transfer.FS, error), disk string) *fixture {
	t.Helper()
	f := &fixture{dial: dial, disk: disk, local: t.TempDir(), remote: "/site",
		manifest: syncplan.ManifestStore{Dir: t.TempDir()}}
	q, err := queue.Open(queue.Config{
		Journal: filepath.Join(t.TempDir(), "queue.db"),
		Dial:    func(ctx context.Context, _ string) (transfer.FS, error) { return f.dial(ctx) },
		Limit:   func(string) int { return 3 },
		Backoff: 10 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { q.Close() })
	f.q = q
	return f
}

func (f *fixture) runner(t *testing.T, opts syncplan.Options) *syncplan.Runner {
	remote := syncplan.NewPool(f.dial, 3)
	t.Cleanup(remote.Close)
	return &syncplan.Runner{
		Pair:      syncplan.Pair{Site: "test", Remote: f.remote, Local: f.local},
		LocalRoot: f.local, RemoteRoot: f.remote, Options: opts,
		Local: syncplan.LocalPool(2), Remote: remote,
		Manifests: f.manifest, Queue: f.q, Site: "test",
	}
}

// sync prepares and runs, and returns the plan and the result.
func (f *fixture) sync(t *testing.T, opts syncplan.Options) (*syncplan.Plan, *syncplan.Result, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	r := f.runner(t, opts)
	defer r.Remote.Close()
	prep, err := r.Prepare(ctx, false, nil)
	if err != nil {
		return nil, nil, err
	}
	res, err := r.Execute(ctx, prep, prep.Plan)
	return prep.Plan, res, err
}

func (f *fixture) remoteDir() string { return filepath.Join(f.disk, "site") }

func batchItems(q *queue.Queue, batch string) int {
	n := 0
	for _, it := range q.Items() {
		if it.Batch == batch && !it.IsDir {
			n++
		}
	}
	return n
}

func describe(p *syncplan.Plan) string {
	var b strings.Builder
	for _, a := range p.Actions {
		if a.Op != syncplan.OpSkip {
			fmt.Fprintf(&b, "  %s\n", show(a))
		}
	}
	return b.String()
}

// An upload, then the same sync again: the second run queues nothing,
// and the server holds the tree minus the excluded files.
func TestSyncUploadTwice(t *testing.T) {
	f := newFixture(t)
	writeTree(t, f.local, sample)
	opts := syncplan.Options{Exclude: []string{"*.tmp", "cache/"}, Parallel: 3}
	p1, res1, err := f.sync(t, opts)
	if err != nil {
		t.Fatal(err)
	}
	want := contents(t, f.local)
	for n := range want {
		if strings.HasSuffix(n, ".tmp") {
			delete(want, n)
		}
	}
	if got := contents(t, f.remoteDir()); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("server after the first sync:\n%v\nwant\n%v", keys(got), keys(want))
	}
	if res1.Copied != len(want) || batchItems(f.q, res1.Batch) != len(want) || p1.Bytes != res1.Bytes {
		t.Errorf("first run copied %d (%d queued, %d bytes of %d); want %d", res1.Copied, batchItems(f.q, res1.Batch), res1.Bytes, p1.Bytes, len(want))
	}
	if _, err := os.Stat(filepath.Join(f.remoteDir(), "empty")); err != nil {
		t.Errorf("the empty folder was not made: %v", err)
	}

	p2, res2, err := f.sync(t, opts)
	if err != nil {
		t.Fatal(err)
	}
	if p2.Copies() != 0 || batchItems(f.q, res2.Batch) != 0 || res2.Copied != 0 || p2.Count(syncplan.OpMkdir) != 0 {
		t.Fatalf("the second run was not empty: %d copies, %d queued:\n%s", p2.Copies(), batchItems(f.q, res2.Batch), describe(p2))
	}
	for _, a := range p2.Actions {
		if a.Op == syncplan.OpSkip && !a.Same && !strings.HasPrefix(a.Reason, "excluded") {
			t.Errorf("unexpected skip: %s", show(a))
		}
	}
}

func keys(m map[string]string) string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return strings.Join(ks, "\n")
}

// A download, twice: the second queues nothing; local files get the
// server's times.
func TestSyncDownloadTwice(t *testing.T) {
	f := newFixture(t)
	writeTree(t, f.remoteDir(), sample)
	opts := syncplan.Options{Direction: syncplan.Download}
	_, res1, err := f.sync(t, opts)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := contents(t, f.local), contents(t, f.remoteDir()); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("local after the download:\n%v", keys(got))
	}
	src, _ := os.Stat(filepath.Join(f.remoteDir(), "index.html"))
	dst, _ := os.Stat(filepath.Join(f.local, "index.html"))
	if d := dst.ModTime().Sub(src.ModTime()); d < -time.Second || d > time.Second {
		t.Errorf("downloaded file's time is %v off the server's", d)
	}
	p2, res2, err := f.sync(t, opts)
	if err != nil {
		t.Fatal(err)
	}
	if p2.Copies() != 0 || batchItems(f.q, res2.Batch) != 0 {
		t.Fatalf("second download run: %d copies:\n%s", p2.Copies(), describe(p2))
	}
	if res1.Copied != len(sample)-1 {
		t.Errorf("first run copied %d files, want %d", res1.Copied, len(sample)-1)
	}
}

// A server that cannot set times stamps uploads with the upload time;
// the manifest keeps the second run from copying everything again.
func TestSyncServerWithoutSetTime(t *testing.T) {
	f := newFixture(t)
	f.srv.noSetTime = true
	writeTree(t, f.local, map[string]string{"a.txt": "a", "d/b.txt": "bb", "d/c.txt": "ccc"})
	if _, _, err := f.sync(t, syncplan.Options{}); err != nil {
		t.Fatal(err)
	}
	fi, _ := os.Stat(filepath.Join(f.remoteDir(), "a.txt"))
	if time.Since(fi.ModTime()) > time.Minute {
		t.Fatalf("the server set the time (%v): the test proves nothing", fi.ModTime())
	}
	p2, _, err := f.sync(t, syncplan.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if p2.Copies() != 0 {
		t.Fatalf("second run without MFMT copies again:\n%s", describe(p2))
	}
	for _, a := range p2.Actions {
		if !a.IsDir && a.Reason != "unchanged since the last sync" {
			t.Errorf("%s", show(a))
		}
	}
	// A file changed here since is sent again, whatever the server's
	// (later) time says.
	later := time.Now().Add(-time.Hour)
	os.WriteFile(filepath.Join(f.local, "d", "b.txt"), []byte("BB"), 0o644)
	os.Chtimes(filepath.Join(f.local, "d", "b.txt"), later, later)
	p3, _, err := f.sync(t, syncplan.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if p3.Copies() != 1 || !strings.Contains(describe(p3), "upload d/b.txt: changed here since the last sync") {
		t.Fatalf("third run:\n%s", describe(p3))
	}
}

// Deletes run after the copies, and not at all when a copy failed.
func TestSyncDeletesOnlyAfterCopiesSucceed(t *testing.T) {
	f := newFixture(t)
	writeTree(t, f.local, map[string]string{"keep.txt": "k", "new.txt": "n"})
	writeTree(t, f.remoteDir(), map[string]string{"keep.txt": "k", "old.txt": "o", "olddir/x": "x"})
	opts := syncplan.Options{Delete: true}
	r := f.runner(t, opts)
	ctx := context.Background()
	prep, err := r.Prepare(ctx, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	if prep.Plan.Count(syncplan.OpDelete) != 3 {
		t.Fatalf("plan:\n%s", describe(prep.Plan))
	}
	// The file vanishes between the plan and the run: its upload fails.
	os.Remove(filepath.Join(f.local, "new.txt"))
	res, err := r.Execute(ctx, prep, prep.Plan)
	if err == nil || !res.DeletesHeld || res.Deleted != 0 || !strings.Contains(err.Error(), "Nothing was deleted") {
		t.Fatalf("a failed copy still deleted: %+v, %v", res, err)
	}
	if _, err := os.Stat(filepath.Join(f.remoteDir(), "old.txt")); err != nil {
		t.Fatal("old.txt was deleted although a copy failed")
	}
	// Put it back: now the copy works and the deletes run, contents first.
	writeTree(t, f.local, map[string]string{"new.txt": "n"})
	_, res, err = f.sync(t, opts)
	if err != nil || res.Deleted != 3 {
		t.Fatalf("second run: %+v, %v", res, err)
	}
	if got := keys(contents(t, f.remoteDir())); got != "keep.txt\nnew.txt" {
		t.Fatalf("server holds:\n%s", got)
	}
	if _, err := os.Stat(filepath.Join(f.remoteDir(), "olddir")); !os.IsNotExist(err) {
		t.Errorf("olddir is still there: %v", err)
	}
}

// A plan over the delete cap is refused before anything changes.
func TestSyncRefusesOverMaxDelete(t *testing.T) {
	f := newFixture(t)
	writeTree(t, f.local, map[string]string{"a": "a"})
	writeTree(t, f.remoteDir(), map[string]string{"x1": "1", "x2": "2", "x3": "3"})
	before := filesHash(t, f.remoteDir())
	r := f.runner(t, syncplan.Options{Delete: true, MaxDelete: 2})
	prep, err := r.Prepare(context.Background(), false, nil)
	if err == nil || !strings.Contains(err.Error(), "more than the limit of 2") || prep == nil {
		t.Fatalf("not refused: %v", err)
	}
	if filesHash(t, f.remoteDir()) != before {
		t.Error("the server's files changed")
	}
}

// A dry run walks and plans and changes nothing on either side.
func TestDryRunChangesNothing(t *testing.T) {
	f := newFixture(t)
	writeTree(t, f.local, sample)
	writeTree(t, f.remoteDir(), map[string]string{"index.html": "old", "stale.txt": "x"})
	lb, rb := treeHash(t, f.local), treeHash(t, f.srv.root)
	for _, dir := range []syncplan.Direction{syncplan.Upload, syncplan.Download} {
		r := f.runner(t, syncplan.Options{Direction: dir, Delete: true})
		prep, err := r.Prepare(context.Background(), true, nil)
		if err != nil {
			t.Fatal(err)
		}
		if prep.Plan.Empty() {
			t.Fatalf("%v: the plan is empty: the test proves nothing", dir)
		}
		if len(prep.Notes) == 0 || !strings.Contains(prep.Notes[0], "not measured") {
			t.Errorf("no note about the unmeasured clock: %q", prep.Notes)
		}
	}
	if treeHash(t, f.local) != lb || treeHash(t, f.srv.root) != rb {
		t.Fatal("a dry run changed a tree")
	}
	if entries, _ := os.ReadDir(f.manifest.Dir); len(entries) != 0 {
		t.Errorf("a dry run wrote a manifest")
	}
}

// The probe measures a clock that agrees, and leaves nothing behind.
func TestMeasureClock(t *testing.T) {
	srv := newServer(t)
	pool := syncplan.NewPool(srv.dial, 1)
	defer pool.Close()
	c := syncplan.MeasureClock(context.Background(), pool, "/not/yet/there", time.Second)
	if !c.Measured || c.Zone != 0 || c.Skew != 0 {
		t.Fatalf("clock %+v", c)
	}
	if entries, _ := os.ReadDir(srv.root); len(entries) != 0 {
		t.Errorf("the probe left %v", entries)
	}
	// A server where nothing can be written leaves the clock unmeasured.
	bad := syncplan.NewPool(func(context.Context) (transfer.FS, error) { return readOnly{}, nil }, 1)
	if c := syncplan.MeasureClock(context.Background(), bad, "/", time.Minute); c.Measured || !strings.Contains(c.Note, "could not measure") {
		t.Errorf("read-only server: %+v", c)
	}
}

type readOnly struct{ transfer.FS }

func (readOnly) Create(_ context.Context, p string, _ int64) (io.WriteCloser, error) {
	return nil, fmt.Errorf("upload %s: %w", p, transfer.ErrPermission)
}
func (readOnly) Join(dir, name string) string { return path.Join(dir, name) }
func (readOnly) Dir(p string) string          { return path.Dir(p) }

// shiftedFS is a server whose listing shows the times of files written to
// it shifted (a time zone, a clock that is off) and cut to a precision.
type shiftedFS struct {
	readOnly
	shift     time.Duration
	precision time.Duration
	written   map[string]time.Time
}

type closer struct{ io.Writer }

func (closer) Close() error { return nil }

func (s *shiftedFS) Create(_ context.Context, p string, _ int64) (io.WriteCloser, error) {
	s.written[p] = time.Now()
	return closer{io.Discard}, nil
}

func (s *shiftedFS) List(_ context.Context, dir string) ([]transfer.Entry, error) {
	var out []transfer.Entry
	for p, t := range s.written {
		if path.Dir(p) == dir {
			out = append(out, transfer.Entry{Name: path.Base(p), ModTime: t.Add(s.shift).Truncate(s.precision)})
		}
	}
	return out, nil
}

func (s *shiftedFS) Remove(_ context.Context, p string) error { delete(s.written, p); return nil }

// The probe splits what it measures into a zone (whole quarter hours,
// applied to every time) and a skew (the rest, which widens the
// tolerance), and ignores what the listing's precision cannot tell.
func TestMeasureClockZoneAndSkew(t *testing.T) {
	tests := []struct {
		shift, precision time.Duration
		zone, skew       time.Duration
	}{
		{2 * time.Hour, time.Minute, 2 * time.Hour, 0}, // LIST in UTC+2
		{-5*time.Hour - 30*time.Minute, time.Minute, -5*time.Hour - 30*time.Minute, 0},
		{2*time.Hour + 20*time.Second, time.Minute, 2 * time.Hour, 0}, // 20 s off: under LIST's precision
		{3 * time.Minute, time.Second, 0, 3 * time.Minute},            // MLSD, a clock 3 min fast
		{-40 * time.Second, time.Second, 0, -40 * time.Second},        // MLSD, a clock 40 s slow
		{500 * time.Millisecond, time.Second, 0, 0},                   // within a second
	}
	for _, tt := range tests {
		t.Run(tt.shift.String(), func(t *testing.T) {
			fs := &shiftedFS{shift: tt.shift, precision: tt.precision, written: map[string]time.Time{}}
			pool := syncplan.NewPool(func(context.Context) (transfer.FS, error) { return fs, nil }, 1)
			c := syncplan.MeasureClock(context.Background(), pool, "/", tt.precision)
			if !c.Measured || c.Zone != tt.zone || (c.Skew-tt.skew).Abs() > 2*time.Second || len(fs.written) != 0 {
				t.Fatalf("clock %+v; want zone %v, skew %v (probe left: %v)", c, tt.zone, tt.skew, fs.written)
			}
		})
	}
}
