package check

import (
	"context"
	"net"
	"strconv"
	"strings"
	"sync"
	"time"

	"portside/transfer/ftp"
	"portside/transfer/sftp"
	"portside/transfer/transport"
)

// Config is what to check and how far.
type Config struct {
	// Site is the connection as the site profile has it (host, port, TLS,
	// login, mode, active-mode settings, trust hook, dial and timeouts).
	Site ftp.Config
	// UploadDir, when set, adds an upload and a delete of a small file in
	// this folder: only when the user asked for it.
	UploadDir string
	// ComparePlain lets a TLS site's failed data methods be tried again
	// over a plain control connection, which sends the password
	// unencrypted: only when the user asked. (A plain site is always tried
	// with TLS where the server offers it.)
	ComparePlain bool
	// Progress is told when a step starts (Status "") and when it ends.
	// It runs on the check's goroutine: keep it short.
	Progress func(Step)
	// Now is the clock (tests); default time.Now.
	Now func() time.Time
	// SFTP, when set, makes this the check of an SFTP site (sftp.go):
	// Site then serves only for its DialTimeout, and UploadDir and
	// ComparePlain are not used.
	SFTP *sftp.Config
}

func (c *Config) dialTimeout() time.Duration {
	if c.Site.DialTimeout > 0 {
		return c.Site.DialTimeout
	}
	return 10 * time.Second
}

// dataTimeout bounds each data connect or accept. The check keeps it
// shorter than a session's: it waits for every failing way in turn.
func (c *Config) dataTimeout() time.Duration {
	if c.Site.DataTimeout > 0 {
		return c.Site.DataTimeout
	}
	return 5 * time.Second
}

func (c *Config) dial(ctx context.Context, addr string) (net.Conn, error) {
	if c.Site.Dial != nil {
		return c.Site.Dial(ctx, "tcp", addr)
	}
	var d net.Dialer
	return d.DialContext(ctx, "tcp", addr)
}

func (c *Config) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

// runner holds one check's state.
type runner struct {
	cfg *Config
	rep *Report
	mu  sync.Mutex

	tls      transport.TLSMode // what the data tries use (the site's, or TLS when required)
	feat     map[string]bool
	file     listedFile // a file to download, from the first listing
	listing  []byte     // the first listing's text, for the clock step
	features []string
	hadConn  bool // the check has connected before: a 421 may be its own last connection
}

// Run checks the site. It never fails: what went wrong is in the report.
// ctx ends it early (the report then holds the steps done so far).
func Run(ctx context.Context, cfg Config) *Report {
	if cfg.SFTP != nil {
		return runSFTP(ctx, cfg)
	}
	if cfg.Site.Port == 0 {
		cfg.Site.Port = map[bool]int{true: 990, false: 21}[cfg.Site.TLS == transport.TLSImplicit]
	}
	if cfg.Site.TLS == transport.TLSIfAvailable {
		// The check never sends a password readable unasked: it checks
		// the TLS way, and its report says when the server has none.
		cfg.Site.TLS = transport.TLSExplicit
	}
	cfg.Site.TrustCertificate = onceTrust(cfg.Site.TrustCertificate)
	r := &runner{cfg: &cfg, tls: cfg.Site.TLS}
	r.rep = &Report{Host: cfg.Site.Host, Port: cfg.Site.Port, TLS: cfg.Site.TLS, User: cfg.Site.User, Started: cfg.now()}
	if cfg.Site.Proxied() {
		r.rep.Proxy = cfg.Site.Proxy.String()
	}
	start := time.Now()
	defer func() { r.rep.Took = time.Since(start) }()
	if r.control(ctx) {
		r.data(ctx)
	}
	r.rep.Checked = r.tls
	r.rep.Findings, r.rep.Recommend = Diagnose(r.rep, cfg.settingsNow())
	return r.rep
}

