package main

import (
	"context"
	"errors"
	"net"
	"strings"

	"portside/i18n"
	"portside/transfer"
	"portside/transfer/ftp"
	"portside/transfer/transport"
)

// otherText words an error that none of errorText's typed wordings took:
// one of the network's or TLS's that reached the command line without a
// step's facts (an SFTP connection's dial, a login the server dropped, a
// cancelled or timed-out wait) in the connection check's words, and
// anything else in a frame of the user's language with Go's own text
// kept inside, escaped, so that no bare English sentence is all a person
// reads.
func otherText(w *i18n.Localizer, err error) string {
	if errors.Is(err, context.Canceled) {
		return w.T("cli.err.cancelled", nil)
	}
	var dns *net.DNSError
	if errors.As(err, &dns) {
		return w.Facts(transport.Facts{Step: "dns", Addr: transfer.Escape(dns.Name), Cause: "dns", HintKey: "dns"})
	}
	cause := transport.CauseOf(err)
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" && op.Addr != nil {
		f := cause
		f.Step, f.Addr = "connect", transfer.Escape(op.Addr.String())
		return w.Facts(f)
	}
	if cause.Cause != "" {
		return w.T("cli.err.network", map[string]any{"Cause": w.Facts(cause)})
	}
	return w.T("cli.err.other", map[string]any{"Detail": transfer.Escape(err.Error())})
}

// noMethodText words auto mode finding no data connection method: what
// each method ran into (its step's facts, without each step's own hint),
// then the one likely cause and its fix, by their codes.
func noMethodText(w *i18n.Localizer, e *ftp.NoMethodError) string {
	var tried []string
	for _, a := range e.Attempts {
		why := ""
		if f, ok := transport.FactsOf(a.Err); ok {
			f.Hint, f.HintKey = "", "" // the summary ends with one fix instead
			why = w.Facts(f)
		} else {
			why = errorText(w, a.Err)
		}
		tried = append(tried, w.T("cli.nomethod.tried", map[string]any{"Method": a.Method.String(), "Why": why}))
	}
	s := e.Settings
	d := map[string]any{"Min": s.PortMin, "Max": s.PortMax, "External": transfer.Escape(s.External), "Proxy": transfer.Escape(e.Proxy)}
	var active string
	switch transport.ActiveAdviceCode(s) {
	case "set_range":
		active = w.T("cli.active_advice.set_range", d)
	case "nat":
		active = w.T("cli.active_advice.nat", d)
	case "forward":
		active = w.T("cli.active_advice.forward", d)
	default:
		active = w.T("cli.active_advice.firewall", d)
	}
	d["Active"] = active
	var cause, fix string
	switch e.CauseCode() {
	case "proxy_active_only":
		cause, fix = w.T("cli.nomethod.cause.proxy_active_only", d), w.T("cli.nomethod.fix.proxy_active_only", d)
	case "no_data":
		cause, fix = w.T("cli.nomethod.cause.no_data", d), w.T("cli.nomethod.fix.no_data", d)
	case "active_only":
		cause, fix = w.T("cli.nomethod.cause.active_only", d), active
	case "passive_blocked_no_active":
		cause, fix = w.T("cli.nomethod.cause.passive_blocked_no_active", d), w.T("cli.nomethod.fix.passive_blocked_no_active", d)
	case "router":
		cause, fix = w.T("cli.nomethod.cause.router", d), active
	default:
		cause, fix = w.T("cli.nomethod.cause.passive_blocked", d), w.T("cli.nomethod.fix.passive_blocked", d)
	}
	return w.T("cli.nomethod", map[string]any{"Addr": transfer.Escape(e.Addr), "Tried": strings.Join(tried, w.T("cli.list_sep", nil)),
		"Cause": cause, "Fix": fix})
}
