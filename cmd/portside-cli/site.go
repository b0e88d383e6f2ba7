package main

import (
	"bufio"
	"context"
	"crypto/x509"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/term"

	"portside/i18n"
	"portside/transfer"
	"portside/transfer/ftp"
	"portside/transfer/ftpd"
	"portside/transfer/transport"
)

// siteFlags are the connection settings every command shares.
type siteFlags struct {
	mode        string
	tls         string
	fingerprint string
	external    string
	activePorts string
	useSentPASV bool
	listHidden  bool
	noPipeline  bool
	timeout     time.Duration
	verbose     bool
	demo        bool
	key         string          // SFTP: a private key file
	site        string          // a saved site's name or ID
	set         map[string]bool // the flags given on the command line
	words       *i18n.Localizer // for apply's refusals (nil: English)
}

// refuse is apply's refusal (refuseWith in the flags' language).
func (o *siteFlags) refuse(english error, worded func(*i18n.Localizer) string) error {
	return refuseWith(o.words, english, worded)
}

func (o *siteFlags) register(fs *flag.FlagSet, w *i18n.Localizer) {
	o.words = w
	fs.StringVar(&o.mode, "mode", "auto", w.T("cli.flag.mode", nil))
	fs.StringVar(&o.tls, "tls", "", w.T("cli.flag.tls", nil))
	fs.StringVar(&o.fingerprint, "fingerprint", "", w.T("cli.flag.fingerprint", nil))
	fs.StringVar(&o.key, "key", "", w.T("cli.flag.key", nil))
	fs.StringVar(&o.external, "external-address", "", w.T("cli.flag.external_address", nil))
	fs.StringVar(&o.activePorts, "active-ports", "", w.T("cli.flag.active_ports", nil))
	fs.BoolVar(&o.useSentPASV, "use-sent-pasv-address", false, w.T("cli.flag.use_sent_pasv_address", nil))
	fs.BoolVar(&o.listHidden, "list-hidden", false, w.T("cli.flag.list_hidden", nil))
	fs.DurationVar(&o.timeout, "timeout", 0, w.T("cli.flag.timeout", nil))
	fs.BoolVar(&o.verbose, "v", false, w.T("cli.flag.v", nil))
	fs.BoolVar(&o.noPipeline, "no-pipelining", false, w.T("cli.flag.no_pipelining", nil))
	fs.BoolVar(&o.demo, "demo", false, w.T("cli.flag.demo", nil))
	fs.StringVar(&o.site, "site", "", w.T("cli.flag.site", nil))
}

// connect turns a URL (or a path on the demo server) into a session.
func connect(ctx context.Context, e *env, target string) (transfer.FS, string, error) {
	if ep, ok, err := sftpEndpoint(e, e.flags.site, target); ok || err != nil {
		if err != nil {
			return nil, "", err
		}
		s, err := ep.dial(ctx)
		return s, ep.path, err
	}
	cfg, path, err := siteConfig(e, target)
	if err != nil {
		return nil, "", err
	}
	s, err := ftp.Connect(ctx, cfg)
	if err != nil {
		return nil, "", err
	}
	if p := s.Probe(); p != nil && e.flags.verbose {
		fmt.Fprintln(e.stderr, e.probeText(p))
	}
	rememberMethod(e, cfg, s)
	return s, path, nil
}

// siteConfig reads the site from a URL (asking for the password) or starts
// the demo server; the path is the URL's.
func siteConfig(e *env, target string) (ftp.Config, string, error) {
	var cfg ftp.Config
	var path string
	if e.flags.site != "" {
		cfg, site, err := savedSiteConfig(e, e.flags.site)
		return cfg, sitePath(site, target), err
	}
	if e.flags.demo {
		srv, err := e.demoServer()
		if err != nil {
			return cfg, "", err
		}
		cfg.Host, cfg.Port, cfg.User, cfg.Password = "127.0.0.1", srv.Port(), "demo", "demo"
		cfg.TLS = transport.TLSExplicit
		cfg.TrustCertificate = pinned(transport.Fingerprint(srv.Certificate().Leaf))
		path = target
	} else {
		var err error
		if cfg, path, err = ftp.ParseURL(target); err != nil {
			return cfg, "", e.usageErr(e.errText(err))
		}
		if cfg.Password != "" { // others see it in the process list, the shell keeps it in its history
			return cfg, "", e.usageErr(e.words.T("cli.password_in_url", nil))
		}
		if cfg.Password, err = password(e, cfg); err != nil {
			return cfg, "", err
		}
	}
	if err := e.flags.apply(&cfg, false); err != nil {
		return cfg, "", e.usageErr(err.Error())
	}
	if !e.flags.demo {
		e.flags.plainRule(e, &cfg, true)
	}
	e.flags.logTo(e, &cfg)
	if !e.flags.demo {
		useKnownMethod(e, &cfg)
		if err := proxyFromEnv(e, &cfg); err != nil {
			return cfg, "", err
		}
	}
	return cfg, path, nil
}

