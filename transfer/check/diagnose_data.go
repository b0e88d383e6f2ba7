package check

import (
	"net"
	"strconv"

	"portside/transfer/transport"
)

// The rules about data connections: passive ports and addresses, active
// mode's way back, router helpers and TLS on data connections.

// passive adds the findings about passive mode and returns what would
// make it work.
func (f *facts) passive(add func(string, Severity, map[string]string, ...Fix)) []Fix {
	all := append(append(append([]int(nil), f.ok...), f.drop...), f.ref...)
	lo, hi := suggestRange(all)
	rng := ""
	if lo > 0 {
		rng = strconv.Itoa(lo) + "–" + strconv.Itoa(hi)
		f.rep.PassiveRange = [2]int{lo, hi}
	}
	seen := joinPorts(all)
	if rng == "" {
		rng = seen
	}
	var fixes []Fix
	// The plain reply first; then the encrypted one, which a router's FTP
	// helper cannot rewrite to the public address as it did the plain one.
	for _, s := range []*Step{f.main["PASV"], f.tls["PASV"], f.pln["PASV"]} {
		if s == nil || s.Facts["sent_addr"] == "" {
			continue
		}
		sent := s.Facts["sent_addr"]
		used, _, _ := net.SplitHostPort(s.Facts["addr"])
		if used != "" && sent != used {
			kind := "other"
			if ip := net.ParseIP(sent); ip != nil && (ip.IsPrivate() || ip.IsLoopback() || ip.IsUnspecified()) {
				kind = "private"
			}
			sev := Notice
			if s.Status != OK {
				sev = Problem
			}
			add(FPasvAddress, sev, ev("sent", sent, "used", used, "kind", kind, "works", yes(s.Status == OK)),
				fix(Admin, "pasv_address", "public", used))
			break
		}
	}
	passiveOK := f.works("EPSV") || f.works("PASV")
	switch {
	case len(f.ok) > 0 && len(f.drop)+len(f.ref) > 0:
		fixes = []Fix{fix(Admin, "forward_whole_range", "range", rng, "ok", joinPorts(f.ok)), fix(Admin, "small_range")}
		add(FPassivePartial, Problem, ev("ok", joinPorts(f.ok), "failed", joinPorts(append(append([]int(nil), f.drop...), f.ref...)), "range", rng),
			append(fixes, fix(User, "use_active"))...)
	case !passiveOK && len(f.drop) > 0:
		fixes = []Fix{fix(Admin, "open_passive_range", "range", rng, "host", f.rep.Host), fix(Admin, "small_range")}
		add(FPassiveDropped, Problem, ev("ports", seen, "range", rng), append(fixes, fix(User, "use_active"))...)
	case !passiveOK && len(f.ref) > 0:
		fixes = []Fix{fix(Admin, "check_forward_target", "range", rng)}
		add(FPassiveRefused, Problem, ev("ports", seen, "range", rng), append(fixes, fix(User, "use_active"))...)
	}
	return fixes
}

