package queue_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"portside/transfer/ftpd"
	"portside/transfer/queue"
)

// A 421 lowers the site's live limit at once; once the server takes more
// connections again the queue climbs back up to the site's own limit, and
// while the cap stays, it tries one more only now and then.
func TestLiveLimitClimbsBack(t *testing.T) {
	cases := []struct {
		name     string
		lift     int // the server's cap for the second batch (0: none)
		wantPeak func(int) bool
		maxRefus int // 421s during the second batch
	}{
		{"the cap is lifted: back to the site's 4", 0, func(p int) bool { return p == 4 }, 0},
		{"the cap stays at 2: a rare try", 2, func(p int) bool { return p == 2 }, 6},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := newSite(t, ftpd.Config{MaxConnections: 2})
			first, second := map[string]int{}, map[string]int{}
			for i := range 8 {
				first[fmt.Sprintf("a/f%02d.bin", i)] = 2000
			}
			for i := range 80 {
				second[fmt.Sprintf("b/f%02d.bin", i)] = 2000
			}
			seed(t, s.root, first)
			seed(t, s.root, second)
			q := openQueue(t, queue.Config{Dial: s.dial, Limit: func(string) int { return 4 }})
			down := t.TempDir()
			q.Add(queue.Item{Site: "demo", Dir: queue.Download, Src: "/a", Dst: filepath.Join(down, "a"), IsDir: true})
			wait(t, q)
			refused := strings.Count(s.log.String(), "421 Too many connections")
			if refused == 0 {
				t.Fatalf("the server never refused a connection: the test proves nothing")
			}
			s.srv.SetMaxConnections(c.lift)
			q.Add(queue.Item{Site: "demo", Dir: queue.Download, Src: "/b", Dst: filepath.Join(down, "b"), IsDir: true})
			wait(t, q)
			for _, it := range q.Items() {
				if it.State != queue.Done {
					t.Errorf("%s: %s %s", it.Src, it.State, it.Err)
				}
			}
			if p := s.srv.PeakConnections(); !c.wantPeak(p) {
				t.Errorf("%d connections at once in the second batch", p)
			}
			if n := strings.Count(s.log.String(), "421 Too many connections") - refused; n > c.maxRefus {
				t.Errorf("%d refused logins in the second batch of 80 files, want at most %d", n, c.maxRefus)
			}
		})
	}
}
