package ui

import (
	"crypto/x509"
	"errors"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"portside/transfer/transport"
)

// errCertRefused is the answer when the user does not trust a certificate.
var errCertRefused = errors.New("the certificate was not accepted")

// trustPrompt asks the user about certificates the system does not vouch
// for and remembers a "trust this time" until the next connect. The
// transport asks for every TLS handshake, the control connection's and each
// data connection's (and auto mode probes on fresh connections), so without
// the memory one connect would raise a dialog per listing.
type trustPrompt struct {
	main *Main

	mu      sync.Mutex // held while a dialog is up: one question at a time
	trusted map[string]bool
}

// reset forgets the certificates trusted for the previous connection.
func (p *trustPrompt) reset() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.trusted = nil
}

// ask runs on the connecting goroutine, not the UI one, so blocking here
// keeps the window alive. The handshake's deadline still runs (the dial
// timeout), so an answer after it only ends in a timeout error.
func (p *trustPrompt) ask(chain []*x509.Certificate, verifyErr error) error {
	if len(chain) == 0 {
		return errCertRefused
	}
	if verifyErr == nil {
		return nil // the system vouches for it; only pins are checked then
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	key := string(chain[0].Raw)
	if p.trusted[key] {
		return nil
	}
	answer := make(chan bool, 1)
	p.main.do(func() {
		text := widget.NewLabel(CertificateText(chain[0], verifyErr))
		text.TextStyle.Monospace = true
		nameObject("dlg.trust", text)
		// dialog: trust
		d := dialog.NewCustomConfirm(lang.X("cert.title", "Unknown certificate"), lang.X("cert.trust_this_time", "Trust this time"), lang.X("dlg.cancel", "Cancel"), text,
			func(ok bool) { answer <- ok }, p.main.Window)
		d.Show()
	})
	if !<-answer {
		return errCertRefused
	}
	if p.trusted == nil {
		p.trusted = map[string]bool{}
	}
	p.trusted[key] = true
	return nil
}

// CertificateText describes a certificate for a person deciding whether to
// trust it: who it names, who signed it, when it is valid, its fingerprint.
func CertificateText(c *x509.Certificate, verifyErr error) string {
	var b strings.Builder
	if verifyErr != nil {
		b.WriteString(lang.X("cert.not_trusted", "The server's certificate is not trusted:\n{{.Problem}}", map[string]any{"Problem": certProblem(verifyErr.Error())}) + "\n\n")
	}
	fp := transport.Fingerprint(c)
	half := (len(fp) + 1) / 2 / 3 * 3 // 16 bytes a line, split after a colon
	b.WriteString(lang.X("cert.info", "Subject:  {{.Subject}}\nIssuer:   {{.Issuer}}\nValid:    {{.From}} to {{.To}}\nSHA-256:  {{.Fingerprint}}",
		map[string]any{"Subject": c.Subject.String(), "Issuer": c.Issuer.String(), "From": c.NotBefore.Format("2006-01-02"),
			"To": c.NotAfter.Format("2006-01-02"), "Fingerprint": fp[:half] + "\n          " + fp[half:]}))
	return b.String()
}

func (m *Main) do(f func()) {
	if m.doFunc != nil {
		m.doFunc(f)
		return
	}
	fyne.Do(f)
}
