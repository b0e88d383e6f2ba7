package queue_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"portside/transfer"
	"portside/transfer/ftp"
	"portside/transfer/ftpd"
	"portside/transfer/internal/realftpd"
	"portside/transfer/queue"
	"portside/transfer/transport"
)

// ranges records what a segmented download asked the server for: every
// OpenRange (offset, and length; -1 to the end), through the sessions the
// queue dials. With a gate, every range stops after gateAt bytes until
// gateN ranges have been asked for (never, when gateN is 0), so that the
// test sees the ranges that connections joining take.
type ranges struct {
	mu     sync.Mutex
	got    [][2]int64
	gateAt int64
	gateN  int
	open   chan struct{}
}

type rangeFS struct {
	transfer.FS
	rec *ranges
}

func (r *ranges) wrap(dial func(context.Context, string) (transfer.FS, error)) func(context.Context, string) (transfer.FS, error) {
	r.open = make(chan struct{})
	return func(ctx context.Context, site string) (transfer.FS, error) {
		fs, err := dial(ctx, site)
		if err != nil {
			return nil, err
		}
		return rangeFS{fs, r}, nil
	}
}

func (r *ranges) asked() [][2]int64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := slices.Clone(r.got)
	slices.SortFunc(out, func(a, b [2]int64) int { return int(a[0] - b[0]) })
	return out
}

func (f rangeFS) OpenRange(ctx context.Context, p string, off, n int64) (io.ReadCloser, error) {
	r := f.rec
	r.mu.Lock()
	r.got = append(r.got, [2]int64{off, n})
	if len(r.got) == r.gateN {
		close(r.open)
	}
	r.mu.Unlock()
	rc, err := f.FS.(transfer.Ranger).OpenRange(ctx, p, off, n)
	if err == nil && r.gateAt > 0 {
		return &rangeGate{rc, ctx, r.gateAt, r.open}, nil
	}
	return rc, err
}

// rangeGate passes on some bytes, then waits for its gate (or its run's end).
type rangeGate struct {
	io.ReadCloser
	ctx  context.Context
	left int64
	open chan struct{}
}

func (g *rangeGate) Read(p []byte) (int, error) {
	if g.left == 0 {
		select {
		case <-g.open:
			g.left = -1
		case <-g.ctx.Done():
			return 0, g.ctx.Err()
		}
	}
	if g.left > 0 && int64(len(p)) > g.left {
		p = p[:g.left]
	}
	n, err := g.ReadCloser.Read(p)
	if g.left > 0 {
		g.left -= int64(n)
	}
	return n, err
}

func randomFile(t *testing.T, p string, n int) []byte {
	t.Helper()
	b := make([]byte, n)
	rand.Read(b)
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return b
}

var restRE = regexp.MustCompile(`(?m)^.*> REST (\d+)`)

