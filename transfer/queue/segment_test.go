package queue_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
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
// OpenRange and Open (offset, and length; -1 to the end), through the
// sessions the queue dials.
type ranges struct {
	mu   sync.Mutex
	got  [][2]int64
	hold func(off int64) bool // a range that stalls until its run ends
}

type rangeFS struct {
	transfer.FS
	rec *ranges
}

func (r *ranges) wrap(dial func(context.Context, string) (transfer.FS, error)) func(context.Context, string) (transfer.FS, error) {
	return func(ctx context.Context, site string) (transfer.FS, error) {
		fs, err := dial(ctx, site)
		if err != nil {
			return nil, err
		}
		return rangeFS{fs, r}, nil
	}
}

func (r *ranges) note(off, n int64) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.got = append(r.got, [2]int64{off, n})
	return r.hold != nil && r.hold(off)
}

func (r *ranges) asked() [][2]int64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := slices.Clone(r.got)
	slices.SortFunc(out, func(a, b [2]int64) int { return int(a[0] - b[0]) })
	return out
}

func (f rangeFS) OpenRange(ctx context.Context, p string, off, n int64) (io.ReadCloser, error) {
	hold := f.rec.note(off, n)
	rc, err := f.FS.(transfer.Ranger).OpenRange(ctx, p, off, n)
	if err == nil && hold {
		return &stall{rc, ctx, n / 2}, nil
	}
	return rc, err
}

func (f rangeFS) Open(ctx context.Context, p string, off int64) (io.ReadCloser, error) {
	hold := f.rec.note(off, -1)
	rc, err := f.FS.Open(ctx, p, off)
	if err == nil && hold {
		return &stall{rc, ctx, 512 << 10}, nil
	}
	return rc, err
}

// stall passes on some bytes, then waits for its run to be stopped.
type stall struct {
	io.ReadCloser
	ctx  context.Context
	left int64
}

func (s *stall) Read(p []byte) (int, error) {
	if s.left <= 0 {
		<-s.ctx.Done()
		return 0, s.ctx.Err()
	}
	if int64(len(p)) > s.left {
		p = p[:s.left]
	}
	n, err := s.ReadCloser.Read(p)
	s.left -= int64(n)
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
			rec := &ranges{}
			q := openQueue(t, queue.Config{Dial: rec.wrap(dial), Limit: func(string) int { return 4 },
				Segments: func(string) int { return 4 }, SegmentMin: 1 << 20})
			dst := filepath.Join(t.TempDir(), "big.bin")
			q.Add(queue.Item{Site: "s", Dir: queue.Download, Src: "/big.bin", Dst: dst, Size: size})
			wait(t, q)
			got, err := os.ReadFile(dst)
			if err != nil || !bytes.Equal(got, body) {
				t.Fatalf("landed %d bytes (want %d), equal %v: %v", len(got), size, bytes.Equal(got, body), err)
			}
			want := [][2]int64{{0, size / 4}, {size / 4, size/2 - size/4}, {size / 2, size*3/4 - size/2}, {size * 3 / 4, -1}}
			if a := rec.asked(); !slices.Equal(a, want) {
				t.Errorf("asked for %v, want the four ranges %v", a, want)
			}
			var rests []string
			for _, m := range restRE.FindAllStringSubmatch(log.String(), -1) {
				rests = append(rests, m[1])
			}
			slices.Sort(rests)
			if !slices.Equal(rests, []string{strconv.Itoa(size / 4), strconv.Itoa(size / 2), strconv.Itoa(size * 3 / 4)}) {
				t.Errorf("REST commands sent: %v", rests)
			}
			if it := q.Items()[0]; it.Ranges != "" {
				t.Errorf("a finished item keeps its ranges in the journal: %q", it.Ranges)
			}
		})
	}
}

// A segmented download stopped half-way (two ranges landed, two part-way)
// fetches only what is missing when it runs again from the journal: each
// unfinished range from where it stopped, nothing of the finished ones.
func TestSegmentedResume(t *testing.T) {
	const size = 4 << 20
	s := newSite(t, ftpd.Config{})
	body := randomFile(t, filepath.Join(s.root, "big.bin"), size)
	journal := filepath.Join(t.TempDir(), "queue.db")
	dst := filepath.Join(t.TempDir(), "big.bin")
	cfg := func(rec *ranges) queue.Config {
		return queue.Config{Journal: journal, Dial: rec.wrap(s.dial), Limit: func(string) int { return 4 },
			Segments: func(string) int { return 4 }, SegmentMin: 1 << 20, Backoff: 10 * time.Millisecond}
	}
	first := &ranges{hold: func(off int64) bool { return off >= size/2 }}
	q, err := queue.Open(cfg(first))
	if err != nil {
		t.Fatal(err)
	}
	q.Add(queue.Item{Site: "s", Dir: queue.Download, Src: "/big.bin", Dst: dst, Size: size})
	// Wait until the two held ranges have passed on their bytes and the
	// other two have landed: 1 MiB + 1 MiB + 512 KiB + 512 KiB.
	deadline := time.Now().Add(60 * time.Second)
	for {
		st := q.Stats()
		if len(st.Running) == 1 && st.Running[0].Bytes >= size/4*2+size/8+size/8 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the first run did not get half-way: %+v", st)
		}
		time.Sleep(20 * time.Millisecond)
	}
	q.Close() // the item stays queued, its ranges in the journal
	second := &ranges{}
	q2, err := queue.Open(cfg(second))
	if err != nil {
		t.Fatal(err)
	}
	defer q2.Close()
	wait(t, q2)
	got, err := os.ReadFile(dst)
	if err != nil || !bytes.Equal(got, body) {
		t.Fatalf("landed %d bytes, equal %v: %v", len(got), bytes.Equal(got, body), err)
	}
	want := [][2]int64{{size/2 + size/8, size / 8}, {size*3/4 + size/8, -1}}
	if a := second.asked(); !slices.Equal(a, want) {
		t.Errorf("the second run asked for %v, want only the missing %v", a, want)
	}
}

// A server that refuses REST gets the file as one stream, and later big
// files of the site are not split again.
func TestSegmentedRefusedREST(t *testing.T) {
	const size = 3 << 20
	s := newSite(t, ftpd.Config{Refuse: []string{"REST"}})
	a := randomFile(t, filepath.Join(s.root, "a.bin"), size)
	b := randomFile(t, filepath.Join(s.root, "b.bin"), size)
	q := openQueue(t, queue.Config{Dial: s.dial, Limit: func(string) int { return 1 },
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
		t.Errorf("REST sent %d times; want once (the first file's second range, refused)\n%s", n, s.log.String())
	}
}
