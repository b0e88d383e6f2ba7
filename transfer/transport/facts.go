package transport

import (
	"context"
	"errors"
	"io"
	"net"
	"os"
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
	// "unreachable", "closed", "dns", "idle_read", "idle_write"; "" with
	// CauseText, the cause as Go words it, when it is none of those.
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
		if len(step.Reply.Lines) > 0 {
			f.Reply = step.Reply.String()
		} else {
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

// cause classes how the network answered, as the connection check does.
func (f *Facts) cause(err error) {
	var dns *net.DNSError
	var idle *IdleError
	switch {
	case err == nil:
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
	case errors.Is(err, io.EOF), IsReset(err), errors.Is(err, net.ErrClosed):
		f.Cause = "closed"
	default:
		f.CauseText = err.Error()
	}
}
