package sites

import (
	"crypto/x509"
	"fmt"
	"sync"
	"time"

	"portside/transfer"
	"portside/transfer/transport"
)

const pinsFile = "known_certs.json"

// CertInfo is what a person needs to decide about a certificate, and what
// a pin keeps of it.
type CertInfo struct {
	Fingerprint string    `json:"sha256"` // transport.Fingerprint: colon-separated hex
	Subject     string    `json:"subject"`
	Issuer      string    `json:"issuer"`
	NotBefore   time.Time `json:"not_before"`
	NotAfter    time.Time `json:"not_after"`
	FirstSeen   time.Time `json:"first_seen"`
	// Problem is why the system's roots do not vouch for the certificate
	// ("signed by an unknown authority"); shown, never saved.
	Problem string `json:"-"`
}

// CertInfoOf describes a server's certificate, first seen at now.
func CertInfoOf(c *x509.Certificate, verifyErr error, now time.Time) CertInfo {
	info := CertInfo{
		Fingerprint: transport.Fingerprint(c),
		Subject:     c.Subject.String(),
		Issuer:      c.Issuer.String(),
		NotBefore:   c.NotBefore.UTC(),
		NotAfter:    c.NotAfter.UTC(),
		FirstSeen:   now.UTC().Truncate(time.Second),
	}
	if verifyErr != nil {
		info.Problem = verifyErr.Error()
	}
	return info
}

// Decision is the user's answer about a certificate nobody vouches for.
type Decision int

const (
	Reject      Decision = iota // do not connect
	TrustOnce                   // connect; trust it until Portside quits, save nothing
	TrustAlways                 // connect, and pin it to the site in known_certs.json
)

// Ask puts a certificate before the user and waits for the answer. It is
// called on a network goroutine, inside a TLS handshake.
type Ask func(CertInfo) (Decision, error)

// ErrRejected is a certificate the user chose not to trust.
var ErrRejected = fmt.Errorf("%w: you did not accept the server's certificate", transfer.ErrTLS)

// CertChangedError is a site whose server shows another certificate than
// the one pinned to it. Portside stops there and does not ask: a user in a
// hurry would click through exactly the warning that matters.
type CertChangedError struct {
	Site      string // the site's ID
	Pinned    CertInfo
	Presented CertInfo
}

func (e *CertChangedError) Error() string {
	return fmt.Sprintf("the server's certificate has changed since you chose to always trust it, so Portside did not connect. "+
		"Trusted: SHA-256 %s (%s, first seen %s). Now: SHA-256 %s (%s, issued by %s). "+
		"Servers get new certificates, but someone intercepting the connection would show a new one too: "+
		"ask the server's administrator which fingerprint is right. If the new one is, forget the trusted "+
		"certificate in the Site Manager (Advanced tab) and connect again.",
		e.Pinned.Fingerprint, e.Pinned.Subject, e.Pinned.FirstSeen.Format("2006-01-02"),
		e.Presented.Fingerprint, e.Presented.Subject, e.Presented.Issuer)
}

func (e *CertChangedError) Unwrap() error { return transfer.ErrTLS }

// Pins are the certificates each site was told to trust always, kept in
// known_certs.json, and those trusted once, kept in memory only.
type Pins struct {
	path string

	mu   sync.Mutex
	pins map[string]CertInfo        // site ID → pinned certificate
	once map[string]map[string]bool // site ID → fingerprints trusted until exit

	asking sync.Mutex // one question at a time: several connections may hit the same certificate
}

type pinsState struct {
	Version int                 `json:"version"`
	Sites   map[string]CertInfo `json:"sites"`
}

func openPins(path string, now time.Time) (*Pins, error) {
	p := &Pins{path: path, pins: map[string]CertInfo{}, once: map[string]map[string]bool{}}
	var st pinsState
	err := readJSON(path, &st, now)
	if st.Version > formatVersion {
		return nil, fmt.Errorf("%s was written by a newer Portside: update Portside to use its certificates", path)
	}
	for id, info := range st.Sites {
		p.pins[id] = info
	}
	return p, err
}

// Pinned is the certificate pinned to a site.
func (p *Pins) Pinned(site string) (CertInfo, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	info, ok := p.pins[site]
	return info, ok
}

// Pin trusts info for the site from now on, in place of any earlier pin.
func (p *Pins) Pin(site string, info CertInfo) error {
	info.Problem = ""
	return p.change(func(pins map[string]CertInfo) { pins[site] = info })
}

// Forget removes a site's pin and its trusted-once certificates: the next
// connect asks again.
func (p *Pins) Forget(site string) error {
	p.mu.Lock()
	delete(p.once, site)
	_, pinned := p.pins[site]
	p.mu.Unlock()
	if !pinned {
		return nil
	}
	return p.change(func(pins map[string]CertInfo) { delete(pins, site) })
}

func (p *Pins) copy(from, to string) error {
	info, ok := p.Pinned(from)
	if !ok {
		return nil
	}
	return p.Pin(to, info)
}

// change saves a changed copy of the pins, and keeps it once saved.
func (p *Pins) change(f func(map[string]CertInfo)) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	next := make(map[string]CertInfo, len(p.pins)+1)
	for k, v := range p.pins {
		next[k] = v
	}
	f(next)
	if err := writeJSON(p.path, pinsState{Version: formatVersion, Sites: next}); err != nil {
		return err
	}
	p.pins = next
	return nil
}

// Hook is the transport.Config.TrustCertificate of a site: a pinned
// certificate is trusted, a changed one is a *CertChangedError — also when
// a CA vouches for it (verifyErr nil): a pin, once set, is checked first and
// always — an unpinned one the system vouches for passes, and an unknown
// one is put to ask (nil ask refuses it). The transport calls the hook for
// every handshake, data connections included, so an answer is remembered:
// "trust once" until Portside quits, "always" on disk.
func (p *Pins) Hook(site string, ask Ask) func(chain []*x509.Certificate, verifyErr error) error {
	return func(chain []*x509.Certificate, verifyErr error) error {
		if len(chain) == 0 {
			return fmt.Errorf("%w: the server sent no certificate", transfer.ErrTLS)
		}
		info := CertInfoOf(chain[0], verifyErr, time.Now())
		if known, err := p.known(site, info); known {
			return err
		}
		if verifyErr == nil {
			return nil // no pin, and the system vouches for it
		}
		p.asking.Lock()
		defer p.asking.Unlock()
		if known, err := p.known(site, info); known {
			return err // answered while this handshake waited its turn
		}
		if ask == nil {
			return &transport.UntrustedError{Chain: chain, Err: verifyErr}
		}
		d, err := ask(info)
		if err != nil {
			return fmt.Errorf("%w: %v", ErrRejected, err)
		}
		switch d {
		case TrustAlways:
			if err := p.Pin(site, info); err != nil {
				return fmt.Errorf("trust the certificate always: %w", err)
			}
			return nil
		case TrustOnce:
			p.mu.Lock()
			if p.once[site] == nil {
				p.once[site] = map[string]bool{}
			}
			p.once[site][info.Fingerprint] = true
			p.mu.Unlock()
			return nil
		}
		return ErrRejected
	}
}

// known decides without asking when it can.
func (p *Pins) known(site string, info CertInfo) (bool, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if pin, ok := p.pins[site]; ok {
		if pin.Fingerprint == info.Fingerprint {
			return true, nil
		}
		return true, &CertChangedError{Site: site, Pinned: pin, Presented: info}
	}
	if p.once[site][info.Fingerprint] {
		return true, nil
	}
	return false, nil
}
