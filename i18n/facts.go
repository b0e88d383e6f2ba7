package i18n

import (
	"strconv"

	"portside/transfer"
	"portside/transfer/transport"
)

// Facts words a failed step: what was tried against which address, why
// (the server's reply as it sent it, else the network's answer), and what
// to do.
func (l *Localizer) Facts(f transport.Facts) string {
	if f.Code != "" {
		return l.queueReason(f)
	}
	d := map[string]any{"Addr": f.Addr, "Method": f.Method, "Mode": l.T("mode.active", nil)}
	if f.Passive {
		d["Mode"] = l.T("mode.passive", nil)
	}
	var s string
	switch f.Step {
	case "":
		return l.cause(f) // an idle timeout outside a step
	case "dns":
		s = l.T("err.step.dns", d)
	case "connect":
		s = l.T("err.step.connect", d)
	case "greeting":
		s = l.T("err.step.greeting", d)
	case "tls":
		s = l.T("err.step.tls", d)
	case "login":
		s = l.T("err.step.login", d)
	case "data":
		s = l.T("err.step.data", d)
	default:
		s = l.T("err.step.control", d)
	}
	if f.Reply != "" {
		// The server's own words, as it sent them (escaped).
		s += l.T("err.replied", map[string]any{"Reply": strconv.Quote(transfer.Escape(f.Reply))})
	} else if cause := l.cause(f); cause != "" {
		s += l.T("err.cause", map[string]any{"Cause": cause})
	}
	if h := l.hint(f); h != "" {
		s += l.T("err.hint", map[string]any{"Hint": h})
	}
	return s
}

// cause words what the network answered, in the connection check's
// words (its catalogue); a cause it does not class is shown as Go says it.
func (l *Localizer) cause(f transport.Facts) string {
	switch f.Cause {
	case "idle_read":
		return l.T("err.idle.read", map[string]any{"Idle": f.Idle.String()})
	case "idle_write":
		return l.T("err.idle.write", map[string]any{"Idle": f.Idle.String()})
	case "dns":
		return l.T("err.dns", nil)
	case "refused":
		return l.T("err.refused", nil)
	case "unreachable":
		return l.T("err.unreachable", nil)
	case "timeout":
		return l.T("err.timeout", nil)
	case "closed":
		return l.T("err.closed", nil)
	case "not_tls":
		return l.T("err.not_tls", nil)
	case "malformed": // the server's own line, as it sent it
		return l.T("err.malformed", map[string]any{"Reply": strconv.Quote(transfer.Escape(f.Detail))})
	case "tls_alert":
		return l.T("err.tls_alert", map[string]any{"Alert": l.tlsAlert(f.N)})
	}
	return transfer.Escape(f.CauseText)
}

// tlsAlert words a TLS alert by its RFC 8446 code: the common ones a
// server ends a handshake with, the rest by number.
func (l *Localizer) tlsAlert(n int64) string {
	switch n {
	case 40:
		return l.T("err.tls_alert.handshake_failure", nil)
	case 42:
		return l.T("err.tls_alert.bad_certificate", nil)
	case 48:
		return l.T("err.tls_alert.unknown_ca", nil)
	case 49:
		return l.T("err.tls_alert.access_denied", nil)
	case 70:
		return l.T("err.tls_alert.protocol_version", nil)
	case 71:
		return l.T("err.tls_alert.insufficient_security", nil)
	case 80:
		return l.T("err.tls_alert.internal_error", nil)
	case 112:
		return l.T("err.tls_alert.unrecognized_name", nil)
	case 116:
		return l.T("err.tls_alert.certificate_required", nil)
	}
	return l.T("err.tls_alert.other", map[string]any{"N": n})
}

// hint words the step's advice; a hint built from facts the engine
// has no key for is shown as it words it.
func (l *Localizer) hint(f transport.Facts) string {
	switch f.HintKey {
	case "dns":
		return l.T("hint.dns", nil)
	case "no_auth_tls":
		return l.T("hint.no_auth_tls", nil)
	case "pasv_blocked":
		return l.T("hint.pasv_blocked", nil)
	case "no_active_port":
		return l.T("hint.no_active_port", nil)
	case "implicit_port":
		return l.T("hint.implicit_port", nil)
	case "plain_greeting":
		return l.T("hint.plain_greeting", nil)
	case "ssh_port":
		return l.T("hint.ssh_port", nil)
	}
	return f.Hint
}

// queueReason words the transfer queue's own reason (Facts.Code), with
// its numbers; an unknown code (a newer engine) says so.
func (l *Localizer) queueReason(f transport.Facts) string {
	d := map[string]any{"N": f.N, "Listed": f.N, "Received": f.M}
	switch f.Code {
	case "too_deep":
		return l.T("err.queue.too_deep", d)
	case "loop":
		return l.T("err.queue.loop", d)
	case "disk_full":
		return l.T("err.queue.disk_full", d)
	case "disk_full_server":
		return l.T("err.queue.disk_full_server", d)
	case "journal":
		return l.T("err.queue.journal", d)
	case "size_changed":
		return l.T("err.queue.size_changed", d)
	case "size_kept":
		return l.T("err.queue.size_kept", d)
	case "permission":
		return l.T("err.queue.permission", map[string]any{"Path": transfer.Escape(f.Path), "System": transfer.Escape(f.CauseText)})
	case "not_found":
		return l.T("err.queue.not_found", map[string]any{"Path": transfer.Escape(f.Path), "System": transfer.Escape(f.CauseText)})
	case "bad_name":
		return l.badName(f)
	case "file_in_way":
		return l.T("err.queue.file_in_way", map[string]any{"Path": transfer.Escape(f.Path)})
	case "folder_in_way":
		return l.T("err.queue.folder_in_way", map[string]any{"Path": transfer.Escape(f.Path)})
	case "remote":
		return l.remote(remoteFacts{op: f.Name, verb: f.Detail, path: f.Path, kind: f.Rule, reply: f.Reply})
	}
	return l.T("err.queue.other", map[string]any{"Code": f.Code})
}

// badName words a refused name by the rule it breaks.
func (l *Localizer) badName(f transport.Facts) string {
	d := map[string]any{"Name": strconv.Quote(transfer.Escape(f.Name)), "Detail": strconv.Quote(transfer.Escape(f.Detail))}
	switch f.Rule {
	case "unsafe":
		return l.T("err.name.unsafe", d)
	case "ftp_chars":
		return l.T("err.name.ftp_chars", d)
	case "control":
		return l.T("err.name.control", d)
	case "link":
		return l.T("err.name.link", d)
	case "outside":
		return l.T("err.name.outside", d)
	case "win_not_a_name":
		return l.T("err.name.win_not_a_name", d)
	case "win_control":
		return l.T("err.name.win_control", d)
	case "win_char":
		return l.T("err.name.win_char", d)
	case "win_trailing":
		return l.T("err.name.win_trailing", d)
	case "win_device":
		return l.T("err.name.win_device", d)
	case "win_too_long":
		d["Detail"] = f.Detail // a number
		return l.T("err.name.win_too_long", d)
	}
	return l.T("err.name.other", d)
}