func yes(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// suggestRange widens the ports seen to a round range an admin would
// have set: 50012, 50031, 50047 → 50000–50049.
func suggestRange(ports []int) (lo, hi int) {
	if len(ports) == 0 {
		return 0, 0
	}
	lo, hi = ports[0], ports[0]
	for _, p := range ports {
		lo, hi = min(lo, p), max(hi, p)
	}
	if hi-lo > 1000 {
		return 0, 0 // ports from the whole ephemeral range: no range configured
	}
	// Admins start ranges at round numbers: 50000, not 50012.
	if r := lo / 100 * 100; lo-r < 50 {
		lo = r
	}
	span := hi - lo
	step := 10
	switch {
	case span >= 2000:
		step = 5000
	case span >= 200:
		step = 500
	case span >= 20:
		step = 50
	}
	if lo%100 != 0 {
		lo = lo / step * step
	}
	hi = (hi/step+1)*step - 1
	return lo, min(hi, 65535)
}

// active adds the findings about active mode and returns what would make
// it work, from the site's own settings.
func (f *facts) active(add func(string, Severity, map[string]string, ...Fix), now Settings) []Fix {
	if f.works("EPRT") || f.works("PORT") {
		return nil
	}
	var s *Step
	for _, m := range []string{"EPRT", "PORT"} {
		if t := f.main[m]; t != nil && t.Status == Failed {
			s = t
			break
		}
	}
	if s == nil {
		return nil
	}
	announced := s.Facts["announced"]
	host, _, _ := net.SplitHostPort(announced)
	rng := ""
	if now.ActivePortMin > 0 {
		rng = strconv.Itoa(now.ActivePortMin) + "–" + strconv.Itoa(now.ActivePortMax)
	}
	e := ev("announced", announced, "reply", lastReply(s), "range", rng, "external", now.ExternalAddress, "how", s.Error)
	ip := net.ParseIP(host)
	server := net.ParseIP(f.rep.Host)
	// A private address announced to a server reached over a public one
	// cannot work: servers refuse it (vsftpd "500 Illegal PORT command",
	// as its address differs from the control connection's) or cannot reach it.
	if (s.Error == ErrReply || s.Error == ErrNoConnect) && now.ExternalAddress == "" &&
		ip != nil && ip.IsPrivate() && (server == nil || !server.IsPrivate()) {
		fixes := []Fix{fix(User, "set_external", "local", host), fix(User, "forward_active_range", "range", orRange(rng), "local", host)}
		if rng == "" {
			fixes = append(fixes, fix(User, "set_active_range", "range", defaultActiveRange))
		}
		add(FActiveNAT, Problem, e, append(fixes, fix(User, "use_passive"))...)
		return fixes
	}
	if s.Error == ErrReply {
		add(FActiveRefused, Problem, e, fix(User, "use_passive"), fix(Admin, "allow_active"))
		return []Fix{fix(Admin, "allow_active")}
	}
	if s.Error != ErrNoConnect {
		return nil
	}
	fixes := []Fix{fix(User, "allow_inbound", "range", orRange(rng))}
	if rng == "" {
		fixes = append(fixes, fix(User, "set_active_range", "range", defaultActiveRange))
	}
	if now.ExternalAddress != "" {
		fixes = append(fixes, fix(User, "forward_active_range", "range", orRange(rng), "local", host))
	}
	add(FActiveBlocked, Problem, e, append(fixes, fix(User, "use_passive"))...)
	return fixes
}

// defaultActiveRange is what the advice suggests when the site has no
// active port range: small enough to open in a firewall by hand.
const defaultActiveRange = "50000–50049"

func orRange(r string) string {
	if r == "" {
		return defaultActiveRange
	}
	return r
}

// alg finds a mode that works with a plain control connection and fails
// with TLS on it: a router's FTP helper reads (and rewrites, and opens the
// way for) the addresses in plain commands only.
func (f *facts) alg(add func(string, Severity, map[string]string, ...Fix)) {
	for _, m := range []string{"EPRT", "PORT", "EPSV", "PASV"} {
		var plainOK, tlsFailed bool
		if f.rep.Checked == transport.TLSNone {
			plainOK = f.works(m)
			tlsFailed = f.tls[m] != nil && f.tls[m].Status == Failed
		} else {
			plainOK = f.pln[m] != nil && f.pln[m].Status == OK
			tlsFailed = f.main[m] != nil && f.main[m].Status == Failed
		}
		passive := m == "EPSV" || m == "PASV"
		// A passive port that fails at random (a range forwarded in
		// part) would look the same: only a range that never failed counts.
		if passive && len(f.drop)+len(f.ref) > 0 {
			continue
		}
		if plainOK && tlsFailed {
			mode, other, side := "active", "passive", User
			if m == "EPSV" || m == "PASV" {
				mode, other, side = "passive", "active", Admin
			}
			add(FALG, Problem, ev("method", m, "mode", mode),
				fix(User, "use_"+other), fix(side, "open_range_explicitly", "mode", mode), fix(side, "disable_helper"))
			return
		}
	}
}

// dataTLS: a method that fails with TLS on the data connection and works
// without; and a server that wants data connections to resume the
// control connection's TLS session.
func (f *facts) dataTLS(add func(string, Severity, map[string]string, ...Fix)) {
	for _, m := range []string{"EPSV", "PASV", "EPRT", "PORT"} {
		if c := f.clr[m]; c != nil && c.Status == OK && !f.works(m) {
			add(FDataTLS, Problem, ev("method", m, "reply", lastReply(f.main[m]), "how", f.main[m].Error), fix(Admin, "data_tls"))
			break
		}
	}
	if s := f.last(StepReuse); s != nil && s.Status == Failed {
		add(FReuse, Notice, ev("method", s.Method, "reply", lastReply(s)))
	}
}
