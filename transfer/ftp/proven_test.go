package ftp_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"portside/transfer/ftp"
	"portside/transfer/ftpd"
	"portside/transfer/transport"
)

// Connections that share a Proven probe once: the first carries a listing
// to prove its method, the next dial with that method and list nothing;
// connections that do not share one each probe.
func TestProvenSkipsTheProbe(t *testing.T) {
	srv := startServer(t, ftpd.Config{})
	cases := []struct {
		name   string
		proven *ftp.Proven
		lists  int // listings the second connection sends while connecting
	}{
		{"shared", &ftp.Proven{}, 0},
		{"not shared", nil, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var logs [2]*logBuf
			for i := range logs {
				logs[i] = &logBuf{}
				cfg := config(srv, transport.TLSNone, transport.ModeAuto, logs[i], &loopbackGuard{})
				cfg.Proven = c.proven
				s, err := ftp.Connect(context.Background(), cfg)
				if err != nil {
					t.Fatal(err)
				}
				s.Close()
			}
			if n := strings.Count(logs[0].String(), "> LIST") + strings.Count(logs[0].String(), "> MLSD"); n != 1 {
				t.Errorf("the first connection listed %d times to probe, want 1", n)
			}
			second := logs[1].String()
			if n := strings.Count(second, "> LIST") + strings.Count(second, "> MLSD"); n != c.lists {
				t.Errorf("the second connection listed %d times, want %d:\n%s", n, c.lists, second)
			}
		})
	}
}

// Connections that share a Proven and connect at once log in side by side,
// and only one of them lists to probe: the others wait for its finding.
func TestProvenAtOnce(t *testing.T) {
	srv := startServer(t, ftpd.Config{})
	proven := &ftp.Proven{}
	log := &logBuf{}
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cfg := config(srv, transport.TLSNone, transport.ModeAuto, log, &loopbackGuard{})
			cfg.Proven = proven
			s, err := ftp.Connect(context.Background(), cfg)
			if err != nil {
				errs <- err
				return
			}
			// Each uses the method it was given.
			if _, err := s.List(context.Background(), "/"); err != nil {
				errs <- err
			}
			s.Close()
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	text := log.String()
	if n := strings.Count(text, "> LIST") + strings.Count(text, "> MLSD"); n != 1+4 {
		t.Errorf("%d listings for 4 connections; want 1 to probe and 1 each after\n%s", n, text)
	}
	if n := strings.Count(text, "carried a listing on another connection"); n != 3 {
		t.Errorf("%d connections used another's proof, want 3\n%s", n, text)
	}
}
