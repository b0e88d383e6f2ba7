package transport

import (
	"fmt"
	"net"
)

// ActiveSettings are the facts active-mode advice depends on: what the
// site sets, and whether this computer's address is private.
type ActiveSettings struct {
	PortMin, PortMax int    // 0, 0: any port
	External         string // the external address, "" when not set
	LocalPrivate     bool   // the control connection's local address is private (behind NAT)
}

// ActiveSettings are this connection's.
func (c *Conn) ActiveSettings() ActiveSettings {
	local := c.raw.LocalAddr().(*net.TCPAddr).IP
	return ActiveSettings{PortMin: c.cfg.ActivePortMin, PortMax: c.cfg.ActivePortMax,
		External: c.cfg.ExternalAddress, LocalPrivate: private(local) && !local.IsLoopback()}
}

// ActiveAdvice is the one step most likely to make the server's
// connections reach this computer, from the actual settings: advice to
// forward "the active port range" when none is set, or to set an external
// address that is set, sends a person the wrong way.
func ActiveAdvice(s ActiveSettings) string {
	switch ActiveAdviceCode(s) {
	case "set_range":
		return "set an active port range in the site's settings and let it through this computer's firewall (and forward it on the router), or use passive mode"
	case "nat":
		return fmt.Sprintf("this computer is behind NAT: set the external address to the router's public address and forward ports %d-%d to this computer, or use passive mode", s.PortMin, s.PortMax)
	case "forward":
		return fmt.Sprintf("check that the router forwards ports %d-%d from %s to this computer and that its firewall lets them in, or use passive mode", s.PortMin, s.PortMax, s.External)
	}
	return fmt.Sprintf("let ports %d-%d through this computer's firewall, or use passive mode", s.PortMin, s.PortMax)
}

// ActiveAdviceCode names ActiveAdvice's step for a front end that words
// it with the settings' facts (PortMin, PortMax, External): "set_range",
// "nat", "forward" or "firewall".
func ActiveAdviceCode(s ActiveSettings) string {
	switch {
	case s.PortMin <= 0 && s.PortMax <= 0:
		return "set_range"
	case s.External == "" && s.LocalPrivate:
		return "nat"
	case s.External != "":
		return "forward"
	}
	return "firewall"
}

// refusedHint is what to do when the server refused every method asked
// for: the other direction, since the server said no, not the network.
func refusedHint(methods []Method) string {
	passive, active := false, false
	for _, m := range methods {
		if m.Passive() {
			passive = true
		} else {
			active = true
		}
	}
	switch {
	case passive && !active:
		return "the server does not allow passive mode: use active mode, or auto"
	case active && !passive:
		return "the server does not allow active mode (some allow it only to the control connection's own address): use passive mode, or auto"
	}
	return "the server allows no data connection method"
}
