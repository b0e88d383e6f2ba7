package queue_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"portside/transfer"
	"portside/transfer/queue"
	"portside/transfer/transport"
)

// An item that fails on a step keeps the step's facts with its words
// (Item.Why, through the journal), so that the window can word them in
// its own language; an error without facts leaves Why empty.
func TestFailedItemKeepsFacts(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want transport.Facts
	}{
		{"connect refused", &transport.StepError{Step: transport.StepConnect, Addr: "h:21", Err: syscall.ECONNREFUSED},
			transport.Facts{Step: "connect", Addr: "h:21", Cause: "refused"}},
		{"login, with the reply", &transport.StepError{Step: transport.StepLogin, Addr: "h:21",
			Reply: transport.Reply{Code: 530, Lines: []string{"530 Login incorrect."}}},
			transport.Facts{Step: "login", Addr: "h:21", Reply: "530 Login incorrect."}},
		{"a dropped connection, no step", fmt.Errorf("download /f: %w", io.EOF), transport.Facts{Cause: "closed"}},
		{"no facts", errors.New("disk on fire"), transport.Facts{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			journal := filepath.Join(t.TempDir(), "queue.db")
			dial := func(context.Context, string) (transfer.FS, error) { return nil, tt.err }
			q := openQueue(t, queue.Config{Dial: dial, Retries: 1, Journal: journal})
			if _, err := q.Add(queue.Item{Site: "s", Dir: queue.Download, Src: "/f", Dst: filepath.Join(t.TempDir(), "f"),
				Size: 1, Exists: queue.Overwrite}); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			bad, err := q.Wait(ctx)
			if err != nil || len(bad) != 1 || bad[0].State != queue.Failed {
				t.Fatalf("wait: %v, %+v", err, bad)
			}
			q.Close()
			q = openQueue(t, queue.Config{Dial: dial, Journal: journal}) // the facts survive a restart
			items := q.Items()
			if len(items) != 1 {
				t.Fatalf("%d items after reopening", len(items))
			}
			var got transport.Facts
			if items[0].Why != "" {
				if err := json.Unmarshal([]byte(items[0].Why), &got); err != nil {
					t.Fatal(err)
				}
			}
			if got != tt.want {
				t.Errorf("Why = %+v, want %+v (Err %q)", got, tt.want, items[0].Err)
			}
		})
	}
}
