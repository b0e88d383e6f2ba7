package ftp_test

import (
	"context"
	"strings"
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
