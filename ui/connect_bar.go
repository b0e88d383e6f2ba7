package ui

import (
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"portside/transfer/sftp"
	"portside/transfer/transport"
)

// ConnectBar is FileZilla's quick-connect bar: host, user, password, port,
// protocol (FTP, FTPS, SFTP), TLS and data connection mode, and one button
// that connects or disconnects. Enter in any field connects. When the
// window is narrow, port, protocol, TLS and mode fold into a "More" pop-up
// (connect_bar_fold.go), so Connect never leaves the window.
type ConnectBar struct {
	widget.BaseWidget

	Host     *widget.Entry
	User     *widget.Entry
	Password *widget.Entry
	Port     *widget.Entry
	Protocol *widget.Select // FTP, FTPS (implicit TLS), SFTP
	TLS      *widget.Select // FTP only: if-available, explicit, none
	Mode     *widget.Select // FTP and FTPS
	Button   *widget.Button
	// More shows the folded fields; it is on screen only when they are
	// folded.
	More *widget.Button

	// OnConnect is called with the bar's site when the user asks to connect.
	OnConnect func(Site)
	// OnDisconnect is called when the user asks to disconnect or to stop
	// connecting.
	OnDisconnect func()
	// OnInvalid is called when the fields do not make a site (no host, a bad
	// port), with a sentence for the status bar.
	OnInvalid func(error)

	state  ConnState
	path   string // from a URL; the bar has no field for it
	labels map[fyne.CanvasObject]*widget.Label
	fold   barFold
}

// The protocol choice's entries.
const (
	protoFTP  = "FTP"
	protoFTPS = "FTPS"
	protoSFTP = "SFTP"
)

// NewConnectBar returns an empty bar: FTP with explicit TLS if available,
// auto mode.
func NewConnectBar() *ConnectBar {
	b := &ConnectBar{
		Host:     widget.NewEntry(),
		User:     widget.NewEntry(),
		Password: widget.NewPasswordEntry(),
		Port:     widget.NewEntry(),
	}
	b.Host.PlaceHolder = "ftp.example.com"
	b.User.PlaceHolder = "anonymous"
	b.Port.PlaceHolder = "21"
	// "if-available" first and by default: the password is encrypted
	// wherever the server can, and asked about where it cannot (#11).
	// Implicit TLS is the protocol FTPS, as ftps:// is.
	b.TLS = widget.NewSelect(names(transport.TLSIfAvailable, transport.TLSExplicit, transport.TLSNone), nil)
	b.TLS.SetSelectedIndex(0)
	b.Mode = widget.NewSelect(names(transport.ModeAuto, transport.ModePassive, transport.ModeActive), nil)
	b.Mode.SetSelectedIndex(0)
	b.Protocol = widget.NewSelect([]string{protoFTP, protoFTPS, protoSFTP}, nil)
	b.Button = widget.NewButtonWithIcon(lang.X("ui.bar.connect", "Connect"), theme.LoginIcon(), b.tapped)
	b.Button.Importance = widget.HighImportance
	b.More = widget.NewButtonWithIcon(lang.X("ui.bar.more", "More"), theme.MenuDropDownIcon(), b.showMore)
	b.More.IconPlacement = widget.ButtonIconTrailingText
	for _, e := range []*widget.Entry{b.Host, b.User, b.Password, b.Port} {
		e.OnSubmitted = func(string) { b.submit() }
	}
	b.labels = map[fyne.CanvasObject]*widget.Label{}
	for o, text := range map[fyne.CanvasObject]string{
		b.Host: lang.X("ui.bar.host", "Host:"), b.User: lang.X("ui.bar.user", "User:"),
		b.Password: lang.X("ui.bar.password", "Password:"), b.Port: lang.X("ui.bar.port", "Port:"),
		b.Protocol: lang.X("ui.bar.protocol", "Protocol:"), b.TLS: lang.X("ui.bar.tls", "TLS:"),
		b.Mode: lang.X("ui.bar.mode", "Mode:")} {
		b.labels[o] = widget.NewLabel(text)
	}
	b.Protocol.SetSelected(protoFTP)
	b.Protocol.OnChanged = func(string) { b.protocolChanged() }
	for name, o := range map[string]fyne.CanvasObject{"host": b.Host, "user": b.User, "password": b.Password,
		"port": b.Port, "protocol": b.Protocol, "tls": b.TLS, "mode": b.Mode, "connect": b.Button, "more": b.More} {
		nameObject("bar."+name, o)
	}
	b.ExtendBaseWidget(b)
	return b
}

func names(vs ...fmt.Stringer) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = barLabel(v.String())
	}
	return out
}