// plainRule is ftp://'s TLS (fromURL): explicit TLS if the server has it,
// unless --tls says otherwise; a saved site keeps its own. A login without
// encryption, whether the server had no TLS or plain FTP was asked for,
// says so in one line on stderr (once, however many connections auto
// mode and transfers open).
func (o *siteFlags) plainRule(e *env, cfg *ftp.Config, fromURL bool) {
	if fromURL && o.tls == "" && cfg.TLS == transport.TLSNone {
		cfg.TLS = transport.TLSIfAvailable
	}
	warn := transport.AskOnce(func(addr string) error {
		fmt.Fprintln(e.stderr, e.words.T("cli.warn_plain", map[string]any{"Addr": addr}))
		return nil
	})
	switch cfg.TLS {
	case transport.TLSIfAvailable:
		cfg.ConfirmPlain = warn
		if cfg.TrustCertificate == nil && fromURL {
			// A certificate nobody vouches for: say how to go on, since
			// the user only typed ftp://.
			cfg.TrustCertificate = func(chain []*x509.Certificate, verr error) error {
				if verr == nil {
					return nil
				}
				return tryTLSError{&transport.UntrustedError{Chain: chain, Err: verr}}
			}
		}
	case transport.TLSNone:
		warn(cfg.Addr())
	}
}

// logTo prints the FTP message log to stderr with -v.
func (o *siteFlags) logTo(e *env, cfg *ftp.Config) {
	if !o.verbose {
		return
	}
	var mu sync.Mutex // sessions log from several workers
	cfg.Log = func(ev transport.Event) {
		mu.Lock()
		defer mu.Unlock()
		if e.words.Lang() != i18n.English {
			// A line the engine gave a code, in the user's language;
			// English keeps the engine's own text.
			ev.Text = e.words.Event(ev)
		}
		fmt.Fprintln(e.stderr, ev)
	}
}

// apply puts the flags into cfg; over a saved site's settings (profile)
// only the flags given on the command line.
func (o *siteFlags) apply(cfg *ftp.Config, profile bool) error {
	given := func(name string) bool { return !profile || o.set[name] }
	var err error
	if given("mode") {
		if cfg.Mode, err = transport.ParseMode(o.mode); err != nil {
			return o.refuse(err, func(w *i18n.Localizer) string {
				return w.T("cli.bad_mode", map[string]any{"Mode": strconv.Quote(o.mode)})
			})
		}
	}
	if o.tls != "" {
		if cfg.TLS, err = transport.ParseTLSMode(o.tls); err != nil {
			return o.refuse(err, func(w *i18n.Localizer) string {
				return w.T("cli.bad_tls", map[string]any{"TLS": strconv.Quote(o.tls)})
			})
		}
	}
	if o.fingerprint != "" {
		fp, err := transport.ParseFingerprint(o.fingerprint)
		if err != nil {
			return o.refuse(fmt.Errorf("--fingerprint %q: %v", o.fingerprint, err), func(w *i18n.Localizer) string {
				return w.T("cli.bad_fingerprint", map[string]any{"Value": strconv.Quote(o.fingerprint)})
			})
		}
		cfg.TrustCertificate = pinned(fp)
	}
	if given("external-address") {
		cfg.ExternalAddress = o.external
	}
	if given("use-sent-pasv-address") {
		cfg.UseSentPassiveAddress = o.useSentPASV
	}
	cfg.ListHidden = o.listHidden
	if o.noPipeline {
		cfg.Pipelining = transport.PipelineOff
	}
	if o.timeout < 0 {
		return o.refuse(fmt.Errorf("--timeout %s: want a duration above zero, e.g. 20s", o.timeout), func(w *i18n.Localizer) string {
			return w.T("cli.timeout", map[string]any{"Timeout": o.timeout.String()})
		})
	}
	if o.timeout > 0 {
		cfg.IdleTimeout = o.timeout
	}
	if o.activePorts != "" {
		lo, hi, ok := strings.Cut(o.activePorts, "-")
		a, err1 := strconv.Atoi(lo)
		b, err2 := strconv.Atoi(hi)
		if !ok || err1 != nil || err2 != nil || a < 1 || b > 65535 || a > b {
			return o.refuse(fmt.Errorf("--active-ports %q: want LOW-HIGH, e.g. 50000-50100", o.activePorts), func(w *i18n.Localizer) string {
				return w.T("cli.bad_active_ports", map[string]any{"Value": strconv.Quote(o.activePorts)})
			})
		}
		cfg.ActivePortMin, cfg.ActivePortMax = a, b
	}
	return nil
}

