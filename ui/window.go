// Package ui is Portside's window: the quick-connect bar, the local and
// remote file panes, the message log and the status bar. Widgets render
// small models (PaneModel, Connection) that call package transfer off the
// UI goroutine; nothing here imports fyne.io/fyne/v2/app, so the tests run
// on Fyne's test driver without cgo.
package ui

import (
	"crypto/x509"
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"portside/transfer"
	"portside/transfer/local"
	"portside/transfer/transport"
)

// Config is what the window is built from.
type Config struct {
	Local    transfer.FS // the local side; nil means local.FS{}
	LocalDir string      // where the local pane opens; empty: the home folder
	Dial     DialFunc    // nil means DialFTP
	// TrustCertificate decides about certificates the system does not
	// vouch for; nil asks the user in a dialog.
	TrustCertificate func(chain []*x509.Certificate, verifyErr error) error
	// Do runs f on the UI goroutine; nil means fyne.Do. Tests pass their own.
	Do func(f func())
}

// Main is the whole window's content and the models behind it.
type Main struct {
	Window  fyne.Window
	Bar     *ConnectBar
	Local   *Pane
	Remote  *Pane
	Log     *LogView
	Status  *widget.Label
	Conn    *Connection
	Content fyne.CanvasObject

	// OnRemoteListed is called whenever a remote listing arrives; the smoke
	// test reads it from the program's output.
	OnRemoteListed func(dir string, entries []transfer.Entry)

	doFunc func(f func())
	trust  trustPrompt
}

// NewMain builds the window's content into w and lists the local side.
func NewMain(w fyne.Window, cfg Config) *Main {
	m := &Main{Window: w, doFunc: cfg.Do}
	localFS := cfg.Local
	if localFS == nil {
		localFS = local.FS{}
	}

	m.Log = NewLogView()
	m.Log.Do = cfg.Do

	localModel, remoteModel := NewPaneModel(), NewPaneModel()
	localModel.Do, remoteModel.Do = cfg.Do, cfg.Do
	localModel.OnFailed = m.logFailure
	remoteModel.OnFailed = m.logFailure
	remoteModel.OnListed = func(dir string, entries []transfer.Entry) {
		if m.OnRemoteListed != nil {
			m.OnRemoteListed(dir, entries)
		}
	}
	m.Local = NewPane("Local site", localModel)
	m.Remote = NewPane("Remote site", remoteModel)
	m.Remote.IdleText = "Not connected to any server"
	m.Remote.update()

	m.Conn = &Connection{Do: cfg.Do, Dial: cfg.Dial, Log: m.Log.Add, TrustCertificate: cfg.TrustCertificate}
	m.trust.main = m
	if m.Conn.TrustCertificate == nil {
		m.Conn.TrustCertificate = m.trust.ask
	}
	m.Conn.OnChanged = m.connChanged
	m.Conn.OnConnected = func(r Remote, site Site) { remoteModel.SetFS(r, site.Path) }
	m.Conn.OnDisconnected = func() { remoteModel.SetFS(nil, "") }

	m.Bar = NewConnectBar()
	m.Bar.OnConnect = m.connect
	m.Bar.OnDisconnect = m.Conn.Disconnect
	m.Bar.OnInvalid = func(err error) { m.setStatus("Cannot connect: "+err.Error(), true) }

	m.Status = widget.NewLabel("")
	m.Status.Truncation = fyne.TextTruncateEllipsis
	m.connChanged()

	panes := container.NewHSplit(m.Local, m.Remote)
	body := container.NewVSplit(panes, m.Log)
	body.Offset = 0.72
	top := container.NewVBox(m.Bar, widget.NewSeparator())
	bottom := container.NewVBox(widget.NewSeparator(), m.Status)
	m.Content = container.NewBorder(top, bottom, nil, nil, body)
	w.SetContent(m.Content)

	localModel.SetFS(localFS, cfg.LocalDir)
	return m
}

// Connect fills the quick-connect bar with site and connects to it.
func (m *Main) Connect(site Site) {
	m.Bar.SetSite(site)
	m.connect(site)
}

// connect starts a connection; certificates trusted "this time" before
// are asked about again.
func (m *Main) connect(site Site) {
	m.trust.reset()
	m.Conn.Connect(site)
}

func (m *Main) connChanged() {
	state, site, err := m.Conn.State()
	m.Bar.SetState(state)
	switch {
	case err != nil:
		m.setStatus(err.Error(), true)
		m.logFailure(err)
	case state == Connecting:
		m.setStatus(fmt.Sprintf("Connecting to %s…", site.Addr()), false)
	case state == Connected:
		text := fmt.Sprintf("Connected to %s — %s", site.Addr(), m.Conn.Remote().Method())
		if site.TLS != transport.TLSNone {
			text += ", " + site.TLS.String() + " TLS" // say it: users check that it is encrypted
		}
		m.setStatus(text, false)
	default:
		m.setStatus("Not connected", false)
	}
}

func (m *Main) setStatus(text string, failed bool) {
	m.Status.Importance = widget.MediumImportance
	if failed {
		m.Status.Importance = widget.DangerImportance
	}
	m.Status.SetText(text)
}

// logFailure puts an error in the message log, where FileZilla users look
// for what went wrong.
func (m *Main) logFailure(err error) {
	m.Log.Add(transport.Event{Time: time.Now(), Kind: transport.Failure, Text: err.Error()})
}
