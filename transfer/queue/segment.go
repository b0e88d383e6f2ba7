package queue

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"portside/transfer"
)

// A segmented download reads one big file as several ranges at once, each
// on its own connection (REST and RETR, the data connection closed at the
// range's end), into one part file at the ranges' offsets. One TCP stream
// is capped by the path's window and by servers that cap each connection's
// rate (vsftpd's local_max_rate); N streams are not. It is used when the
// file is at least twice SegmentMin, the site's setting (or the item's)
// allows more than one range, the site has connections to spare (Limit,
// less those running), the server reads ranges (Ranger) and the local side
// writes at offsets (WriterAtFS). Ranges are planned once and recorded in
// the journal (Item.Ranges) before the first byte, then every second with
// the bytes landed, after the part file is synced: after a crash only
// what the journal says is missing is fetched again.

const (
	// DefaultSegments is how many ranges a big download gets when neither
	// the item nor the site says (lftp's pget default is 5, aria2's 5).
	DefaultSegments = 4
	// DefaultSegmentMin: a range costs a login and a data connection (some
	// ten round trips, a second at 100 ms); 16 MiB takes 3 s at 5 MB/s.
	DefaultSegmentMin = 16 << 20
	maxSegments       = 16
	// rangeSaveEvery is how often the bytes landed per range are synced
	// and journaled: what a crash may cost each range to fetch again.
	rangeSaveEvery = time.Second
)

// errNoRanges: the server refused a range (REST): one stream instead.
var errNoRanges = errors.New("the server does not send ranges")

// span is one range of the file: [off, off+n), done bytes landed from off.
type span struct {
	off, n int64
	done   atomic.Int64
}

// segmentCount is how many ranges a download of it may use: the item's
// setting, else the site's, else the default, and no more than the file
// has SegmentMin-sized pieces.
func (q *Queue) segmentCount(it Item) int {
	n := it.Segments
	if n == 0 && q.cfg.Segments != nil {
		n = q.cfg.Segments(it.Site)
	}
	if n == 0 {
		n = DefaultSegments
	}
	least := q.cfg.SegmentMin
	if least <= 0 {
		least = DefaultSegmentMin
	}
	if n <= 1 || it.Size < 2*least {
		return 1
	}
	return int(min(int64(n), int64(maxSegments), it.Size/least))
}

// planRanges splits [from, size) into n ranges; [0, from) is one already
// landed (a part file from one stream).
func planRanges(size, from int64, n int) []*span {
	var out []*span
	if from > 0 {
		s := &span{off: 0, n: from}
		s.done.Store(from)
		out = append(out, s)
	}
	left := size - from
	for i := 0; i < n; i++ {
		off := from + left*int64(i)/int64(n)
		end := from + left*int64(i+1)/int64(n)
		out = append(out, &span{off: off, n: end - off})
	}
	return out
}

// formatRanges is the journal's form: "off+len+done,…".
func formatRanges(spans []*span) string {
	var b strings.Builder
	for i, s := range spans {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "%d+%d+%d", s.off, s.n, s.done.Load())
	}
	return b.String()
}

// parseRanges reads formatRanges' text back; nil unless it is a plan of
// at most 64 ranges that covers [0, size) in order, without gaps (a
// damaged record, or a file whose size changed, starts over).
func parseRanges(text string, size int64) []*span {
	if text == "" || size <= 0 {
		return nil
	}
	parts := strings.Split(text, ",")
	if len(parts) > 64 {
		return nil
	}
	var out []*span
	var at int64
	for _, p := range parts {
		f := strings.Split(p, "+")
		if len(f) != 3 {
			return nil
		}
		var v [3]int64
		for i := range f {
			x, err := strconv.ParseInt(f[i], 10, 64)
			if err != nil || x < 0 {
				return nil
			}
			v[i] = x
		}
		if v[0] != at || v[1] == 0 || v[2] > v[1] || v[1] > size-at {
			return nil
		}
		s := &span{off: v[0], n: v[1]}
		s.done.Store(v[2])
		out = append(out, s)
		at += v[1]
	}
	if at != size {
		return nil
	}
	return out
}