// settingsNow is the site's current data-connection settings, which the
// advice is based on.
func (c *Config) settingsNow() Settings {
	return Settings{Mode: c.Site.Mode, TLS: c.Site.TLS, UseSentPassiveAddress: c.Site.UseSentPassiveAddress,
		ExternalAddress: c.Site.ExternalAddress, ActivePortMin: c.Site.ActivePortMin, ActivePortMax: c.Site.ActivePortMax}
}

// begin starts a step: it is announced and its clock runs.
func (r *runner) begin(st Step) *timedStep {
	if r.cfg.Progress != nil {
		r.cfg.Progress(st)
	}
	return &timedStep{Step: st, r: r, start: time.Now()}
}

type timedStep struct {
	Step
	r     *runner
	start time.Time
}

// endSpan ends a step that took took, measured by someone else.
func (t *timedStep) endSpan(took time.Duration, s Status, errKind string) *Step {
	t.start = time.Now().Add(-took)
	return t.end(s, errKind)
}

// end records the step with its status and error kind.
func (t *timedStep) end(s Status, errKind string) *Step {
	t.Status, t.Error, t.Took = s, errKind, time.Since(t.start)
	t.r.mu.Lock()
	t.r.rep.Steps = append(t.r.rep.Steps, t.Step)
	st := &t.r.rep.Steps[len(t.r.rep.Steps)-1]
	t.r.mu.Unlock()
	if t.r.cfg.Progress != nil {
		t.r.cfg.Progress(t.Step)
	}
	return st
}

func (s *Step) fact(k, v string) {
	if s.Facts == nil {
		s.Facts = map[string]string{}
	}
	s.Facts[k] = v
}

// control runs the steps up to FEAT on the first connection, then the
// connection-limit step. It reports whether data tries can follow.
func (r *runner) control(ctx context.Context) bool {
	host := r.cfg.Site.Host
	if net.ParseIP(host) == nil {
		st := r.begin(Step{ID: StepDNS})
		lctx, cancel := context.WithTimeout(ctx, r.cfg.dialTimeout())
		addrs, err := net.DefaultResolver.LookupHost(lctx, host)
		cancel()
		if err != nil {
			st.fact("host", host)
			st.end(Failed, ErrDNS)
			return false
		}
		st.fact("addresses", strings.Join(addrs, ", "))
		st.end(OK, "")
	}
	c, ok := r.login(ctx, r.tls, true)
	if !ok {
		return false
	}
	defer c.close()
	st := r.begin(Step{ID: StepFeat})
	c.step = &st.Step
	rep, err := c.cmd("FEAT")
	r.feat = map[string]bool{}
	if err == nil && rep.code == 211 {
		for _, l := range rep.lines[1:] {
			if strings.HasPrefix(l, " ") {
				f := strings.TrimSpace(l)
				r.features = append(r.features, f)
				name, _, _ := strings.Cut(strings.ToUpper(f), " ")
				r.feat[name] = true
				if strings.HasPrefix(strings.ToUpper(f), "AUTH ") && strings.Contains(strings.ToUpper(f), "TLS") {
					r.feat["AUTH TLS"] = true
				}
			}
		}
		r.rep.Features = r.features
		st.end(OK, "")
	} else {
		st.end(Warn, ErrReply)
	}
	if sr, err := c.cmd("SYST"); err == nil && sr.code == 215 {
		st := &r.rep.Steps[len(r.rep.Steps)-1]
		st.fact("system", sr.text())
	}
	r.limit(ctx)
	return true
}

// limit opens more connections while the first is logged in, up to
// maxExtra, until the server refuses one: the limit it counts. vsftpd
// (max_per_ip) and pure-ftpd (-C) refuse at the greeting with 421;
// proftpd (MaxClientsPerHost) greets and refuses the login with 530, so
// each extra connection logs in too.
const maxExtra = 3

