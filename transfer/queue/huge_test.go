package queue_test

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"sync/atomic"
	"testing"
	"time"

	"portside/transfer"
	"portside/transfer/ftp"
	"portside/transfer/internal/silentftp"
	"portside/transfer/queue"
	"portside/transfer/transport"
)

// heapPeak samples the heap's objects until stop, and returns the most.
func heapPeak() (stop func() uint64) {
	var peak atomic.Uint64
	done, finished := make(chan struct{}), make(chan struct{})
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	go func() {
		defer close(finished)
		for {
			metrics.Read(sample)
			if v := sample[0].Value.Uint64(); v > peak.Load() {
				peak.Store(v)
			}
			select {
			case <-done:
				return
			case <-time.After(time.Millisecond):
			}
		}
	}()
	return func() uint64 { close(done); <-finished; return peak.Load() }
}

// A download of a folder of 200,000 files keeps the queue's memory
// bounded: the listing streams, items past a window wait in the journal
// only, and finished ones leave memory. The heap's peak, from the start
// until every item is added and 2,000 files have landed, stays under
// 40 MB (it was 200 MB: every item live, about 500 B each, and the
// listing whole). The measured figures for 1,000,000 files are in
// scripts/bench-huge.sh (make bench).
func TestHugeFolderDownloadHeapBudget(t *testing.T) {
	if testing.Short() {
		t.Skip("a huge folder")
	}
	const n = 200_000
	srv, err := silentftp.Start(silentftp.Config{Generate: n})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	dial := func(ctx context.Context, _ string) (transfer.FS, error) {
		return ftp.Connect(ctx, ftp.Config{Config: transport.Config{Host: "127.0.0.1", Port: srv.Port()},
			User: "demo", Password: "demo", Mode: transport.ModePassive})
	}
	dst := t.TempDir()
	q, err := queue.Open(queue.Config{Journal: filepath.Join(t.TempDir(), "q.db"), Dial: dial})
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	runtime.GC()
	stop := heapPeak()
	if _, err := q.Add(queue.Item{Site: "s", Dir: queue.Download, Src: "/", Dst: dst, IsDir: true, Size: -1}); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Minute) // a bound on a loaded machine, not a timing
	for {
		st := q.Stats()
		total := 0
		for _, c := range st.Counts {
			total += c
		}
		if total > n && st.Counts[queue.Done] >= 2_000 {
			break
		}
		if st.Counts[queue.Failed] > 0 || time.Now().After(deadline) {
			t.Fatalf("stuck: %v", st.Counts)
		}
		time.Sleep(50 * time.Millisecond)
	}
	peak := stop()
	q.Pause()
	if os.Getenv("PORTSIDE_HEAP_PROFILE") != "" {
		f, _ := os.Create(os.Getenv("PORTSIDE_HEAP_PROFILE"))
		pprof.Lookup("heap").WriteTo(f, 0)
		f.Close()
	}
	t.Logf("heap peak %d MB for %d files", peak>>20, n)
	if peak > 40<<20 {
		t.Errorf("the queue's heap peaked at %d MB for a folder of %d files, over 40", peak>>20, n)
	}
}