// prefix is how many bytes from the start the ranges have landed without
// a gap: where one stream resumes a part file that ranges wrote.
func prefix(spans []*span) int64 {
	var n int64
	for _, s := range spans {
		d := s.done.Load()
		n += d
		if d < s.n {
			break
		}
	}
	return n
}

// landedEnd is the furthest byte the ranges say is in the part file.
func landedEnd(spans []*span) int64 {
	var end int64
	for _, s := range spans {
		if d := s.done.Load(); d > 0 {
			end = max(end, s.off+d)
		}
	}
	return end
}

// segmented fetches it into part as ranges, when it should be (see the
// top of this file); handled is false when it was not tried, and the
// caller copies one stream.
func (q *Queue) segmented(ctx context.Context, it *Item, src, dst transfer.FS, part, target string, m *meter) (handled bool, err error) {
	rg, ok := src.(transfer.Ranger)
	wfs, ok2 := dst.(transfer.WriterAtFS)
	if !ok || !ok2 || it.Size <= 0 || q.refusesRanges(it.Site) {
		return false, nil
	}
	var spans []*span
	if target == it.Dst {
		spans = parseRanges(it.Ranges, it.Size)
	}
	n := q.segmentCount(*it)
	if spans == nil && n <= 1 {
		return false, nil
	}
	pe, perr := dst.Stat(ctx, part)
	if spans != nil && (perr != nil || pe.IsDir || pe.Size < landedEnd(spans)) {
		spans = nil // the part file is not what the journal says: start over
		perr = errors.New("replaced")
	}
	if spans == nil {
		if n <= 1 {
			return false, nil
		}
		var from int64 // a part from one stream is kept as the first range
		if it.DstKnown && it.PartSize > 0 && it.PartSize <= it.Size && target == it.Dst {
			from = it.PartSize
		} else if !it.DstKnown && perr == nil && !pe.IsDir && pe.Size <= it.Size {
			from = pe.Size
		}
		spans = planRanges(it.Size, from, n)
	}
	f, err := wfs.OpenWriterAt(ctx, part)
	if err != nil {
		return true, err
	}
	defer f.Close()
	if perr != nil {
		// A new plan over a fresh file: bytes past the first range's
		// landed ones are from an earlier run nothing records.
		if t, ok := f.(interface{ Truncate(int64) error }); ok {
			t.Truncate(prefix(spans))
		}
	}
	var landed int64
	for _, s := range spans {
		landed += s.done.Load()
	}
	m.begin(landed)
	if err := q.saveRanges(it.ID, formatRanges(spans)); err != nil {
		return true, err
	}
	err = q.runRanges(ctx, *it, rg, src, f, spans, n, m)
	// What landed is kept for the next run, whatever happened.
	serr := f.Sync()
	if serr == nil {
		serr = q.saveRanges(it.ID, formatRanges(spans))
	}
	if errors.Is(err, errNoRanges) {
		// One stream from the start: the server that refused REST for a
		// range will refuse it for a resume too.
		q.refuseRanges(it.Site)
		f.Close()
		it.Ranges = ""
		return false, errors.Join(q.saveRanges(it.ID, ""), dst.Remove(ctx, part))
	}
	return true, diskFull(errors.Join(err, serr))
}

