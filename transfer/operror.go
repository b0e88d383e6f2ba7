package transfer

import "errors"

// OpError is an operation on a path that failed, as facts a front end
// words in its own language: the operation as a code, the path, and why
// (often a ReplyError). Error is the engine's English, "VERB PATH: why".
type OpError struct {
	// Op is "list", "stat", "chmod", "mkdir", "remove", "rename",
	// "mtime", "size", "pwd", "home", "download" or "upload"; "sync_local" and "sync_remote": a sync's
	// source folder (here, on the server) is not there.
	Op   string
	Verb string // Op in the engine's English ("change the permissions of")
	Path string
	Err  error
}

func (e *OpError) Error() string { return e.Verb + " " + e.Path + ": " + e.Err.Error() }
func (e *OpError) Unwrap() error { return e.Err }

// ReplyError is a server's refusal: its kind (one of the sentinels above,
// or nil for a reply of no known kind), and the reply as the server sent
// it. Error is the engine's English.
type ReplyError struct {
	Kind error
	Code int
	Msg  string
	Text string
}

func (e *ReplyError) Error() string { return e.Text }
func (e *ReplyError) Unwrap() error { return e.Kind }

// kinds are the sentinels' codes, the most telling first: a front end
// words a refusal by its code (Facts.Rule of a "remote" reason).
var kinds = []struct {
	err  error
	code string
}{{ErrNotFound, "not_found"}, {ErrPermission, "permission"}, {ErrTooMany, "too_many"}, {ErrLogin, "login"},
	{ErrNoResume, "no_resume"}, {ErrDataConn, "data_conn"}, {ErrTLS, "tls"}, {ErrRefused, "refused"}}

// KindOf is the code of err's kind ("not_found", "permission",
// "too_many", "login", "no_resume", "data_conn", "tls", "refused"), or ""
// when it holds none of those sentinels.
func KindOf(err error) string {
	for _, k := range kinds {
		if errors.Is(err, k.err) {
			return k.code
		}
	}
	return ""
}
