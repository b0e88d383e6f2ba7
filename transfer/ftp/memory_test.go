package ftp_test

import (
	"bytes"
	"context"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/spf13/afero"

	"portside/transfer/ftp"
	"portside/transfer/ftpd"
	"portside/transfer/transport"
)

// findings records what sessions tell Config.Learned.
type findings struct {
	mu  sync.Mutex
	got []ftp.Finding
}

func (f *findings) add(x ftp.Finding) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.got = append(f.got, x)
}

func (f *findings) list() []ftp.Finding {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]ftp.Finding(nil), f.got...)
}

// A pipelining probe tells the profile what it found, once for the
// connections that share a Proven; a connection told by the profile
// (PipelineOn, PipelineOff) sends no probe and tells nothing.
func TestLearnedPipelining(t *testing.T) {
	drops := func(l net.Listener) net.Listener { return firstLineOnly{l} }
	cases := []struct {
		name   string
		wrap   func(net.Listener) net.Listener
		pipe   transport.Pipelining
		want   []ftp.Finding
		probes int // NOOP pairs sent
	}{
		{"probe, server answers", nil, transport.PipelineProbe, []ftp.Finding{ftp.PipeliningWorks}, 1},
		{"probe, server drops pipelined commands", drops, transport.PipelineProbe, []ftp.Finding{ftp.PipeliningBreaks}, 1},
		{"profile says it works", nil, transport.PipelineOn, nil, 0},
		{"profile says it breaks", drops, transport.PipelineOff, nil, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			srv := startServer(t, ftpd.Config{WrapListener: c.wrap})
			afero.WriteFile(srv.FS(), "/f", []byte("hello"), 0o644)
			log := &logBuf{}
			var f findings
			cfg := config(srv, transport.TLSNone, transport.ModePassive, log, &loopbackGuard{})
			cfg.Pipelining, cfg.Learned, cfg.Proven = c.pipe, f.add, &ftp.Proven{}
			for i := 0; i < 3; i++ { // three connections of one run
				s, err := ftp.Connect(ctx, cfg)
				if err != nil {
					t.Fatalf("connect %d: %v\n%s", i, err, log.String())
				}
				r, err := s.Open(ctx, "/f", 0)
				if err != nil {
					t.Fatalf("open on connection %d: %v\n%s", i, err, log.String())
				}
				got, _ := io.ReadAll(r)
				if err := r.Close(); err != nil || string(got) != "hello" {
					t.Fatalf("download on connection %d: %q, %v\n%s", i, got, err, log.String())
				}
				s.Close()
			}
			if got := f.list(); !equalFindings(got, c.want) {
				t.Errorf("learned %v, want %v", got, c.want)
			}
			pipelines := c.pipe == transport.PipelineOn || c.pipe == transport.PipelineProbe && c.wrap == nil
			if n := strings.Count(log.String(), "> EPSV (pipelined"); (n == 3) != pipelines {
				t.Errorf("%d pipelined EPSVs on 3 connections, pipelining %v\n%s", n, pipelines, log.String())
			}
			if n := strings.Count(log.String()+"\n", "> NOOP\n") / 2; n != c.probes {
				t.Errorf("%d probes, want %d\n%s", n, c.probes, log.String())
			}
		})
	}
}

// A server whose SIZE disagreed with a confirmed upload is told to the
// profile; a session whose profile remembers it (SizeLied) checks every
// upload, where one without that memory trusts the 226 once SIZE agreed.
func TestLearnedSizeLied(t *testing.T) {
	body := bytes.Repeat([]byte("x"), 1000)
	cases := []struct {
		name     string
		lied     bool // the profile remembers a lie
		sizes    int  // SIZE commands for two uploads and their checks
		learnLie bool // a third upload changed behind the session's back is told
	}{
		{"no memory", false, 1, true},
		{"profile remembers a lie", true, 2, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			srv := startServer(t, ftpd.Config{})
			log := &logBuf{}
			var f findings
			cfg := config(srv, transport.TLSNone, transport.ModePassive, log, &loopbackGuard{})
			cfg.SizeLied, cfg.Learned = c.lied, f.add
			s, err := ftp.Connect(ctx, cfg)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			for _, p := range []string{"/a", "/b"} {
				if err := s.Upload(ctx, p, 0, bytes.NewReader(body)); err != nil {
					t.Fatalf("upload %s: %v", p, err)
				}
				if n, err := s.Size(ctx, p); err != nil || n != int64(len(body)) {
					t.Fatalf("size of %s: %d, %v", p, n, err)
				}
			}
			if n := strings.Count(log.String(), "> SIZE "); n != c.sizes {
				t.Errorf("%d SIZE commands for two uploads, want %d\n%s", n, c.sizes, log.String())
			}
			if len(f.list()) != 0 {
				t.Errorf("learned %v from honest sizes", f.list())
			}
			// Something else appends to the file between the upload and
			// the check: a session that still asks sees it and tells.
			if c.learnLie {
				cfg.SizeLied = false
				s.Close()
				srv2 := startServer(t, ftpd.Config{})
				cfg2 := config(srv2, transport.TLSNone, transport.ModePassive, log, &loopbackGuard{})
				cfg2.Learned = f.add
				s2, err := ftp.Connect(ctx, cfg2)
				if err != nil {
					t.Fatal(err)
				}
				defer s2.Close()
				if err := s2.Upload(ctx, "/c", 0, bytes.NewReader(body)); err != nil {
					t.Fatal(err)
				}
				afero.WriteFile(srv2.FS(), "/c", append(body, "more"...), 0o644)
				if n, err := s2.Size(ctx, "/c"); err != nil || n != int64(len(body))+4 {
					t.Fatalf("size after the change: %d, %v", n, err)
				}
				if got := f.list(); !equalFindings(got, []ftp.Finding{ftp.SizeLied}) {
					t.Errorf("learned %v, want [SIZE lied]", got)
				}
			}
		})
	}
}

func equalFindings(a, b []ftp.Finding) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
