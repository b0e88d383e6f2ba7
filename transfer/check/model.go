// Package check is the connection check: it connects to a server every
// way there is (name lookup, TCP, greeting, TLS, login, FEAT, then data
// connections by EPSV, PASV, EPRT and PORT, with and without TLS on them),
// keeps every step's timing and the server's exact replies, and turns what
// it saw into findings (what is wrong, with evidence, the cause, and what
// to change on which side) and one recommendation.
//
// The package returns facts only: codes and evidence values. Sentences
// belong to the front ends and their catalogues (package i18n/checktext),
// so the same report reads in English or Chinese, in the window or on the
// command line.
package check

import (
	"time"

	"portside/transfer/transport"
)

// StepID names a step of the check.
type StepID string

const (
	StepDNS      StepID = "dns"
	StepConnect  StepID = "connect"
	StepGreeting StepID = "greeting"
	StepTLS      StepID = "tls"
	StepLogin    StepID = "login"
	StepFeat     StepID = "feat"
	StepData     StepID = "data"     // one data connection: Method, Prot, Action
	StepReuse    StepID = "reuse"    // a TLS data connection without session resumption
	StepLimit    StepID = "limit"    // extra connections until the server refuses one
	StepClock    StepID = "clock"    // the listing's time zone and the server's clock
	StepUpload   StepID = "upload"   // only when asked: an upload and delete
	StepPlain    StepID = "plain"    // a data method again over a plain control connection
	StepTLSProbe StepID = "tlsprobe" // a plain site: does the server offer TLS?
)

// Status is how a step ended.
type Status string

const (
	OK      Status = "ok"
	Warn    Status = "warn" // worked, with something to tell
	Failed  Status = "failed"
	Skipped Status = "skipped"
)

// Step is one timed step with what the server said.
type Step struct {
	ID     StepID `json:"id"`
	Method string `json:"method,omitempty"` // EPSV, PASV, EPRT, PORT for data steps
	// Prot is the data connection's protection: "P" (TLS) or "C" (clear);
	// empty when the control connection is plain.
	Prot    string `json:"prot,omitempty"`
	Control string `json:"control,omitempty"` // "tls" or "plain" when a data step's control connection differs from the site's
	Action  string `json:"action,omitempty"`  // list, download, upload
	Status  Status `json:"status"`
	// Error is the kind of failure: one of the Err* codes.
	Error string        `json:"error,omitempty"`
	Took  time.Duration `json:"took_ns"`
	// Exchange is the commands sent and the replies read, in order, exactly
	// as on the wire except that PASS is masked and control characters are
	// escaped ("> " for sent, "< " for received).
	Exchange []string `json:"exchange,omitempty"`
	// Facts are values the step found: "addr", "port", "bytes", "sent_addr", …
	Facts map[string]string `json:"facts,omitempty"`
}

// Failure kinds, for Step.Error.
const (
	ErrRefused     = "refused"     // TCP reset: nothing listens, or a firewall rejects
	ErrTimeout     = "timeout"     // no answer at all: a firewall drops silently
	ErrUnreachable = "unreachable" // ICMP: no route, host or net unreachable
	ErrReply       = "reply"       // the server answered with an error code
	ErrTLSFail     = "tls"         // a TLS handshake failed
	ErrClosed      = "closed"      // the server closed or reset the connection
	ErrNoConnect   = "no_connect"  // active mode: the server never connected
	ErrDNS         = "dns"
	ErrOther       = "other"
)

// Side is who can make a fix: the person running Portside, or the
// server's administrator.
type Side string

const (
	User  Side = "user"
	Admin Side = "admin"
)

// Fix is one thing to change, as a catalogue code with its values.
type Fix struct {
	Side Side              `json:"side"`
	Code string            `json:"code"`
	Args map[string]string `json:"args,omitempty"`
}

// Severity orders findings.
type Severity string

const (
	Blocker Severity = "blocker" // nothing works until it is fixed
	Problem Severity = "problem" // one way fails
	Notice  Severity = "notice"  // works; worth knowing
)

