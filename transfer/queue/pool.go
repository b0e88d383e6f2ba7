package queue

import (
	"context"
	"sync"

	"portside/transfer"
)

// pool keeps a site's logged-in sessions between items, so a queue of many
// small files does not log in once per file. A session comes back only
// after a clean transfer; after an error it is closed, never reused.
type pool struct {
	dial func(ctx context.Context) (transfer.FS, error)
	mu   sync.Mutex
	idle []transfer.FS
}

func (q *Queue) pool(site string) *pool {
	p := q.pools[site]
	if p == nil {
		p = &pool{dial: func(ctx context.Context) (transfer.FS, error) { return q.cfg.Dial(ctx, site) }}
		q.pools[site] = p
	}
	return p
}

func (p *pool) get(ctx context.Context) (transfer.FS, error) {
	p.mu.Lock()
	if n := len(p.idle); n > 0 {
		fs := p.idle[n-1]
		p.idle = p.idle[:n-1]
		p.mu.Unlock()
		return fs, nil
	}
	p.mu.Unlock()
	return p.dial(ctx)
}

// put takes a session back after the transfer that used it ended with err.
func (p *pool) put(fs transfer.FS, err error) {
	if err != nil {
		fs.Close()
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.idle = append(p.idle, fs)
}

func (p *pool) close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, fs := range p.idle {
		fs.Close()
	}
	p.idle = nil
}
