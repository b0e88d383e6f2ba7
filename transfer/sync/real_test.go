package syncplan_test

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
	"portside/transfer/internal/realftpd"
	syncplan "portside/transfer/sync"
	"portside/transfer/transport"
)

// On vsftpd (LIST only, minute precision, no MFMT), pure-ftpd and
// proftpd: an upload then the same again copies nothing the second time;
// a changed file goes again; a download into an empty folder, twice, the
// same.
func TestSyncRealServers(t *testing.T) {
	for _, kind := range realftpd.Kinds {
		t.Run(string(kind), func(t *testing.T) {
			srv := realftpd.Start(t, kind, realftpd.Options{})
			dial := func(ctx context.Context) (transfer.FS, error) {
				return ftp.Connect(ctx, ftp.Config{
					Config: transport.Config{Host: srv.Host, Port: srv.Port, DataTimeout: 5 * time.Second},
					User:   srv.User, Password: srv.Password, Mode: transport.ModePassive,
				})
			}
			f := newFixtureFor(t, dial, srv.Root)
			tree := map[string]string{}
			for k, v := range sample {
				if !strings.HasSuffix(k, "/") { // vsftpd's chroot shows empty folders fine, but keep it to files
					tree[k] = v
				}
			}
			writeTree(t, f.local, tree)
			p1, res, err := f.sync(t, syncplan.Options{})
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("first upload: %d copies; server times: precision %v, zone %v, skew %v, measured %v %s",
				res.Copied, p1.Clock.Precision, p1.Clock.Zone, p1.Clock.Skew, p1.Clock.Measured, p1.Clock.Note)
			if got, want := fmt.Sprint(contents(t, f.remoteDir())), fmt.Sprint(contents(t, f.local)); got != want {
				t.Fatalf("server after the upload differs")
			}
			p2, res2, err := f.sync(t, syncplan.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if p2.Copies() != 0 || batchItems(f.q, res2.Batch) != 0 {
				t.Fatalf("second upload copies:\n%s", describe(p2))
			}
			later := time.Now().Add(-time.Hour)
			changed := filepath.Join(f.local, "css", "site.css")
			os.WriteFile(changed, []byte("body{color:red}\n"), 0o644)
			os.Chtimes(changed, later, later)
			p3, _, err := f.sync(t, syncplan.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if p3.Copies() != 1 || !strings.Contains(describe(p3), "upload css/site.css") {
				t.Fatalf("after a change:\n%s", describe(p3))
			}

			down := newFixtureFor(t, dial, srv.Root)
			d1, _, err := down.sync(t, syncplan.Options{Direction: syncplan.Download})
			if err != nil {
				t.Fatal(err)
			}
			if got, want := fmt.Sprint(contents(t, down.local)), fmt.Sprint(contents(t, f.local)); got != want || d1.Copies() != len(tree) {
				t.Fatalf("download: %d copies, trees differ: %v", d1.Copies(), got != want)
			}
			d2, _, err := down.sync(t, syncplan.Options{Direction: syncplan.Download})
			if err != nil {
				t.Fatal(err)
			}
			if d2.Copies() != 0 {
				t.Fatalf("second download copies:\n%s", describe(d2))
			}
		})
	}
}
