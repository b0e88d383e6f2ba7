// Package sites keeps Portside's site profiles: what FileZilla users know
// as the Site Manager's entries. Profiles live in sites.json without
// secrets; passwords live only in the OS keychain, one entry per site ID;
// certificate pins live in known_certs.json. The package also imports
// FileZilla's sitemanager.xml and exports profiles as JSON.
package sites

import (
	"encoding/json"
	"errors"
	"net"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"portside/transfer/ftp"
	"portside/transfer/sftp"
	"portside/transfer/transport"
)

// Site is one saved server. It holds no password: see Store.Password.
type Site struct {
	// ID is random and never changes, so that the keychain entry and the
	// certificate pin stay with the site through renames and moves.
	ID     string `json:"id"`
	Folder string `json:"folder,omitempty"` // a Folder's ID; "" is the top level
	Name   string `json:"name"`

	Host     string   `json:"host"`
	Port     int      `json:"port,omitempty"` // 0: 21, or 990 for implicit TLS, or 22 for SFTP
	Protocol Protocol `json:"protocol"`
	Logon    Logon    `json:"logon"`
	User     string   `json:"user,omitempty"`
	// KeyFile is the private key of a KeyFile logon (SFTP), OpenSSH or PEM form.
	KeyFile string `json:"key_file,omitempty"`

	DataMode transport.Mode `json:"-"` // in JSON as its name, see MarshalJSON
	// UseSentPassiveAddress connects passive data connections to the
	// address the server's PASV reply names, not the server's own address.
	UseSentPassiveAddress bool `json:"passive_use_sent_address,omitempty"`
	// ActivePortMin and ActivePortMax bound the ports active mode listens
	// on; both 0 lets the system pick.
	ActivePortMin int `json:"active_port_min,omitempty"`
	ActivePortMax int `json:"active_port_max,omitempty"`
	// ExternalAddress is announced in active mode instead of this
	// computer's address: an IP, or a host name resolved at each connect.
	ExternalAddress string `json:"external_address,omitempty"`
	Charset         string `json:"charset,omitempty"` // CharsetAuto, CharsetUTF8 or an encoding name
	// ListHidden asks for dot files with "LIST -a" (vsftpd hides them).
	ListHidden     bool `json:"list_hidden,omitempty"`
	MaxConnections int  `json:"max_connections"`
	// Segments is how many ranges a big download may be fetched in at
	// once, each on one of the site's free connections: 0 the usual
	// (queue.DefaultSegments), 1 never.
	Segments int `json:"segments,omitempty"`
	// NoPipelining never sends a command before the last one's reply,
	// whatever the server showed (Learned); false pipelines where the
	// server has shown it takes it (transport/pipeline.go).
	NoPipelining bool `json:"no_pipelining,omitempty"`
	// Timeout is how many seconds a connection may go without a byte
	// moving before it is given up and the transfer retried; 0 is the
	// default, 20 s (FileZilla's).
	Timeout int `json:"timeout,omitempty"`

	LocalDir  string `json:"local_dir,omitempty"`
	RemoteDir string `json:"remote_dir,omitempty"`
	Comments  string `json:"comments,omitempty"`

	// Probe is what auto mode found the last time, so the next connect
	// tries that method first.
	Probe *Probe `json:"probe,omitempty"`
	// Learned is what sessions found out about the server (learned.go).
	Learned *Learned `json:"learned,omitempty"`

	// Proxy is the site's own proxy (proxy.go); nil uses the default one.
	Proxy *Proxy `json:"proxy,omitempty"`

	// Bookmarks are the site's own folder pairs (bookmarks.go).
	Bookmarks []Bookmark `json:"bookmarks,omitempty"`
}

// MaxTimeout bounds Site.Timeout: an hour of silence is a dead server.
const MaxTimeout = 3600

// MaxSegments bounds Site.Segments (the queue uses at most 16 ranges).
const MaxSegments = 16

// NewSite is a site with the defaults of a new entry in the Site Manager.
func NewSite(name string) Site {
	return Site{Name: name, Protocol: FTPSExplicit, Logon: Normal, MaxConnections: DefaultConnections}
}