// A big download is fetched as ranges at once, one connection each, and
// lands whole: from the embedded server and from vsftpd. Each range but the
// last is cut at its end though the server sends on to the end of the file.
func TestSegmentedDownload(t *testing.T) {
	const size = 5<<20 + 12345
	cases := []struct {
		name  string
		start func(t *testing.T) (root string, dial func(context.Context, string) (transfer.FS, error), log *safeLog)
	}{
		{"ftpd", func(t *testing.T) (string, func(context.Context, string) (transfer.FS, error), *safeLog) {
			s := newSite(t, ftpd.Config{})
			return s.root, s.dial, s.log
		}},
		{"vsftpd", func(t *testing.T) (string, func(context.Context, string) (transfer.FS, error), *safeLog) {
			srv := realftpd.Start(t, realftpd.Vsftpd, realftpd.Options{})
			log := &safeLog{}
			return srv.Root, func(ctx context.Context, _ string) (transfer.FS, error) {
				return ftp.Connect(ctx, ftp.Config{
					Config: transport.Config{Host: srv.Host, Port: srv.Port, DataTimeout: 10 * time.Second, Log: log.add},
					User:   srv.User, Password: srv.Password, Mode: transport.ModePassive,
				})
			}, log
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			root, dial, log := c.start(t)
			body := randomFile(t, filepath.Join(root, "big.bin"), size)
			rec := &ranges{gateAt: 256 << 10, gateN: 4}
			q := openQueue(t, queue.Config{Dial: rec.wrap(dial), Limit: func(string) int { return 4 },
				Segments: func(string) int { return 4 }, SegmentMin: 1 << 20})
			dst := filepath.Join(t.TempDir(), "big.bin")
			q.Add(queue.Item{Site: "s", Dir: queue.Download, Src: "/big.bin", Dst: dst, Size: size})
			wait(t, q)
			got, err := os.ReadFile(dst)
			if err != nil || !bytes.Equal(got, body) {
				t.Fatalf("landed %d bytes (want %d), equal %v: %v", len(got), size, bytes.Equal(got, body), err)
			}
			// The item's connection asks for the whole file; each that
			// joins takes the second half of the range with the most left.
			a := rec.asked()
			if len(a) != 4 || a[0] != [2]int64{0, -1} {
				t.Fatalf("asked for %v, want the file and three halves", a)
			}
			var rests []string
			for i, r := range a[1:] {
				if r[0] <= a[i][0] || r[0] >= size || r[1] != -1 && r[0]+r[1] > size {
					t.Errorf("range %v is not a half of another", r)
				}
				rests = append(rests, strconv.FormatInt(r[0], 10))
			}
			var sent []string
			for _, m := range restRE.FindAllStringSubmatch(log.String(), -1) {
				sent = append(sent, m[1])
			}
			slices.Sort(sent)
			slices.Sort(rests)
			if !slices.Equal(sent, rests) {
				t.Errorf("REST commands sent %v, want %v", sent, rests)
			}
			if it := q.Items()[0]; it.Ranges != "" {
				t.Errorf("a finished item keeps its ranges in the journal: %q", it.Ranges)
			}
		})
	}
}

