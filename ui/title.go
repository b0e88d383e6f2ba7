package ui

import (
	"net"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"

	"portside/assets"
	"portside/transfer/transport"
)

// AppName ends every window title.
const AppName = "Portside"

// WindowTitle is the window's title: the server it is connected to, as
// FileZilla shows it, so the task bar tells two windows apart: "alice@
// ftp.example.com — Portside", with a saved site's name first ("Work —
// alice@ftp.example.com — Portside") and the port only when it is not the
// usual one. Connecting or not connected, it is the app's name.
//
// This is the one place the title is worded; marks about the connection
// (encrypted or not) belong here too.
func WindowTitle(state ConnState, site Site) string {
	if state != Connected || site.Host == "" {
		return AppName
	}
	addr := site.Host
	usual := 21
	switch {
	case site.SFTP:
		usual = 22
	case site.TLS == transport.TLSImplicit:
		usual = 990
	}
	if site.Port != 0 && site.Port != usual {
		addr = net.JoinHostPort(site.Host, strconv.Itoa(site.Port))
	}
	if site.User != "" && site.User != "anonymous" {
		addr = site.User + "@" + addr
	}
	title := addr + " — " + AppName
	if site.Saved != nil && site.Saved.Name != "" && site.Saved.Name != site.Host {
		title = site.Saved.Name + " — " + title
	}
	if !site.Encrypted() {
		return lang.X("ui.title.unencrypted", "Unencrypted") + ": " + title
	}
	return "🔒 " + title
}

// Encrypted reports whether the connection to s is: SFTP, or FTP with
// TLS (after connecting, "if available" is resolved; see connectedAs).
func (s Site) Encrypted() bool {
	return s.SFTP || (s.TLS != transport.TLSNone && s.TLS != transport.TLSIfAvailable)
}

// securityMark is the status bar's word on the connection's encryption:
// a padlock and the kind, or a warning sign and a plain warning. The marks
// are icons, not "🔒" and "⚠" in the text: the window is built without
// Fyne's emoji font (it took 48 MB, issue #12), and a system may have no
// font with them. (The window's title, drawn by the system, keeps its 🔒.)
func securityMark(s Site) (fyne.Resource, string) {
	switch {
	case s.SFTP:
		return lockIcon, lang.X("ui.status.ssh", "encrypted (SSH)")
	case s.Encrypted():
		return lockIcon, lang.X("ui.status.tls", "encrypted ({{.Mode}} TLS)", map[string]string{"Mode": barLabel(s.TLS.String())})
	}
	return theme.WarningIcon(), lang.X("ui.status.plain", "unencrypted: the password and files cross the network readable")
}

var lockIcon = theme.NewThemedResource(assets.Lock)

// updateTitle shows the connection in the window's title; the title is
// set only when it changes.
func (m *Main) updateTitle() {
	state, site, _ := m.Conn.State()
	setTitle(m.Window, WindowTitle(state, site))
}

func setTitle(w fyne.Window, title string) {
	if w != nil && w.Title() != title {
		w.SetTitle(title)
	}
}

// focusRemoteAfterConnect moves the keyboard from the quick-connect bar
// to the remote files once connected: the arrows and Enter work there at
// once. (It also kept a focused entry's blinking cursor, a Fyne animation
// that redrew the window, from running on: 7.7 % of a core idle. The
// Makefile's -tags no_animations now keeps any focused cursor still.)
func (m *Main) focusRemoteAfterConnect() {
	c := m.Window.Canvas()
	switch c.Focused() {
	case m.Bar.Host, m.Bar.User, m.Bar.Password, m.Bar.Port:
		c.Focus(m.Remote.List)
	}
}
