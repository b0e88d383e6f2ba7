package queue_test

import (
	"context"
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	"portside/i18n"
	"portside/transfer"
	"portside/transfer/queue"
	"portside/transfer/transport"
)

// A folder the queue cut keeps its reason as a code with its numbers
// (Item.Why), which the window words in its language: Chinese here.
func TestCutReasonCoded(t *testing.T) {
	cases := []struct {
		name   string
		server func(t *testing.T) (func(context.Context, string) (transfer.FS, error), string)
		want   transport.Facts
		zh     string
	}{
		{"loop", loopServer, transport.Facts{Code: "loop"}, "未复制：此文件夹的列表与其上级某个文件夹相同（服务器上存在循环）"},
		{"too deep", deepServer(70), transport.Facts{Code: "too_deep", N: 64}, "未复制：文件夹层级超过 64 层"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dial, root := tc.server(t)
			q := openQueue(t, queue.Config{Dial: dial})
			if _, err := q.Add(queue.Item{Site: "s", Dir: queue.Download, Src: root, Dst: filepath.Join(t.TempDir(), "top"),
				IsDir: true, Size: -1, Exists: queue.Overwrite}); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			if _, err := q.Wait(ctx); err != nil {
				t.Fatalf("wait: %v", err)
			}
			var found int
			for _, it := range q.Items() {
				if it.State != queue.Skipped {
					continue
				}
				found++
				var f transport.Facts
				if err := json.Unmarshal([]byte(it.Why), &f); err != nil || f != tc.want {
					t.Fatalf("%s: Why %q (%v), want %+v", it.Src, it.Why, err, tc.want)
				}
				if got := i18n.For(i18n.Chinese).Facts(f); got != tc.zh {
					t.Errorf("worded %q, want %q", got, tc.zh)
				}
			}
			if found != 1 {
				t.Errorf("%d skipped items, want 1", found)
			}
		})
	}
}
