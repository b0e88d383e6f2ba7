package transfer

import (
	"errors"
	"net/url"
)

// URLError is a URL a front end cannot use, with the reason as a code for
// it to word in its own language; Error is the engine's English.
type URLError struct {
	URL string // as it may be shown (the password replaced), or "" when it must not be
	// Code is "syntax" (Detail: what net/url said), "scheme" (an FTP URL's),
	// "scheme_sftp", "no_host", "host_colon", "port" (Detail: the port
	// given) or "no_user" (Detail: the host).
	Code   string
	Detail string
	// Syntax is net/url's refusal by its type, with Code "syntax":
	// "escape" (a % not followed by two hex digits; never shown, it may
	// be a part of the password), "host_char" (Detail: the character a
	// host cannot hold), or "" (Detail: what net/url said, if anything).
	Syntax string
	Text   string
}

// URLSyntax classes net/url's error by its type: the Syntax code, and
// for "host_char" the character.
func URLSyntax(err error) (syntax, char string) {
	var esc url.EscapeError
	var host url.InvalidHostError
	switch {
	case errors.As(err, &esc):
		return "escape", ""
	case errors.As(err, &host):
		return "host_char", string(host)
	}
	return "", ""
}

func (e *URLError) Error() string { return e.Text }
