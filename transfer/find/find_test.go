package find_test

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"os"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"testing"
	"time"

	"portside/transfer"
	"portside/transfer/find"
	"portside/transfer/ftp"
	"portside/transfer/internal/realftpd"
	"portside/transfer/local"
	"portside/transfer/transport"
)

func TestMatch(t *testing.T) {
	day := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	file := func(name string, size int64) transfer.Entry {
		return transfer.Entry{Name: name, Size: size, ModTime: day}
	}
	cases := []struct {
		name string
		q    find.Query
		e    transfer.Entry
		want bool
	}{
		{"substring, any case", find.Query{Pattern: "report"}, file("Q3 Report.pdf", 1), true},
		{"substring, case sensitive", find.Query{Pattern: "report", CaseSensitive: true}, file("Q3 Report.pdf", 1), false},
		{"glob", find.Query{Pattern: "*.log"}, file("app.LOG", 1), true},
		{"glob is whole-name", find.Query{Pattern: "*.log"}, file("app.log.gz", 1), false},
		{"glob ?", find.Query{Pattern: "img_??.jpg"}, file("img_07.jpg", 1), true},
		{"empty pattern", find.Query{}, file("x", 1), true},
		{"files only", find.Query{Kind: find.Files}, transfer.Entry{Name: "d", IsDir: true}, false},
		{"folders only", find.Query{Kind: find.Folders}, transfer.Entry{Name: "d", IsDir: true}, true},
		{"a link to a folder is not a folder", find.Query{Kind: find.Folders}, transfer.Entry{Name: "d", IsDir: true, IsLink: true}, false},
		{"too small", find.Query{MinSize: 10}, file("a", 9), false},
		{"big enough", find.Query{MinSize: 10}, file("a", 10), true},
		{"too big", find.Query{MaxSize: 10}, file("a", 11), false},
		{"after", find.Query{After: day.Add(-time.Hour)}, file("a", 1), true},
		{"not after", find.Query{After: day.Add(time.Hour)}, file("a", 1), false},
		{"before is exclusive", find.Query{Before: day}, file("a", 1), false},
		{"no time, time asked", find.Query{After: day}, transfer.Entry{Name: "a"}, false},
	}
	for _, c := range cases {
		m, err := find.Compile(c.q)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if got := m.Match(c.e); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
	if _, err := find.Compile(find.Query{Pattern: "[a-"}); err == nil {
		t.Error("a broken glob is taken")
	}
	if _, err := find.Compile(find.Query{MinSize: 10, MaxSize: 5}); err == nil {
		t.Error("min above max is taken")
	}
}

// Depth and result limits, on local folders.
func TestLimits(t *testing.T) {
	root := t.TempDir()
	p := root
	for i := 1; i <= 5; i++ {
		p = filepath.Join(p, fmt.Sprintf("d%d", i))
		os.MkdirAll(p, 0o755)
		os.WriteFile(filepath.Join(p, "hit.txt"), nil, 0o644)
	}
	cases := []struct {
		q       find.Query
		matches int
		err     error
	}{
		{find.Query{Pattern: "hit"}, 5, nil},
		{find.Query{Pattern: "hit", MaxDepth: 3}, 2, nil}, // d1/hit (2), d1/d2/hit (3)
		{find.Query{Pattern: "hit", MaxResults: 3}, 3, find.ErrTooMany},
	}
	for _, c := range cases {
		var n int
		_, err := find.Run(t.Context(), local.FS{}, root, c.q, func(find.Match) { n++ })
		if n != c.matches || !errors.Is(err, c.err) {
			t.Errorf("%+v: %d matches, %v; want %d, %v", c.q, n, err, c.matches, c.err)
		}
	}
}

// A 20,020-entry tree on vsftpd (20 folders of 1,000 files): every match
// is found, once; a cancel after the first match stops the walk.
func TestFindVsftpdBigTree(t *testing.T) {
	srv := realftpd.Start(t, realftpd.Vsftpd, realftpd.Options{})
	u, err := user.Lookup(realftpd.LoginUser)
	if err != nil {
		t.Fatal(err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	var want []string
	for d := 0; d < 20; d++ {
		dir := filepath.Join(srv.Root, fmt.Sprintf("dir%02d", d))
		os.Mkdir(dir, 0o755)
		os.Lchown(dir, uid, gid)
		for f := 0; f < 1000; f++ {
			name := fmt.Sprintf("file%04d.txt", f)
			if err := os.WriteFile(filepath.Join(dir, name), nil, 0o644); err != nil {
				t.Fatal(err)
			}
			if f%100 == 42 {
				want = append(want, fmt.Sprintf("/dir%02d/%s", d, name))
			}
		}
	}
	ctx, cancel := context.WithTimeout(t.Context(), 120*time.Second)
	defer cancel()
	cert := srv.Certificate()
	s, err := ftp.Connect(ctx, ftp.Config{
		Config: transport.Config{Host: srv.Host, Port: srv.Port, DataTimeout: 10 * time.Second,
			TrustCertificate: func(chain []*x509.Certificate, verr error) error {
				if len(chain) > 0 && chain[0].Equal(cert) {
					return nil
				}
				return verr
			}},
		User: srv.User, Password: srv.Password, Mode: transport.ModePassive,
	})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	home, err := s.Home(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	start := time.Now()
	st, err := find.Run(ctx, s, home, find.Query{Pattern: "file??42.TXT"}, func(m find.Match) {
		rel := m.Path[len(home):]
		if home == "/" {
			rel = m.Path
		}
		got = append(got, rel)
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("searched %d entries in %d folders in %v", st.Entries, st.Folders, time.Since(start))
	sort.Strings(got)
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("found %d, want %d:\n%q\n%q", len(got), len(want), got, want)
	}
	if st.Entries != 20_020 || st.Folders != 21 {
		t.Errorf("looked at %d entries in %d folders, want 20020 in 21", st.Entries, st.Folders)
	}

	cctx, ccancel := context.WithCancel(ctx)
	var n int
	st, err = find.Run(cctx, s, home, find.Query{Pattern: "file"}, func(find.Match) {
		n++
		ccancel()
	})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("after cancel: %v", err)
	}
	if st.Folders >= 21 || n != 1 {
		t.Errorf("the cancelled search listed %d folders and matched %d", st.Folders, n)
	}
	// The session is still good after a cancel.
	if _, err := s.List(ctx, home); err != nil {
		t.Errorf("listing after the cancelled search: %v", err)
	}
}
