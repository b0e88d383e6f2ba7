package transport

import (
	"context"
	"crypto/tls"
	"errors"
	"io"
	"net"
	"os"
	"reflect"
	"time"
)

// Facts are a failed step's facts as data, for a window that words them
// in its own language, also after the error itself is gone (a queue item
// keeps them in its journal): the step, the address, the data method, the
// server's reply, how the network answered, and the hint's key.
type Facts struct {
	// Step is "dns", "connect", "greeting", "tls", "login", "control",
	// "data", or "" for an idle timeout outside a step.
	Step    string `json:"step,omitempty"`
	Addr    string `json:"addr,omitempty"`
	Method  string `json:"method,omitempty"` // data: EPSV, PASV, EPRT, PORT
	Passive bool   `json:"passive,omitempty"`
	// Reply is the server's reply as it sent it (the lines joined; the
	// window escapes it).
	Reply string `json:"reply,omitempty"`
	// Cause is how the network answered: "refused", "timeout",
	// "unreachable", "closed", "dns", "idle_read", "idle_write",
	// "malformed" (a reply that is not FTP's; Detail: its first line, as
	// the server sent it), "not_tls" (a TLS handshake read no TLS: a
	// plain port), "tls_alert"
	// (the peer ended the handshake with an alert; N is its RFC 8446
	// code); "" with CauseText, the cause as Go words it, when it is none
	// of those. The TLS ones keep CauseText too.
	Cause     string        `json:"cause,omitempty"`
	CauseText string        `json:"cause_text,omitempty"`
	Idle      time.Duration `json:"idle,omitempty"`
	// HintKey is StepError.HintKey; Hint the hint in English.
	HintKey string `json:"hint_key,omitempty"`
	Hint    string `json:"hint,omitempty"`
	// Code is the transfer queue's own reason when no step failed, for
	// the window to word: "too_deep" (N: the limit), "loop",
	// "disk_full", "disk_full_server", "journal", "size_changed" and
	// "size_kept" (N listed, M received bytes); "permission" and
	// "not_found" for a file's own error (Path, and the system's words in
	// CauseText), which carries no step.
	Code string `json:"code,omitempty"`
	Path string `json:"path,omitempty"`
	// Code "file_in_way" and "folder_in_way" are a name the other kind
	// holds (Path): a file where a folder is to be made, a folder where a
	// file is to land.
	//
	// Code "remote" is a server's refusal of an operation on Path
	// (transfer.OpError): Name is the operation, Detail its English verb,
	// Rule the refusal's kind (transfer.KindOf) and Reply the server's
	// reply, when it sent one.
	//
	// Name, Rule and Detail are a refused name (Code "bad_name"): the
	// name, the rule it breaks (transfer.NameError's Rule; a
	// WindowsNameError's as "win_"+Rule; "link", "outside" for
	// localpath's) and the rule's detail (a character, a device name).
	Name   string `json:"name,omitempty"`
	Rule   string `json:"rule,omitempty"`
	Detail string `json:"detail,omitempty"`
	N      int64  `json:"n,omitempty"`
	M      int64  `json:"m,omitempty"`
}

var stepKeys = map[Step]string{StepDNS: "dns", StepConnect: "connect", StepGreeting: "greeting", StepTLS: "tls",
	StepLogin: "login", StepControl: "control", StepData: "data"}

// FactsOf is err's facts when it holds a StepError or an IdleError.
func FactsOf(err error) (Facts, bool) {
	var step *StepError
	var idle *IdleError
	switch {
	case errors.As(err, &step):
		f := Facts{Step: stepKeys[step.Step], Addr: step.Addr, HintKey: step.HintKey, Hint: step.Hint}
		if step.Step == StepData {
			f.Method, f.Passive = step.Method.String(), step.Method.Passive()
		}
		var refused *methodsRefused
		switch {
		case len(step.Reply.Lines) > 0:
			f.Reply = step.Reply.String()
		case errors.As(step.Err, &refused) && len(refused.reply.Lines) > 0:
			f.Reply = refused.reply.String() // the server's no to the last method
		default:
			f.cause(step.Err)
		}
		return f, true
	case errors.As(err, &idle):
		var f Facts
		f.cause(idle)
		return f, true
	}
	return Facts{}, false
}

// CauseOf is how the network answered, as Facts without a step (Cause
// and CauseText only), for an error that carries no step: a front end
// words it as it words a step's cause.
func CauseOf(err error) Facts {
	var f Facts
	f.cause(err)
	return f
}

// cause classes how the network answered, as the connection check does.
func (f *Facts) cause(err error) {
	var dns *net.DNSError
	var idle *IdleError
	var rh tls.RecordHeaderError
	var ml *MalformedLineError
	switch {
	case err == nil:
	case errors.As(err, &rh):
		f.Cause, f.CauseText = "not_tls", err.Error()
	case errors.As(err, &ml):
		f.Cause, f.CauseText, f.Detail = "malformed", err.Error(), ml.Line
	case tlsAlert(err, &f.N):
		f.Cause, f.CauseText = "tls_alert", err.Error()
	case errors.As(err, &idle):
		f.Cause, f.Idle = "idle_read", idle.Idle
		if idle.Op == "write" {
			f.Cause = "idle_write"
		}
	case errors.As(err, &dns):
		f.Cause = "dns"
	case IsRefused(err):
		f.Cause = "refused"
	case IsUnreachable(err):
		f.Cause = "unreachable"
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, os.ErrDeadlineExceeded), IsTimedOut(err):
		f.Cause = "timeout"
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF), IsReset(err), errors.Is(err, net.ErrClosed):
		f.Cause = "closed"
	default:
		f.CauseText = err.Error()
	}
}

// tlsAlert finds the alert a TLS peer ended the handshake with and puts
// its code in n. crypto/tls reports it as a *net.OpError "remote error"
// around its unexported alert type (a uint8: the RFC 8446 code), which
// errors.As cannot name; tls.AlertError is QUIC's only.
func tlsAlert(err error, n *int64) bool {
	var oe *net.OpError
	if !errors.As(err, &oe) || oe.Op != "remote error" || oe.Err == nil {
		return false
	}
	if a, ok := errors.AsType[tls.AlertError](oe.Err); ok {
		*n = int64(a)
		return true
	}
	v := reflect.ValueOf(oe.Err)
	if v.Kind() != reflect.Uint8 || v.Type().PkgPath() != "crypto/tls" {
		return false
	}
	*n = int64(v.Uint())
	return true
}
