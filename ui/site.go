package ui

import (
	"crypto/x509"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"portside/transfer/ftp"
	"portside/transfer/sftp"
	"portside/transfer/sites"
	"portside/transfer/transport"
)

// Site is what the quick-connect bar holds: where to connect and how.
type Site struct {
	Host     string
	Port     int // 0: the default for the TLS mode
	User     string
	Password string
	TLS      transport.TLSMode
	Mode     transport.Mode
	// IfAvailable: TLS was "if available" and has been resolved, once
	// connected, to what the server allowed (explicit or none).
	IfAvailable bool
	SFTP        bool   // SFTP (transfer/sftp) instead of FTP; TLS and Mode do not apply
	Path        string // remote folder to open; empty: the login folder
	// Saved is the site profile this connection came from (the Site
	// Manager, the recent sites); nil for a quick connect. Its settings
	// (transfer mode and known method, ports, charset…) and its
	// certificate pins apply, and the queue knows it by its ID.
	Saved *sites.Site
	// Proxy carries the connection (proxy_ui.go sets it on connect from
	// the site's or the default proxy); nil connects directly.
	Proxy *transport.Proxy
}

// SiteOf is what the window connects to for a saved site: the profile's
// address in the bar's terms, its remote folder, and the profile itself.
func SiteOf(s sites.Site, password string) Site {
	site := Site{Host: s.Host, Port: s.Port, User: s.User, Password: password,
		TLS: s.Protocol.TLS(), Mode: s.DataMode, Path: s.RemoteDir, Saved: &s, SFTP: s.Protocol == sites.SFTP}
	if s.Logon == sites.Anonymous {
		site.User, site.Password = "", ""
	}
	return site
}

// Name is what the status bar calls the site: a saved site's name and
// address, or the address.
func (s Site) Name() string {
	if s.Saved != nil && s.Saved.Name != "" {
		return fmt.Sprintf("%s (%s)", s.Saved.Name, s.Addr())
	}
	return s.Addr()
}

// PairName is the server as a sync manifest names it, the same for the
// window and portside-cli: "site:ID" for a saved site, user@host:port for
// any other.
func (s Site) PairName() string {
	if s.Saved != nil {
		return "site:" + s.Saved.ID
	}
	return s.User + "@" + s.Addr()
}

// Addr is host:port as the status bar shows it.
func (s Site) Addr() string {
	if s.SFTP {
		return sftp.Config{Host: s.Host, Port: s.Port}.Addr()
	}
	c := transport.Config{Host: s.Host, Port: s.Port, TLS: s.TLS}
	return c.Addr()
}

// Key names the site in the transfer queue and its journal: "site:ID"
// for a saved site, else the address as ParseSiteURL reads it, with the
// user but never the password, so the journal on disk holds no secret.
func (s Site) Key() string {
	if s.Saved != nil {
		return "site:" + s.Saved.ID
	}
	return s.URL()
}

// URL is the address as ParseSiteURL reads it, without the password.
func (s Site) URL() string {
	scheme := "ftp"
	switch s.TLS {
	case transport.TLSExplicit:
		scheme = "ftpes"
	case transport.TLSImplicit:
		scheme = "ftps"
	}
	if s.SFTP {
		scheme = "sftp"
	}
	u := url.URL{Scheme: scheme, Host: s.Addr()}
	if s.User != "" {
		u.User = url.User(s.User)
	}
	return u.String()
}

// ftpConfig is the session configuration for s; trust decides about
// certificates the system does not vouch for, log gets the protocol log.
func (s Site) ftpConfig(trust func([]*x509.Certificate, error) error, log func(transport.Event)) ftp.Config {
	if s.Saved != nil {
		cfg := s.Saved.FTPConfig(s.Password)
		cfg.TrustCertificate, cfg.Log, cfg.Proxy = trust, log, s.Proxy
		if s.IfAvailable {
			cfg.TLS = s.TLS // connected: the queue holds to what the server allowed
		}
		return cfg
	}
	return ftp.Config{
		Config: transport.Config{
			Host:             s.Host,
			Port:             s.Port,
			TLS:              s.TLS,
			TrustCertificate: trust,
			Log:              log,
			Proxy:            s.Proxy,
		},
		User:     s.User,
		Password: s.Password,
		Mode:     s.Mode,
	}
}

// ParseSiteURL reads ftp://user@host:port/path as ftp.ParseURL does, but
// ftp:// is explicit TLS if available. A password in it is taken, as
// FileZilla's quick connect takes one.
func ParseSiteURL(raw string) (Site, error) {
	if sftp.IsURL(raw) {
		return parseSFTPURL(raw)
	}
	cfg, p, err := ftp.ParseURL(raw)
	if err != nil {
		return Site{}, fmt.Errorf("read site address: %w", err)
	}
	s := Site{Host: cfg.Host, Port: cfg.Port, TLS: cfg.TLS, User: cfg.User, Password: cfg.Password}
	if s.TLS == transport.TLSNone && strings.HasPrefix(strings.ToLower(raw), "ftp://") {
		s.TLS = transport.TLSIfAvailable // as the quick-connect bar and portside-cli read ftp:// (#11)
	}
	if p != "/" {
		s.Path = p
	}
	return s, nil
}

func parsePort(p string) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(p))
	if err != nil || n < 1 || n > 65535 {
		return 0, fmt.Errorf("port %q is not a number from 1 to 65535", p)
	}
	return n, nil
}
