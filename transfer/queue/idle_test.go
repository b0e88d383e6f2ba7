package queue_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"os"
	"path/filepath"
	"testing"
	"time"

	"portside/transfer"
	"portside/transfer/ftp"
	"portside/transfer/internal/silentftp"
	"portside/transfer/queue"
	"portside/transfer/transport"
)

// A server that goes silent in the middle of a download (once) costs the
// item one idle timeout and a retry, never the whole queue.
func TestSilenceBecomesARetry(t *testing.T) {
	body := make([]byte, 512<<10)
	rand.Read(body)
	cases := []struct {
		name  string
		stall silentftp.Stall
	}{
		{"in the middle of a download", silentftp.MidDownload},
		{"before the final 226", silentftp.Before226},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv, err := silentftp.Start(silentftp.Config{Files: map[string][]byte{"f.bin": body}, Stall: tc.stall, Stalls: 1})
			if err != nil {
				t.Fatal(err)
			}
			defer srv.Close()
			log := &safeLog{}
			dial := func(ctx context.Context, _ string) (transfer.FS, error) {
				return ftp.Connect(ctx, ftp.Config{
					Config: transport.Config{Host: "127.0.0.1", Port: srv.Port(), IdleTimeout: 2 * time.Second, Log: log.add},
					User:   "demo", Password: "demo", Mode: transport.ModePassive,
				})
			}
			q := openQueue(t, queue.Config{Dial: dial})
			dst := filepath.Join(t.TempDir(), "f.bin")
			if _, err := q.Add(queue.Item{Site: "s", Dir: queue.Download, Src: "/f.bin", Dst: dst,
				Size: int64(len(body)), ModTime: time.Now(), Exists: queue.Overwrite}); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			bad, err := q.Wait(ctx)
			if err != nil {
				srv.Close()
				t.Fatalf("wait: %v (the silent server hung the queue)\n%s", err, log)
			}
			if len(bad) > 0 {
				t.Fatalf("%s: %s\n%s", bad[0].State, bad[0].Err, log)
			}
			got, err := os.ReadFile(dst)
			if err != nil || !bytes.Equal(got, body) {
				t.Fatalf("the file did not arrive whole: %d bytes, %v", len(got), err)
			}
			if srv.Stalled() != 1 {
				t.Fatalf("the server went silent %d times, want 1", srv.Stalled())
			}
		})
	}
}