// Folder groups sites; folders nest.
type Folder struct {
	ID     string `json:"id"`
	Parent string `json:"parent,omitempty"` // "" is the top level
	Name   string `json:"name"`
}

// Probe is the data connection method auto mode chose: which, when, why.
type Probe struct {
	Method transport.Method `json:"-"`
	When   time.Time        `json:"when"`
	Reason string           `json:"reason"`
}

// ProbeOf keeps what a profile needs of a session's probe.
func ProbeOf(p ftp.Probe) Probe { return Probe{Method: p.Method, When: p.When, Reason: p.Reason} }

// Addr is host:port, the way the status bar and the log name the server.
func (s Site) Addr() string {
	if s.Protocol == SFTP {
		return sftp.Config{Host: s.Host, Port: s.Port}.Addr()
	}
	c := transport.Config{Host: s.Host, Port: s.Port, TLS: s.Protocol.TLS()}
	return c.Addr()
}

// FTPConfig is the session configuration for this site. password is used
// for Normal and Ask logons (the caller got it from Store.Password or the
// user). The caller adds what the profile cannot know: TrustCertificate
// (Pins.Hook) and Log.
func (s Site) FTPConfig(password string) ftp.Config {
	cfg := ftp.Config{
		Config: transport.Config{
			Host:                  s.Host,
			Port:                  s.Port,
			TLS:                   s.Protocol.TLS(),
			UseSentPassiveAddress: s.UseSentPassiveAddress,
			ActivePortMin:         s.ActivePortMin,
			ActivePortMax:         s.ActivePortMax,
			ExternalAddress:       s.ExternalAddress,
			Charset:               s.Charset,
			ListHidden:            s.ListHidden,
			IdleTimeout:           time.Duration(s.Timeout) * time.Second,
		},
		Mode: s.DataMode,
		// A limit of 1 makes auto mode probe one connection at a time.
		MaxConns: s.MaxConnections,
	}
	if s.Logon != Anonymous {
		cfg.User, cfg.Password = s.User, password
	}
	// A lie is remembered for every session; pipelining is the caller's
	// to switch on (Site.Pipelining: the queue's sessions use it, the
	// window's browsing connection does not).
	cfg.SizeLied = s.Learned != nil && s.Learned.SizeLied
	if s.Probe != nil && s.DataMode == transport.ModeAuto {
		m := s.Probe.Method
		cfg.Known = &m
	}
	return cfg
}

// SFTPConfig is the SFTP session configuration for this site: password
// for Normal and Ask logons, the key file for KeyFile logons, and the
// ssh-agent's keys always, as OpenSSH offers them. The caller adds what the
// profile cannot know: HostKeys, Passphrase and Answer.
func (s Site) SFTPConfig(password string) sftp.Config {
	cfg := sftp.Config{Host: s.Host, Port: s.Port, User: s.User, Agent: true,
		IdleTimeout: time.Duration(s.Timeout) * time.Second}
	switch s.Logon {
	case Normal, AskPassword:
		cfg.Password = password
	case KeyFile:
		cfg.KeyFiles = []string{s.KeyFile}
	}
	return cfg
}

