package ui

import (
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"portside/transfer/sftp"
	"portside/transfer/transport"
)

// ConnectBar is FileZilla's quick-connect bar: host, user, password, port,
// TLS and data connection mode, and one button that connects or
// disconnects. Enter in any field connects.
type ConnectBar struct {
	widget.BaseWidget

	Host     *widget.Entry
	User     *widget.Entry
	Password *widget.Entry
	Port     *widget.Entry
	TLS      *widget.Select
	Mode     *widget.Select
	Button   *widget.Button

	// OnConnect is called with the bar's site when the user asks to connect.
	OnConnect func(Site)
	// OnDisconnect is called when the user asks to disconnect or to stop
	// connecting.
	OnDisconnect func()
	// OnInvalid is called when the fields do not make a site (no host, a bad
	// port), with a sentence for the status bar.
	OnInvalid func(error)

	state ConnState
	path  string // from a URL; the bar has no field for it
}

// NewConnectBar returns an empty bar: plain FTP, auto mode.
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
	b.TLS = widget.NewSelect(names(transport.TLSNone, transport.TLSExplicit, transport.TLSImplicit), nil)
	b.TLS.SetSelectedIndex(0)
	b.Mode = widget.NewSelect(names(transport.ModeAuto, transport.ModePassive, transport.ModeActive), nil)
	b.Mode.SetSelectedIndex(0)
	b.Button = widget.NewButtonWithIcon(lang.X("sm.connect", "Connect"), theme.LoginIcon(), b.tapped)
	b.Button.Importance = widget.HighImportance
	for _, e := range []*widget.Entry{b.Host, b.User, b.Password, b.Port} {
		e.OnSubmitted = func(string) { b.submit() }
	}
	for name, o := range map[string]fyne.CanvasObject{"host": b.Host, "user": b.User, "password": b.Password,
		"port": b.Port, "tls": b.TLS, "mode": b.Mode, "connect": b.Button} {
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

func (b *ConnectBar) CreateRenderer() fyne.WidgetRenderer {
	label := func(s string) fyne.CanvasObject { return widget.NewLabel(s) }
	portWidth := fyne.MeasureText("000000", theme.TextSize(), fyne.TextStyle{}).Width + 4*theme.InnerPadding()
	row := container.New(&weightedRow{
		weights: []float32{0, 3, 0, 2, 0, 2, 0, 0, 0, 0, 0, 0, 0},
		// Enough to show a short host and name when the window is narrow.
		minWidths: []float32{1: 120, 3: 80, 5: 80, 7: portWidth},
	},
		label(lang.X("site.host", "Host:")), b.Host,
		label(lang.X("site.user", "User:")), b.User,
		label(lang.X("sm.password", "Password:")), b.Password,
		label(lang.X("site.port", "Port:")), b.Port,
		label(lang.X("bar.tls", "TLS:")), b.TLS,
		label(lang.X("bar.mode", "Mode:")), b.Mode,
		b.Button)
	return widget.NewSimpleRenderer(row)
}

// Site reads the fields; it fails without a host or with a bad port.
func (b *ConnectBar) Site() (Site, error) {
	if host := strings.TrimSpace(b.Host.Text); sftp.IsURL(host) {
		return b.sftpSite(host)
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
		b.Host.SetText(sftpHostText(s.Host))
	}
	b.User.SetText(s.User)
	b.Password.SetText(s.Password)
	b.Port.SetText("")
	if s.Port != 0 {
		b.Port.SetText(strconv.Itoa(s.Port))
	}
	b.TLS.SetSelected(barLabel(s.TLS.String()))
	b.Mode.SetSelected(barLabel(s.Mode.String()))
	b.path = s.Path
}

// SetState makes the button fit the connection: Connect, Cancel or Disconnect.
func (b *ConnectBar) SetState(s ConnState) {
	b.state = s
	switch s {
	case Connecting:
		b.Button.SetText(lang.X("dlg.cancel", "Cancel"))
		b.Button.SetIcon(theme.CancelIcon())
		b.Button.Importance = widget.MediumImportance
	case Connected:
		b.Button.SetText(lang.X("bar.disconnect", "Disconnect"))
		b.Button.SetIcon(theme.LogoutIcon())
		b.Button.Importance = widget.MediumImportance
	default:
		b.Button.SetText(lang.X("sm.connect", "Connect"))
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
	if b.OnConnect != nil {
		b.OnConnect(s)
	}
}