func (r *runner) limit(ctx context.Context) {
	st := r.begin(Step{ID: StepLimit})
	var open []*ctl
	defer func() {
		for _, c := range open {
			c.close()
		}
	}()
	refused := func(kind string) {
		st.fact("limit", strconv.Itoa(1+len(open)))
		st.end(Warn, kind)
	}
	for i := 0; i < maxExtra; i++ {
		c, kind, err := dialCtl(ctx, r.cfg, nil)
		if err != nil {
			st.fact("error", kind)
			break
		}
		c.step = &st.Step
		full, ok := r.extraLogin(ctx, c)
		if full {
			c.close()
			refused(ErrReply)
			return
		}
		if !ok {
			c.close()
			break
		}
		open = append(open, c)
	}
	st.fact("tried", strconv.Itoa(1+len(open)))
	st.end(OK, "")
}

// extraLogin greets and logs in on an extra connection; full reports a
// refusal for too many connections.
func (r *runner) extraLogin(ctx context.Context, c *ctl) (full, ok bool) {
	if r.tls == transport.TLSImplicit {
		if _, err := c.handshake(ctx); err != nil {
			return false, false
		}
	}
	rep, err := c.read()
	if err != nil {
		return true, false // closed at once without a word: full too
	}
	if rep.code == 421 {
		return true, false
	}
	if rep.code != 220 {
		return false, false
	}
	if r.tls == transport.TLSExplicit {
		if rep, err := c.cmd("AUTH TLS"); err != nil || rep.code != 234 {
			return false, false
		}
		if _, err := c.handshake(ctx); err != nil {
			return false, false
		}
	}
	user := r.cfg.Site.User
	if user == "" {
		user = "anonymous"
	}
	rep, err = c.cmd("USER " + user)
	if err == nil && rep.code == 331 {
		rep, err = c.cmd("PASS " + r.cfg.Site.Password)
	}
	switch {
	case err != nil:
		return true, false
	case rep.code == 230:
		return false, true
	case rep.code == 421 || tooMany(rep):
		return true, false
	}
	return false, false
}

// tooMany reads a refused login as a connection limit: proftpd's "530
// Sorry, the maximum number of clients (1) from your host are already
// connected", Serv-U's and IIS's "too many connections"/"users".
func tooMany(rep reply) bool {
	t := strings.ToLower(rep.text())
	for _, w := range []string{"maximum number", "too many", "already connected", "connection limit", "max"} {
		if strings.Contains(t, w) {
			return true
		}
	}
	return false
}