// Validate says, in sentences a user can act on, what keeps the site from
// being saved; nil when nothing does. Each sentence is a *Problem, whose
// code and facts a window words in its own language.
func (s Site) Validate() error {
	var errs []error
	add := func(p *Problem) { errs = append(errs, p) }

	if strings.TrimSpace(s.Name) == "" {
		add(problem("name_missing", nil, "Give the site a name."))
	}
	if strings.ContainsAny(s.Name, "\r\n\t") {
		add(problem("name_lines", nil, "Write the site's name on one line."))
	}
	if p := hostProblem(s.Host); p != nil {
		add(p)
	}
	if s.Port < 0 || s.Port > 65535 {
		add(problem("port", nil, "The port must be a number from 1 to 65535, or empty for the usual port (21, or 990 for implicit TLS, or 22 for SFTP)."))
	}
	if Protocols.Label(s.Protocol) == "" {
		add(problem("protocol_missing", nil, "Choose an encryption: plain FTP, explicit or implicit FTP over TLS, or SFTP."))
	}
	if p := keyFileProblem(s); p != nil {
		add(p)
	}
	if Logons.Label(s.Logon) == "" {
		add(problem("logon_missing", nil, "Choose a logon type: Anonymous, Normal, Ask for password or Key file."))
	}
	if s.Logon != Anonymous && strings.TrimSpace(s.User) == "" {
		add(problem("user_missing", nil, "Enter the user name, or choose Anonymous as the logon type."))
	}
	if DataModes.Label(s.DataMode) == "" {
		add(problem("mode_missing", nil, "Choose a transfer mode: Default, Passive or Active."))
	}
	if p := portRangeProblem(s.ActivePortMin, s.ActivePortMax); p != nil {
		add(p)
	}
	if s.ExternalAddress != "" && hostProblem(s.ExternalAddress) != nil {
		add(problem("external_invalid", map[string]string{"Address": strconv.Quote(s.ExternalAddress)},
			"The external address %q is not an IP address or a host name; enter the address the server should connect to, such as 203.0.113.7 or home.example.net.", s.ExternalAddress))
	}
	if p := CharsetProblem(s.Charset); p != nil {
		add(p)
	}
	if s.MaxConnections < MinConnections || s.MaxConnections > MaxConnections {
		add(problem("connections", map[string]string{"Min": strconv.Itoa(MinConnections), "Max": strconv.Itoa(MaxConnections), "Default": strconv.Itoa(DefaultConnections)},
			"Allow from %d to %d connections at once (the usual is %d).", MinConnections, MaxConnections, DefaultConnections))
	}
	if s.Segments < 0 || s.Segments > MaxSegments {
		add(problem("segments", map[string]string{"Max": strconv.Itoa(MaxSegments)},
			"Split a big download into at most %d parts, 1 for never, or leave it empty for the usual.", MaxSegments))
	}
	if s.Timeout < 0 || s.Timeout > MaxTimeout {
		def := int(transport.DefaultIdleTimeout / time.Second)
		add(problem("timeout", map[string]string{"Max": strconv.Itoa(MaxTimeout), "Default": strconv.Itoa(def)},
			"The timeout must be from 1 to %d seconds, or empty for the usual %d.", MaxTimeout, def))
	}
	if s.LocalDir != "" && !filepath.IsAbs(s.LocalDir) {
		ex := filepath.Join(exampleHome, "www")
		add(problem("localdir_relative", map[string]string{"Example": ex}, "The default local folder must be a full path, such as %s.", ex))
	}
	for _, p := range bookmarksProblem(s.Bookmarks) {
		add(p)
	}
	return errors.Join(errs...)
}

// exampleHome is a home folder as this system writes it, for the examples
// of a full path (\home\ann is not one on Windows).
var exampleHome = map[bool]string{false: "/home/ann", true: `C:\Users\ann`}[runtime.GOOS == "windows"]

// keyFileProblem: key files are SSH's, and SSH has no anonymous login.
func keyFileProblem(s Site) *Problem {
	switch {
	case s.Logon == KeyFile && s.Protocol != SFTP:
		return problem("keyfile_not_sftp", nil, "Key files log in to SFTP servers only: choose SFTP, or another logon type.")
	case s.Logon == KeyFile && !filepath.IsAbs(s.KeyFile):
		ex := filepath.Join(exampleHome, ".ssh", "id_ed25519")
		return problem("keyfile_path", map[string]string{"Example": ex}, "Choose the private key file, as a full path such as %s.", ex)
	case s.Logon == Anonymous && s.Protocol == SFTP:
		return problem("sftp_anonymous", nil, "SFTP servers have no anonymous login: choose Normal, Ask for password or Key file.")
	}
	return nil
}

