package transport

import (
	"errors"
	"fmt"
	"strings"

	"portside/transfer"
)

// Step names where a connection failed, in the order a session takes them.
type Step string

const (
	StepDNS      Step = "look up"
	StepConnect  Step = "connect to"
	StepGreeting Step = "read the greeting of"
	StepTLS      Step = "secure (TLS) the connection to"
	StepLogin    Step = "log in to"
	StepControl  Step = "talk to"
	StepData     Step = "open a data connection"
)

// Sentinels for errors.Is; every StepError wraps one of them.
var (
	ErrDataConn = transfer.ErrDataConn
	ErrTLS      = transfer.ErrTLS
	ErrConnect  = errors.New("connection failed")
)

// StepError says which step failed, against what, and with what reply.
type StepError struct {
	Step   Step
	Addr   string // host, host:port, or the data address
	Method Method // for StepData
	Reply  Reply  // the server's reply, when there was one
	Err    error
	Hint   string // what the user can do, in plain words
	// HintKey names Hint for a window that words it in its own language
	// ("dns", "no_auth_tls", "pasv_blocked", "no_active_port",
	// "implicit_port"); empty when the hint is built from facts.
	HintKey string
}

func (e *StepError) Error() string {
	var b strings.Builder
	if e.Step == StepData {
		fmt.Fprintf(&b, "open a data connection (%s, %s) to %s", e.Method, modeWord(e.Method), e.Addr)
	} else {
		fmt.Fprintf(&b, "%s %s", e.Step, e.Addr)
	}
	if e.Err != nil {
		fmt.Fprintf(&b, ": %v", e.Err)
	}
	if len(e.Reply.Lines) > 0 {
		fmt.Fprintf(&b, ": server replied %q", e.Reply.String())
	}
	if e.Hint != "" {
		b.WriteString(" (" + e.Hint + ")")
	}
	return b.String()
}

func (e *StepError) Unwrap() []error {
	kind := ErrConnect
	switch e.Step {
	case StepData:
		// Every StepError of this step is a data connection that never
		// opened: the path, not a file (a transfer that breaks is a reply).
		if e.Err != nil {
			return []error{ErrDataConn, transfer.ErrDataPath, e.Err}
		}
		return []error{ErrDataConn, transfer.ErrDataPath}
	case StepTLS:
		kind = ErrTLS
	}
	if e.Err != nil {
		return []error{kind, e.Err}
	}
	return []error{kind}
}

func modeWord(m Method) string {
	if m.Passive() {
		return "passive mode"
	}
	return "active mode"
}
