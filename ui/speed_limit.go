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
//
// The Settings window's download and upload limits change the rate of a
// running limit (set), and a rate of 0 lets everything through, so the
// status bar's switch applies to transfers already running.
type speedLimit struct {
	mu     sync.Mutex
	rate   float64 // bytes per second; 0: no limit
	tokens float64
	last   time.Time
}

func newSpeedLimit(bytesPerSecond int64) *speedLimit {
	return &speedLimit{rate: float64(bytesPerSecond), last: time.Now()}
}

// set changes the rate; 0 lifts the limit.
func (l *speedLimit) set(bytesPerSecond int64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.rate, l.tokens, l.last = float64(bytesPerSecond), 0, time.Now()
}

// chunk is the most one read or write may move at once; 0: any amount.
func (l *speedLimit) chunk() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.rate == 0 {
		return 0
	}
	return max(int(l.rate/10), 1024)
}

// reserve takes n bytes' worth of tokens and says how long to wait
// before they may pass.
func (l *speedLimit) reserve(n int) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.rate == 0 {
		return 0
	}
	now := time.Now()
	l.tokens = min(l.tokens+now.Sub(l.last).Seconds()*l.rate, l.rate/10)
	l.last = now
	l.tokens -= float64(n)
	if l.tokens < 0 {
		return time.Duration(-l.tokens / l.rate * float64(time.Second))
	}
	return 0
}

// take waits until n bytes may pass.
func (l *speedLimit) take(ctx context.Context, n int) error {
	wait := l.reserve(n)
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

// ListRefusals and Size pass through what the queue asks of a remote side,
// which the wrapper would hide too; without them, the queue's own
// fallbacks (List, Stat).
func (f limitedFS) ListRefusals(ctx context.Context, dir string) ([]transfer.Entry, []transfer.Refusal, error) {
	if rl, ok := f.FS.(transfer.RefusingLister); ok {
		return rl.ListRefusals(ctx, dir)
	}
	entries, err := f.FS.List(ctx, dir)
	return entries, nil, err
}

// CreateIn and RenameIn pass the local side's os.Root writes through
// (local.FS: a download's part file cannot leave its folder), which the
// wrapper would hide; a side without them writes by path.
func (f limitedFS) CreateIn(ctx context.Context, root, p string, offset int64) (io.WriteCloser, error) {
	if rl, ok := f.FS.(interface {
		CreateIn(context.Context, string, string, int64) (io.WriteCloser, error)
	}); ok {
		return rl.CreateIn(ctx, root, p, offset)
	}
	return f.FS.Create(ctx, p, offset)
}

func (f limitedFS) RenameIn(ctx context.Context, root, from, to string) error {
	if rl, ok := f.FS.(interface {
		RenameIn(context.Context, string, string, string) error
	}); ok {
		return rl.RenameIn(ctx, root, from, to)
	}
	return f.FS.Rename(ctx, from, to)
}

// ListEach passes a streamed listing through (FTP): a folder of a million
// files is then never whole in memory (see transfer.StreamLister). Other
// sides list whole and hand the entries over one by one.
func (f limitedFS) ListEach(ctx context.Context, dir string, fn func(transfer.Entry, error) error) error {
	if sl, ok := f.FS.(transfer.StreamLister); ok {
		return sl.ListEach(ctx, dir, fn)
	}
	entries, refused, err := f.ListRefusals(ctx, dir)
	if err != nil {
		return err
	}
	for _, r := range refused {
		if err := fn(r.Entry, r.Err); err != nil {
			return err
		}
	}
	for _, e := range entries {
		if err := fn(e, nil); err != nil {
			return err
		}
	}
	return nil
}

func (f limitedFS) Size(ctx context.Context, p string) (int64, error) {
	if sz, ok := f.FS.(transfer.Sizer); ok {
		return sz.Size(ctx, p)
	}
	e, err := f.FS.Stat(ctx, p)
	return e.Size, err
}

// limitedUploader is a limitedFS over a side that uploads in one call
// (FTP, SFTP sessions); the data it uploads comes from a reader that is
// already limited (the local side's).
type limitedUploader struct {
	limitedFS
	up transfer.Uploader
}

func (f limitedUploader) Upload(ctx context.Context, p string, offset int64, r io.Reader) error {
	return f.up.Upload(ctx, p, offset, r)
}

// limitFS wraps fs under l, keeping the interfaces the queue asks for.
func limitFS(fs transfer.FS, l *speedLimit) transfer.FS {
	lf := limitedFS{fs, l}
	if up, ok := fs.(transfer.Uploader); ok {
		return limitedUploader{lf, up}
	}
	return lf
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
	if c := r.limit.chunk(); c > 0 {
		p = p[:min(len(p), c)]
	}
	n, err := r.ReadCloser.Read(p)
	if n > 0 {
		if werr := r.limit.take(r.ctx, n); werr != nil && err == nil {
			err = werr
		}
	}
	return n, err
}
