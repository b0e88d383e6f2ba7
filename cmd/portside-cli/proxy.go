package main

import (
	"fmt"

	"portside/transfer/ftp"
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
			fmt.Fprintf(e.stderr, "portside-cli: connecting through the %s from the environment\n", p)
		}
	}
	return nil
}
