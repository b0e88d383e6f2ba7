package ui

import (
	"crypto/x509"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"portside/i18n"
	"portside/transfer/check"
	"portside/transfer/sftp"
	"portside/transfer/sites"
	"portside/ui/checkview"
)

// testConnection (the Site Manager's "Test connection") runs the
// connection check on the site as the editor shows it, saved or not.
// "Apply recommended settings" puts the settings into the editor, where
// the user sees them and saves.
func (m *SiteManager) testConnection() {
	site, err := m.Editor.Site()
	if err != nil {
		m.fail(err)
		return
	}
	var password string
	switch {
	case site.Logon == sites.Anonymous:
	case m.Editor.NewPassword() != nil:
		password = *m.Editor.NewPassword()
	case site.ID != "" && site.Logon == sites.Normal:
		if pw, err := m.Store.Password(site.ID); err == nil {
			password = pw
			break
		}
		fallthrough
	default:
		m.askCheckPassword(site)
		return
	}
	m.runCheck(site, password)
}

func (m *SiteManager) askCheckPassword(site sites.Site) {
	entry := widget.NewPasswordEntry()
	m.PromptEntry = entry
	nameObject("dlg.check-password", entry)
	// dialog: sm-check-password
	d := dialog.NewForm(lang.X("sm.password.title", "Password for {{.User}}@{{.Host}}", map[string]any{"User": site.User, "Host": site.Host}), lang.X("dlg.ok", "OK"), lang.X("dlg.cancel", "Cancel"),
		[]*widget.FormItem{widget.NewFormItem(lang.X("sm.password", "Password:"), entry)}, func(ok bool) {
			if ok {
				m.runCheck(site, entry.Text)
			}
		}, m.Window)
	entry.OnSubmitted = func(string) { d.Submit() }
	d.Resize(fyne.NewSize(420, 0))
	m.ask(d)
}

func (m *SiteManager) runCheck(site sites.Site, password string) {
	if site.Protocol == sites.SFTP {
		m.runSFTPCheck(site, password)
		return
	}
	cfg := site.FTPConfig(password)
	if site.ID != "" {
		cfg.TrustCertificate = m.Store.Pins.Hook(site.ID, (&CertPrompt{Window: m.Window, Site: site.Name, Do: m.runOnUI}).Ask)
	} else {
		// Not saved yet: nothing to pin to; the answer holds for this check.
		ask := (&CertPrompt{Window: m.Window, Site: site.Name, Do: m.runOnUI}).Ask
		cfg.TrustCertificate = func(chain []*x509.Certificate, verr error) error {
			d, err := ask(sites.CertInfoOf(chain[0], verr, time.Now()))
			if err != nil {
				return err
			}
			if d == sites.Reject {
				return sites.ErrRejected
			}
			return nil
		}
	}
	v := checkview.New(i18n.System(nil), cfg.Addr())
	v.Do = m.runOnUI
	v.Config = func() check.Config { return check.Config{Site: cfg} }
	v.OnApply = func(r check.Recommendation) error {
		applied := check.Apply(m.Editor.Loaded(), r)
		cur, err := m.Editor.Site()
		if err == nil {
			// Keep what the user typed; take what the check decided.
			cur.DataMode, cur.UseSentPassiveAddress, cur.Probe = applied.DataMode, applied.UseSentPassiveAddress, applied.Probe
			cur.Protocol, cur.MaxConnections = check.Apply(cur, r).Protocol, check.Apply(cur, r).MaxConnections
			applied = cur
		}
		m.Editor.Load(applied, m.pin(applied.ID))
		m.dirty = true
		m.updateButtons()
		return nil
	}
	m.Checking = v
	nameObject("check.close", v.Close) // for scripts/dialogs-xvfb.sh
	// dialog: sm-check
	checkview.Show(m.Window, v)
}

// runSFTPCheck checks an SFTP site: the SSH stages, its host key against
// the window's known_hosts (an unknown one is asked about), nothing to
// apply.
func (m *SiteManager) runSFTPCheck(site sites.Site, password string) {
	cfg := site.SFTPConfig(password)
	cfg.HostKeys = &sftp.HostKeys{UserFiles: sftp.DefaultUserFiles(),
		Ask: (&HostKeyPrompt{Window: m.Window, Do: m.runOnUI}).Ask}
	if m.Store != nil {
		cfg.HostKeys.File = filepath.Join(m.Store.Dir(), "known_hosts")
	}
	v := checkview.New(i18n.System(nil), cfg.Addr())
	v.Do = m.runOnUI
	v.Config = func() check.Config { return check.Config{SFTP: &cfg} }
	m.Checking = v
	nameObject("check.close", v.Close)
	// dialog: sm-check-sftp
	checkview.Show(m.Window, v)
}