// A segmented download stopped half-way (four ranges part-way) fetches only
// what is missing when it runs again from the journal: each range from
// where it stopped.
func TestSegmentedResume(t *testing.T) {
	const size = 4 << 20
	s := newSite(t, ftpd.Config{})
	body := randomFile(t, filepath.Join(s.root, "big.bin"), size)
	journal := filepath.Join(t.TempDir(), "queue.db")
	dst := filepath.Join(t.TempDir(), "big.bin")
	cfg := func(rec *ranges, paused bool) queue.Config {
		return queue.Config{Journal: journal, Dial: rec.wrap(s.dial), Limit: func(string) int { return 4 },
			Segments: func(string) int { return 4 }, SegmentMin: 1 << 20, Backoff: 10 * time.Millisecond, Paused: paused}
	}
	first := &ranges{gateAt: 256 << 10} // every range stops after 256 KiB
	q, err := queue.Open(cfg(first, false))
	if err != nil {
		t.Fatal(err)
	}
	q.Add(queue.Item{Site: "s", Dir: queue.Download, Src: "/big.bin", Dst: dst, Size: size})
	// Stopped once the journal holds four ranges, each part-way. Not "once
	// four ranges were asked for": a run that fails is retried from the
	// journal and asks again (one CI run asked for ten ranges and waited
	// out the minute; what failed was not recorded, and is now, below),
	// and the test is about what the journal holds when it stops.
	// The gate lets 256 KiB through per asking, and each range is about
	// 1 MiB, so a retry or two still leaves every range part-way.
	var errs []string
	deadline := time.Now().Add(60 * time.Second)
	for {
		it := q.Items()[0]
		if it.Err != "" && !slices.Contains(errs, it.Err) {
			errs = append(errs, it.Err)
		}
		if partWay(t, it.Ranges) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the journal never held four ranges part-way: %q; asked for %v; the runs' errors %q\n%s",
				it.Ranges, first.asked(), errs, s.log.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	q.Close() // the item stays queued, its ranges in the journal
	second := &ranges{}
	q2, err := queue.Open(cfg(second, true))
	if err != nil {
		t.Fatal(err)
	}
	defer q2.Close()
	record := q2.Items()[0].Ranges
	q2.Start()
	wait(t, q2)
	got, err := os.ReadFile(dst)
	if err != nil || !bytes.Equal(got, body) {
		t.Fatalf("landed %d bytes, equal %v: %v", len(got), bytes.Equal(got, body), err)
	}
	if refetched := landedAgain(t, record, second.asked()); refetched != "" {
		t.Errorf("%s", refetched)
	}
}

// partWay: every range of the record has bytes landed and bytes to come.
func partWay(t *testing.T, record string) bool {
	fields := strings.Split(record, ",")
	if len(fields) != 4 {
		return false // not all connections have joined yet
	}
	for _, f := range fields {
		var off, n, done int64
		if _, err := fmt.Sscanf(f, "%d+%d+%d", &off, &n, &done); err != nil {
			t.Fatalf("record %q: %v", record, err)
		}
		if done == 0 || done >= n {
			return false
		}
	}
	return true
}

// landedAgain says which range asked for bytes that the journal record
// says had landed ("" when none did), after checking that every range of
// the record was part-way.
func landedAgain(t *testing.T, record string, asked [][2]int64) string {
	t.Helper()
	type rng struct{ off, n, done int64 }
	var spans []rng
	for _, f := range strings.Split(record, ",") {
		var r rng
		if _, err := fmt.Sscanf(f, "%d+%d+%d", &r.off, &r.n, &r.done); err != nil || r.done == 0 || r.done == r.n {
			t.Fatalf("journal record %q: want every range part-way", record)
		}
		spans = append(spans, r)
	}
	if len(asked) < len(spans) {
		return fmt.Sprintf("asked for %v: fewer ranges than the record %q has left", asked, record)
	}
	for _, a := range asked {
		for _, r := range spans {
			if a[0] >= r.off && a[0] < r.off+r.n && a[0] < r.off+r.done {
				return fmt.Sprintf("asked for %v again from %d, though %d+%d had landed (record %q)", a, a[0], r.off, r.done, record)
			}
		}
	}
	return ""
}

// A server that refuses REST gets the file as one stream from its start,
// and later big files of the site are not split again.
func TestSegmentedRefusedREST(t *testing.T) {
	const size = 3 << 20
	s := newSite(t, ftpd.Config{Refuse: []string{"REST"}})
	a := randomFile(t, filepath.Join(s.root, "a.bin"), size)
	b := randomFile(t, filepath.Join(s.root, "b.bin"), size)
	rec := &ranges{gateAt: 256 << 10, gateN: 2} // the first range waits for the second's REST
	q := openQueue(t, queue.Config{Dial: rec.wrap(s.dial), Limit: func(string) int { return 2 },
		Segments: func(string) int { return 3 }, SegmentMin: 1 << 20})
	down := t.TempDir()
	q.Add(queue.Item{Site: "s", Dir: queue.Download, Src: "/a.bin", Dst: filepath.Join(down, "a.bin"), Size: size})
	wait(t, q)
	q.Add(queue.Item{Site: "s", Dir: queue.Download, Src: "/b.bin", Dst: filepath.Join(down, "b.bin"), Size: size})
	wait(t, q)
	for name, body := range map[string][]byte{"a.bin": a, "b.bin": b} {
		if got, err := os.ReadFile(filepath.Join(down, name)); err != nil || !bytes.Equal(got, body) {
			t.Errorf("%s: %d bytes, %v", name, len(got), err)
		}
	}
	if n := len(restRE.FindAllString(s.log.String(), -1)); n != 1 {
		t.Errorf("REST sent %d times; want once (the second range of the first file, refused)\n%s", n, s.log.String())
	}
}