// pinned trusts exactly the certificate with this fingerprint, and no
// other even when a CA vouches for it (verr nil): the transport asks on
// every handshake.
func pinned(fp string) func([]*x509.Certificate, error) error {
	want := strings.ToUpper(strings.ReplaceAll(fp, " ", ""))
	return func(chain []*x509.Certificate, verr error) error {
		if transport.Fingerprint(chain[0]) == want {
			return nil
		}
		why := errNotPinned
		if verr != nil {
			why = fmt.Errorf("%w; %w", verr, why)
		}
		return &transport.UntrustedError{Chain: chain, Err: why}
	}
}

// password reads PORTSIDE_PASSWORD, or prompts without echo on a terminal.
// Anonymous logins need none.
func password(e *env, cfg ftp.Config) (string, error) {
	if p := e.getenv("PORTSIDE_PASSWORD"); p != "" {
		return p, nil
	}
	if cfg.User == "" || cfg.User == "anonymous" || cfg.User == "ftp" {
		return "", nil
	}
	if f, ok := e.stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(e.stderr, e.words.T("cli.password", map[string]any{"User": cfg.User, "Host": cfg.Host}))
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(e.stderr)
		return string(b), err
	}
	// Not a terminal: one line from stdin, so scripts can pipe it in.
	line, err := bufio.NewReader(e.stdin).ReadString('\n')
	if err != nil && line == "" {
		return "", e.failErr(nil, e.words.T("cli.no_password", nil))
	}
	return strings.TrimRight(line, "\r\n"), nil
}

// demoServer starts the demo once per run.
func (e *env) demoServer() (*ftpd.Server, error) {
	if e.demo == nil {
		srv, err := startDemo()
		if err != nil {
			return nil, err
		}
		e.demo = srv
	}
	return e.demo, nil
}

// startDemo serves a seeded temporary folder on loopback until exit.
func startDemo() (*ftpd.Server, error) {
	dir, err := os.MkdirTemp("", "portside-demo-")
	if err != nil {
		return nil, err
	}
	if err := ftpd.SeedDemo(dir); err != nil {
		return nil, err
	}
	return ftpd.Start(ftpd.Config{Root: dir, TLS: ftpd.TLSExplicit})
}

// learningDial connects with cfg. In auto mode, the method the last
// connection settled on is the one the next tries first, so the probing
// that found it happens once per command line, not once per connection.
func learningDial(e *env, cfg ftp.Config) func(context.Context) (transfer.FS, error) {
	var mu sync.Mutex
	// The connections of one run share what auto mode proved: the first
	// probes, the others dial with its method (ftp.Proven).
	cfg.Proven = &ftp.Proven{}
	// A URL's run probes on its first connection, the others know; a
	// saved site's profile has said already (savedSiteConfig), and
	// --no-pipelining has turned it off for both (apply).
	if cfg.Pipelining == transport.PipelineOff && !e.flags.noPipeline && cfg.Learned == nil {
		cfg.Pipelining = transport.PipelineProbe
	}
	return func(ctx context.Context) (transfer.FS, error) {
		mu.Lock()
		c := cfg
		mu.Unlock()
		s, err := ftp.Connect(ctx, c)
		if err != nil {
			return nil, err // not a typed nil
		}
		if c.Mode == transport.ModeAuto {
			rememberMethod(e, c, s)
			m := s.Method()
			mu.Lock()
			cfg.Known = &m
			mu.Unlock()
		}
		return s, nil
	}
}
