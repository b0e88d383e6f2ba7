package sites

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"portside/transfer/ftp"
	"portside/transfer/sftp"
	"portside/transfer/transport"
)

// settingsFile holds the app-wide settings, next to sites.json, so the
// window and portside-cli read the same file (Fyne's app.Preferences is
// not reachable from the command line, which must not link Fyne).
const settingsFile = "settings.json"

// Settings are the app-wide defaults of the Settings window. A zero field
// means "Portside's default"; a saved site's own value wins over the
// global one wherever the site has one (ports, external address).
type Settings struct {
	// Language is "" (follow the system), "en" or "zh-Hans".
	Language string `json:"language,omitempty"`
	// QuickTLS is the quick-connect bar's TLS at start; read it with
	// QuickTLSMode. Zero (absent) is Portside's default, explicit TLS if
	// available, and plain FTP is stored as PlainQuickTLS: zero meant
	// plain before that default, and a file from then now gets the safer
	// one (#11).
	QuickTLS transport.TLSMode `json:"quick_tls,omitempty"`
	// Mode is the quick-connect bar's data connection mode at start.
	Mode transport.Mode `json:"mode,omitempty"`
	// ActivePortMin/Max and ExternalAddress are active mode's listening
	// ports and announced address (a host name is resolved at each
	// connection) for every site that does not set its own.
	ActivePortMin   int    `json:"active_port_min,omitempty"`
	ActivePortMax   int    `json:"active_port_max,omitempty"`
	ExternalAddress string `json:"external_address,omitempty"`
	// Connections is how many transfers run at once to a quick-connect
	// site; a saved site has its own. 0: DefaultConnections.
	Connections int `json:"connections,omitempty"`
	// ConnectTimeout bounds the control connection and TLS handshake,
	// DataTimeout a data connection's connect or accept and how long any
	// connection may move no byte (the idle timeout); in seconds, 0: the
	// transport's defaults (15 s; 10 s to open, 20 s idle).
	ConnectTimeout int `json:"connect_timeout,omitempty"`
	DataTimeout    int `json:"data_timeout,omitempty"`
	// Retries is how many times a transfer runs before a transient error
	// fails it; 0: the queue's default (3).
	Retries int `json:"retries,omitempty"`
	// SpeedDown and SpeedUp cap downloads and uploads in KiB/s (0: no
	// cap); SpeedOn is the status bar's quick switch for both.
	SpeedDown int64 `json:"speed_down,omitempty"`
	SpeedUp   int64 `json:"speed_up,omitempty"`
	SpeedOn   bool  `json:"speed_on,omitempty"`
	// ExistsDownload and ExistsUpload are what to do when a transfer's
	// destination exists: a queue policy name ("ask", "overwrite",
	// "resume", "skip", …); "" asks.
	ExistsDownload string `json:"exists_download,omitempty"`
	ExistsUpload   string `json:"exists_upload,omitempty"`
	// ShowHidden asks servers for dot files (LIST -a) on every site, as
	// a saved site's own "Show hidden files" does.
	ShowHidden bool `json:"show_hidden,omitempty"`
	// SitesReplaceTab opens a saved site in the current tab even when that
	// tab is connected (its connection closes); false, the default, opens
	// it in a new tab then, as FileZilla does.
	SitesReplaceTab bool `json:"sites_replace_tab,omitempty"`
	// DoubleClick is what a double-click (or Enter) on a file does, as
	// FileZilla's "Double-click action on files": one of
	// DoubleClickActions; "" transfers.
	DoubleClick string `json:"double_click,omitempty"`
}

// DoubleClickActions are the actions a double-click on a file may take,
// in the order the window offers them: transfer to the other pane's
// folder, add to the queue paused, View/Edit, nothing.
var DoubleClickActions = []string{"transfer", "queue", "edit", "none"}

// PlainQuickTLS is Settings.QuickTLS for plain FTP.
const PlainQuickTLS transport.TLSMode = -1

// QuickTLSMode is the quick-connect bar's TLS mode at start.
func (s Settings) QuickTLSMode() transport.TLSMode {
	switch s.QuickTLS {
	case 0:
		return transport.TLSIfAvailable
	case PlainQuickTLS:
		return transport.TLSNone
	}
	return s.QuickTLS
}

// SetQuickTLS stores m as QuickTLSMode reads it.
func (s *Settings) SetQuickTLS(m transport.TLSMode) {
	switch m {
	case transport.TLSIfAvailable:
		s.QuickTLS = 0
	case transport.TLSNone:
		s.QuickTLS = PlainQuickTLS
	default:
		s.QuickTLS = m
	}
}

// The bounds the Settings window allows.
const (
	MaxSettingsTimeout = 600 // seconds
	MaxRetries         = 20
)

// Problems lists what is wrong with s, as sentences; none means it can be
// saved. Check has the same as codes and facts.
func (s Settings) Problems() []string {
	var out []string
	for _, p := range s.Check() {
		out = append(out, p.Text)
	}
	return out
}

