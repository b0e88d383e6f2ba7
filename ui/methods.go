package ui

import (
	"fmt"

	"portside/transfer/ftp"
	"portside/transfer/transport"
)

// Quick-connect sites (no profile) remember auto mode's method in the
// store's methods.json, as portside-cli does for URLs: the next connect
// tries it first and probes the others only when it fails. Saved sites
// keep theirs in their profile (keepProbe).

// useKnownMethod starts auto mode with the method remembered for a
// quick-connect site's server.
func (c *Connection) useKnownMethod(cfg *ftp.Config, site Site) {
	if c.Methods == nil || site.Saved != nil || cfg.Mode != transport.ModeAuto || cfg.Known != nil {
		return
	}
	if m, _, ok := c.Methods.Known(*cfg); ok {
		cfg.Known = &m
	}
}

// rememberQuick keeps what auto mode found for a quick-connect site.
func (m *Main) rememberQuick(r Remote, site Site) {
	pr, ok := r.(interface{ Probe() *ftp.Probe })
	if m.Conn.Methods == nil || site.Saved != nil || !ok || pr.Probe() == nil {
		return
	}
	cfg, probe, store := site.ftpConfig(nil, nil), *pr.Probe(), m.Conn.Methods
	go func() {
		if err := store.Remember(cfg, probe); err != nil {
			m.do(func() { m.logFailure(fmt.Errorf("remember the transfer method of %s: %w", cfg.Addr(), err)) })
		}
	}()
}
