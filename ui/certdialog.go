package ui

import (
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"portside/transfer/sites"
)

// DefaultCertTimeout is how long a certificate question waits for an
// answer before it counts as "Reject".
const DefaultCertTimeout = 2 * time.Minute

// CertPrompt puts certificates before the user for a site's
// sites.Pins.Hook: its Ask is called inside a TLS handshake, on a network
// goroutine, so it shows the question on the UI goroutine and waits for
// the answer there, bounded by Timeout.
//
// The transport's dial timeout keeps running during the question; an
// answer that comes after it is still kept (pinned, or trusted until
// Portside quits), so connecting again goes through.
type CertPrompt struct {
	Window  fyne.Window
	Site    string        // the site's name and address, for the question
	Timeout time.Duration // 0 means DefaultCertTimeout
	// Do runs f on the UI goroutine; nil means fyne.Do.
	Do func(f func())
	// OnShown is called on the UI goroutine with each question shown.
	OnShown func(*CertDialog)
}

// Ask is a sites.Ask.
func (p *CertPrompt) Ask(info sites.CertInfo) (sites.Decision, error) {
	answer := make(chan sites.Decision, 1)
	var shown *CertDialog
	p.do(func() {
		shown = NewCertDialog(p.Site, info, p.Window, func(d sites.Decision) { answer <- d })
		shown.Show()
		if p.OnShown != nil {
			p.OnShown(shown)
		}
	})
	timeout := p.Timeout
	if timeout <= 0 {
		timeout = DefaultCertTimeout
	}
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case d := <-answer:
		return d, nil
	case <-t.C:
		p.do(func() {
			if shown != nil {
				shown.Dialog.Hide()
			}
		})
		return sites.Reject, fmt.Errorf("nobody answered the question about the certificate within %v", timeout)
	}
}

func (p *CertPrompt) do(f func()) {
	if p.Do != nil {
		p.Do(f)
		return
	}
	fyne.Do(f)
}

// CertDialog is the question about one certificate: who it names, who
// signed it, when it is valid and its SHA-256 fingerprint, with three
// answers.
type CertDialog struct {
	Dialog *dialog.CustomDialog
	Text   *widget.Label // the certificate's details
	Reject *widget.Button
	Once   *widget.Button
	Always *widget.Button
}

// NewCertDialog builds the question; answer is called once, on the UI
// goroutine, with the button the user chose (Reject when the dialog is
// closed otherwise).
func NewCertDialog(site string, info sites.CertInfo, parent fyne.Window, answer func(sites.Decision)) *CertDialog {
	d := &CertDialog{}
	answered := false
	once := func(dec sites.Decision) {
		if !answered {
			answered = true
			answer(dec)
		}
	}
	choose := func(dec sites.Decision) func() {
		return func() {
			once(dec)
			d.Dialog.Hide()
		}
	}
	d.Reject = widget.NewButtonWithIcon(lang.X("cert.reject", "Reject"), theme.CancelIcon(), choose(sites.Reject))
	d.Once = widget.NewButton(lang.X("cert.trust_once", "Trust once"), choose(sites.TrustOnce))
	d.Always = widget.NewButtonWithIcon(lang.X("cert.trust_always", "Always trust"), theme.ConfirmIcon(), choose(sites.TrustAlways))
	d.Always.Importance = widget.HighImportance

	intro := widget.NewLabel(certIntro(site, info))
	intro.Wrapping = fyne.TextWrapWord
	d.Text = widget.NewLabel(CertInfoText(info))
	d.Text.TextStyle.Monospace = true
	hint := widget.NewLabel(lang.X("cert.hint", "Compare the fingerprint with the one your hosting provider shows. "+
		"“Trust once” lasts until Portside quits; “Always trust” remembers this certificate for the site "+
		"and stops with a warning if the server ever shows another one."))
	hint.Wrapping = fyne.TextWrapWord
	content := container.NewVBox(intro, widget.NewSeparator(), d.Text, widget.NewSeparator(), hint)

	nameObject("cert.reject", d.Reject)
	nameObject("cert.once", d.Once)
	// dialog: cert-pin
	d.Dialog = dialog.NewCustomWithoutButtons(lang.X("cert.title", "Unknown certificate"), content, parent)
	d.Dialog.SetButtons([]fyne.CanvasObject{d.Reject, d.Once, d.Always})
	d.Dialog.SetOnClosed(func() { once(sites.Reject) }) // after a button, this answers nothing
	d.Dialog.Resize(fyne.NewSize(640, 0))
	return d
}

// Show puts the question on screen.
func (d *CertDialog) Show() { d.Dialog.Show() }

func certIntro(site string, info sites.CertInfo) string {
	data := map[string]any{"Site": site, "Problem": certProblem(info.Problem)}
	var s string
	switch {
	case site != "" && info.Problem != "":
		s = lang.X("cert.intro.site_problem", "The server of {{.Site}} shows a certificate that this computer does not trust: {{.Problem}}.", data)
	case site != "":
		s = lang.X("cert.intro.site", "The server of {{.Site}} shows a certificate that this computer does not trust.", data)
	case info.Problem != "":
		s = lang.X("cert.intro.problem", "The server shows a certificate that this computer does not trust: {{.Problem}}.", data)
	default:
		s = lang.X("cert.intro", "The server shows a certificate that this computer does not trust.")
	}
	return s + " " + lang.X("cert.intro.warning", "Anyone between you and the server could show such a certificate; connect only if it is the server's own.")
}

// certProblem turns Go's x509 wording into what a user can weigh.
func certProblem(p string) string {
	switch {
	case strings.Contains(p, "unknown authority"):
		return lang.X("cert.problem.authority", "it is signed by nobody this computer knows (often a self-signed certificate)")
	case strings.Contains(p, "expired") || strings.Contains(p, "not yet valid"):
		return lang.X("cert.problem.dates", "it is outside its validity dates")
	case strings.Contains(p, "valid for"):
		return lang.X("cert.problem.name", "it is made out for another name than the one you connect to")
	}
	return p
}

// CertInfoText is a certificate's details as the question and the Site
// Manager show them, the fingerprint in two lines of 16 bytes.
func CertInfoText(info sites.CertInfo) string {
	fp := info.Fingerprint
	if half := (len(fp) + 1) / 2 / 3 * 3; half > 0 && half < len(fp) {
		fp = fp[:half] + "\n          " + fp[half:]
	}
	return lang.X("cert.info", "Subject:  {{.Subject}}\nIssuer:   {{.Issuer}}\nValid:    {{.From}} to {{.To}}\nSHA-256:  {{.Fingerprint}}",
		map[string]any{"Subject": info.Subject, "Issuer": info.Issuer, "From": info.NotBefore.Format("2006-01-02"),
			"To": info.NotAfter.Format("2006-01-02"), "Fingerprint": fp})
}