// protocolChanged shows the fields that apply: TLS for FTP only (FTPS is
// implicit TLS, SFTP is SSH), the data connection mode for FTP and FTPS;
// the port's hint is the protocol's usual port.
func (b *ConnectBar) protocolChanged() {
	p := b.Protocol.Selected
	show := func(o fyne.CanvasObject, on bool) {
		for _, x := range []fyne.CanvasObject{o, b.labels[o]} {
			if on {
				x.Show()
			} else {
				x.Hide()
			}
		}
	}
	show(b.TLS, p == protoFTP)
	show(b.Mode, p != protoSFTP)
	b.Port.SetPlaceHolder(map[string]string{protoFTP: "21", protoFTPS: "990", protoSFTP: "22"}[p])
	b.fold.refresh(b)
	b.Refresh()
}

// SetTLS sets the TLS choice, implicit TLS as the protocol FTPS.
func (b *ConnectBar) SetTLS(m transport.TLSMode) {
	if m == transport.TLSImplicit {
		b.Protocol.SetSelected(protoFTPS)
		return
	}
	b.Protocol.SetSelected(protoFTP)
	b.TLS.SetSelected(barLabel(m.String()))
}

// Site reads the fields; it fails without a host or with a bad port.
func (b *ConnectBar) Site() (Site, error) {
	host := strings.TrimSpace(b.Host.Text)
	switch {
	case sftp.IsURL(host):
		return b.sftpSite(host)
	case b.Protocol.Selected == protoSFTP && host != "":
		return b.sftpSite(sftpHostText(host))
	}
	s := Site{
		Host:     strings.TrimSpace(b.Host.Text),
		User:     strings.TrimSpace(b.User.Text),
		Password: b.Password.Text,
		Path:     b.path,
	}
	if s.Host == "" {
		return Site{}, barError(lang.X("bar.err.no_host", "enter a host name to connect to"))
	}
	if p := strings.TrimSpace(b.Port.Text); p != "" {
		var err error
		if s.Port, err = parsePort(p); err != nil {
			return Site{}, err
		}
	}
	var err error
	if s.TLS, err = transport.ParseTLSMode(barName(b.TLS.Selected)); err != nil {
		return Site{}, err
	}
	if b.Protocol.Selected == protoFTPS {
		s.TLS = transport.TLSImplicit
	}
	if s.Mode, err = transport.ParseMode(barName(b.Mode.Selected)); err != nil {
		return Site{}, err
	}
	return s, nil
}

type barError string

func (e barError) Error() string { return string(e) }

// SetSite fills the fields from s (a URL on the command line).
func (b *ConnectBar) SetSite(s Site) {
	b.Host.SetText(s.Host)
	if s.SFTP {
		b.Protocol.SetSelected(protoSFTP)
	} else {
		tls := s.TLS
		if s.IfAvailable {
			tls = transport.TLSIfAvailable // as asked, not as resolved
		}
		b.SetTLS(tls)
	}
	b.User.SetText(s.User)
	b.Password.SetText(s.Password)
	b.Port.SetText("")
	if s.Port != 0 {
		b.Port.SetText(strconv.Itoa(s.Port))
	}
	b.Mode.SetSelected(barLabel(s.Mode.String()))
	b.path = s.Path
}

// SetState makes the button fit the connection: Connect, Cancel or Disconnect.
func (b *ConnectBar) SetState(s ConnState) {
	b.state = s
	switch s {
	case Connecting:
		b.Button.SetText(lang.X("ui.bar.cancel", "Cancel"))
		b.Button.SetIcon(theme.CancelIcon())
		b.Button.Importance = widget.MediumImportance
	case Connected:
		b.Button.SetText(lang.X("ui.bar.disconnect", "Disconnect"))
		b.Button.SetIcon(theme.LogoutIcon())
		b.Button.Importance = widget.MediumImportance
	default:
		b.Button.SetText(lang.X("ui.bar.connect", "Connect"))
		b.Button.SetIcon(theme.LoginIcon())
		b.Button.Importance = widget.HighImportance
	}
	b.Button.Refresh()
}

func (b *ConnectBar) tapped() {
	if b.state != Disconnected {
		if b.OnDisconnect != nil {
			b.OnDisconnect()
		}
		return
	}
	b.submit()
}

func (b *ConnectBar) submit() {
	s, err := b.Site()
	if err != nil {
		if b.OnInvalid != nil {
			b.OnInvalid(err)
		}
		return
	}
	if sftp.IsURL(strings.TrimSpace(b.Host.Text)) {
		// An sftp:// URL typed into Host: the fields show what it says
		// (protocol SFTP, host, port, user; a password in it goes into the
		// masked field), not "FTP" beside a URL while SFTP connects.
		b.SetSite(s)
	}
	if b.OnConnect != nil {
		b.OnConnect(s)
	}
}
