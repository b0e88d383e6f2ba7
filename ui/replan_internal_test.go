package ui

import (
	"bytes"
	"context"
	"fmt"
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
)

// retrCounter is a server log that counts the RETR commands it is sent.
type retrCounter struct{ n atomic.Int64 }

func (c *retrCounter) Enabled(context.Context, slog.Level) bool { return true }
func (c *retrCounter) WithAttrs([]slog.Attr) slog.Handler       { return c }
func (c *retrCounter) WithGroup(string) slog.Handler            { return c }
func (c *retrCounter) Handle(_ context.Context, r slog.Record) error {
	if r.Message == "Received line" {
		r.Attrs(func(a slog.Attr) bool {
			if a.Key == "line" && strings.HasPrefix(strings.ToUpper(a.Value.String()), "RETR ") {
				c.n.Add(1)
			}
			return true
		})
	}
	return nil
}

// A folder download a quit cut short lists the server again when the
// window starts next (#20 item 13): a file added on the server since and a
// finished file deleted here are fetched, while files it finished that are
// unchanged and still here are not fetched again, also after a start that
// did not run the queue (what the first run knew stays in the journal).
func TestRestartReplansFolder(t *testing.T) {
	tests := []struct {
		name string
		idle int // starts that only open and close the queue
	}{
		{"next start", 0},
		{"a start later", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { testReplan(t, tt.idle) })
	}
}

func testReplan(t *testing.T, idle int) {
	srvRoot, dstDir := t.TempDir(), t.TempDir()
	tree := filepath.Join(srvRoot, "tree")
	os.MkdirAll(filepath.Join(tree, "sub"), 0o755)
	const files = 30
	names := make([]string, files)                   // under tree; every third in sub
	body := bytes.Repeat([]byte("portside "), 8<<10) // 72 KiB
	for i := range files {
		names[i] = fmt.Sprintf("f%02d.bin", i)
		if i%3 == 2 {
			names[i] = filepath.Join("sub", names[i])
		}
		os.WriteFile(filepath.Join(tree, names[i]), body, 0o644)
	}
	retrs := &retrCounter{}
	srv, err := ftpd.Start(ftpd.Config{Root: srvRoot, Logger: slog.New(retrs)})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	site := Site{Host: "127.0.0.1", Port: srv.Port(), User: "demo", Password: "demo"}
	journal := filepath.Join(t.TempDir(), "queue.db")
	open := func() *Transfers {
		// Under a speed limit: the first run is stopped well before
		// its 2 MB are in, however fast the machine.
		tr, _, err := openTransfers(transfersConfig{journal: journal, limit: 1 << 20})
		if err != nil {
			t.Fatal(err)
		}
		tr.Remember(site)
		return tr
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	// The first run: stopped once a file is done, part-way through.
	tr := open()
	done := make(chan struct{}, 1)
	tr.Queue.Subscribe(func(ev queue.Event) {
		if ev.Item.State == queue.Done && !ev.Item.IsDir {
			select {
			case done <- struct{}{}:
			default:
			}
		}
	})
	items := QueueItems(queue.Download, site.Key(), local.FS{}, dstDir,
		[]Source{{Path: "/tree", Entry: transfer.Entry{Name: "tree", IsDir: true}}})
	added := make(chan error, 1)
	tr.Add(items, true, func(err error) { added <- err })
	if err := <-added; err != nil {
		t.Fatal(err)
	}
	select {
	case <-done:
	case <-ctx.Done():
		t.Fatal("no file finished")
	}
	tr.Queue.Pause()
	if _, err := tr.Queue.Wait(ctx); err != nil {
		t.Fatal(err)
	}
	if err := tr.Close(); err != nil {
		t.Fatal(err)
	}
	var fetched []string // finished by the first run
	for _, name := range names {
		if _, err := os.Stat(filepath.Join(dstDir, "tree", name)); err == nil {
			fetched = append(fetched, name)
		}
	}
	if len(fetched) == 0 || len(fetched) == files {
		t.Fatalf("the first run fetched %d of %d files; want part of them", len(fetched), files)
	}

	// Meanwhile: a new file on the server, a finished one deleted here.
	os.WriteFile(filepath.Join(tree, "new.bin"), body, 0o644)
	os.Remove(filepath.Join(dstDir, "tree", fetched[0]))
	first := retrs.n.Load()
	for range idle {
		if err := open().Close(); err != nil {
			t.Fatal(err)
		}
	}

	tr = open()
	defer tr.Close()
	tr.Queue.Resume()
	tr.Queue.Start()
	bad, err := tr.Queue.Wait(ctx)
	if err != nil || len(bad) > 0 {
		t.Fatalf("second run: %v, %+v", err, bad)
	}
	for _, name := range names {
		if got, err := os.ReadFile(filepath.Join(dstDir, "tree", name)); err != nil || !bytes.Equal(got, body) {
			t.Errorf("%s: %d bytes, %v", name, len(got), err)
		}
	}
	if _, err := os.Stat(filepath.Join(dstDir, "tree", "new.bin")); err != nil {
		t.Errorf("the file added on the server was not fetched: %v", err)
	}
	// Each file the first run left, the deleted one and the new one; not
	// the unchanged ones it finished. (A file cut short is one RETR from
	// its part file.)
	want := int64(files - len(fetched) + 1 + 1)
	if got := retrs.n.Load() - first; got != want {
		t.Errorf("the second run sent %d RETRs, want %d (%d of %d fetched before)", got, want, len(fetched), files)
	}
}
