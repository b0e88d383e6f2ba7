package ftp_test

import (
	"context"
	"errors"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	"portside/internal/hostile"
	"portside/transfer"
	"portside/transfer/ftp"
	"portside/transfer/internal/silentftp"
	"portside/transfer/transport"
)

// ListEach hands over, entry by entry, what ListRefusals returns whole:
// the same entries (names, sizes, times, types, permissions), the same
// refused names, cdir/pdir and "." left out, in every listing format.
func TestListEachMatchesList(t *testing.T) {
	const mod = ";modify=20260102150405"
	cases := []struct {
		name  string
		mlsd  bool
		lines []string
	}{
		{"ls -l", false, []string{
			"-rw-r--r-- 1 ann ann 12 Jan 02 2025 a.txt",
			"drwxr-x--- 2 ann ann 4096 Mar 04 10:30 sub",
			"lrwxrwxrwx 1 ann ann 4 Jan 02 2025 l -> a.txt",
			"-rw-r--r-- 1 ann ann 3 Jan 02 2025 name with  spaces",
			"drwxr-xr-x 2 ann ann 4096 Jan 02 2025 .",
			"-rw-r--r-- 1 ann ann 3 Jan 02 2025 ..",
			"-rw-r--r-- 1 ann ann 3 Jan 02 2025 back\\slash",
			"total 12",
		}},
		{"MLSD", true, []string{
			"type=cdir" + mod + "; pub",
			"type=pdir" + mod + "; up",
			"type=CDIR" + mod + "; self",
			"type=file;size=5;UNIX.mode=0640" + mod + "; a",
			"type=dir;perm=flcdmpe" + mod + "; sub",
			"type=file;size=1" + mod + "; tab\there",
			"garbage",
		}},
		{"DOS", false, []string{
			"01-02-25  03:04PM       <DIR>          folder",
			"01-02-25  03:04PM                  123 file.bin",
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := hostile.Start(t, hostile.Script{MLSD: tc.mlsd, Listings: map[string][]string{"/pub": tc.lines}})
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			s, err := ftp.Connect(ctx, ftp.Config{Config: transport.Config{Host: srv.Host(), Port: srv.Port()},
				User: "alice", Password: "x", Mode: transport.ModePassive})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			want, wantRefused, err := s.ListRefusals(ctx, "/pub")
			if err != nil {
				t.Fatal(err)
			}
			var got []transfer.Entry
			var gotRefused []string
			err = s.ListEach(ctx, "/pub", func(e transfer.Entry, refused error) error {
				if refused != nil {
					gotRefused = append(gotRefused, e.Name)
					return nil
				}
				got = append(got, e)
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("ListEach gave\n%+v\nList gave\n%+v", got, want)
			}
			var wantNames []string
			for _, r := range wantRefused {
				wantNames = append(wantNames, r.Name)
			}
			if !reflect.DeepEqual(gotRefused, wantNames) {
				t.Errorf("refused %q, List refused %q", gotRefused, wantNames)
			}
			// The session is still good for the next command.
			if _, err := s.List(ctx, "/pub"); err != nil {
				t.Errorf("list after ListEach: %v", err)
			}
		})
	}
}

// A line longer than 64 KiB ends the listing with an error instead of
// growing a buffer without end; an error from fn ends it with that error.
func TestListEachBounds(t *testing.T) {
	long := "-rw-r--r-- 1 ann ann 1 Jan 02 2025 " + strings.Repeat("x", 70<<10)
	stop := errors.New("enough")
	cases := []struct {
		name  string
		lines []string
		fn    func(transfer.Entry, error) error
		want  string
	}{
		{"endless line", []string{long}, func(transfer.Entry, error) error { return nil }, "longer than 64 KiB"},
		{"fn stops", []string{"-rw-r--r-- 1 ann ann 1 Jan 02 2025 a", "-rw-r--r-- 1 ann ann 1 Jan 02 2025 b"},
			func(transfer.Entry, error) error { return stop }, "enough"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := hostile.Start(t, hostile.Script{Listings: map[string][]string{"/pub": tc.lines}})
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			s, err := ftp.Connect(ctx, ftp.Config{Config: transport.Config{Host: srv.Host(), Port: srv.Port()},
				User: "alice", Password: "x", Mode: transport.ModePassive})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			err = s.ListEach(ctx, "/pub", tc.fn)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want one saying %q", err, tc.want)
			}
		})
	}
}

// Streaming a folder of 300,000 files costs a few MB of heap at the peak,
// whatever the count: List of the same folder peaks at over 300 B an entry
// (TestListHugeFolderBudget), 100 MB here.
func TestListEachHugeFolderBudget(t *testing.T) {
	if testing.Short() {
		t.Skip("a huge folder")
	}
	const n = 300_000
	srv, err := silentftp.Start(silentftp.Config{Generate: n})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	ctx := context.Background()
	s, err := ftp.Connect(ctx, ftp.Config{Config: transport.Config{Host: "127.0.0.1", Port: srv.Port()},
		User: "demo", Password: "demo", Mode: transport.ModePassive})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	runtime.GC()
	stop := heapPeak()
	count := 0
	err = s.ListEach(ctx, "/big", func(e transfer.Entry, refused error) error {
		if refused == nil && e.Size == 1 {
			count++
		}
		return nil
	})
	peak := stop()
	if err != nil {
		t.Fatal(err)
	}
	if count != n {
		t.Fatalf("%d entries, want %d", count, n)
	}
	t.Logf("heap peak %d MB for %d entries", peak>>20, n)
	if peak > 16<<20 {
		t.Errorf("streaming the listing took %d MB of heap at its peak, over 16", peak>>20)
	}
}
