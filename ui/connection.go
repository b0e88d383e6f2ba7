package ui

import (
	"context"
	"crypto/x509"
	"fmt"

	"fyne.io/fyne/v2"

	"portside/transfer"
	"portside/transfer/ftp"
	"portside/transfer/sftp"
	"portside/transfer/sites"
	"portside/transfer/transport"
)

// Remote is a logged-in remote side: a file system that can say which data
// connection method it uses. *ftp.Session is one.
type Remote interface {
	transfer.FS
	Method() transport.Method
}

// DialFunc opens a Remote; the default is ftp.Connect. Tests dial fakes.
type DialFunc func(ctx context.Context, cfg ftp.Config) (Remote, error)

// DialFTP is the DialFunc for real servers.
func DialFTP(ctx context.Context, cfg ftp.Config) (Remote, error) {
	s, err := ftp.Connect(ctx, cfg)
	if err != nil {
		return nil, err // a nil *Session in a Remote would not be nil
	}
	return s, nil
}

// ConnState is where a Connection is in its life.
type ConnState int

const (
	Disconnected ConnState = iota
	Connecting
	Connected
)

// Connection is the quick-connect bar's model: it dials in the background,
// holds the one Remote, and closes it on Disconnect. All methods and
// callbacks run on the UI goroutine.
type Connection struct {
	// Do runs f on the UI goroutine; nil means fyne.Do.
	Do func(f func())
	// Dial opens the remote side; nil means DialFTP.
	Dial DialFunc
	// Log receives the protocol log from any goroutine.
	Log func(transport.Event)
	// TrustCertificate decides about a certificate the system does not
	// vouch for (see transport.Config); nil refuses it.
	TrustCertificate func(chain []*x509.Certificate, verifyErr error) error
	// TrustFor gives a site its own certificate decisions (a saved site:
	// its pins); nil, or a nil result, leaves the site to TrustCertificate.
	TrustFor func(Site) func(chain []*x509.Certificate, verifyErr error) error
	// ConfirmPlain gives a site the question asked before a login without
	// encryption (TLS if available, on a server without TLS); nil, or a nil
	// result, logs in without asking.
	ConfirmPlain func(Site) func(addr string) error
	// HostKeys decides about SFTP servers' host keys.
	HostKeys *sftp.HostKeys
	// SSH asks for key passphrases and one-time codes; nil asks nobody.
	SSH *SSHPrompt

	// OnChanged is called after every change of state.
	OnChanged func()
	// OnConnected is called with the new remote side.
	OnConnected func(r Remote, site Site)
	// OnDisconnected is called when the remote side goes away.
	OnDisconnected func()
	// OnTrusted is called, on the dialling goroutine, with each certificate
	// (DER) that TrustCertificate accepted for site.
	OnTrusted func(site Site, der []byte)
	// Methods remembers auto mode's method for quick-connect sites; nil
	// remembers nothing (see methods.go).
	Methods *sites.Methods
	// Prefs are the Settings window's values (timeouts, active ports…);
	// nil: the defaults.
	Prefs *Prefs

	state  ConnState
	site   Site
	remote Remote
	err    error
	gen    int
	cancel context.CancelFunc
}

// State is where the connection is, the site, and the last error.
func (c *Connection) State() (ConnState, Site, error) { return c.state, c.site, c.err }

// Remote is the connected remote side, or nil.
func (c *Connection) Remote() Remote { return c.remote }

// Connect drops any current connection and dials site in the background.
func (c *Connection) Connect(site Site) {
	c.Disconnect()
	c.gen++
	gen := c.gen
	ctx, cancel := context.WithCancel(context.Background())
	c.cancel = cancel
	c.state, c.site, c.err = Connecting, site, nil
	c.changed()
	if site.SFTP {
		cfg := site.sftpConfig(c.HostKeys, c.SSH)
		c.Prefs.Get().ApplySFTP(&cfg)
		go func() {
			defer cancel()
			r, err := DialSFTP(ctx, cfg)
			c.do(func() { c.finish(gen, r, err) })
		}()
		return
	}

	trust := c.TrustCertificate
	var own func([]*x509.Certificate, error) error
	if c.TrustFor != nil {
		own = c.TrustFor(site)
	}
	if own != nil {
		trust = own // the pins remember what the user chose, for the queue too
	} else if trust != nil && c.OnTrusted != nil {
		// Tell who accepted what, so the queue's own sessions to this
		// site can be held to the same decision.
		inner, onTrusted := trust, c.OnTrusted
		trust = func(chain []*x509.Certificate, verifyErr error) error {
			err := inner(chain, verifyErr)
			if err == nil && len(chain) > 0 {
				onTrusted(site, chain[0].Raw)
			}
			return err
		}
	}
	cfg := site.ftpConfig(trust, c.Log)
	if c.ConfirmPlain != nil {
		cfg.ConfirmPlain = c.ConfirmPlain(site)
	}
	c.Prefs.applyFTP(&cfg, site)
	c.useKnownMethod(&cfg, site)
	dial := c.Dial
	if dial == nil {
		dial = DialFTP
	}
	go func() {
		defer cancel()
		r, err := dial(ctx, cfg)
		c.do(func() { c.finish(gen, r, err) })
	}()
}

func (c *Connection) finish(gen int, r Remote, err error) {
	if gen != c.gen {
		if r != nil { // cancelled while the login went through
			go r.Close()
		}
		return
	}
	c.cancel = nil
	if err != nil {
		c.state, c.err = Disconnected, fmt.Errorf("connect to %s: %w", c.site.Addr(), err)
		c.changed()
		return
	}
	c.state, c.remote = Connected, r
	c.site = c.site.connectedAs(r)
	c.changed()
	if c.OnConnected != nil {
		c.OnConnected(r, c.site)
	}
}

// Disconnect cancels a dial in progress or closes the connection. QUIT may
// wait for the server, so the close runs in the background.
func (c *Connection) Disconnect() {
	if c.state == Disconnected {
		return
	}
	c.gen++
	if c.cancel != nil {
		c.cancel()
		c.cancel = nil
	}
	if r := c.remote; r != nil {
		c.remote = nil
		go r.Close()
	}
	c.state, c.err = Disconnected, nil
	c.changed()
	if c.OnDisconnected != nil {
		c.OnDisconnected()
	}
}

// connectedAs is s as r connected it: "TLS if available" becomes what the
// server allowed, so the title, the status bar and the queue's own
// sessions (which must not fall back where this one was encrypted) see
// the truth; IfAvailable keeps what the user asked for.
func (s Site) connectedAs(r Remote) Site {
	t, ok := r.(interface{ TLS() transport.TLSMode })
	if !ok || s.SFTP || s.TLS != transport.TLSIfAvailable {
		return s
	}
	s.TLS, s.IfAvailable = t.TLS(), true
	return s
}

func (c *Connection) changed() {
	if c.OnChanged != nil {
		c.OnChanged()
	}
}

func (c *Connection) do(f func()) {
	if c.Do != nil {
		c.Do(f)
		return
	}
	fyne.Do(f)
}
