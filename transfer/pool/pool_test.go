package pool_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"portside/transfer"
	"portside/transfer/local"
	"portside/transfer/pool"
)

type counted struct {
	local.FS
	closed *int
}

func (c counted) Close() error { *c.closed++; return nil }

// A session comes back after a clean use or a file-level answer, and is
// closed after anything else.
func TestPutKeepsHealthySessions(t *testing.T) {
	cases := []struct {
		err  error
		kept bool
	}{
		{nil, true},
		{fmt.Errorf("stat x: %w", transfer.ErrNotFound), true},
		{fmt.Errorf("mkdir x: %w", transfer.ErrRefused), true},
		{fmt.Errorf("open x: %w", transfer.ErrPermission), true},
		{fmt.Errorf("list: %w", transfer.ErrDataConn), false},
		{errors.New("connection reset by peer"), false},
	}
	for _, tc := range cases {
		dials, closed := 0, 0
		p := pool.New(func(context.Context) (transfer.FS, error) { dials++; return counted{closed: &closed}, nil }, 2)
		fs, _ := p.Get(context.Background())
		p.Put(fs, tc.err)
		p.Get(context.Background())
		if kept := dials == 1; kept != tc.kept || (closed == 1) == tc.kept {
			t.Errorf("after %v: dials %d, closed %d; want kept=%v", tc.err, dials, closed, tc.kept)
		}
	}
}