// Check lists what is wrong with s, for a window that words each problem
// in its own language.
func (s Settings) Check() []*Problem {
	var out []*Problem
	add := func(p *Problem) { out = append(out, p) }
	if s.Language != "" && s.Language != "en" && s.Language != "zh-Hans" {
		add(problem("settings_language", map[string]string{"Language": strconv.Quote(s.Language)}, "Unknown language %q.", s.Language))
	}
	if p := portRangeProblem(s.ActivePortMin, s.ActivePortMax); p != nil {
		add(p)
	}
	if s.ExternalAddress != "" && hostProblem(s.ExternalAddress) != nil {
		add(problem("settings_external", map[string]string{"Address": strconv.Quote(s.ExternalAddress)},
			"The external address %q is not an IP address or a host name.", s.ExternalAddress))
	}
	if s.Connections != 0 && (s.Connections < MinConnections || s.Connections > MaxConnections) {
		add(problem("settings_connections", map[string]string{"Min": strconv.Itoa(MinConnections), "Max": strconv.Itoa(MaxConnections)},
			"Allow from %d to %d connections at once.", MinConnections, MaxConnections))
	}
	for _, t := range []int{s.ConnectTimeout, s.DataTimeout} {
		if t < 0 || t > MaxSettingsTimeout {
			add(problem("settings_timeouts", map[string]string{"Max": strconv.Itoa(MaxSettingsTimeout)},
				"Timeouts are from 1 to %d seconds.", MaxSettingsTimeout))
			break
		}
	}
	if s.Retries < 0 || s.Retries > MaxRetries {
		add(problem("settings_retries", map[string]string{"Max": strconv.Itoa(MaxRetries)}, "Retries are from 1 to %d.", MaxRetries))
	}
	if s.SpeedDown < 0 || s.SpeedUp < 0 {
		add(problem("settings_speed", nil, "A speed limit cannot be negative."))
	}
	for _, p := range []string{s.ExistsDownload, s.ExistsUpload} {
		if p != "" && !validPolicy(p) {
			add(problem("settings_exists", map[string]string{"Action": strconv.Quote(p)}, "Unknown file-exists action %q.", p))
		}
	}
	if s.DoubleClick != "" && !slices.Contains(DoubleClickActions, s.DoubleClick) {
		add(problem("settings_double_click", map[string]string{"Action": strconv.Quote(s.DoubleClick)}, "Unknown double-click action %q.", s.DoubleClick))
	}
	return out
}

// ExistsPolicies are the file-exists actions a default may name, in the
// order the window offers them ("ask" first).
var ExistsPolicies = []string{"ask", "overwrite", "newer", "size", "resume", "rename", "skip"}

func validPolicy(p string) bool {
	for _, q := range ExistsPolicies {
		if p == q {
			return true
		}
	}
	return false
}

// LoadSettings reads dir's settings.json; a missing file is the defaults.
// A damaged one is moved aside (a *CorruptError) and the defaults used; a
// file with bad values gives the defaults for those values, and an error.
func LoadSettings(dir string) (Settings, error) {
	var s Settings
	if err := readJSON(filepath.Join(dir, settingsFile), &s, time.Now()); err != nil {
		return Settings{}, err
	}
	if p := s.Problems(); len(p) > 0 {
		return Settings{}, errors.New("settings.json: " + strings.Join(p, " "))
	}
	return s, nil
}

// SaveSettings writes s to dir's settings.json, atomically.
func SaveSettings(dir string, s Settings) error {
	s.ExternalAddress = strings.TrimSpace(s.ExternalAddress)
	if p := s.Problems(); len(p) > 0 {
		return errors.New(strings.Join(p, " "))
	}
	if err := writeJSON(filepath.Join(dir, settingsFile), s); err != nil {
		return fmt.Errorf("save the settings: %w", err)
	}
	return nil
}

// ApplyFTP puts the settings into a session's configuration: the global
// active ports and external address where the site has none, the
// timeouts, and hidden files. saved tells a saved site's configuration
// (its own connection limit stays) from a quick connect's.
func (s Settings) ApplyFTP(cfg *ftp.Config, saved bool) {
	if cfg.ActivePortMin == 0 && cfg.ActivePortMax == 0 {
		cfg.ActivePortMin, cfg.ActivePortMax = s.ActivePortMin, s.ActivePortMax
	}
	if cfg.ExternalAddress == "" {
		cfg.ExternalAddress = s.ExternalAddress
	}
	if s.ConnectTimeout > 0 {
		cfg.DialTimeout = time.Duration(s.ConnectTimeout) * time.Second
	}
	if s.DataTimeout > 0 {
		// FileZilla's one "timeout": a data connection's opening, and how
		// long any connection may move nothing (transport's idle timeout).
		cfg.DataTimeout = time.Duration(s.DataTimeout) * time.Second
		cfg.IdleTimeout = cfg.DataTimeout
	}
	cfg.ListHidden = cfg.ListHidden || s.ShowHidden
	if !saved && cfg.MaxConns == 0 {
		cfg.MaxConns = s.SiteConnections()
	}
}

// ApplySFTP puts the settings' connect timeout into an SFTP session's
// configuration. (The site's own timeout is its idle timeout, as for FTP;
// SFTP has no data connections for the data timeout.)
func (s Settings) ApplySFTP(cfg *sftp.Config) {
	if s.ConnectTimeout > 0 {
		cfg.Timeout = time.Duration(s.ConnectTimeout) * time.Second
	}
}

// SiteConnections is the connection limit of a site that has none of its
// own.
func (s Settings) SiteConnections() int {
	if s.Connections > 0 {
		return s.Connections
	}
	return DefaultConnections
}
