package ui

import (
	"encoding/json"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"portside/transfer/sites"
	"portside/transfer/transport"
)

// Quick connects are remembered as FileZilla remembers them: the last
// few addresses, in the host field's drop-down, never with a password
// (only the keychain holds passwords). They live in the app's
// preferences, one JSON list, newest first.

const (
	historyKey = "quickconnect.history"
	historyMax = 10
)

// HistoryEntry is one remembered quick connect.
type HistoryEntry struct {
	Host string            `json:"host"`
	Port int               `json:"port,omitempty"`
	User string            `json:"user,omitempty"`
	TLS  transport.TLSMode `json:"tls"`
	Mode transport.Mode    `json:"mode"`
}

// Site is the entry as the bar shows it, without a password.
func (h HistoryEntry) Site() Site {
	return Site{Host: h.Host, Port: h.Port, User: h.User, TLS: h.TLS, Mode: h.Mode}
}

// Label is the drop-down's line: "alice@ftp.example.com:21 (explicit TLS)".
func (h HistoryEntry) Label() string {
	s := h.Site()
	addr := s.Addr()
	if h.User != "" {
		addr = h.User + "@" + addr
	}
	switch h.TLS {
	case transport.TLSNone:
		return lang.X("history.plain", "{{.Addr}} (plain FTP)", map[string]any{"Addr": addr})
	case transport.TLSIfAvailable:
		return lang.X("history.if_available", "{{.Addr}} (TLS if available)", map[string]any{"Addr": addr})
	}
	return lang.X("history.tls", "{{.Addr}} ({{.TLS}} TLS)", map[string]any{"Addr": addr, "TLS": barLabel(h.TLS.String())})
}

// QuickHistory is the remembered quick connects, newest first.
func QuickHistory() []HistoryEntry {
	var out []HistoryEntry
	raw := fyne.CurrentApp().Preferences().String(historyKey)
	if raw == "" || json.Unmarshal([]byte(raw), &out) != nil {
		return nil
	}
	return out[:min(len(out), historyMax)]
}

// rememberQuick puts s first in the history (once), without its password.
func rememberQuick(s Site) {
	h := HistoryEntry{Host: s.Host, Port: s.Port, User: s.User, TLS: s.TLS, Mode: s.Mode}
	if s.IfAvailable {
		h.TLS = transport.TLSIfAvailable // as typed: the next connect asks the server again
	}
	list := []HistoryEntry{h}
	for _, old := range QuickHistory() {
		if old.Label() != h.Label() && len(list) < historyMax {
			list = append(list, old)
		}
	}
	b, err := json.Marshal(list)
	if err == nil {
		fyne.CurrentApp().Preferences().SetString(historyKey, string(b))
	}
}

// newHistoryButton is the drop-down arrow inside the host field.
func (m *Main) newHistoryButton() *widget.Button {
	b := widget.NewButtonWithIcon("", theme.MenuDropDownIcon(), nil)
	b.Importance = widget.LowImportance
	b.OnTapped = func() { m.showHistory(b) }
	return b
}

// HistoryItems are the host field drop-down's entries; with no history,
// one disabled entry says so.
func (m *Main) HistoryItems() []*fyne.MenuItem {
	var items []*fyne.MenuItem
	for _, h := range QuickHistory() {
		items = append(items, fyne.NewMenuItem(h.Label(), func() {
			m.Bar.SetSite(h.Site())
			if c := fyne.CurrentApp().Driver().CanvasForObject(m.Bar); c != nil && h.User != "" {
				c.Focus(m.Bar.Password) // the one thing left to type
			}
		}))
	}
	if len(items) == 0 {
		items = append(items, &fyne.MenuItem{Label: lang.X("history.none", "No quick connects yet"), Disabled: true})
	}
	return items
}

func (m *Main) showHistory(under fyne.CanvasObject) {
	c := fyne.CurrentApp().Driver().CanvasForObject(under)
	if c == nil {
		return
	}
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(m.Bar.Host).AddXY(0, m.Bar.Host.Size().Height)
	// dialog: quick-history
	widget.ShowPopUpMenuAtPosition(fyne.NewMenu("", m.HistoryItems()...), c, pos)
}

// CopyToSiteManager is File → "Copy current connection to Site Manager":
// the connected quick-connect site becomes a saved site (its password in
// the keychain; without one when the keychain fails, and the status bar
// says so), opened in the Site Manager. A saved site is just opened there.
func (m *Main) CopyToSiteManager() {
	state, site, _ := m.Conn.State()
	if state != Connected || m.Sites == nil {
		m.setStatus(lang.X("copy_site.connect_first", "Copy to Site Manager: connect first (quick connect), then copy the connection."), true)
		return
	}
	if site.Saved != nil {
		m.ShowSiteManager()
		if m.Manager != nil {
			m.Manager.SelectSite(site.Saved.ID)
		}
		return
	}
	s := sites.NewSite(site.Host)
	s.Host, s.Port, s.User, s.DataMode = site.Host, site.Port, site.User, site.Mode
	s.Protocol = sites.FTP
	switch site.TLS {
	case transport.TLSExplicit:
		s.Protocol = sites.FTPSExplicit
	case transport.TLSImplicit:
		s.Protocol = sites.FTPSImplicit
	}
	if site.IfAvailable {
		s.Protocol = sites.FTPIfAvailable // as asked: the question comes again if the server still has no TLS
	}
	s.RemoteDir = m.Remote.Model.State().Path
	s.LocalDir = m.Local.Model.State().Path
	var pw *string
	if s.User == "" || strings.EqualFold(s.User, "anonymous") {
		s.Logon, s.User = sites.Anonymous, ""
	} else {
		pw = &site.Password
	}
	saved, err := m.Sites.Save(s, pw)
	if err != nil && pw != nil {
		// The keychain refused: keep the site, ask for the password at
		// each connect.
		s.Logon = sites.AskPassword
		var err2 error
		if saved, err2 = m.Sites.Save(s, nil); err2 == nil {
			m.setStatus(lang.X("copy_site.no_password", "Copied to the Site Manager without the password (the keychain refused it): it is asked for at each connect."), true)
			m.logFailure(err)
			err = nil
		}
	}
	if err != nil {
		m.setStatus(lang.X("copy_site.failed", "Copy to Site Manager: {{.Error}}", map[string]any{"Error": errorText(err)}), true)
		return
	}
	m.ShowSiteManager()
	if m.Manager != nil {
		m.Manager.SelectSite(saved.ID)
	}
}
