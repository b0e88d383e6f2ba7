package ui

import (
	"fyne.io/fyne/v2"

	"portside/i18n"
	"portside/transfer/check"
	"portside/ui/checkview"
)

// ShowCheck (File → Check connection…) runs the connection check on the
// quick-connect bar's server: with a saved site's settings and pins when
// the window is connected to that saved site, and "apply recommended
// settings" then saves them into it; for a quick connect it sets the
// bar's mode and encryption.
func (m *Main) ShowCheck() {
	lang := i18n.System(nil)
	site, err := m.Bar.Site()
	if err != nil {
		m.setStatus(i18n.For(lang).T("ui.check.no_site", nil), true)
		return
	}
	// The server the window is connected to: its password (a saved site's
	// comes from the keychain, not the bar), settings and pins.
	if _, cur, _ := m.Conn.State(); cur.Host == site.Host && cur.Addr() == site.Addr() && cur.User == site.User {
		site = cur
	}
	site = m.withProxy(site) // proxy_ui.go: the check goes the way connections go
	trust := m.siteTrust(site)
	if trust == nil {
		trust = m.Conn.TrustCertificate
	}
	v := checkview.New(lang, site.Addr())
	v.Do = m.doUI
	v.Config = func() check.Config { return check.Config{Site: site.ftpConfig(trust, m.Log.Add)} }
	v.OnApply = func(r check.Recommendation) error {
		if site.Saved != nil && m.Sites != nil {
			_, err := m.Sites.Save(check.Apply(*site.Saved, r), nil)
			return err
		}
		applied := site
		applied.Mode = r.Settings.Mode
		applied.TLS = r.Settings.TLS
		m.Bar.SetSite(applied)
		return nil
	}
	if site.SFTP {
		// The SSH stages instead (transfer/check/sftp.go), with the
		// window's host keys; an SFTP site has no settings to apply.
		v.Config = func() check.Config {
			cfg := site.sftpConfig(m.Conn.HostKeys, m.Conn.SSH)
			m.Prefs.Get().ApplySFTP(&cfg)
			return check.Config{SFTP: &cfg}
		}
		v.OnApply = nil
	}
	nameObject("check.close", v.Close) // for scripts/dialogs-xvfb.sh
	// dialog: check
	checkview.Show(m.Window, v)
}

// doUI runs f on the UI goroutine: the configured Do (tests), else fyne.Do.
func (m *Main) doUI(f func()) {
	if m.doFunc != nil {
		m.doFunc(f)
		return
	}
	fyne.Do(f)
}
