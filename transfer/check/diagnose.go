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
	if rep.Protocol == ProtocolSFTP {
		return diagnoseSFTP(rep)
	}
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
		add(FConnLimit, Notice, ev("limit", s.Facts["limit"], "next", strconv.Itoa(limit+1), "reply", lastReply(s)),
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
