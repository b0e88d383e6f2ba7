package transfer

// URLError is a URL a front end cannot use, with the reason as a code for
// it to word in its own language; Error is the engine's English.
type URLError struct {
	URL string // as it may be shown (the password replaced), or "" when it must not be
	// Code is "syntax" (Detail: what net/url said), "scheme" (an FTP URL's),
	// "scheme_sftp", "no_host", "host_colon", "port" (Detail: the port
	// given) or "no_user" (Detail: the host).
	Code   string
	Detail string
	Text   string
}

func (e *URLError) Error() string { return e.Text }
