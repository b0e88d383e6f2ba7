package ftp

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"portside/transfer"
	"portside/transfer/transport"
)

// ParseURL reads ftp://user@host:port/path (plain), ftpes:// (explicit
// TLS) and ftps:// (implicit TLS), the way FileZilla reads them. It returns
// the site, with the password if the URL holds one (whether to accept that
// is the front end's policy), and the path ("" when none was given).
//
// Its errors never hold the password: they show the URL with "***" in its
// place, and whatever net/url says is scrubbed the same way.
func ParseURL(raw string) (Config, string, error) {
	shown := Redact(raw)
	fail := func(code, detail, format string, args ...any) (Config, string, error) {
		return Config{}, "", &transfer.URLError{URL: shown, Code: code, Detail: detail,
			Text: fmt.Sprintf("read URL %q: "+format, append([]any{shown}, args...)...)}
	}
	u, err := url.Parse(raw)
	if err != nil {
		why := err.Error()
		if ue, ok := err.(*url.Error); ok {
			why = ue.Err.Error() // without the URL it quotes
		}
		cfg, p, e := fail("syntax", scrub(raw, why), "%s", scrub(raw, why))
		ue := e.(*transfer.URLError)
		if syntax, char := transfer.URLSyntax(err); syntax != "" {
			ue.Syntax, ue.Detail = syntax, char
		}
		return cfg, p, ue
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
		return fail("scheme", "", "the scheme must be ftp://, ftpes:// (explicit TLS) or ftps:// (implicit TLS)")
	}
	if u.Hostname() == "" {
		return fail("no_host", "", "no host")
	}
	// net/url takes "127.0.0.1:21:21" as the host "127.0.0.1:21": a
	// colon in a host is only ever an IPv6 address, in brackets.
	if strings.Contains(u.Hostname(), ":") && !strings.HasPrefix(u.Host, "[") {
		return fail("host_colon", "", "a host cannot hold a colon (an IPv6 address goes in brackets: [::1]:21)")
	}
	cfg.Host = u.Hostname()
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 65535 {
			return fail("port", p, "bad port: want 1 to 65535")
		}
		cfg.Port = n
	}
	if u.User != nil {
		cfg.User = u.User.Username()
		cfg.Password, _ = u.User.Password()
	}
	return cfg, u.Path, nil
}

// Redact is raw with the password of its user part, if any, as "***".
// It does not trust raw to be a valid URL: the user part is everything
// between "://" and the last "@", so a password holding "/" or "@" is
// hidden whole.
func Redact(raw string) string {
	start, end, ok := secretSpan(raw)
	if !ok {
		return raw
	}
	return raw[:start] + "***" + raw[end:]
}

// secretSpan finds the password in raw: after the first ":" of the user
// part, up to the last "@".
func secretSpan(raw string) (int, int, bool) {
	from := 0
	if i := strings.Index(raw, "://"); i >= 0 {
		from = i + 3
	}
	at := strings.LastIndex(raw, "@")
	if at < from {
		return 0, 0, false
	}
	colon := strings.IndexByte(raw[from:at], ':')
	if colon < 0 {
		return 0, 0, false
	}
	return from + colon + 1, at, true
}

// scrub removes raw's password, as written and as decoded, from msg.
func scrub(raw, msg string) string {
	start, end, ok := secretSpan(raw)
	if !ok || start == end {
		return msg
	}
	secret := raw[start:end]
	msg = strings.ReplaceAll(msg, secret, "***")
	if dec, err := url.PathUnescape(secret); err == nil && dec != "" {
		msg = strings.ReplaceAll(msg, dec, "***")
	}
	// A password holding "/", "?" or "#" ends the host part early, and
	// net/url may quote a piece of it ("invalid port \":S3\""): then say
	// less.
	for _, piece := range strings.FieldsFunc(secret, func(r rune) bool { return r == '/' || r == '?' || r == '#' }) {
		quoted := strconv.Quote(piece)
		if strings.Contains(msg, piece) || strings.Contains(msg, quoted[1:len(quoted)-1]) {
			return "not a valid URL"
		}
	}
	return msg
}
