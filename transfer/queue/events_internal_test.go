package queue

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"portside/internal/hostile"
	"portside/transfer"
	"portside/transfer/ftp"
	"portside/transfer/transport"
)

// After a 421 the item runs again at once; when that run ends before the
// first run's journal write, the first must not send the live item (#20
// item 14: "--json reports an item done twice").
func TestNoRepeatedEventsAfter421(t *testing.T) {
	var once sync.Once
	releaseB, releaseC := make(chan struct{}), make(chan struct{})
	hold := func(ch chan struct{}) hostile.Handler {
		return func(c *hostile.Conn, arg string) {
			select {
			case <-ch:
			case <-time.After(hostile.Timeout):
			}
			c.Default("RETR", arg)
		}
	}
	holdB, holdC := hold(releaseB), hold(releaseC)
	srv := hostile.Start(t, hostile.Script{Files: map[string]string{"/a": "aaa", "/b": "bbb", "/c": "ccc"},
		Handlers: map[string]hostile.Handler{"RETR": func(c *hostile.Conn, arg string) {
			switch arg {
			case "/a":
				refused := false
				once.Do(func() { refused = true })
				if refused {
					c.Reply(421, "too many connections from your address")
					return
				}
				c.Default("RETR", arg)
			case "/b":
				holdB(c, arg)
			default:
				holdC(c, arg)
			}
		}}})
	dir := t.TempDir()
	q, err := Open(Config{Journal: filepath.Join(dir, "q.db"), Limit: func(string) int { return 3 }, Backoff: time.Millisecond,
		Dial: func(ctx context.Context, _ string) (transfer.FS, error) {
			return ftp.Connect(ctx, ftp.Config{Config: transport.Config{Host: srv.Host(), Port: srv.Port()}, User: "u", Password: "p", Mode: transport.ModePassive})
		}})
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	var mu sync.Mutex
	done := map[string]int{}
	aDone := make(chan struct{}, 4)
	q.Subscribe(func(ev Event) {
		if ev.Stats != nil || ev.Item.State != Done {
			return
		}
		mu.Lock()
		done[ev.Item.Src]++
		mu.Unlock()
		if ev.Item.Src == "/a" {
			aDone <- struct{}{}
		}
	})
	var first sync.Once
	reached := false
	testHookFinishing = func(it Item) {
		if it.Src != "/a" || it.State != Queued {
			return
		}
		first.Do(func() {
			close(releaseC) // c ends; a starts again in its slot and ends
			select {
			case <-aDone:
			case <-time.After(30 * time.Second):
				t.Error("a did not run again while its first run was being written")
			}
			close(releaseB)
			reached = true
		})
	}
	defer func() { testHookFinishing = nil }()
	for _, n := range []string{"/b", "/c", "/a"} {
		q.Add(Item{Site: "h", Dir: Download, Src: n, Dst: filepath.Join(dir, n[1:]), Size: 3})
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if bad, err := q.Wait(ctx); err != nil || len(bad) > 0 {
		t.Fatalf("wait: %v %+v", err, bad)
	}
	if !reached {
		t.Fatal("a's first run never ended in a 421 while b ran")
	}
	mu.Lock()
	defer mu.Unlock()
	for _, n := range []string{"/a", "/b", "/c"} {
		if done[n] != 1 {
			t.Errorf("%s: %d done events, want 1", n, done[n])
		}
	}
}
