package ui

import (
	"context"
	"io"
	"sync"
	"time"

	"portside/transfer"
)

// speedLimit caps the bytes per second of all queued transfers together,
// as FileZilla's speed limit does: a big upload must not take a slow
// link's whole width. It is a token bucket holding at most a tenth of a
// second of traffic, so the rate holds over any second, not just on
// average.
type speedLimit struct {
	rate float64 // bytes per second

	mu     sync.Mutex
	tokens float64
	last   time.Time
}

func newSpeedLimit(bytesPerSecond int64) *speedLimit {
	return &speedLimit{rate: float64(bytesPerSecond), last: time.Now()}
}

// chunk is the most one read or write may move at once.
func (l *speedLimit) chunk() int { return max(int(l.rate/10), 1024) }

// take waits until n bytes may pass.
func (l *speedLimit) take(ctx context.Context, n int) error {
	l.mu.Lock()
	now := time.Now()
	l.tokens = min(l.tokens+now.Sub(l.last).Seconds()*l.rate, l.rate/10)
	l.last = now
	l.tokens -= float64(n)
	wait := time.Duration(0)
	if l.tokens < 0 {
		wait = time.Duration(-l.tokens / l.rate * float64(time.Second))
	}
	l.mu.Unlock()
	if wait == 0 {
		return nil
	}
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// limitedFS is a file system whose files are read under a speed limit;
// listings and commands are not limited. Every transfer reads exactly one
// file, its source, so limiting reads caps both directions, and the
// queue's progress, which counts what was read, moves as smoothly as the
// data does.
type limitedFS struct {
	transfer.FS
	limit *speedLimit
}

func (f limitedFS) Open(ctx context.Context, p string, offset int64) (io.ReadCloser, error) {
	r, err := f.FS.Open(ctx, p, offset)
	if err != nil {
		return nil, err
	}
	return &limitedReader{r, ctx, f.limit}, nil
}

// SetModTime passes the queue's time setting through: the embedded FS's
// method would be hidden by the wrapper.
func (f limitedFS) SetModTime(ctx context.Context, p string, t time.Time) error {
	if ts, ok := f.FS.(transfer.TimeSetter); ok {
		return ts.SetModTime(ctx, p, t)
	}
	return errNoTimes
}

type noTimes string

func (e noTimes) Error() string { return string(e) }

const errNoTimes = noTimes("cannot set file times here")

type limitedReader struct {
	io.ReadCloser
	ctx   context.Context
	limit *speedLimit
}

func (r *limitedReader) Read(p []byte) (int, error) {
	p = p[:min(len(p), r.limit.chunk())]
	n, err := r.ReadCloser.Read(p)
	if n > 0 {
		if werr := r.limit.take(r.ctx, n); werr != nil && err == nil {
			err = werr
		}
	}
	return n, err
}
