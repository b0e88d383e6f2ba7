package main

import (
	"fmt"

	"portside/transfer/ftp"
	"portside/transfer/sites"
	"portside/transfer/transport"
)

// proxyFromEnv honours ALL_PROXY, then HTTPS_PROXY (socks5:// or http://),
// as curl and lftp users expect: an office network that lets nothing out
// but a proxy sets them once for every tool. A proxy the saved site names
// itself wins. With a proxy, auto mode skips active mode and active mode is
// refused (transport/proxy.go).
func proxyFromEnv(e *env, cfg *ftp.Config) error {
	if cfg.Proxied() {
		return nil
	}
	p, err := transport.ProxyFromEnvironment(e.getenv)
	if err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	if p != nil {
		cfg.Proxy = p
		if e.flags.verbose {
			kind := "SOCKS5"
			if p.Kind == transport.ProxyHTTP {
				kind = "HTTP"
			}
			fmt.Fprintln(e.stderr, "portside-cli: "+e.words.T("cli.proxy_from_env", map[string]any{"Kind": kind, "Addr": p.Addr()}))
		}
	}
	return nil
}

// savedProxy: a saved site's own proxy (or its choice to connect
// directly) wins; then the environment, as for URLs; then the default
// proxy of the Site Manager's settings.
func savedProxy(e *env, store *sites.Store, site sites.Site, cfg *ftp.Config) error {
	var err error
	if site.Proxy != nil {
		cfg.Proxy, err = store.ProxyFor(&site)
		return err
	}
	if err := proxyFromEnv(e, cfg); err != nil || cfg.Proxied() {
		return err
	}
	cfg.Proxy, err = store.ProxyFor(nil)
	return err
}
