package transport

import (
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
)

// verifyTLS makes cfg verify the server's chain against the system roots
// and the host name in cfg.ServerName (an IP address there is checked
// against the certificate's IP addresses), then hand the chain to trust on
// every handshake: with the verification error when the roots do not vouch
// for it (a user's "trust once", a pin of a self-signed certificate), and
// with nil when they do, so that a pin or --fingerprint holds even against a
// certificate a public CA signed for someone else. VerifyConnection runs on
// full and resumed handshakes alike, so data connections are checked too.
func verifyTLS(cfg *tls.Config, trust func([]*x509.Certificate, error) error) {
	if cfg.InsecureSkipVerify {
		return // the caller decided (tests of TLS itself only)
	}
	roots := cfg.RootCAs
	// The configured host, not cs.ServerName: Go sends no SNI for an IP
	// address and leaves ServerName empty then, and x509 skips the name
	// check for an empty name: any CA-signed certificate would pass.
	name := strings.TrimSuffix(strings.TrimPrefix(cfg.ServerName, "["), "]")
	cfg.InsecureSkipVerify = true // Go's check is replaced, not skipped: see below
	cfg.VerifyConnection = func(cs tls.ConnectionState) error {
		if len(cs.PeerCertificates) == 0 {
			return errors.New("the server sent no certificate")
		}
		if name == "" {
			return errors.New("no host name to check the certificate against")
		}
		opts := x509.VerifyOptions{Roots: roots, DNSName: name, Intermediates: x509.NewCertPool()}
		for _, ic := range cs.PeerCertificates[1:] {
			opts.Intermediates.AddCert(ic)
		}
		_, err := cs.PeerCertificates[0].Verify(opts)
		if err != nil {
			err = plainReasonFirst(cs.PeerCertificates[0], name, err)
		}
		if trust == nil {
			if err == nil {
				return nil
			}
			return &UntrustedError{Chain: cs.PeerCertificates, Err: err}
		}
		return trust(cs.PeerCertificates, err)
	}
}

// plainReasonFirst gives every system the reason Go's own verifier
// (Linux) gives: a leaf outside its dates fails as expired, then one that
// names another host as that name mismatch, whatever else was found.
// Windows' verifier (CertGetCertificateChain) and macOS's answer "signed
// by unknown authority" first for a self-signed certificate, which hid
// the plainer reason from the user.
func plainReasonFirst(leaf *x509.Certificate, name string, err error) error {
	now := time.Now()
	var detail string
	switch {
	case now.Before(leaf.NotBefore):
		detail = fmt.Sprintf("current time %s is before %s", now.UTC().Format(time.RFC3339), leaf.NotBefore.UTC().Format(time.RFC3339))
	case now.After(leaf.NotAfter):
		detail = fmt.Sprintf("current time %s is after %s", now.UTC().Format(time.RFC3339), leaf.NotAfter.UTC().Format(time.RFC3339))
	default:
		if herr := leaf.VerifyHostname(name); herr != nil {
			return herr
		}
		return err
	}
	return x509.CertificateInvalidError{Cert: leaf, Reason: x509.Expired, Detail: detail}
}

// UntrustedError is a certificate that neither the system nor the user trusts.
type UntrustedError struct {
	Chain []*x509.Certificate
	Err   error
}

func (e *UntrustedError) Error() string {
	c := e.Chain[0]
	return fmt.Sprintf("certificate of %q (issued by %q, SHA-256 %s) is not trusted: %v",
		c.Subject.CommonName, c.Issuer.CommonName, Fingerprint(c), e.Err)
}

func (e *UntrustedError) Unwrap() error { return e.Err }

// Fingerprint is a certificate's SHA-256 in the colon-separated hex users
// compare with what their host shows.
func Fingerprint(c *x509.Certificate) string {
	sum := sha256.Sum256(c.Raw)
	h := strings.ToUpper(hex.EncodeToString(sum[:]))
	var b strings.Builder
	for i := 0; i < len(h); i += 2 {
		if i > 0 {
			b.WriteByte(':')
		}
		b.WriteString(h[i : i+2])
	}
	return b.String()
}