// Finding is one diagnosis: the code names it (and its catalogue entries),
// Evidence holds the facts the words quote.
type Finding struct {
	Code     string            `json:"code"`
	Severity Severity          `json:"severity"`
	Evidence map[string]string `json:"evidence,omitempty"`
	Fixes    []Fix             `json:"fixes,omitempty"`
}

// Settings are the site settings the check recommends (what "apply
// recommended settings" writes into the profile).
type Settings struct {
	Mode   transport.Mode    `json:"mode"`
	Method transport.Method  `json:"method"`
	TLS    transport.TLSMode `json:"tls"`
	// UseSentPassiveAddress stays false unless the check saw that only
	// the address as sent works.
	UseSentPassiveAddress bool   `json:"use_sent_pasv,omitempty"`
	ExternalAddress       string `json:"external_address,omitempty"`
	ActivePortMin         int    `json:"active_port_min,omitempty"`
	ActivePortMax         int    `json:"active_port_max,omitempty"`
	MaxConnections        int    `json:"max_connections,omitempty"` // 0: no limit seen
}

// Recommendation is the best way for this site and what would make the
// other mode work too.
type Recommendation struct {
	// Protocol is the report's: an SFTP recommendation has no settings.
	Protocol string   `json:"protocol,omitempty"`
	Works    bool     `json:"works"`
	Settings Settings `json:"settings"`
	// Other says how the mode not chosen could work: fixes per side.
	// Empty when it works already.
	OtherMode transport.Mode `json:"other_mode"`
	Other     []Fix          `json:"other,omitempty"`
}

// Report is the whole result of a check.
type Report struct {
	// Protocol is "" for FTP and FTPS (TLS says which), ProtocolSFTP for
	// an SFTP site.
	Protocol string            `json:"protocol,omitempty"`
	Host     string            `json:"host"`
	Port     int               `json:"port"`
	TLS      transport.TLSMode `json:"tls"`
	User     string            `json:"user"`
	// Checked is the TLS mode the data tries used: the site's, or explicit
	// TLS when the server refused a plain login.
	Checked transport.TLSMode `json:"checked_tls"`
	Started time.Time         `json:"started"`
	Took    time.Duration     `json:"took_ns"`
	Steps   []Step            `json:"steps"`
	// PassivePorts are the ports the server's passive replies named, in
	// the order seen; PassiveRange the range they suggest.
	PassivePorts []int          `json:"passive_ports,omitempty"`
	PassiveRange [2]int         `json:"passive_range,omitempty"`
	Findings     []Finding      `json:"findings"`
	Recommend    Recommendation `json:"recommendation"`
	Cert         *CertFacts     `json:"certificate,omitempty"`
	Features     []string       `json:"features,omitempty"`
	// Proxy names the proxy the check went through ("SOCKS5 proxy
	// host:port", never its password); active methods were not tried.
	Proxy string `json:"proxy,omitempty"`
}

// Has reports whether the report has a finding with this code.
func (r *Report) Has(code string) bool { return r.Finding(code) != nil }

// Finding returns the finding with this code, or nil.
func (r *Report) Finding(code string) *Finding {
	for i := range r.Findings {
		if r.Findings[i].Code == code {
			return &r.Findings[i]
		}
	}
	return nil
}

// CertFacts describe the server's certificate.
type CertFacts struct {
	Subject     string    `json:"subject"`
	Issuer      string    `json:"issuer"`
	Names       []string  `json:"names,omitempty"`
	NotBefore   time.Time `json:"not_before"`
	NotAfter    time.Time `json:"not_after"`
	Fingerprint string    `json:"sha256"`
	Version     string    `json:"tls_version"`
	// Trusted: the system's roots vouch for it; Accepted: the site's trust
	// hook let it pass (a pin, or the user); Problem is why the system
	// does not trust it.
	Trusted  bool   `json:"trusted"`
	Accepted bool   `json:"accepted"` // the site's trust hook let it pass
	Problem  string `json:"problem,omitempty"`
}
