package queue_test

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"portside/transfer"
	"portside/transfer/local"
	"portside/transfer/queue"
)

// gated is the local file system with reads that wait for a signal, so a
// test can act on an item while it is surely running.
type gated struct {
	local.FS
	started chan string   // a read began on this path
	open    chan struct{} // closed: reads go on
}

func (g *gated) Open(ctx context.Context, p string, off int64) (io.ReadCloser, error) {
	r, err := g.FS.Open(ctx, p, off)
	if err != nil {
		return nil, err
	}
	select {
	case g.started <- p:
	default:
	}
	return gatedReader{r, g.open, ctx}, nil
}

type gatedReader struct {
	io.ReadCloser
	open <-chan struct{}
	ctx  context.Context
}

func (r gatedReader) Read(p []byte) (int, error) {
	select {
	case <-r.open:
	case <-r.ctx.Done():
		return 0, r.ctx.Err()
	}
	return r.ReadCloser.Read(p)
}

// flaky fails the first n opens with a transient error.
type flaky struct {
	local.FS
	mu sync.Mutex
	n  int
}

func (f *flaky) Open(ctx context.Context, p string, off int64) (io.ReadCloser, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.n > 0 {
		f.n--
		return nil, transfer.ErrDataConn
	}
	return f.FS.Open(ctx, p, off)
}

func stateOf(q *queue.Queue, id uint64) queue.Item {
	for _, it := range q.Items() {
		if it.ID == id {
			return it
		}
	}
	return queue.Item{}
}

func waitState(t *testing.T, q *queue.Queue, id uint64, want queue.State) queue.Item {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if it := stateOf(q, id); it.State == want {
			return it
		}
		time.Sleep(2 * time.Millisecond)
	}
	it := stateOf(q, id)
	t.Fatalf("item %d is %s (%s), want %s", id, it.State, it.Err, want)
	return it
}

func TestStateMachine(t *testing.T) {
	type step func(t *testing.T, q *queue.Queue, g *gated, id uint64)
	pause := func(t *testing.T, q *queue.Queue, g *gated, id uint64) { q.Pause(id) }
	resume := func(t *testing.T, q *queue.Queue, g *gated, id uint64) { q.Resume(id) }
	cancel := func(t *testing.T, q *queue.Queue, g *gated, id uint64) { q.Cancel(id) }
	retry := func(t *testing.T, q *queue.Queue, g *gated, id uint64) { q.Retry(id) }
	release := func(t *testing.T, q *queue.Queue, g *gated, id uint64) { close(g.open) }
	running := func(t *testing.T, q *queue.Queue, g *gated, id uint64) {
		select {
		case <-g.started:
		case <-time.After(10 * time.Second):
			t.Fatal("the item never started reading")
		}
	}
	is := func(s queue.State) step {
		return func(t *testing.T, q *queue.Queue, g *gated, id uint64) { waitState(t, q, id, s) }
	}
	cases := []struct {
		name  string
		steps []step
		part  bool // a part file remains
		dst   bool // the file landed
	}{
		{"runs to done", []step{running, release, is(queue.Done)}, false, true},
		{"pause while running keeps the part", []step{running, pause, is(queue.Paused)}, true, false},
		{"pause then resume finishes", []step{running, pause, is(queue.Paused), release, resume, is(queue.Done)}, false, true},
		{"cancel while running", []step{running, cancel, is(queue.Cancelled)}, false, false},
		{"cancel then retry finishes", []step{running, cancel, is(queue.Cancelled), release, retry, is(queue.Done)}, false, true},
		{"resume of a done item does nothing", []step{running, release, is(queue.Done), resume, is(queue.Done)}, false, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			src, dst := filepath.Join(dir, "src.bin"), filepath.Join(dir, "out", "dst.bin")
			os.WriteFile(src, make([]byte, 3<<20), 0o644)
			os.Mkdir(filepath.Join(dir, "out"), 0o755)
			g := &gated{started: make(chan string, 4), open: make(chan struct{})}
			// The "remote" side is a second local file system: the queue
			// does not care, and the gate makes the timing certain.
			q := openQueue(t, queue.Config{Local: g, Dial: func(context.Context, string) (transfer.FS, error) { return local.FS{}, nil }})
			ids, _ := q.Add(queue.Item{Site: "l", Dir: queue.Upload, Src: src, Dst: dst, Size: -1})
			for _, s := range tc.steps {
				s(t, q, g, ids[0])
			}
			if _, err := os.Stat(dst + ".portside-part"); (err == nil) != tc.part {
				t.Errorf("part file there = %v, want %v", err == nil, tc.part)
			}
			if _, err := os.Stat(dst); (err == nil) != tc.dst {
				t.Errorf("destination there = %v, want %v", err == nil, tc.dst)
			}
		})
	}
}

func TestTransientErrorsRetryThenFail(t *testing.T) {
	cases := []struct {
		failures int
		want     queue.State
	}{
		{0, queue.Done},
		{2, queue.Done},   // two retries are within the three attempts
		{5, queue.Failed}, // more than that fails, with the reason
	}
	for _, tc := range cases {
		dir := t.TempDir()
		src := filepath.Join(dir, "a")
		os.WriteFile(src, []byte("hello"), 0o644)
		f := &flaky{n: tc.failures}
		q := openQueue(t, queue.Config{Local: f, Dial: func(context.Context, string) (transfer.FS, error) { return local.FS{}, nil }})
		ids, _ := q.Add(queue.Item{Site: "l", Dir: queue.Upload, Src: src, Dst: filepath.Join(dir, "b"), Size: -1})
		it := waitState(t, q, ids[0], tc.want)
		if tc.want == queue.Failed && it.Err == "" {
			t.Errorf("failed without a reason")
		}
	}
}

