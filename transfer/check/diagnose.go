package check

import (
	"net"
	"sort"
	"strconv"
	"strings"

	"portside/transfer/transport"
)

// Finding codes. Each names entries in the catalogues (finding.CODE.title,
// finding.CODE.cause); fixes have their own codes (fix.SIDE.CODE).
const (
	FDNS            = "dns_failed"
	FConnRefused    = "connect_refused"
	FConnTimeout    = "connect_timeout"
	FConnUnreach    = "connect_unreachable"
	FServerFull     = "server_full"
	FGreeting       = "greeting_failed"
	FTLSRequired    = "tls_required"
	FTLSNotOffered  = "tls_not_offered"
	FTLSOffered     = "tls_offered"
	FTLSFailed      = "tls_failed"
	FCertUntrusted  = "cert_untrusted"
	FCertChanged    = "cert_changed"
	FLoginFailed    = "login_failed"
	FConnLimit      = "conn_limit"
	FPasvAddress    = "pasv_wrong_address"
	FPassiveDropped = "passive_filtered"
	FPassiveRefused = "passive_refused"
	FPassivePartial = "passive_partial"
	FActiveBlocked  = "active_blocked"
	FActiveNAT      = "active_behind_nat"
	FActiveRefused  = "active_not_allowed"
	FALG            = "alg_tls"
	FDataTLS        = "data_tls_fails"
	FReuse          = "tls_reuse_required"
	FZone           = "listing_zone"
	FClockAhead     = "clock_ahead"
	FNothingWorks   = "nothing_works"
)

// facts gathers what the steps saw, for the rules below.
type facts struct {
	rep  *Report
	main map[string]*Step // the site's own list tries, by method
	tls  map[string]*Step // a plain site's tries with TLS
	pln  map[string]*Step // a TLS site's tries over plain control
	clr  map[string]*Step // a TLS site's tries with PROT C
	ok   []int            // passive ports that connected
	drop []int            // … that gave no answer
	ref  []int            // … that were refused
}

func gather(rep *Report) *facts {
	f := &facts{rep: rep, main: map[string]*Step{}, tls: map[string]*Step{}, pln: map[string]*Step{}, clr: map[string]*Step{}}
	for i := range rep.Steps {
		s := &rep.Steps[i]
		if s.ID != StepData {
			continue
		}
		if s.Action == "ports" {
			for _, sample := range strings.Split(s.Facts["samples"], ",") {
				p, kind, _ := strings.Cut(sample, ":")
				f.port(p, kind)
			}
			continue
		}
		if s.Action != "list" && s.Action != "download" {
			continue
		}
		if s.Facts["port"] != "" && s.Control == "" && s.Facts["login"] == "" && (s.Prot != "C") {
			kind := "ok"
			if s.Status == Failed {
				kind = s.Error
			}
			if kind == "ok" || kind == ErrTimeout || kind == ErrRefused || kind == ErrUnreachable {
				f.port(s.Facts["port"], kind)
			}
		}
		if s.Action != "list" {
			continue
		}
		switch {
		case s.Control == "tls":
			f.tls[s.Method] = s
		case s.Control == "plain":
			f.pln[s.Method] = s
		case s.Prot == "C" && rep.Checked != transport.TLSNone:
			f.clr[s.Method] = s
		default:
			if f.main[s.Method] == nil {
				f.main[s.Method] = s
			}
		}
	}
	return f
}

func (f *facts) port(p, kind string) {
	n, err := strconv.Atoi(p)
	if err != nil {
		return
	}
	switch kind {
	case "ok":
		f.ok = append(f.ok, n)
	case ErrTimeout:
		f.drop = append(f.drop, n)
	case ErrRefused, ErrUnreachable:
		f.ref = append(f.ref, n)
	}
}

func (f *facts) works(m string) bool { s := f.main[m]; return s != nil && s.Status == OK }

func (f *facts) first(id StepID) *Step {
	for i := range f.rep.Steps {
		if f.rep.Steps[i].ID == id {
			return &f.rep.Steps[i]
		}
	}
	return nil
}

