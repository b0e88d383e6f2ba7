package main

import (
	"fmt"
	"time"

	"portside/transfer/ftp"
	"portside/transfer/sites"
	"portside/transfer/transport"
)

// Auto mode's method for a URL is remembered between commands (methods.json
// next to sites.json): the next command tries it first, and probes the
// others only when it fails. Saved sites keep theirs in their profile.

// methods is the store of the folder sitesDir names; nil when there is
// no config folder (then nothing is remembered).
func methods() *sites.Methods {
	dir, err := sitesDir()
	if err != nil {
		return nil
	}
	return sites.OpenMethods(dir)
}

// useKnownMethod starts auto mode with the method remembered for cfg's
// server, saying how old it is with -v.
func useKnownMethod(e *env, cfg *ftp.Config) {
	store := methods()
	if cfg.Mode != transport.ModeAuto || cfg.Known != nil || store == nil {
		return
	}
	m, when, ok := store.Known(*cfg)
	if !ok {
		return
	}
	cfg.Known = &m
	if e.flags.verbose {
		fmt.Fprintln(e.stderr, e.words.T("cli.auto.known", map[string]any{"Method": m.String(), "Age": time.Since(when).Round(time.Second).String()}))
	}
}

// rememberMethod keeps what a session's probe found for cfg's server.
func rememberMethod(e *env, cfg ftp.Config, s *ftp.Session) {
	p := s.Probe()
	store := methods()
	if p == nil || store == nil || e.flags.site != "" || e.flags.demo {
		return
	}
	if err := store.Remember(cfg, *p); err != nil && e.flags.verbose {
		fmt.Fprintf(e.stderr, "portside-cli: %s\n", e.errText(err))
	}
}
