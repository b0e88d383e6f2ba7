package i18n

import (
	"strconv"

	"portside/transfer"
)

// The words for a server's refusal of an operation on a path
// (transfer.OpError): the command line says them for an error it gets,
// and both front ends for a queue item that kept them as facts (a
// "remote" reason: Facts.Name the operation, Rule the kind, Reply the
// server's reply).

// Op names a server operation (transfer.OpError.Op); one it does not
// know by the engine's English verb.
func (l *Localizer) Op(op, verb string) string {
	switch op {
	case "list":
		return l.T("cli.op.list", nil)
	case "stat":
		return l.T("cli.op.stat", nil)
	case "chmod":
		return l.T("cli.op.chmod", nil)
	case "mkdir":
		return l.T("cli.op.mkdir", nil)
	case "remove":
		return l.T("cli.op.remove", nil)
	case "rename":
		return l.T("cli.op.rename", nil)
	case "mtime":
		return l.T("cli.op.mtime", nil)
	case "size":
		return l.T("cli.op.size", nil)
	case "pwd":
		return l.T("cli.op.pwd", nil)
	case "home":
		return l.T("cli.op.home", nil)
	case "download":
		return l.T("cli.op.download", nil)
	case "upload":
		return l.T("cli.op.upload", nil)
	case "login":
		return l.T("cli.op.login", nil)
	}
	return verb
}

// Kind words the kind of a refusal by its code (transfer.KindOf); ""
// when there is none.
func (l *Localizer) Kind(code string) string {
	switch code {
	case "not_found":
		return l.T("cli.remote.not_found", nil)
	case "permission":
		return l.T("cli.remote.permission", nil)
	case "too_many":
		return l.T("cli.remote.too_many", nil)
	case "login":
		return l.T("cli.remote.login", nil)
	case "no_resume":
		return l.T("cli.remote.no_resume", nil)
	case "data_conn":
		return l.T("cli.remote.data_conn", nil)
	case "refused":
		return l.T("cli.remote.refused", nil)
	case "tls": // a login: the server wants TLS
		return l.T("cli.remote.tls_required", nil)
	}
	return ""
}

// Refusal words why the server did not do it: the kind, and the reply
// as the server sent it (quoted, escaped) when there is one.
func (l *Localizer) Refusal(kind, reply string) string {
	why := l.Kind(kind)
	if reply == "" {
		if why == "" {
			why = l.T("cli.remote.other", nil)
		}
		return why
	}
	if why == "" {
		why = l.T("cli.remote.other", nil)
	}
	return why + l.T("cli.remote.reply", map[string]any{"Reply": strconv.Quote(transfer.Escape(reply))})
}

// remote words a queue item's "remote" reason.
func (l *Localizer) remote(f remoteFacts) string {
	return l.T("cli.remote.failed", map[string]any{"Op": l.Op(f.op, f.verb), "Path": transfer.Escape(f.path), "Why": l.Refusal(f.kind, f.reply)})
}

type remoteFacts struct{ op, verb, path, kind, reply string }
