package queue

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"

	"portside/transfer"
)

// Running a segmented download's ranges (see segment.go): who fetches
// which, and the fetching.

// plan is a download's ranges in file order, with the lock that guards
// their order and who fetches which.
type plan struct {
	mu    sync.Mutex
	spans []*span
	size  int64
	// A connection that joins takes half a range of at least 2*joinMin; one
	// that finished its range, half of one of at least 2*stealMin: its
	// connection was cut at its range's end and must log in again.
	joinMin, stealMin int64
}

func (p *plan) String() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return formatRanges(p.spans)
}

// next gives a connection a range: one nobody fetches, else the second
// half of the range with the most left, when that half is worth it
// (joinMin for a connection that joins, stealMin for one that finished a
// range). Splitting when a connection joins, rather than
// planning equal ranges, evens out their ends: the item's own connection
// starts at once, the others some round trips later (a login), and a
// connection that a server refuses (421) leaves no range unfetched.
func (p *plan) next(joining bool) *span {
	p.mu.Lock()
	defer p.mu.Unlock()
	var big *span
	at := 0
	for i, s := range p.spans {
		if !s.active && s.left() > 0 {
			s.active = true
			return s
		}
		if s.active && (big == nil || s.left() > big.left()) {
			big, at = s, i
		}
	}
	least := p.stealMin
	if joining {
		least = p.joinMin
	}
	if big == nil || big.left() < 2*least {
		return nil
	}
	end := big.off + big.n.Load()
	mid := big.off + big.done.Load() + big.left()/2
	big.n.Store(mid - big.off)
	half := newSpan(mid, end-mid, 0)
	half.active = true
	p.spans = append(p.spans[:at+1], append([]*span{half}, p.spans[at+1:]...)...)
	return half
}

// release gives a range back (fetched, or not: its rest is for whoever asks).
func (p *plan) release(s *span) {
	p.mu.Lock()
	defer p.mu.Unlock()
	s.active = false
}

// runRanges fetches what the plan has left on up to n connections: the
// item's own, and as many more as the site has free. The first error
// stops the others.
func (q *Queue) runRanges(ctx context.Context, it Item, rg transfer.Ranger, f transfer.WriterAtFile, pl *plan, n int, m *meter) error {
	parent := ctx
	ctx, stop := context.WithCancelCause(ctx)
	defer stop(nil)
	var mu sync.Mutex
	var first error // the first range's error: the others' are its echo (cancelled)
	var grew atomic.Bool
	work := func(rg transfer.Ranger) {
		for s := pl.next(true); s != nil && ctx.Err() == nil; s = pl.next(false) {
			err := fetchRange(ctx, rg, it.Src, f, s, pl.size, &grew, m)
			pl.release(s)
			if err != nil {
				mu.Lock()
				if first == nil && ctx.Err() == nil {
					first = err
				}
				mu.Unlock()
				stop(err)
				return
			}
		}
	}
	extra := q.reserve(it.Site, n-1)
	defer q.release(it.Site, extra)
	q.mu.Lock()
	p := q.pool(it.Site)
	q.mu.Unlock()
	var wg sync.WaitGroup
	for i := 0; i < extra; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fs, err := p.Get(ctx)
			if err != nil {
				return // the site would not give one more (a 421): the others fetch its share
			}
			r, ok := fs.(transfer.Ranger)
			if !ok {
				p.Put(fs, nil)
				return
			}
			work(r)
			p.Put(fs, nil) // a range's error stops the run; a broken connection reconnects at its next use
		}()
	}
	saved := make(chan struct{})
	go func() { // the journal learns what landed, every second
		defer close(saved)
		t := time.NewTicker(rangeSaveEvery)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				snap := pl.String() // before the sync: never more than is on disk
				if f.Sync() == nil {
					q.saveRanges(it.ID, snap)
				}
			}
		}
	}()
	work(rg)
	wg.Wait()
	stop(nil)
	<-saved
	err := first
	if err == nil {
		err = parent.Err()
	}
	if err == nil && grew.Load() {
		// The server sent past the size listed: the file changed.
		return &SizeChangedError{Path: it.Dst, Listed: pl.size, Received: pl.size + 1}
	}
	for _, s := range pl.spans {
		if err == nil && s.left() > 0 {
			err = fmt.Errorf("download %s: range at %d ended at %d of %d bytes", it.Src, s.off, s.done.Load(), s.n.Load())
		}
	}
	return err
}

// fetchRange lands what is left of s, as far as s reaches: its end can
// move closer while it runs (next gave its second half to another
// connection). The range that ends at the end of the file reads on past
// it, so that a file that grew is caught (grew), as one stream's size
// check would.
func fetchRange(ctx context.Context, rg transfer.Ranger, p string, f io.WriterAt, s *span, size int64, grew *atomic.Bool, m *meter) error {
	off := s.off + s.done.Load()
	length := s.left()
	if s.off+s.n.Load() == size {
		length = -1 // to the end, and past it if the file grew
	}
	r, err := rg.OpenRange(ctx, p, off, length)
	if err != nil {
		if off > 0 && (errors.Is(err, transfer.ErrRefused) || errors.Is(err, transfer.ErrNoResume)) && ctx.Err() == nil {
			return fmt.Errorf("%w: %w", errNoRanges, err)
		}
		return err
	}
	buf := buffers.Get().(*[]byte)
	defer buffers.Put(buf)
	for {
		k, rerr := r.Read(*buf)
		if k > 0 {
			// Only what is still this range's: the rest is another's now,
			// or past the end of the file as listed.
			w := min(int64(k), s.left())
			if w < int64(k) && s.off+s.n.Load() == size {
				grew.Store(true)
			}
			if w > 0 {
				if _, werr := f.WriteAt((*buf)[:w], off); werr != nil {
					r.Close()
					return werr
				}
				off += w
				s.done.Add(w)
				m.add(w)
			}
			if s.left() == 0 {
				return r.Close() // cut: the rest is another range's
			}
		}
		if rerr == io.EOF {
			break
		}
		if rerr != nil {
			return errors.Join(rerr, r.Close())
		}
	}
	return r.Close()
}