func TestPermanentErrorsFailAtOnce(t *testing.T) {
	dir := t.TempDir()
	q := openQueue(t, queue.Config{Dial: func(context.Context, string) (transfer.FS, error) { return local.FS{}, nil }})
	ids, _ := q.Add(queue.Item{Site: "l", Dir: queue.Upload, Src: filepath.Join(dir, "missing"), Dst: filepath.Join(dir, "b"), Size: -1})
	it := waitState(t, q, ids[0], queue.Failed)
	if it.Attempts != 0 {
		t.Errorf("a missing file was retried %d times", it.Attempts)
	}
}

// The connection limit holds: never more sessions at once than the site allows.
func TestConnectionLimit(t *testing.T) {
	dir := t.TempDir()
	var mu sync.Mutex
	open, peak := 0, 0
	dial := func(context.Context, string) (transfer.FS, error) {
		mu.Lock()
		defer mu.Unlock()
		open++
		peak = max(peak, open)
		return &counted{FS: local.FS{}, close: func() { mu.Lock(); open--; mu.Unlock() }}, nil
	}
	var items []queue.Item
	for i := 0; i < 40; i++ {
		p := filepath.Join(dir, "f"+string(rune('a'+i%26))+string(rune('a'+i/26)))
		os.WriteFile(p, make([]byte, 10_000), 0o644)
		items = append(items, queue.Item{Site: "l", Dir: queue.Upload, Src: p, Dst: p + ".copy", Size: -1})
	}
	q := openQueue(t, queue.Config{Dial: dial, Limit: func(string) int { return 3 }})
	q.Add(items...)
	wait(t, q)
	q.Close()
	if peak > 3 || peak == 0 {
		t.Fatalf("peak sessions %d with a limit of 3", peak)
	}
}

type counted struct {
	local.FS
	close func()
}

func (c *counted) Close() error { c.close(); return nil }

// Items added paused wait for Resume; WaitBatch waits for its batch only;
// an unsubscribed listener hears nothing more.
func TestAddPausedWaitBatchUnsubscribe(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "a")
	os.WriteFile(src, []byte("hello"), 0o644)
	q := openQueue(t, queue.Config{Dial: func(context.Context, string) (transfer.FS, error) { return local.FS{}, nil }})
	var mu sync.Mutex
	heard := 0
	unsubscribe := q.Subscribe(func(queue.Event) { mu.Lock(); heard++; mu.Unlock() })

	held, _ := q.Add(queue.Item{Batch: "later", Site: "l", Dir: queue.Upload, Src: src, Dst: filepath.Join(dir, "b"), Size: -1, State: queue.Paused})
	q.Add(queue.Item{Batch: "now", Site: "l", Dir: queue.Upload, Src: src, Dst: filepath.Join(dir, "c"), Size: -1})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if bad, err := q.WaitBatch(ctx, "now"); err != nil || len(bad) != 0 {
		t.Fatalf("WaitBatch(now) = %v, %v", bad, err)
	}
	if it := stateOf(q, held[0]); it.State != queue.Paused {
		t.Fatalf("an item added paused is %s", it.State)
	}
	if _, err := os.Stat(filepath.Join(dir, "b")); err == nil {
		t.Fatal("the paused item ran")
	}
	unsubscribe()
	mu.Lock()
	before := heard
	mu.Unlock()
	q.Resume(held...)
	if bad, err := q.WaitBatch(ctx, "later"); err != nil || len(bad) != 0 {
		t.Fatalf("WaitBatch(later) = %v, %v", bad, err)
	}
	mu.Lock()
	defer mu.Unlock()
	if before == 0 || heard != before {
		t.Errorf("heard %d events before unsubscribing and %d after", before, heard-before)
	}
}

// TestWorkersSpreadOverFolders: with two connections and files queued as
// a folder expansion queues them (all of one folder, then the next), the
// two running items write into different folders.
func TestWorkersSpreadOverFolders(t *testing.T) {
	dir := t.TempDir()
	var items []queue.Item
	for _, folder := range []string{"a", "b"} {
		os.MkdirAll(filepath.Join(dir, "out", folder), 0o755)
		for i := 0; i < 3; i++ {
			src := filepath.Join(dir, folder+string(rune('0'+i)))
			os.WriteFile(src, []byte("x"), 0o644)
			items = append(items, queue.Item{Site: "l", Dir: queue.Upload, Src: src,
				Dst: filepath.Join(dir, "out", folder, filepath.Base(src)), Size: -1})
		}
	}
	g := &gated{started: make(chan string, len(items)), open: make(chan struct{})}
	q := openQueue(t, queue.Config{Local: g, Limit: func(string) int { return 2 },
		Dial: func(context.Context, string) (transfer.FS, error) { return local.FS{}, nil }})
	q.Add(items...)
	var first []string
	for len(first) < 2 {
		select {
		case p := <-g.started:
			first = append(first, filepath.Base(p)[:1])
		case <-time.After(10 * time.Second):
			t.Fatalf("only %v started", first)
		}
	}
	if first[0] == first[1] {
		t.Errorf("both connections write into folder %s; want one each in a and b", first[0])
	}
	close(g.open)
	q.Wait(context.Background())
}