// login opens a control connection with the TLS mode asked for and logs
// in. With record, each step (connect, greeting, TLS, login) is a step of
// the report; otherwise the connection is quiet (a data try's own).
// A plain login that the server refuses because it wants TLS is
// recorded, and the check goes on with explicit TLS.
func (r *runner) login(ctx context.Context, mode transport.TLSMode, record bool) (*ctl, bool) {
	var st *timedStep
	step := func(s Step) *Step {
		if !record {
			return nil
		}
		st = r.begin(s)
		return &st.Step
	}
	end := func(s Status, kind string) {
		if st != nil {
			st.end(s, kind)
		}
	}
	var c *ctl
	var greet reply
	prior := r.hadConn
	r.hadConn = true
	// A server with a small connection limit may not have seen the last
	// connection close yet: a few tries, for the quiet connections only.
	for attempt := 0; ; attempt++ {
		cs := step(Step{ID: StepConnect})
		var kind string
		var err error
		c, kind, err = dialCtl(ctx, r.cfg, cs)
		if err != nil {
			if cs != nil {
				cs.fact("addr", r.cfg.Site.Addr())
			}
			end(Failed, kind)
			return nil, false
		}
		end(OK, "")
		if mode == transport.TLSImplicit {
			ts := step(Step{ID: StepTLS, Method: "implicit"})
			c.step = ts
			facts, err := c.handshake(ctx)
			r.certFacts(facts)
			if err != nil {
				c.close()
				r.tlsFailed(ts, err)
				end(Failed, ErrTLSFail)
				return nil, false
			}
			end(OK, "")
		}
		gs := step(Step{ID: StepGreeting})
		c.step = gs
		greet, err = c.read()
		if err != nil {
			c.close()
			end(Failed, netKind(err))
			return nil, false
		}
		// A 421 right after a connection of our own closed is the server
		// still counting it (vsftpd max_per_ip=1 after the plain login it
		// refused): up to 8 tries. On the first connection a few tries
		// too (another program's session may just be ending); a 421 that
		// stays is the server full.
		tries := 3
		if prior {
			tries = 8
		}
		if greet.code == 421 && attempt < tries-1 {
			c.close() // the greeting step is dropped: it was ours
			if !sleep(ctx, 300*time.Millisecond) {
				return nil, false
			}
			continue
		}
		break
	}
	if greet.code != 220 {
		c.close()
		end(Failed, ErrReply)
		return nil, false
	}
	end(OK, "")
	if mode == transport.TLSExplicit {
		ts := step(Step{ID: StepTLS, Method: "explicit"})
		c.step = ts
		rep, err := c.cmd("AUTH TLS")
		if err != nil || rep.code != 234 {
			c.close()
			if ts != nil {
				ts.fact("offered", "no")
			}
			end(Failed, ErrReply)
			return nil, false
		}
		facts, err := c.handshake(ctx)
		r.certFacts(facts)
		if err != nil {
			c.close()
			r.tlsFailed(ts, err)
			end(Failed, ErrTLSFail)
			return nil, false
		}
		end(OK, "")
	}
	ls := step(Step{ID: StepLogin})
	c.step = ls
	user := r.cfg.Site.User
	if user == "" {
		user = "anonymous"
	}
	rep, err := c.cmd("USER " + user)
	if err == nil && rep.code == 331 {
		rep, err = c.cmd("PASS " + r.cfg.Site.Password)
	}
	if err != nil || rep.code != 230 {
		c.close()
		if err == nil && mode == transport.TLSNone && wantsTLS(rep) {
			if ls != nil {
				ls.fact("tls_required", "1")
			}
			end(Failed, ErrReply)
			if record {
				r.tls = transport.TLSExplicit
				return r.login(ctx, transport.TLSExplicit, true)
			}
			return nil, false
		}
		end(Failed, cmpKind(err, ErrReply))
		return nil, false
	}
	if mode != transport.TLSNone {
		if rep, err := c.cmd("PBSZ 0"); err != nil || rep.code != 200 {
			c.close()
			end(Failed, cmpKind(err, ErrReply))
			return nil, false
		}
	}
	if rep, err := c.cmd("TYPE I"); err != nil || rep.code != 200 {
		c.close()
		end(Failed, cmpKind(err, ErrReply))
		return nil, false
	}
	end(OK, "")
	return c, true
}

// wantsTLS reads a refused login as "use TLS first": vsftpd's "530
// Non-anonymous sessions must use encryption", ftpserverlib's "421 TLS is
// required", pure-ftpd's "Sorry, cleartext sessions … are not accepted",
// IIS's "534 Policy requires SSL", Serv-U's and FileZilla Server's
// "530 This server does not allow plain FTP".
func wantsTLS(rep reply) bool {
	if rep.code == 534 {
		return true
	}
	t := strings.ToLower(rep.text())
	for _, w := range []string{"tls", "ssl", "encrypt", "cleartext", "plain ftp", "secure"} {
		if strings.Contains(t, w) {
			return true
		}
	}
	return false
}

func cmpKind(err error, otherwise string) string {
	if err != nil {
		return netKind(err)
	}
	return otherwise
}

func (r *runner) certFacts(f *CertFacts) {
	if f != nil && f.Fingerprint != "" && r.rep.Cert == nil {
		r.rep.Cert = f
	}
}

// tlsFailed records why a control handshake failed.
func (r *runner) tlsFailed(st *Step, err error) {
	if st == nil {
		return
	}
	switch {
	case certChanged(err):
		st.fact("cert", "changed")
	case r.rep.Cert != nil && !r.rep.Cert.Accepted:
		st.fact("cert", "untrusted")
	default:
		st.fact("cert", "handshake")
	}
}

func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
