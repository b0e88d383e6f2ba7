package main

import (
	"context"
	"errors"
	"net"

	"portside/i18n"
	"portside/transfer"
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
