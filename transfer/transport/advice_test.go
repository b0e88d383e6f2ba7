package transport

import (
	"strings"
	"testing"
)

// TestActiveAdvice: the advice follows the settings: no "forward the
// active port range" when none is set, no "set the external address" when
// it is set.
func TestActiveAdvice(t *testing.T) {
	cases := []struct {
		name     string
		s        ActiveSettings
		want     string
		wantNone []string
	}{
		{"no range", ActiveSettings{LocalPrivate: true}, "set an active port range", []string{"external address"}},
		{"range, behind NAT, no external", ActiveSettings{PortMin: 50000, PortMax: 50100, LocalPrivate: true},
			"set the external address to the router's public address and forward ports 50000-50100", nil},
		{"range and external set", ActiveSettings{PortMin: 50000, PortMax: 50100, External: "203.0.113.7", LocalPrivate: true},
			"forwards ports 50000-50100 from 203.0.113.7", []string{"set the external address", "set an active port range"}},
		{"range, public address", ActiveSettings{PortMin: 50000, PortMax: 50100},
			"let ports 50000-50100 through this computer's firewall", []string{"external address", "set an active port range"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := ActiveAdvice(c.s)
			if !strings.Contains(got, c.want) {
				t.Errorf("%q lacks %q", got, c.want)
			}
			for _, no := range c.wantNone {
				if strings.Contains(got, no) {
					t.Errorf("%q says %q, which the settings make wrong", got, no)
				}
			}
		})
	}
}
