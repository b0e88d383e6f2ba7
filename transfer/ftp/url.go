package ftp

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"portside/transfer/transport"
)

// ParseURL reads ftp://user@host:port/path (plain), ftpes:// (explicit
// TLS) and ftps:// (implicit TLS), the way FileZilla reads them. It returns
// the site, with the password if the URL holds one (whether to accept that
// is the front end's policy), and the path ("" when none was given).
func ParseURL(raw string) (Config, string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return Config{}, "", fmt.Errorf("read URL: %w", err)
	}
	var cfg Config
	switch strings.ToLower(u.Scheme) {
	case "ftp":
		cfg.TLS = transport.TLSNone
	case "ftps":
		cfg.TLS = transport.TLSImplicit
	case "ftpes":
		cfg.TLS = transport.TLSExplicit
	default:
		return Config{}, "", fmt.Errorf("read URL %q: the scheme must be ftp://, ftpes:// (explicit TLS) or ftps:// (implicit TLS)", raw)
	}
	if u.Hostname() == "" {
		return Config{}, "", fmt.Errorf("read URL %q: no host", raw)
	}
	cfg.Host = u.Hostname()
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 65535 {
			return Config{}, "", fmt.Errorf("read URL %q: bad port %q", raw, p)
		}
		cfg.Port = n
	}
	if u.User != nil {
		cfg.User = u.User.Username()
		cfg.Password, _ = u.User.Password()
	}
	return cfg, u.Path, nil
}
