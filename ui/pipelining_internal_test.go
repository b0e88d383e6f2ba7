package ui

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"portside/transfer"
	"portside/transfer/ftpd"
	"portside/transfer/local"
	"portside/transfer/queue"
	"portside/transfer/sites"
)

// noopCounter is a server log that counts the NOOPs it takes in: the
// pipelining probe sends two (a server that drops pipelined commands
// takes one).
type noopCounter struct{ n atomic.Int64 }

func (c *noopCounter) Enabled(context.Context, slog.Level) bool { return true }
func (c *noopCounter) WithAttrs([]slog.Attr) slog.Handler       { return c }
func (c *noopCounter) WithGroup(string) slog.Handler            { return c }
func (c *noopCounter) Handle(_ context.Context, r slog.Record) error {
	if r.Message == "Received line" {
		r.Attrs(func(a slog.Attr) bool {
			if a.Key == "line" && strings.EqualFold(strings.TrimSpace(a.Value.String()), "NOOP") {
				c.n.Add(1)
			}
			return true
		})
	}
	return nil
}

// The window's queue pipelines as a saved site's profile says, and the
// profile keeps what the first window session's probe found: the next
// session does not probe again (a server that drops pipelined commands is
// not sent them again). The site's switch sends no probe; a quick-connect
// site is probed once per window session and nothing is kept.
func TestQueuePipeliningRemembered(t *testing.T) {
	cases := []struct {
		name   string
		drop   bool // the server drops pipelined commands
		noPipe bool // the Site Manager's switch
		quick  bool // not a saved site
		want   string
		probed [2]bool // per window session
	}{
		{"server answers", false, false, false, sites.PipeliningWorks, [2]bool{true, false}},
		{"server drops pipelined commands", true, false, false, sites.PipeliningBreaks, [2]bool{true, false}},
		{"turned off in the site", false, true, false, "", [2]bool{false, false}},
		{"quick connect", false, false, true, "", [2]bool{true, true}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			root := t.TempDir()
			os.WriteFile(filepath.Join(root, "a.txt"), []byte("alpha"), 0o644)
			noops := &noopCounter{}
			srv, err := ftpd.Start(ftpd.Config{Root: root, DropPipelined: c.drop, Logger: slog.New(noops)})
			if err != nil {
				t.Fatal(err)
			}
			defer srv.Close()
			store, err := sites.Open(t.TempDir(), sites.NewMemoryKeychain())
			if err != nil {
				t.Fatal(err)
			}
			in := sites.NewSite("Camera")
			in.Host, in.Port, in.Protocol, in.User, in.NoPipelining = "127.0.0.1", srv.Port(), sites.FTP, "demo", c.noPipe
			pw := "demo"
			saved, err := store.Save(in, &pw)
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			for run := range 2 {
				saved, _ = store.Site(saved.ID) // as the window reads it at connect
				site := SiteOf(saved, "demo")
				if c.quick {
					site = Site{Host: "127.0.0.1", Port: srv.Port(), User: "demo", Password: "demo"}
				}
				noops.n.Store(0)
				tr, _, err := openTransfers(transfersConfig{learned: learnInto(store, func(err error) { t.Error(err) })})
				if err != nil {
					t.Fatal(err)
				}
				tr.Remember(site)
				dst := t.TempDir()
				items := QueueItems(queue.Download, site.Key(), local.FS{}, dst,
					[]Source{{Path: "/a.txt", Entry: transfer.Entry{Name: "a.txt", Size: 5}}})
				added := make(chan error, 1)
				tr.Add(items, true, func(err error) { added <- err })
				if err := <-added; err != nil {
					t.Fatal(err)
				}
				failed, err := tr.Queue.Wait(ctx)
				tr.Close()
				if err != nil || len(failed) > 0 {
					t.Fatalf("window session %d: %v, failed %+v", run, err, failed)
				}
				if b, err := os.ReadFile(filepath.Join(dst, "a.txt")); err != nil || string(b) != "alpha" {
					t.Fatalf("window session %d: %q, %v", run, b, err)
				}
				if got := noops.n.Load(); (got > 0) != c.probed[run] {
					t.Errorf("window session %d: %d NOOPs; want a probe: %v", run, got, c.probed[run])
				}
				got, _ := store.Site(saved.ID)
				learned := ""
				if got.Learned != nil {
					learned = got.Learned.Pipelining
				}
				if learned != c.want {
					t.Errorf("window session %d: the profile learned %q, want %q", run, learned, c.want)
				}
			}
		})
	}
}
