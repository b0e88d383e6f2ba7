package queue_test

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"portside/transfer"
	"portside/transfer/ftp"
	"portside/transfer/ftpd"
	"portside/transfer/local"
	"portside/transfer/queue"
	"portside/transfer/transport"
)

// site is an embedded server on a temp folder, and a way to dial it.
type site struct {
	srv  *ftpd.Server
	root string
	log  *safeLog
}

type safeLog struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *safeLog) add(e transport.Event) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.b.WriteString(e.String() + "\n")
}

func (l *safeLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func newSite(t *testing.T, cfg ftpd.Config) *site {
	t.Helper()
	cfg.Root = t.TempDir()
	srv, err := ftpd.Start(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	return &site{srv: srv, root: cfg.Root, log: &safeLog{}}
}

func (s *site) dial(ctx context.Context, _ string) (transfer.FS, error) {
	return ftp.Connect(ctx, ftp.Config{
		Config: transport.Config{Host: "127.0.0.1", Port: s.srv.Port(), DataTimeout: 3 * time.Second, Log: s.log.add},
		User:   "demo", Password: "demo", Mode: transport.ModePassive,
	})
}

func openQueue(t *testing.T, cfg queue.Config) *queue.Queue {
	t.Helper()
	if cfg.Journal == "" {
		cfg.Journal = filepath.Join(t.TempDir(), "queue.db")
	}
	if cfg.Backoff == 0 {
		cfg.Backoff = 10 * time.Millisecond
	}
	q, err := queue.Open(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { q.Close() })
	return q
}

func wait(t *testing.T, q *queue.Queue) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	bad, err := q.Wait(ctx)
	if err != nil {
		t.Fatalf("wait: %v", err)
	}
	for _, it := range bad {
		t.Errorf("item %d %s %s: %s %s", it.ID, it.Dir, it.Src, it.State, it.Err)
	}
}

// seed writes a tree of random files and returns name → sha256.
func seed(t *testing.T, root string, files map[string]int) {
	t.Helper()
	for name, size := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		b := make([]byte, size)
		rand.Read(b)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// tree maps each file under root to its sha256, and fails on part files.
func tree(t *testing.T, root string) map[string][32]byte {
	t.Helper()
	out := map[string][32]byte{}
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if strings.HasSuffix(p, ".portside-part") {
			t.Errorf("part file left: %s", p)
		}
		b, _ := os.ReadFile(p)
		rel, _ := filepath.Rel(root, p)
		out[filepath.ToSlash(rel)] = sha256.Sum256(b)
		return nil
	})
	return out
}

func sameTree(t *testing.T, a, b string) {
	t.Helper()
	ta, tb := tree(t, a), tree(t, b)
	if len(ta) == 0 || len(ta) != len(tb) {
		t.Fatalf("%s has %d files, %s has %d", a, len(ta), b, len(tb))
	}
	for name, sum := range ta {
		if tb[name] != sum {
			t.Errorf("%s differs", name)
		}
	}
}

var sample = map[string]int{
	"a.txt":                    10,
	"empty.bin":                0,
	"big.bin":                  1_500_000,
	"docs/readme.md":           3000,
	"docs/nested/deep/x.dat":   70_000,
	"with space/é ü 中文.txt":    1234,
	"many/f01.txt":             100,
	"many/f02.txt":             200,
	"many/f03.txt":             300,
	"many/sub/f04.txt":         400,
	"many/sub/f05-longer.json": 500,
}

func TestDownloadAndUploadFolders(t *testing.T) {
	s := newSite(t, ftpd.Config{})
	seed(t, s.root, sample)
	q := openQueue(t, queue.Config{Dial: s.dial})
	down := t.TempDir()
	if _, err := q.Add(queue.Item{Site: "demo", Dir: queue.Download, Src: "/", Dst: down, IsDir: true}); err != nil {
		t.Fatal(err)
	}
	wait(t, q)
	sameTree(t, s.root, down)

	if _, err := q.Add(queue.Item{Site: "demo", Dir: queue.Upload, Src: down, Dst: "/copy", IsDir: true}); err != nil {
		t.Fatal(err)
	}
	wait(t, q)
	sameTree(t, down, filepath.Join(s.root, "copy"))

	st := q.Stats()
	if st.Counts[queue.Failed] != 0 || st.Counts[queue.Done] < 2*len(sample) {
		t.Errorf("counts = %v", st.Counts)
	}
}