// runRanges fetches the ranges not yet landed on up to n connections: the
// item's own, and as many more as the site has free. Each connection takes
// the next range left; the first error stops the others.
func (q *Queue) runRanges(ctx context.Context, it Item, rg transfer.Ranger, src transfer.FS, f transfer.WriterAtFile, spans []*span, n int, m *meter) error {
	var todo []*span
	for _, s := range spans {
		if s.done.Load() < s.n {
			todo = append(todo, s)
		}
	}
	if len(todo) == 0 {
		return nil
	}
	parent := ctx
	ctx, stop := context.WithCancelCause(ctx)
	defer stop(nil)
	var mu sync.Mutex
	next := func() *span {
		mu.Lock()
		defer mu.Unlock()
		if len(todo) == 0 || ctx.Err() != nil {
			return nil
		}
		s := todo[0]
		todo = todo[1:]
		return s
	}
	last := spans[len(spans)-1]
	var first error // the first range's error: the others' are its echo (cancelled)
	work := func(rg transfer.Ranger, src transfer.FS) error {
		for s := next(); s != nil; s = next() {
			if err := fetchRange(ctx, rg, src, it.Src, f, s, s == last, m); err != nil {
				mu.Lock()
				if first == nil && ctx.Err() == nil {
					first = err
				}
				mu.Unlock()
				stop(err)
				return err
			}
		}
		return nil
	}
	extra := q.reserve(it.Site, min(n, len(todo))-1)
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
				return // the site would not give one more (a 421): the others do its ranges
			}
			r, ok := fs.(transfer.Ranger)
			if !ok {
				p.Put(fs, nil)
				return
			}
			err = work(r, fs)
			if err != nil && !transient(err) {
				p.Put(fs, nil) // an answer about the file: the session is fine
			} else {
				p.Put(fs, err)
			}
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
				snap := formatRanges(spans) // before the sync: never more than is on disk
				if f.Sync() == nil {
					q.saveRanges(it.ID, snap)
				}
			}
		}
	}()
	work(rg, src)
	wg.Wait()
	stop(nil)
	<-saved
	err := first
	if err == nil {
		err = parent.Err()
	}
	for _, s := range spans {
		if err == nil && s.done.Load() < s.n {
			err = fmt.Errorf("download %s: range at %d ended at %d of %d bytes", it.Src, s.off, s.done.Load(), s.n)
		}
	}
	return err
}

// fetchRange lands what is left of s. The last range reads on to the end
// of the file: a file that grew is then caught by the size check, as with
// one stream; the others stop at their end.
func fetchRange(ctx context.Context, rg transfer.Ranger, src transfer.FS, p string, f io.WriterAt, s *span, last bool, m *meter) error {
	off := s.off + s.done.Load()
	var r io.ReadCloser
	var err error
	if last {
		r, err = src.Open(ctx, p, off)
	} else {
		r, err = rg.OpenRange(ctx, p, off, s.n-s.done.Load())
	}
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
			if _, werr := f.WriteAt((*buf)[:k], off); werr != nil {
				r.Close()
				return werr
			}
			off += int64(k)
			s.done.Add(int64(k))
			m.add(int64(k))
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

// reserve takes up to want more of site's connections for one item's
// ranges, as many as its limit leaves free; release gives them back.
func (q *Queue) reserve(site string, want int) int {
	q.mu.Lock()
	defer q.mu.Unlock()
	n := max(min(want, q.limit(site)-q.running[site]), 0)
	q.running[site] += n
	return n
}

func (q *Queue) release(site string, n int) {
	if n == 0 {
		return
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	q.running[site] -= n
	q.schedule()
}

// saveRanges journals a running item's ranges.
func (q *Queue) saveRanges(id uint64, text string) error {
	q.mu.Lock()
	it := q.items[id]
	if it == nil || it.State != Running {
		q.mu.Unlock()
		return nil
	}
	it.Ranges = text
	it.Rev++
	snap := *it
	q.mu.Unlock()
	err := q.j.save(&snap)
	if err == nil && testHookRangesSaved != nil {
		testHookRangesSaved(text)
	}
	return err
}

// testHookRangesSaved, when a test sets it, hears every journaled record
// of ranges: a child process tells its parent when to kill it.
var testHookRangesSaved func(ranges string)

// refusesRanges: a server of site refused REST for a range in this queue's
// life; its big files come as one stream.
func (q *Queue) refusesRanges(site string) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.noRanges[site]
}

func (q *Queue) refuseRanges(site string) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.noRanges[site] = true
}
