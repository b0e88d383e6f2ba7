package sftp

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"portside/transfer"
)

// ParseURL reads sftp://user@host[:port]/path, the form FileZilla, WinSCP
// and OpenSSH's sftp take. It returns the site, with the password if the
// URL holds one (whether to accept that is the front end's policy), and
// the path ("" when none was given). Errors never repeat the URL: it may
// hold a password.
func ParseURL(raw string) (Config, string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		syntax, char := transfer.URLSyntax(err)
		return Config{}, "", &transfer.URLError{Code: "syntax", Syntax: syntax, Detail: char, Text: "read the sftp:// URL: it is not a URL"}
	}
	if !strings.EqualFold(u.Scheme, "sftp") {
		return Config{}, "", &transfer.URLError{Code: "scheme_sftp", Text: "read the URL: the scheme must be sftp://"}
	}
	var cfg Config
	if cfg.Host = u.Hostname(); cfg.Host == "" {
		return Config{}, "", &transfer.URLError{Code: "no_host", Text: "read the sftp:// URL: no host"}
	}
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 65535 {
			return Config{}, "", &transfer.URLError{Code: "port", Detail: p, Text: fmt.Sprintf("read the sftp:// URL: bad port %q", p)}
		}
		cfg.Port = n
	}
	if u.User != nil {
		cfg.User = u.User.Username()
		cfg.Password, _ = u.User.Password()
	}
	if cfg.User == "" {
		return Config{}, "", &transfer.URLError{Code: "no_user", Detail: cfg.Host,
			Text: fmt.Sprintf("read the sftp:// URL: no user (sftp://user@%s/…)", cfg.Host)}
	}
	return cfg, u.Path, nil
}

// IsURL reports whether raw is an sftp:// URL.
func IsURL(raw string) bool {
	return len(raw) > 7 && strings.EqualFold(raw[:7], "sftp://")
}
