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

// TakeIdle hands out one of the site's idle sessions, if the queue has
// one: a sync lists the server again after its copies on the sessions
// that made them, rather than logging in anew.
func (q *Queue) TakeIdle(site string) (transfer.FS, bool) {
	q.mu.Lock()
	p := q.pools[site]
	q.mu.Unlock()
	if p == nil {
		return nil, false
	}
	return p.TakeIdle()
}
