package ftp

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"portside/transfer/transport"
)

// ErrPasswordInURL refuses a password on the command line, where other
// users see it in the process list and the shell keeps it in its history.
var ErrPasswordInURL = errors.New("the URL holds a password: leave it out and set PORTSIDE_PASSWORD, or type it at the prompt")

// ParseURL reads ftp://user@host:port/path (plain, or explicit TLS when the
// caller asks) and ftps://user@host:port/path (implicit TLS). It returns the
// site without a password, and the path ("" when none was given).
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
		if _, ok := u.User.Password(); ok {
			return Config{}, "", ErrPasswordInURL
		}
		cfg.User = u.User.Username()
	}
	return cfg, u.Path, nil
}
