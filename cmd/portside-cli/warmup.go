package main

import (
	"context"
	"sync"

	"portside/transfer"
	"portside/transfer/pool"
	"portside/transfer/queue"
)

// warmup logs the run's other connections in while the first one plans
// and starts: a login is some six round trips (0.6 s at 100 ms), and a
// segmented download's ranges, or a folder's parallel files, would each
// wait for theirs only when the queue asks. A connection the queue asks
// for while warm ones are on their way waits for one of them, so the run
// never opens more than --parallel.
type warmup struct {
	mu      sync.Mutex
	arrived chan transfer.FS // nil until start; closed when every dial ended
}

// wantsConnections: the run will use more than one connection (a folder,
// or a file big enough for ranges).
func wantsConnections(items []queue.Item, parallel, segments int) bool {
	if parallel < 2 {
		return false
	}
	for _, it := range items {
		if it.IsDir && it.Dir == queue.Download {
			return true
		}
		if it.Dir == queue.Download && segments != 1 && it.Size >= 2*queue.DefaultSegmentMin {
			return true
		}
	}
	return false
}

func (w *warmup) start(ctx context.Context, dial func(context.Context) (transfer.FS, error), n int) {
	if n <= 0 {
		return
	}
	ch := make(chan transfer.FS, n)
	w.mu.Lock()
	w.arrived = ch
	w.mu.Unlock()
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if fs, err := dial(ctx); err == nil {
				ch <- fs // buffered: never blocks
			}
		}()
	}
	go func() { wg.Wait(); close(ch) }()
}

// get is an idle session, else a warm one (waiting for it while any is on
// its way), else a new one.
func (w *warmup) get(ctx context.Context, sessions *pool.Pool) (transfer.FS, error) {
	if fs, ok := sessions.TakeIdle(); ok {
		return fs, nil
	}
	w.mu.Lock()
	ch := w.arrived
	w.mu.Unlock()
	if ch != nil {
		select {
		case fs, ok := <-ch:
			if ok {
				return fs, nil
			}
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	return sessions.Get(ctx)
}

// close logs out the warm sessions nobody took.
func (w *warmup) close() {
	w.mu.Lock()
	ch := w.arrived
	w.mu.Unlock()
	if ch == nil {
		return
	}
	go func() {
		for fs := range ch {
			fs.Close()
		}
	}()
}