// A server that resets every data connection after 400 KiB: each retry
// resumes (REST) where the last one broke, and the files land whole.
func TestResumeAcrossDroppedConnections(t *testing.T) {
	s := newSite(t, ftpd.Config{DropDataAfter: 400 << 10})
	seed(t, s.root, map[string]int{"big.bin": 2_000_000})
	q := openQueue(t, queue.Config{Dial: s.dial, Retries: 3})
	down := t.TempDir()
	q.Add(queue.Item{Site: "demo", Dir: queue.Download, Src: "/big.bin", Dst: filepath.Join(down, "big.bin"), Size: -1})
	wait(t, q)
	if t.Failed() {
		for _, l := range strings.Split(s.log.String(), "\n") {
			if strings.Contains(l, "REST") || strings.Contains(l, "RETR") || strings.Contains(l, "Issue") || strings.Contains(l, "! ") {
				t.Log(l)
			}
		}
	}
	sameTree(t, s.root, down)
	if !strings.Contains(s.log.String(), "REST ") {
		t.Errorf("no REST in the log: the download was not resumed")
	}

	up := t.TempDir()
	seed(t, up, map[string]int{"up.bin": 1_800_000})
	q.Add(queue.Item{Site: "demo", Dir: queue.Upload, Src: filepath.Join(up, "up.bin"), Dst: "/up.bin", Size: -1})
	wait(t, q)
	if t.Failed() {
		for _, l := range strings.Split(s.log.String(), "\n") {
			if strings.Contains(l, "STOR") || strings.Contains(l, "REST") || strings.Contains(l, "MLST") || strings.Contains(l, "! ") || strings.Contains(l, "< 5") || strings.Contains(l, "size=") {
				t.Log(l)
			}
		}
	}
	got, _ := os.ReadFile(filepath.Join(s.root, "up.bin"))
	want, _ := os.ReadFile(filepath.Join(up, "up.bin"))
	if sha256.Sum256(got) != sha256.Sum256(want) {
		t.Fatalf("uploaded file differs (%d bytes, want %d)", len(got), len(want))
	}
	if n := strings.Count(s.log.String(), "REST "); n < 4 {
		t.Errorf("%d REST commands for two files cut every 400 KiB: the fault did not bite", n)
	}
}

func TestJournalSurvivesReopen(t *testing.T) {
	journal := filepath.Join(t.TempDir(), "q.db")
	dir := t.TempDir()
	seed(t, dir, map[string]int{"a": 5, "b": 6})
	q, err := queue.Open(queue.Config{Journal: journal, Paused: true, Dial: func(context.Context, string) (transfer.FS, error) { return local.FS{}, nil }})
	if err != nil {
		t.Fatal(err)
	}
	q.Add(queue.Item{Site: "l", Dir: queue.Upload, Src: filepath.Join(dir, "a"), Dst: filepath.Join(dir, "a2"), Size: -1},
		queue.Item{Site: "l", Dir: queue.Upload, Src: filepath.Join(dir, "b"), Dst: filepath.Join(dir, "b2"), Size: -1})
	q.Close()

	q2 := openQueue(t, queue.Config{Journal: journal, Dial: func(context.Context, string) (transfer.FS, error) { return local.FS{}, nil }})
	if n := len(q2.Items()); n != 2 {
		t.Fatalf("reopened queue has %d items, want 2", n)
	}
	wait(t, q2)
	for _, n := range []string{"a2", "b2"} {
		if _, err := os.Stat(filepath.Join(dir, n)); err != nil {
			t.Errorf("%s: %v", n, err)
		}
	}
}