func hostProblem(host string) *Problem {
	h := strings.TrimSpace(host)
	switch {
	case h == "":
		return problem("host_missing", nil, "Enter the server's host name or address, such as ftp.example.com.")
	case strings.Contains(h, "://"):
		scheme := h[:strings.Index(h, "://")+3]
		return problem("host_scheme", map[string]string{"Scheme": strconv.Quote(scheme)},
			"Enter only the server's name in Host, without %q: choose the encryption below instead.", scheme)
	case strings.Contains(h, "@"):
		return problem("host_user", nil, "Enter the user name in User, not in Host.")
	case strings.HasPrefix(h, "[") && strings.HasSuffix(h, "]"):
		return problem("host_brackets", nil, "Enter an IPv6 address without the brackets.")
	case net.ParseIP(h) != nil:
		return nil
	case strings.ContainsAny(h, " /\\:?#") || strings.Contains(h, ".."):
		return problem("host_invalid", map[string]string{"Host": strconv.Quote(h)},
			"%q is not a host name; enter a name such as ftp.example.com, or an address such as 192.0.2.10.", h)
	}
	return nil
}

func portRangeProblem(lo, hi int) *Problem {
	switch {
	case lo == 0 && hi == 0:
		return nil
	case lo == 0 || hi == 0:
		return problem("ports_half", nil, "Give both ends of the active port range (for example 50000 to 50100), or leave both empty to let the system pick.")
	case lo < 1 || hi > 65535 || lo > hi:
		return problem("ports_order", map[string]string{"Low": strconv.Itoa(lo), "High": strconv.Itoa(hi)},
			"The active port range %d–%d must run from a lower to a higher port between 1 and 65535, for example 50000 to 50100.", lo, hi)
	}
	return nil
}

// CharsetProblem is why name is not a charset Portside can speak, or nil.
func CharsetProblem(name string) *Problem {
	if name == CharsetAuto || strings.EqualFold(name, CharsetUTF8) {
		return nil
	}
	if _, err := transport.LookupCharset(name); err != nil {
		list := strings.Join(CommonCharsets[:4], ", ")
		return problem("charset_unknown", map[string]string{"Charset": strconv.Quote(name), "Examples": list},
			"Portside does not know the charset %q; use an encoding name such as %s.", name, list)
	}
	return nil
}

// normalized trims what users paste with stray spaces and fills defaults
// that old or imported profiles lack.
func (s Site) normalized() Site {
	s.Name = strings.TrimSpace(s.Name)
	s.Host = strings.TrimSpace(s.Host)
	s.User = strings.TrimSpace(s.User)
	s.KeyFile = strings.TrimSpace(s.KeyFile)
	s.ExternalAddress = strings.TrimSpace(s.ExternalAddress)
	s.Charset = strings.TrimSpace(s.Charset)
	if strings.EqualFold(s.Charset, CharsetUTF8) {
		s.Charset = CharsetUTF8
	}
	if s.MaxConnections == 0 {
		s.MaxConnections = DefaultConnections
	}
	if s.Logon == Anonymous {
		s.User = ""
	}
	return s
}

// siteJSON adds the fields whose types belong to transport, which has no
// text form for JSON: they are written by name.
type siteJSON struct {
	plainSite
	DataMode string `json:"data_mode"`
}

type plainSite Site

func (s Site) MarshalJSON() ([]byte, error) {
	return json.Marshal(siteJSON{plainSite(s), s.DataMode.String()})
}

func (s *Site) UnmarshalJSON(b []byte) error {
	v := siteJSON{DataMode: "auto"}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	m, err := transport.ParseMode(v.DataMode)
	if err != nil {
		return err
	}
	*s = Site(v.plainSite)
	s.DataMode = m
	return nil
}

type probeJSON struct {
	plainProbe
	Method string `json:"method"`
}

type plainProbe Probe

func (p Probe) MarshalJSON() ([]byte, error) {
	return json.Marshal(probeJSON{plainProbe(p), p.Method.String()})
}

func (p *Probe) UnmarshalJSON(b []byte) error {
	var v probeJSON
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	m, err := transport.ParseMethod(v.Method)
	if err != nil {
		return err
	}
	*p = Probe(v.plainProbe)
	p.Method = m
	return nil
}
