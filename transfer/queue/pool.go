package queue

import (
	"context"

	"portside/transfer"
	"portside/transfer/pool"
)

// pool returns the site's session pool. q.mu is held.
func (q *Queue) pool(site string) *pool.Pool {
	p := q.pools[site]
	if p == nil {
		p = pool.New(func(ctx context.Context) (transfer.FS, error) { return q.cfg.Dial(ctx, site) }, 10)
		q.pools[site] = p
	}
	return p
}
