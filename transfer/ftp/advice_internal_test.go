package ftp

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"portside/transfer/transport"
)

// TestNoMethodCause: one cause and one fix from what passive and active
// mode each ran into, and the settings.
func TestNoMethodCause(t *testing.T) {
	dropped := func(m transport.Method) Attempt {
		return Attempt{Method: m, Err: &transport.StepError{Step: transport.StepData, Method: m, Addr: "192.0.2.1:30000",
			Err: errors.New("no data connection after 1.5s; stopped")}}
	}
	refused := func(m transport.Method) Attempt {
		return Attempt{Method: m, Err: &transport.StepError{Step: transport.StepData, Method: m, Addr: "192.0.2.1:21",
			Err: fmt.Errorf("%w: [%s refused: 550 Permission denied.]", transport.ErrMethodRefused, m)}}
	}
	reset := func(m transport.Method) Attempt {
		return Attempt{Method: m, Err: &transport.StepError{Step: transport.StepData, Method: m, Addr: "192.0.2.1:30000",
			Err: errors.New("connect: connection refused")}}
	}
	both := transport.ActiveSettings{PortMin: 50000, PortMax: 50010, External: "203.0.113.9", LocalPrivate: true}
	cases := []struct {
		name     string
		attempts []Attempt
		settings transport.ActiveSettings
		cause    string
		fix      string
	}{
		{"all silent, nothing set", []Attempt{dropped(transport.EPSV), dropped(transport.EPRT)}, transport.ActiveSettings{LocalPrivate: true},
			"blocks its passive ports", "set an active port range"},
		{"all silent, active set up", []Attempt{dropped(transport.EPSV), dropped(transport.EPRT)}, both,
			"router or firewall does not pass the server's connections", "forwards ports 50000-50010 from 203.0.113.9"},
		{"passive refused", []Attempt{refused(transport.EPSV), refused(transport.PASV), dropped(transport.EPRT)}, transport.ActiveSettings{},
			"allows only active mode", "set an active port range"},
		{"active refused", []Attempt{reset(transport.EPSV), refused(transport.EPRT)}, transport.ActiveSettings{},
			"does not allow active mode", "open (or forward) the server's passive port range"},
		{"all refused", []Attempt{refused(transport.EPSV), refused(transport.EPRT)}, transport.ActiveSettings{},
			"allows no data connections", "ask the server's admin"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := &NoMethodError{Addr: "192.0.2.1:21", Attempts: c.attempts, Settings: c.settings}
			cause, fix := e.Cause()
			if !strings.Contains(cause, c.cause) || !strings.Contains(fix, c.fix) {
				t.Errorf("cause %q, fix %q; want %q, %q", cause, fix, c.cause, c.fix)
			}
			if msg := e.Error(); strings.Count(msg, "Most likely") != 1 {
				t.Errorf("not one cause: %s", msg)
			}
		})
	}
}
