package sites

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"portside/transfer/transport"
)

// Proxy is a proxy as saved: without its password, which lives in the
// keychain (account ProxyAccount). A site's Proxy overrides the default
// one (proxy.json); Kind none there means "connect directly".
type Proxy struct {
	Kind transport.ProxyKind `json:"-"` // in JSON as its name
	Host string              `json:"host,omitempty"`
	Port int                 `json:"port,omitempty"`
	User string              `json:"user,omitempty"`
}

type proxyJSON struct {
	plainProxy
	Kind string `json:"kind"`
}

type plainProxy Proxy

func (p Proxy) MarshalJSON() ([]byte, error) {
	return json.Marshal(proxyJSON{plainProxy(p), p.Kind.String()})
}

func (p *Proxy) UnmarshalJSON(b []byte) error {
	var v proxyJSON
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	k, err := transport.ParseProxyKind(v.Kind)
	if err != nil {
		return err
	}
	*p = Proxy(v.plainProxy)
	p.Kind = k
	return nil
}

// Validate says what keeps the proxy from being used, in sentences.
func (p Proxy) Validate() error {
	if p.Kind == transport.ProxyNone {
		return nil
	}
	var errs []error
	if strings.TrimSpace(p.Host) == "" || strings.ContainsAny(p.Host, " /\r\n\t") {
		errs = append(errs, errors.New("Give the proxy's host name or address."))
	}
	if p.Port < 1 || p.Port > 65535 {
		errs = append(errs, errors.New("Give the proxy's port, a number from 1 to 65535."))
	}
	return errors.Join(errs...)
}

// DefaultProxyAccount is the keychain account of the default proxy's
// password; a site's is ProxyAccount(site ID).
const DefaultProxyAccount = "proxy:default"

// ProxyAccount is the keychain account of a site's own proxy password.
func ProxyAccount(siteID string) string { return "proxy:" + siteID }

const proxyFile = "proxy.json"

// DefaultProxy is the proxy every connection uses unless its site names
// its own; Kind none when there is none (or no proxy.json yet).
func (s *Store) DefaultProxy() (Proxy, error) {
	b, err := os.ReadFile(filepath.Join(s.dir, proxyFile))
	if errors.Is(err, fs.ErrNotExist) {
		return Proxy{}, nil
	}
	if err != nil {
		return Proxy{}, err
	}
	var p Proxy
	if err := json.Unmarshal(b, &p); err != nil {
		return Proxy{}, fmt.Errorf("%s could not be read: %w", proxyFile, err)
	}
	return p, nil
}

// SetDefaultProxy saves the default proxy; password nil keeps the saved
// one, "" removes it. Kind none removes the password too.
func (s *Store) SetDefaultProxy(p Proxy, password *string) error {
	return s.saveProxy(DefaultProxyAccount, p, password, func() error {
		return writeJSON(filepath.Join(s.dir, proxyFile), p)
	})
}

// SetSiteProxy gives a site its own proxy (nil: use the default); password
// as for SetDefaultProxy.
func (s *Store) SetSiteProxy(id string, p *Proxy, password *string) error {
	site, ok := s.Site(id)
	if !ok {
		return fmt.Errorf("no site with ID %s", id)
	}
	site.Proxy = p
	var q Proxy
	if p != nil {
		q = *p
	}
	return s.saveProxy(ProxyAccount(id), q, password, func() error {
		_, err := s.Save(site, nil)
		return err
	})
}

func (s *Store) saveProxy(account string, p Proxy, password *string, save func() error) error {
	if err := p.Validate(); err != nil {
		return err
	}
	if p.Kind == transport.ProxyNone || p.User == "" {
		empty := ""
		password = &empty
	}
	if password != nil {
		var err error
		if *password == "" {
			err = s.keys.Delete(account)
			if errors.Is(err, ErrNoPassword) || IsNoKeychain(err) {
				err = nil
			}
		} else {
			err = s.keys.Set(account, *password)
		}
		if err != nil {
			return fmt.Errorf("save the proxy password: %w", err)
		}
	}
	return save()
}

// ProxyFor is the proxy a connection to site goes through, with its
// password from the keychain; nil to connect directly. A saved site's own
// proxy wins over the default; quick connections (site nil) use the
// default.
func (s *Store) ProxyFor(site *Site) (*transport.Proxy, error) {
	account := DefaultProxyAccount
	var p Proxy
	if site != nil && site.Proxy != nil {
		p, account = *site.Proxy, ProxyAccount(site.ID)
	} else {
		var err error
		if p, err = s.DefaultProxy(); err != nil {
			return nil, err
		}
	}
	if p.Kind == transport.ProxyNone {
		return nil, nil
	}
	out := &transport.Proxy{Kind: p.Kind, Host: p.Host, Port: p.Port, User: p.User}
	if p.User != "" {
		pw, err := s.keys.Get(account)
		if err != nil && !errors.Is(err, ErrNoPassword) {
			return nil, fmt.Errorf("the proxy password: %w", err)
		}
		out.Password = pw
	}
	return out, nil
}

// forgetProxyPassword removes a deleted site's proxy password. A keychain
// that fails here leaves an orphan entry, which names no site: the site
// is gone either way, so the failure is not the delete's.
func (s *Store) forgetProxyPassword(id string) {
	s.keys.Delete(ProxyAccount(id))
}
