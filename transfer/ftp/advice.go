package ftp

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"

	"portside/transfer"
	"portside/transfer/transport"
)

// NoMethodError is auto mode finding no method that carries a listing:
// what each method did, then the one cause most likely behind them all and
// its fix. (One line of four hints, each right for one method and wrong
// for the others, left people to guess which to follow.)
type NoMethodError struct {
	Addr     string
	Attempts []Attempt
	Settings transport.ActiveSettings
	// Proxy names the proxy the session went through: active mode was not
	// tried, and is no way out.
	Proxy string
}

func (e *NoMethodError) Unwrap() []error { return []error{transfer.ErrDataConn, transfer.ErrDataPath} }

func (e *NoMethodError) Error() string {
	var tried []string
	for _, a := range e.Attempts {
		tried = append(tried, fmt.Sprintf("%s %s", a.Method, brief(a.Err)))
	}
	cause, fix := e.Cause()
	return fmt.Sprintf("no data connection method works with %s (tried %s). Most likely %s: %s (portside-cli check tells more)",
		e.Addr, strings.Join(tried, "; "), cause, fix)
}

// outcome is what one method ran into, as far as advice cares.
type outcome int

const (
	untried  outcome = iota
	refused          // the server said no to the command
	blocked          // silence: the connection never came (a firewall that drops)
	rejected         // actively turned away (a reset, or the server reported it could not connect)
)

func outcomeOf(err error) outcome {
	var ne net.Error
	switch {
	case err == nil:
		return untried
	case errors.Is(err, transport.ErrMethodRefused):
		return refused
	case errors.As(err, &ne) && ne.Timeout(), errors.Is(err, context.DeadlineExceeded),
		strings.Contains(err.Error(), "did not connect within"), strings.Contains(err.Error(), "no data connection after"):
		return blocked
	}
	return rejected
}

// Cause picks the single most likely cause and its fix from what passive
// and active mode each ran into. When both directions failed, the side
// the settings say should work is the one to look at: with an active port
// range and an external address set, someone meant active mode to work;
// otherwise the server's passive ports are the usual fault (and the one
// its admin can fix for every client at once).
func (e *NoMethodError) Cause() (cause, fix string) {
	active := transport.ActiveAdvice(e.Settings)
	switch e.CauseCode() {
	case "proxy_active_only":
		return "the server allows only active mode, which cannot work through a proxy (the server would have to connect back to this computer)",
			"ask the server's admin to enable passive mode, or connect without the " + e.Proxy + " where the network allows it"
	case "no_data":
		return "the server allows no data connections from this account", "ask the server's admin"
	case "active_only":
		return "the server allows only active mode, and its connections to this computer do not arrive", active
	case "passive_blocked_no_active":
		return "the server's firewall blocks its passive ports, and the server does not allow active mode",
			"ask the server's admin to open (or forward) the server's passive port range"
	case "router":
		return "this computer's router or firewall does not pass the server's connections", active
	}
	return "a firewall in front of the server blocks its passive ports",
		"ask the server's admin to open (or forward) its passive port range; active mode would need this computer reachable: " + active
}

// CauseCode names Cause's pick for a front end that words it: the cause
// and its fix ("proxy_active_only", "no_data", "active_only",
// "passive_blocked_no_active", "router", "passive_blocked"); the fixes
// that need this computer reachable take transport.ActiveAdviceCode.
func (e *NoMethodError) CauseCode() string {
	pas, act := untried, untried
	for _, a := range e.Attempts {
		o := outcomeOf(a.Err)
		if a.Method.Passive() {
			pas = max(pas, o)
		} else {
			act = max(act, o)
		}
	}
	switch {
	case e.Proxy != "" && pas == refused:
		return "proxy_active_only"
	case pas == refused && act == refused:
		return "no_data"
	case pas == refused:
		return "active_only"
	case act == refused:
		return "passive_blocked_no_active"
	case e.Settings.External != "" && e.Settings.PortMin > 0:
		return "router"
	}
	return "passive_blocked"
}

// brief is an attempt's failure without the hint each step adds: the
// summary ends with one cause and one fix instead.
func brief(err error) string {
	var se *transport.StepError
	if !errors.As(err, &se) {
		return "failed: " + err.Error()
	}
	if errors.Is(se.Err, transport.ErrMethodRefused) {
		// "the server refused every method: [EPSV refused: 550 …]"
		why := strings.Trim(strings.TrimPrefix(se.Err.Error(), transport.ErrMethodRefused.Error()+": "), "[]")
		if i := strings.Index(why, "refused: "); i >= 0 {
			why = why[i+len("refused: "):]
		}
		return "refused by the server (" + why + ")"
	}
	s := fmt.Sprintf("to %s: %v", se.Addr, se.Err)
	if !se.Method.Passive() {
		s = fmt.Sprintf("from the server to %s: %v", se.Addr, se.Err)
	}
	if len(se.Reply.Lines) > 0 {
		s += fmt.Sprintf(" (%q)", se.Reply.String())
	}
	return s
}

// reprobable keeps auto mode's data path failures from stopping a batch
// (see queue's datapath.go): the method that worked may have stopped
// working, and the next connection probes again. Only a probe that finds
// nothing (NoMethodError) says the path is blocked. In passive or active
// mode there is nothing else to try, and the failure says so.
func (s *Session) reprobable(err error) error {
	if s.cfg.Mode != transport.ModeAuto || !errors.Is(err, transfer.ErrDataPath) {
		return err
	}
	return fmt.Errorf("%w: %s (auto mode probes again on the next connection)", transfer.ErrDataConn, err)
}