func TestExistsPolicies(t *testing.T) {
	old := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	recent := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		policy  queue.Policy
		srcTime time.Time
		dstBody string
		want    string // what the destination holds after
		state   queue.State
		also    string // another file expected
	}{
		{queue.Overwrite, old, "old!", "new content", queue.Done, ""},
		{queue.Skip, recent, "old!", "old!", queue.Skipped, ""},
		{queue.OverwriteNewer, recent, "old!", "new content", queue.Done, ""},
		{queue.OverwriteNewer, old, "old!", "old!", queue.Skipped, ""},
		{queue.OverwriteSize, old, "old!", "new content", queue.Done, ""},
		{queue.OverwriteSize, old, "same length", "same length", queue.Skipped, ""},
		{queue.Resume, old, "new ", "new content", queue.Done, ""},
		{queue.Rename, old, "old!", "old!", queue.Done, "dst (1).txt"},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprintf("%s/%s", tc.policy, tc.dstBody), func(t *testing.T) {
			dir := t.TempDir()
			src, dst := filepath.Join(dir, "src.txt"), filepath.Join(dir, "dst.txt")
			os.WriteFile(src, []byte("new content"), 0o644)
			os.Chtimes(src, tc.srcTime, tc.srcTime)
			os.WriteFile(dst, []byte(tc.dstBody), 0o644)
			mid := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
			os.Chtimes(dst, mid, mid)
			q := openQueue(t, queue.Config{Dial: func(context.Context, string) (transfer.FS, error) { return local.FS{}, nil }})
			q.Add(queue.Item{Site: "l", Dir: queue.Upload, Src: src, Dst: dst, Size: -1, Exists: tc.policy})
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			q.Wait(ctx)
			it := q.Items()[0]
			if it.State != tc.state {
				t.Fatalf("state %s (%s), want %s", it.State, it.Err, tc.state)
			}
			if b, _ := os.ReadFile(dst); string(b) != tc.want {
				t.Errorf("destination holds %q, want %q", b, tc.want)
			}
			landed := dst
			if tc.also != "" {
				landed = filepath.Join(dir, tc.also)
				if b, _ := os.ReadFile(landed); string(b) != "new content" {
					t.Errorf("%s holds %q", tc.also, b)
				}
			}
			// The item says where the file went: the Done tab and the
			// command line show it.
			if it.Dst != landed {
				t.Errorf("the item's destination is %s, the file went to %s", it.Dst, landed)
			}
		})
	}
}

// A server that refuses more than two connections with 421: the queue
// lowers the site's live limit and every file still lands.
func TestTooManyConnectionsLowersTheLimit(t *testing.T) {
	s := newSite(t, ftpd.Config{MaxConnections: 2})
	files := map[string]int{}
	for i := 0; i < 12; i++ {
		files[fmt.Sprintf("f%02d.bin", i)] = 50_000
	}
	seed(t, s.root, files)
	q := openQueue(t, queue.Config{Dial: s.dial, Limit: func(string) int { return 5 }})
	down := t.TempDir()
	q.Add(queue.Item{Site: "demo", Dir: queue.Download, Src: "/", Dst: down, IsDir: true})
	wait(t, q)
	sameTree(t, s.root, down)
	if !strings.Contains(s.log.String(), "421 Too many connections") {
		t.Fatalf("the server never refused a connection: the test proves nothing")
	}
	for _, it := range q.Items() {
		if it.State != queue.Done {
			t.Errorf("%s: %s %s", it.Src, it.State, it.Err)
		}
	}
}

// Journaled reads items by ID whether they are live or left memory for
// the journal once done (window.go), in the order asked, without the
// unknown.
func TestJournaledReadsLiveAndFinishedItems(t *testing.T) {
	dir := t.TempDir()
	seed(t, dir, map[string]int{"a": 5, "b": 6})
	local := func(context.Context, string) (transfer.FS, error) { return local.FS{}, nil }
	q := openQueue(t, queue.Config{Journal: filepath.Join(t.TempDir(), "q.db"), Paused: true, Dial: local})
	ids, err := q.Add(queue.Item{Site: "l", Dir: queue.Upload, Src: filepath.Join(dir, "a"), Dst: filepath.Join(dir, "a2"), Size: -1},
		queue.Item{Site: "l", Dir: queue.Upload, Src: filepath.Join(dir, "b"), Dst: filepath.Join(dir, "b2"), Size: -1})
	if err != nil {
		t.Fatal(err)
	}
	src := map[uint64]string{ids[0]: filepath.Join(dir, "a"), ids[1]: filepath.Join(dir, "b")}
	check := func(when string, state queue.State) {
		t.Helper()
		got := q.Journaled([]uint64{ids[1], 999, ids[0]})
		if len(got) != 2 || got[0].ID != ids[1] || got[1].ID != ids[0] {
			t.Fatalf("%s: Journaled(b, unknown, a) = %+v", when, got)
		}
		for _, it := range got {
			if it.State != state || it.Src != src[it.ID] {
				t.Errorf("%s: item %d is %v from %s, want %v from %s", when, it.ID, it.State, it.Src, state, src[it.ID])
			}
		}
	}
	check("queued", queue.Queued)
	q.Start()
	wait(t, q)
	if n := q.Live(); n != 0 {
		t.Fatalf("%d done items still in memory: not yet left to the journal", n)
	}
	check("done", queue.Done)
}
