package queue_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"portside/transfer/ftpd"
	"portside/transfer/queue"
)

// BenchmarkSmallFiles measures the per-file cost of the queue (journal,
// exists check, part file, rename) for 200 files of 4 KiB in 10 folders
// against the embedded server, with 4 connections.
func BenchmarkSmallFiles(b *testing.B) {
	s := &site{log: &safeLog{}}
	s.root = b.TempDir()
	srv, err := ftpd.Start(ftpd.Config{Root: s.root})
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	s.srv = srv
	for i := 0; i < 200; i++ {
		p := filepath.Join(s.root, fmt.Sprintf("d%d/f%03d.txt", i%10, i))
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, make([]byte, 4096), 0o644)
	}
	b.SetBytes(200 * 4096)
	for i := 0; i < b.N; i++ {
		q, err := queue.Open(queue.Config{Journal: filepath.Join(b.TempDir(), "q.db"), Dial: s.dial, Limit: func(string) int { return 4 }})
		if err != nil {
			b.Fatal(err)
		}
		q.Add(queue.Item{Site: "demo", Dir: queue.Download, Src: "/", Dst: b.TempDir(), IsDir: true})
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		bad, err := q.Wait(ctx)
		cancel()
		q.Close()
		if err != nil || len(bad) > 0 {
			b.Fatalf("%v %v", err, bad)
		}
	}
}
