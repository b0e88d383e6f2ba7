// Package pool keeps one side's logged-in sessions between uses, so that a
// queue of small files or a sync logs in once per connection, not once per
// file. A session comes back after a clean use, or after an error that was
// only the server's answer (not found, refused, permission); after any
// other error it is closed, never handed out again.
package pool

import (
	"context"
	"errors"
	"reflect"
	"sync"

	"portside/transfer"
)

// Pool hands out sessions made by dial, and says how many may be in use at
// once (Max); keeping to it is the caller's part.
type Pool struct {
	dial func(ctx context.Context) (transfer.FS, error)
	max  int

	mu   sync.Mutex
	idle []transfer.FS
}

// New makes a pool over dial for up to n sessions at once (1 to 10).
func New(dial func(ctx context.Context) (transfer.FS, error), n int) *Pool {
	return &Pool{dial: dial, max: min(max(n, 1), 10)}
}

// Max is how many sessions may be in use at once.
func (p *Pool) Max() int { return p.max }

// Get returns an idle session, or dials one.
func (p *Pool) Get(ctx context.Context) (transfer.FS, error) {
	if fs, ok := p.TakeIdle(); ok {
		return fs, nil
	}
	fs, err := p.dial(ctx)
	if err != nil {
		return nil, err // not a typed nil: a dial returning (*Session)(nil) is no session
	}
	return fs, nil
}

// TakeIdle returns an idle session, if there is one; it never dials.
func (p *Pool) TakeIdle() (transfer.FS, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := len(p.idle)
	if n == 0 {
		return nil, false
	}
	fs := p.idle[n-1]
	p.idle = p.idle[:n-1]
	return fs, true
}

// Put takes a session back after a use that ended with err.
func (p *Pool) Put(fs transfer.FS, err error) {
	if fs == nil || reflect.ValueOf(fs).Kind() == reflect.Pointer && reflect.ValueOf(fs).IsNil() {
		return
	}
	if !Healthy(err) {
		fs.Close()
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.idle = append(p.idle, fs)
}

// Healthy reports whether a session that ended a use with err may be used
// again: no error, or the server's answer about a file.
func Healthy(err error) bool {
	return err == nil || errors.Is(err, transfer.ErrNotFound) || errors.Is(err, transfer.ErrRefused) ||
		errors.Is(err, transfer.ErrPermission)
}

// Trim closes idle sessions beyond n.
func (p *Pool) Trim(n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for len(p.idle) > n {
		p.idle[len(p.idle)-1].Close()
		p.idle = p.idle[:len(p.idle)-1]
	}
}

// Close closes the idle sessions.
func (p *Pool) Close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, fs := range p.idle {
		fs.Close()
	}
	p.idle = nil
}
