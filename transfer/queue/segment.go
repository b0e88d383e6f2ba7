package queue

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
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
)

// rangeSaveEvery is how often the bytes landed per range are synced and
// journaled: what a crash may cost each range to fetch again. A variable
// only so that the kill -9 test can see several records in a download
// that a busy machine may finish in a second.
var rangeSaveEvery = time.Second

// errNoRanges: the server refused a range (REST): one stream instead.
var errNoRanges = errors.New("the server does not send ranges")

// span is one range of the file: [off, off+n), done bytes landed from off.
// n shrinks when another connection takes the range's second half.
type span struct {
	off     int64
	n, done atomic.Int64
	active  bool // a connection fetches it (plan.mu)
}

func newSpan(off, n, done int64) *span {
	s := &span{off: off}
	s.n.Store(n)
	s.done.Store(done)
	return s
}

func (s *span) left() int64 { return s.n.Load() - s.done.Load() }

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
		out = append(out, newSpan(0, from, from))
	}
	left := size - from
	for i := 0; i < n; i++ {
		off := from + left*int64(i)/int64(n)
		end := from + left*int64(i+1)/int64(n)
		out = append(out, newSpan(off, end-off, 0))
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
		fmt.Fprintf(&b, "%d+%d+%d", s.off, s.n.Load(), s.done.Load())
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
		out = append(out, newSpan(v[0], v[1], v[2]))
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
		if d < s.n.Load() {
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
		spans = planRanges(it.Size, from, 1) // split as connections join (plan.next)
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
	least := q.cfg.SegmentMin
	if least <= 0 {
		least = DefaultSegmentMin
	}
	pl := &plan{spans: spans, size: it.Size, joinMin: max(least/4, 1), stealMin: least}
	if err := q.saveRanges(it.ID, pl.String()); err != nil {
		return true, err
	}
	err = q.runRanges(ctx, *it, rg, f, pl, n, m)
	// What landed is kept for the next run, whatever happened.
	serr := f.Sync()
	if serr == nil {
		serr = q.saveRanges(it.ID, pl.String())
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