func (f *facts) last(id StepID) *Step {
	for i := len(f.rep.Steps) - 1; i >= 0; i-- {
		if f.rep.Steps[i].ID == id {
			return &f.rep.Steps[i]
		}
	}
	return nil
}

// lastReply is the last error reply (4xx, 5xx) a step recorded: what the
// server said about what went wrong.
func lastReply(s *Step) string {
	if s == nil {
		return ""
	}
	for i := len(s.Exchange) - 1; i >= 0; i-- {
		if r, ok := strings.CutPrefix(s.Exchange[i], "< "); ok && (strings.HasPrefix(r, "4") || strings.HasPrefix(r, "5")) {
			return r
		}
	}
	return ""
}

func ev(kv ...string) map[string]string {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] != "" {
			m[kv[i]] = kv[i+1]
		}
	}
	return m
}

func fix(side Side, code string, kv ...string) Fix {
	return Fix{Side: side, Code: code, Args: ev(kv...)}
}

// Diagnose turns a report's steps into findings and a recommendation,
// given the site's settings now. It is a pure function of its input:
// the front ends may call it again on a saved report.
func Diagnose(rep *Report, now Settings) ([]Finding, Recommendation) {
	f := gather(rep)
	var out []Finding
	add := func(code string, sev Severity, e map[string]string, fixes ...Fix) {
		out = append(out, Finding{Code: code, Severity: sev, Evidence: e, Fixes: fixes})
	}
	addr := net.JoinHostPort(rep.Host, strconv.Itoa(rep.Port))
	port := strconv.Itoa(rep.Port)

	if s := f.first(StepDNS); s != nil && s.Status == Failed {
		add(FDNS, Blocker, ev("host", rep.Host), fix(User, "check_host", "host", rep.Host))
	}
	if s := f.first(StepConnect); s != nil && s.Status == Failed {
		e := ev("addr", addr, "took", s.Took.Round(1e6).String())
		switch s.Error {
		case ErrRefused:
			add(FConnRefused, Blocker, e, fix(User, "check_port", "port", port), fix(Admin, "server_running", "port", port))
		case ErrTimeout:
			add(FConnTimeout, Blocker, e, fix(User, "check_host", "host", rep.Host), fix(Admin, "open_control_port", "port", port))
		default:
			add(FConnUnreach, Blocker, e, fix(User, "check_network"), fix(Admin, "open_control_port", "port", port))
		}
	}
	if s := f.first(StepGreeting); s != nil && s.Status == Failed {
		r := lastReply(s)
		if strings.HasPrefix(r, "421") {
			add(FServerFull, Blocker, ev("reply", r), fix(User, "wait_retry"), fix(Admin, "raise_limit"))
		} else {
			add(FGreeting, Blocker, ev("reply", r, "error", s.Error), fix(Admin, "server_running", "port", port))
		}
	}
	for i := range rep.Steps {
		s := &rep.Steps[i]
		if s.ID != StepTLS || s.Status != Failed {
			continue
		}
		switch {
		case s.Facts["offered"] == "no":
			add(FTLSNotOffered, Blocker, ev("reply", lastReply(s)), fix(User, "use_tls_implicit"), fix(Admin, "enable_tls"))
		case s.Facts["cert"] == "changed":
			add(FCertChanged, Blocker, certEv(rep.Cert), fix(User, "compare_fingerprint"), fix(Admin, "send_fingerprint"))
		case s.Facts["cert"] == "untrusted":
			add(FCertUntrusted, Blocker, certEv(rep.Cert), fix(User, "compare_fingerprint"), fix(Admin, "send_fingerprint"))
		default:
			add(FTLSFailed, Blocker, ev("mode", s.Method, "reply", lastReply(s)), fix(User, "use_tls_implicit"), fix(Admin, "enable_tls"))
		}
		break
	}
	for i := range rep.Steps {
		s := &rep.Steps[i]
		if s.ID != StepLogin || s.Status != Failed {
			continue
		}
		if s.Facts["tls_required"] != "" {
			add(FTLSRequired, Problem, ev("reply", lastReply(s)), fix(User, "use_tls_explicit"))
		} else {
			add(FLoginFailed, Blocker, ev("user", rep.User, "reply", lastReply(s)), fix(User, "check_login"), fix(Admin, "check_account", "user", rep.User))
		}
	}
	if s := f.last(StepFeat); s != nil && rep.TLS == transport.TLSNone && f.first(StepTLS) == nil {
		for _, feat := range rep.Features {
			if strings.HasPrefix(strings.ToUpper(feat), "AUTH") && strings.Contains(strings.ToUpper(feat), "TLS") {
				add(FTLSOffered, Notice, ev("feature", feat), fix(User, "use_tls_explicit"))
				break
			}
		}
	}
	limit := 0
	if s := f.first(StepLimit); s != nil && s.Facts["limit"] != "" {
		limit, _ = strconv.Atoi(s.Facts["limit"])
		add(FConnLimit, Notice, ev("limit", s.Facts["limit"], "reply", lastReply(s)),
			fix(User, "max_connections", "limit", s.Facts["limit"]), fix(Admin, "raise_limit", "limit", s.Facts["limit"]))
	}

	passiveFixes := f.passive(add)
	activeFixes := f.active(add, now)
	f.alg(add)
	f.dataTLS(add)
	if s := f.first(StepClock); s != nil {
		if z := s.Facts["zone"]; z != "" && z != "UTC+00:00" {
			add(FZone, Notice, ev("zone", z), fix(User, "note_zone", "zone", z))
		}
		if a := s.Facts["ahead"]; a != "" {
			add(FClockAhead, Notice, ev("ahead", a), fix(Admin, "fix_clock"))
		}
	}

	rec := recommend(f, now, limit, passiveFixes, activeFixes)
	if !rec.Works && f.first(StepFeat) != nil {
		add(FNothingWorks, Blocker, nil)
	}
	sort.SliceStable(out, func(i, j int) bool { return sevRank[out[i].Severity] < sevRank[out[j].Severity] })
	return out, rec
}

