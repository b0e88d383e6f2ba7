package ftp_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"portside/transfer"
	"portside/transfer/ftp"
	"portside/transfer/internal/netlab"
	"portside/transfer/queue"
)

// netnsBatch uploads j.Files small files through the queue, as
// portside-cli put does (two connections, three tries each, 1 s back-off),
// and reports each item's state and error.
func netnsBatch(ctx context.Context, j netnsJob, cfg ftp.Config, o netnsOutcome) netnsOutcome {
	dir, err := os.MkdirTemp("", "netns-batch")
	if err != nil {
		return netnsFailed(o, "upload", err)
	}
	defer os.RemoveAll(dir)
	var items []queue.Item
	for i := range j.Files {
		name := filepath.Join(dir, fmt.Sprintf("f%02d.txt", i))
		if err := os.WriteFile(name, []byte(name), 0o600); err != nil {
			return netnsFailed(o, "upload", err)
		}
		if !j.Folder {
			items = append(items, queue.Item{Batch: "b", Site: "s", Dir: queue.Upload, Src: name,
				Dst: "/up/" + filepath.Base(name), Size: -1, Exists: queue.Overwrite})
		}
	}
	if j.Folder {
		items = append(items, queue.Item{Batch: "b", Site: "s", Dir: queue.Upload, Src: dir,
			Dst: "/up/tree", IsDir: true, Size: -1, Exists: queue.Overwrite})
	}
	q, err := queue.Open(queue.Config{
		Journal: filepath.Join(dir, "journal"),
		Dial: func(ctx context.Context, _ string) (transfer.FS, error) {
			return ftp.Connect(ctx, cfg)
		},
		Limit: func(string) int { return 2 },
	})
	if err != nil {
		return netnsFailed(o, "upload", err)
	}
	defer q.Close()
	if _, err := q.Add(items...); err != nil {
		return netnsFailed(o, "upload", err)
	}
	res, err := q.Wait(ctx)
	if err != nil {
		return netnsFailed(o, "upload", err)
	}
	failed := 0
	for _, it := range res {
		o.Items = append(o.Items, fmt.Sprintf("%s %s: %s", it.Dst, it.State, it.Err))
		if it.State == queue.Failed {
			failed++
		}
	}
	if failed > 0 {
		o.Stage, o.Err = "upload", fmt.Sprintf("%d of %d items failed", failed, len(res))
	}
	return o
}

// batchCase is a batch upload whose data path is blocked.
type batchCase struct {
	name   string
	mode   string
	folder bool
	drop   string // "server", "both"
	files  int
}

var batchCases = []batchCase{
	// Forced passive through a server firewall that drops: the first
	// file's data connection fails, and the rest of the batch stops with
	// it instead of each waiting out three timeouts.
	{name: "passive-files", mode: "passive", drop: "server", files: 20},
	// A folder upload to a server without MLST: the stat of the target
	// folder lists its parent, which fails on the network; the error must
	// say so, not "550" from a mkdir of a folder that is there.
	{name: "passive-folder-nomlst", mode: "passive", folder: true, drop: "server", files: 20},
	// Auto mode with no method: one probe fails and stops the batch.
	{name: "auto-files-both", mode: "auto", drop: "both", files: 20},
}

// batchRun builds c's network and runs its batch.
func (b *netnsBed) batchRun(c batchCase) netnsOutcome {
	b.t.Helper()
	if err := os.MkdirAll(filepath.Join(b.root, "up"), 0o755); err != nil {
		b.t.Fatal(err)
	}
	rc := raceCase{serverDrop: true, clientDrop: c.drop == "both", server: netnsServerSpec{NoMLST: true}}
	job := netnsJobFor("batch-"+c.name, "198.18.5.2", c.mode)
	job.Files, job.Folder = c.files, c.folder
	jobs := []netnsJob{job}
	return b.client(b.raceNet(rc, jobs), jobs...)[0]
}

// TestNetnsBlockedBatch checks that a blocked data path fails a batch with
// one reason, the right one, instead of item by item.
func TestNetnsBlockedBatch(t *testing.T) {
	netlab.Require(t)
	for _, c := range batchCases {
		t.Run(c.name, func(t *testing.T) {
			b := netnsNew(t)
			o := b.batchRun(c)
			if o.Stage != "upload" || len(o.Items) == 0 {
				t.Fatalf("%s; want the upload to fail", o.summary())
			}
			stopped, own := 0, 0
			for _, it := range o.Items {
				switch {
				case strings.Contains(it, "stopped: no data connection opens"):
					stopped++
				case strings.Contains(it, " failed: "):
					own++
					if !strings.Contains(it, "open a data connection") && !strings.Contains(it, "no data connection method works") {
						t.Errorf("an item does not say the data connection failed: %s", it)
					}
					if strings.Contains(it, " 550 ") { // the reply, not a port number
						t.Errorf("an item blames a server refusal for a network failure: %s", it)
					}
				default:
					t.Errorf("item not failed: %s", it)
				}
			}
			// Two connections: at most two items can find the path
			// blocked on their own; the rest are stopped.
			if own > 2 || (!c.folder && stopped < c.files-2) {
				t.Errorf("%d items failed on their own, %d were stopped; want the batch stopped after the first\n%s",
					own, stopped, strings.Join(o.Items, "\n"))
			}
			t.Logf("%d items, %d stopped, in %s", len(o.Items), stopped, o.Elapsed.Round(time.Millisecond))
		})
	}
}
