package main

import (
	"bytes"
	"net"
	"path/filepath"
	"sync/atomic"
	"testing"

	"portside/transfer/ftpd"
	"portside/transfer/sites"
)

// noopCounter counts the NOOPs a server's control connections take in
// (the pipelining probe sends two; a server that drops pipelined commands
// takes one).
type noopCounter struct {
	net.Listener
	n *atomic.Int64
}

func (l noopCounter) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &noopConn{Conn: c, n: l.n}, nil
}

type noopConn struct {
	net.Conn
	n *atomic.Int64
}

func (c *noopConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	c.n.Add(int64(bytes.Count(p[:n], []byte("NOOP\r\n"))))
	return n, err
}

// A saved site's first run probes pipelining and the profile keeps what it
// found; the next run does not probe again (a server that drops pipelined
// commands is not sent them again, one that took them is pipelined to at
// once). The Site Manager's switch and --no-pipelining send no probe.
func TestSavedSitePipeliningRemembered(t *testing.T) {
	cases := []struct {
		name   string
		drop   bool // the server drops pipelined commands
		noPipe bool // the site's switch
		flags  []string
		want   string  // Learned.Pipelining after the first run
		probed [2]bool // NOOPs reached the server in each run
	}{
		{"server answers", false, false, nil, sites.PipeliningWorks, [2]bool{true, false}},
		{"server drops pipelined commands", true, false, nil, sites.PipeliningBreaks, [2]bool{true, false}},
		{"turned off in the site", false, true, nil, "", [2]bool{false, false}},
		{"--no-pipelining", false, false, []string{"--no-pipelining"}, "", [2]bool{false, false}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var noops atomic.Int64
			keys := sites.NewMemoryKeychain()
			cfg := ftpd.Config{DropPipelined: c.drop, WrapListener: func(l net.Listener) net.Listener { return noopCounter{l, &noops} }}
			s, site := savedSiteFixtureWith(t, keys, cfg, func(s *sites.Site) { s.NoPipelining = c.noPipe })
			put(t, s.remoteSite, map[string]string{"a.txt": "alpha", "b.txt": "beta"})
			for run := 0; run < 2; run++ {
				noops.Store(0)
				args := append([]string{"--site", site.ID}, c.flags...)
				args = append(args, "get", "--journal", filepath.Join(t.TempDir(), "q.db"), "a.txt", t.TempDir())
				if code, out, errs := runCLI(t, nil, "", args...); code != exitOK {
					t.Fatalf("run %d: exit %d:\n%s\n%s", run, code, out, errs)
				}
				if got := noops.Load(); (got > 0) != c.probed[run] {
					t.Errorf("run %d sent %d NOOPs; want a probe: %v", run, got, c.probed[run])
				}
				if run > 0 {
					continue
				}
				dir, _ := sitesDir()
				store, err := sites.Open(dir, keys)
				if err != nil {
					t.Fatal(err)
				}
				got, _ := store.Site(site.ID)
				learned := ""
				if got.Learned != nil {
					learned = got.Learned.Pipelining
				}
				if learned != c.want {
					t.Errorf("the profile learned %q, want %q", learned, c.want)
				}
			}
		})
	}
}
