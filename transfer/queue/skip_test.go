package queue_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"portside/transfer"
	"portside/transfer/ftpd"
	"portside/transfer/namefilter"
	"portside/transfer/queue"
)

// The filename filters on a folder's transfer, both ways, against the
// embedded server: what a rule matches stays behind, each as a Skipped
// item naming its rule (a folder once, not walked); the rest lands whole.
func TestSkipLeavesFilteredEntriesOut(t *testing.T) {
	files := map[string]int{
		"a.txt":         10,
		"b.BAK":         20,
		"cache/x.txt":   30,
		"sub/c.bak":     40,
		"sub/d.txt":     50,
		"sub/.DS_Store": 6,
	}
	set := namefilter.Set{"*.bak", "cache", ".ds_store"}
	skip := func(_ queue.Item, e transfer.Entry) string {
		if rule, ok := set.Match(e.Name); ok {
			return "filtered out by " + rule
		}
		return ""
	}
	wantKept := []string{"a.txt", "sub/d.txt"}
	wantSkipped := []string{"b.BAK: filtered out by *.bak", "c.bak: filtered out by *.bak", "cache: filtered out by cache", ".DS_Store: filtered out by .ds_store"}
	slices.Sort(wantSkipped)
	for _, dir := range []queue.Direction{queue.Download, queue.Upload} {
		t.Run(dir.String(), func(t *testing.T) {
			s := newSite(t, ftpd.Config{})
			q := openQueue(t, queue.Config{Dial: s.dial, Skip: skip})
			localDir := t.TempDir()
			it := queue.Item{Site: "demo", Dir: dir, IsDir: true}
			from, to := localDir, filepath.Join(s.root, "copy")
			if dir == queue.Download {
				seed(t, s.root, files)
				it.Src, it.Dst = "/", localDir
				from, to = s.root, localDir
			} else {
				seed(t, localDir, files)
				it.Src, it.Dst = localDir, "/copy"
			}
			if _, err := q.Add(it); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			if _, err := q.Wait(ctx); err != nil {
				t.Fatal(err)
			}
			var kept, skipped []string
			for name := range tree(t, to) {
				kept = append(kept, name)
			}
			for _, x := range q.Items() {
				switch x.State {
				case queue.Skipped:
					skipped = append(skipped, x.Src[strings.LastIndexAny(x.Src, `/\`)+1:]+": "+x.Err)
				case queue.Failed:
					t.Errorf("%s failed: %s", x.Src, x.Err)
				}
			}
			slices.Sort(kept)
			slices.Sort(skipped)
			if !slices.Equal(kept, wantKept) || !slices.Equal(skipped, wantSkipped) {
				t.Errorf("copied %q, skipped %q;\nwant %q and %q", kept, skipped, wantKept, wantSkipped)
			}
			if _, err := os.Stat(filepath.Join(from, "cache", "x.txt")); err != nil {
				t.Errorf("the source lost a filtered file: %v", err)
			}
		})
	}
}
