// Package checktext words a connection check's report (package
// transfer/check) in one of the catalogues' languages: the text a user
// copies or saves for the server's administrator, and the lines the
// window and the command line show while the check runs.
package checktext

import (
	"fmt"
	"net"
	"sort"
	"strconv"
	"strings"
	"time"

	"portside/i18n"
	"portside/transfer/check"
	"portside/transfer/transport"
)

// Options change what the text holds.
type Options struct {
	// Stable leaves out what changes from run to run (timings, the date),
	// for golden files.
	Stable bool
	// Exchange adds the server's replies of the steps that failed.
	Exchange bool
}

// Words words reports in one language.
type Words struct{ L *i18n.Localizer }

// For is Words in lang.
func For(lang string) Words { return Words{L: i18n.For(lang)} }

// StepName is a step's name, e.g. "EPSV listing, TLS on data".
func (w Words) StepName(s check.Step, siteTLS transport.TLSMode) string {
	data := map[string]string{"Method": s.Method}
	if s.ID == check.StepTLS {
		data["Method"] = w.L.T("tlsstep."+s.Method, nil)
	}
	if s.ID != check.StepData {
		return w.L.T("step."+string(s.ID), data)
	}
	data["Action"] = w.L.T("action."+s.Action, nil)
	var v string
	switch s.Control {
	case "tls":
		v += w.L.T("variant.ctl_tls", nil)
	case "plain":
		v += w.L.T("variant.ctl_plain", nil)
	}
	switch {
	case s.Prot == "C":
		v += w.L.T("variant.prot_c", nil)
	case s.Prot == "P" && siteTLS == transport.TLSNone && s.Control == "":
		v += w.L.T("variant.prot_p", nil)
	}
	data["Variant"] = v
	return w.L.T("step.data", data)
}

// factOrder is which facts a step line shows, in order.
var factOrder = []string{"addresses", "system", "sent_addr", "addr", "announced", "from", "file", "limit", "zone", "samples",
	"key", "ssh_offered", "ssh_tried", "path", "entries"} // the last five: SFTP's

// StepLine is one line for a step: name, status, time and the main facts.
func (w Words) StepLine(s check.Step, siteTLS transport.TLSMode, stable bool) string {
	name, rest := w.StepParts(s, siteTLS, stable)
	return pad(name, 40) + " " + rest
}

// StepParts is a step's name, and its status with time and facts, for a
// front end that lays them out in columns.
func (w Words) StepParts(s check.Step, siteTLS transport.TLSMode, stable bool) (name, rest string) {
	status := w.L.T("status."+string(s.Status), nil)
	if s.Status == "" {
		status = w.L.T("status.running", nil)
	}
	if s.Error != "" && s.Status != check.OK {
		status += w.L.T("status.sep", nil) + w.L.T("err."+s.Error, nil)
	}
	rest = status
	if !stable && s.Status != "" {
		rest += fmt.Sprintf(" (%s)", Duration(s.Took))
	}
	var facts []string
	for _, k := range factOrder {
		v := s.Facts[k]
		if v == "" {
			continue
		}
		if k == "samples" {
			if stable {
				continue // which ports come up differs from run to run
			}
			v = samples(v)
		}
		facts = append(facts, w.L.T("fact."+k, map[string]string{"Value": v}))
	}
	if len(facts) > 0 {
		rest += " — " + strings.Join(facts, w.L.T("fact.sep", nil))
	}
	return w.StepName(s, siteTLS), rest
}

// samples turns "30001:ok,30007:refused" into "30001 ok, 30007 refused".
func samples(v string) string {
	return strings.ReplaceAll(strings.ReplaceAll(v, ":", " "), ",", ", ")
}

// Duration is a step's time as people read it: 12 ms, 2.1 s.
func Duration(d time.Duration) string {
	if d < time.Second {
		return strconv.Itoa(int(d.Milliseconds())) + " ms"
	}
	return strconv.FormatFloat(d.Seconds(), 'f', 1, 64) + " s"
}

// Title and Cause of a finding, with its evidence.
func (w Words) Title(f check.Finding) string {
	return w.L.T("finding."+f.Code+".title", f.Evidence)
}

func (w Words) Cause(f check.Finding) string {
	return w.L.T("finding."+f.Code+".cause", f.Evidence)
}

// Fix words one fix; the finding's evidence fills what the fix's own
// values do not.
func (w Words) Fix(x check.Fix, evidence map[string]string) string {
	data := map[string]string{}
	for k, v := range evidence {
		data[k] = v
	}
	for k, v := range x.Args {
		data[k] = v
	}
	return w.L.T("fix."+string(x.Side)+"."+x.Code, data)
}

// Recommendation is the one sentence, and what would make the other mode
// work too, by side.
func (w Words) Recommendation(r check.Recommendation) (sentence string, other []string) {
	if !r.Works {
		return w.L.T("rec.none", nil), w.fixLines(r.Other, nil)
	}
	if r.Protocol == check.ProtocolSFTP {
		return w.L.T("rec.sftp_works", nil), nil // no settings to choose
	}
	s := r.Settings
	data := map[string]string{"Mode": w.L.T("mode."+s.Mode.String(), nil), "Method": s.Method.String()}
	if s.TLS != transport.TLSNone {
		data["TLS"] = w.L.T("tls."+s.TLS.String(), nil)
	}
	if s.MaxConnections > 0 {
		data["Limit"] = strconv.Itoa(s.MaxConnections)
	}
	sentence = w.L.T("rec.works", data)
	otherName := map[string]string{"Other": w.L.T("mode."+r.OtherMode.String(), nil)}
	if len(r.Other) == 0 {
		return sentence, []string{w.L.T("rec.other_works", otherName)}
	}
	return sentence, append([]string{w.L.T("rec.other_fix", otherName)}, w.fixLines(r.Other, nil)...)
}

