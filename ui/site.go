package ui

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"portside/transfer/transport"
)

// Site is what the quick-connect bar holds: where to connect and how.
type Site struct {
	Host     string
	Port     int // 0: the default for the TLS mode
	User     string
	Password string
	TLS      transport.TLSMode
	Mode     transport.Mode
	Path     string // remote folder to open; empty: the login folder
}

// Addr is host:port as the status bar shows it.
func (s Site) Addr() string {
	c := transport.Config{Host: s.Host, Port: s.Port, TLS: s.TLS}
	return c.Addr()
}

// ParseSiteURL reads ftp://user@host:port/path. The scheme picks TLS the
// way FileZilla does: ftp (none), ftpes (explicit), ftps (implicit).
func ParseSiteURL(raw string) (Site, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return Site{}, fmt.Errorf("read site address: %w", err)
	}
	var s Site
	switch strings.ToLower(u.Scheme) {
	case "ftp":
		s.TLS = transport.TLSNone
	case "ftpes":
		s.TLS = transport.TLSExplicit
	case "ftps":
		s.TLS = transport.TLSImplicit
	default:
		return Site{}, fmt.Errorf("read site address %q: want ftp://, ftpes:// or ftps://", raw)
	}
	s.Host = u.Hostname()
	if s.Host == "" {
		return Site{}, fmt.Errorf("read site address %q: no host", raw)
	}
	if p := u.Port(); p != "" {
		if s.Port, err = parsePort(p); err != nil {
			return Site{}, fmt.Errorf("read site address %q: %w", raw, err)
		}
	}
	if u.User != nil {
		s.User = u.User.Username()
		s.Password, _ = u.User.Password()
	}
	if u.Path != "" && u.Path != "/" {
		s.Path = u.Path
	}
	return s, nil
}

func parsePort(p string) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(p))
	if err != nil || n < 1 || n > 65535 {
		return 0, fmt.Errorf("port %q is not a number from 1 to 65535", p)
	}
	return n, nil
}