var sevRank = map[Severity]int{Blocker: 0, Problem: 1, Notice: 2}

func certEv(c *CertFacts) map[string]string {
	if c == nil {
		return nil
	}
	return ev("subject", c.Subject, "issuer", c.Issuer, "sha256", c.Fingerprint, "problem", c.Problem,
		"expires", c.NotAfter.Format("2006-01-02"))
}

func joinPorts(ps []int) string {
	ps = append([]int(nil), ps...)
	sort.Ints(ps)
	var s []string
	for i, p := range ps {
		if i > 0 && p == ps[i-1] {
			continue
		}
		s = append(s, strconv.Itoa(p))
	}
	return strings.Join(s, ", ")
}

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
	if s := f.main["PASV"]; s != nil && s.Facts["sent_addr"] != "" {
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

// recommend picks the best way: passive first (nothing to open on this
// side), EPSV before PASV (no address to get wrong), unless passive works
// only on some ports.
func recommend(f *facts, now Settings, limit int, passiveFixes, activeFixes []Fix) Recommendation {
	tlsMode := f.rep.Checked
	rec := Recommendation{Settings: now}
	rec.Settings.TLS = tlsMode
	rec.Settings.MaxConnections = limit
	order := []string{"EPSV", "PASV", "EPRT", "PORT"}
	if len(f.ok) > 0 && len(f.drop)+len(f.ref) > 0 && (f.works("EPRT") || f.works("PORT")) {
		order = []string{"EPRT", "PORT", "EPSV", "PASV"}
	}
	for _, m := range order {
		if !f.works(m) {
			continue
		}
		meth, _ := transport.ParseMethod(m)
		rec.Works = true
		rec.Settings.Method = meth
		if meth.Passive() {
			rec.Settings.Mode, rec.OtherMode = transport.ModePassive, transport.ModeActive
			if !(f.works("EPRT") || f.works("PORT")) {
				rec.Other = activeFixes
			}
		} else {
			rec.Settings.Mode, rec.OtherMode = transport.ModeActive, transport.ModePassive
			rec.Other = passiveFixes
		}
		if m == "PASV" {
			rec.Settings.UseSentPassiveAddress = false
		}
		return rec
	}
	rec.Other = append(append([]Fix(nil), passiveFixes...), activeFixes...)
	return rec
}