// fixLines groups fixes by side: "You: …", "The server's administrator: …".
func (w Words) fixLines(fixes []check.Fix, evidence map[string]string) []string {
	var out []string
	for _, side := range []check.Side{check.User, check.Admin} {
		for _, x := range fixes {
			if x.Side == side {
				out = append(out, "  "+w.L.T("side."+string(side), nil)+w.L.T("side.sep", nil)+w.Fix(x, evidence))
			}
		}
	}
	return out
}

// Text is the whole report as plain text.
func (w Words) Text(r *check.Report, o Options) string {
	var b strings.Builder
	line := func(s string) { b.WriteString(strings.TrimRight(s, " ") + "\n") }
	line(w.L.T("check.title", nil))
	user := r.User
	if user == "" {
		user = "anonymous"
	}
	kind := w.L.T("tls."+r.TLS.String(), nil)
	if r.Protocol != "" {
		kind = w.L.T("proto."+r.Protocol, nil)
	}
	line(w.L.T("check.target", map[string]string{"Target": net.JoinHostPort(r.Host, strconv.Itoa(r.Port)),
		"TLS": kind, "User": user}))
	if r.Proxy != "" {
		line(w.L.T("check.via_proxy", map[string]string{"Proxy": r.Proxy}))
	}
	if !o.Stable {
		line(w.L.T("check.when", map[string]string{"When": r.Started.Format("2006-01-02 15:04:05 -0700"), "Took": Duration(r.Took)}))
	}
	if r.Recommend.Works {
		line(w.L.T("check.verdict.works", nil))
	} else {
		line(w.L.T("check.verdict.none", nil))
	}
	line("")
	line("== " + w.L.T("hdr.recommendation", nil))
	sentence, other := w.Recommendation(r.Recommend)
	line(sentence)
	for _, o := range other {
		line(o)
	}
	line("")
	if len(r.Findings) > 0 {
		line("== " + w.L.T("hdr.findings", nil))
		for i, f := range r.Findings {
			line(fmt.Sprintf("%d. [%s] %s", i+1, w.L.T("sev."+string(f.Severity), nil), w.Title(f)))
			line("   " + w.Cause(f))
			for _, l := range w.fixLines(f.Fixes, f.Evidence) {
				line("  " + l)
			}
		}
		line("")
	}
	if len(r.PassivePorts) > 0 && r.PassiveRange[0] > 0 {
		line("== " + w.L.T("hdr.ports", nil))
		line(w.L.T("ports.seen", map[string]string{"Ports": portList(r.PassivePorts, 12),
			"Range": fmt.Sprintf("%d–%d", r.PassiveRange[0], r.PassiveRange[1])}))
		line("")
	}
	if c := r.Cert; c != nil {
		line("== " + w.L.T("hdr.cert", nil))
		expires, sha := c.NotAfter.Format("2006-01-02"), c.Fingerprint
		if o.Stable { // a test server makes a new certificate each run
			expires, sha = "…", "…"
		}
		line(w.L.T("cert.line", map[string]string{"Subject": c.Subject, "Issuer": c.Issuer,
			"Expires": expires, "Version": c.Version}))
		line(w.L.T("cert.fingerprint", map[string]string{"SHA": sha}))
		problem := map[string]string{"Problem": w.L.T("problem."+c.Problem, nil)}
		switch {
		case c.Trusted:
			line(w.L.T("cert.trusted", nil))
		case c.Accepted:
			line(w.L.T("cert.accepted", problem))
		default:
			line(w.L.T("cert.refused", problem))
		}
		line("")
	}
	line("== " + w.L.T("hdr.steps", nil))
	for _, s := range r.Steps {
		line(w.StepLine(s, r.Checked, o.Stable))
		if o.Exchange && s.Status == check.Failed {
			for _, x := range s.Exchange {
				line("      " + x)
			}
		}
	}
	return b.String()
}

// portList is the distinct ports in order, at most n of them.
func portList(ports []int, n int) string {
	seen := map[int]bool{}
	var ps []int
	for _, p := range ports {
		if !seen[p] {
			seen[p] = true
			ps = append(ps, p)
		}
	}
	sort.Ints(ps)
	var s []string
	for i, p := range ps {
		if i == n {
			s = append(s, "…")
			break
		}
		s = append(s, strconv.Itoa(p))
	}
	return strings.Join(s, ", ")
}

// pad fills name with spaces to width columns, counting CJK characters
// (which a terminal shows twice as wide) as two.
func pad(name string, width int) string {
	n := 0
	for _, r := range name {
		n++
		if r >= 0x1100 && (r <= 0x115f || (r >= 0x2e80 && r <= 0xa4cf) || (r >= 0xac00 && r <= 0xd7a3) ||
			(r >= 0xf900 && r <= 0xfaff) || (r >= 0xfe30 && r <= 0xfe4f) || (r >= 0xff00 && r <= 0xff60) || (r >= 0xffe0 && r <= 0xffe6)) {
			n++
		}
	}
	if n >= width {
		return name
	}
	return name + strings.Repeat(" ", width-n)
}
