package ui_test

import (
	"bytes"
	"crypto/x509"
	"net"
	"strconv"
	"strings"
	"sync"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"portside/transfer/ftpd"
	"portside/transfer/sites"
	"portside/ui"
)

// wire records what clients send the server before any TLS: where a
// password sent in plain text would show.
type wire struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (w *wire) String() string { w.mu.Lock(); defer w.mu.Unlock(); return w.buf.String() }

type wireListener struct {
	net.Listener
	w *wire
}

func (l wireListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return wireConn{c, l.w}, nil
}

type wireConn struct {
	net.Conn
	w *wire
}

func (c wireConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	c.w.mu.Lock()
	c.w.buf.Write(p[:n])
	c.w.mu.Unlock()
	return n, err
}

// plainBed is the window and an embedded server whose wire is recorded.
type plainBed struct {
	m    *ui.Main
	loop *uiLoop
	srv  *ftpd.Server
	wire *wire
}

func newPlainBed(t *testing.T, mode ftpd.TLSMode) *plainBed {
	t.Helper()
	test.NewTempApp(t)
	b := &plainBed{loop: newUILoop(), wire: &wire{}}
	srv, err := ftpd.Start(ftpd.Config{Root: t.TempDir(), TLS: mode,
		WrapListener: func(ln net.Listener) net.Listener { return wireListener{ln, b.wire} }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	b.srv = srv
	own := srv.Certificate().Certificate[0]
	w := test.NewTempWindow(t, nil)
	w.Resize(fyne.NewSize(1200, 800))
	b.m = ui.NewMain(w, ui.Config{Local: demoFS(), Do: b.loop.Do,
		TrustCertificate: func(chain []*x509.Certificate, verr error) error {
			if len(chain) > 0 && bytes.Equal(chain[0].Raw, own) {
				return nil
			}
			return verr
		}})
	t.Cleanup(b.m.Close)
	return b
}

// connect types the server into the quick-connect bar, leaving its TLS
// choice at the default, and presses Connect.
func (b *plainBed) connect() {
	b.m.Bar.Host.SetText("127.0.0.1")
	b.m.Bar.Port.SetText(strconv.Itoa(b.srv.Port()))
	b.m.Bar.User.SetText("demo")
	b.m.Bar.Password.SetText("demo")
	test.Tap(b.m.Bar.Button)
}

// question is the plain-login dialog's text and buttons, or "" when none is up.
func (b *plainBed) question() (string, map[string]*widget.Button, *widget.Check) {
	top := b.m.Window.Canvas().Overlays().Top()
	if top == nil {
		return "", nil, nil
	}
	var text strings.Builder
	buttons := map[string]*widget.Button{}
	var check *widget.Check
	walk(top, func(o fyne.CanvasObject) bool {
		switch w := o.(type) {
		case *widget.Label:
			text.WriteString(w.Text + "\n")
		case *widget.Button:
			buttons[w.Text] = w
		case *widget.Check:
			check = w
		}
		return true
	})
	return text.String(), buttons, check
}

// TestQuickConnectAsksBeforePlainLogin: the quick-connect bar's default is
// explicit TLS if available. A server without TLS raises the question
// before any password is sent; Cancel sends none (the server's wire shows
// no USER or PASS); "Connect anyway" logs in and the title and status bar
// say the connection is unencrypted; "Remember" skips the question next
// time. A server with TLS is used encrypted without a question.
func TestQuickConnectAsksBeforePlainLogin(t *testing.T) {
	cases := []struct {
		name     string
		server   ftpd.TLSMode
		answer   string // "": no question expected
		remember bool
		state    ui.ConnState
		title    string
		status   string
		pass     bool // the password crossed the wire readable
		saved    bool // a Site Manager site ("Use explicit FTP over TLS if available"), not the bar
	}{
		{"cancel", ftpd.TLSOff, "Cancel", false, ui.Disconnected, "Portside", "logging in without it was refused", false, false},
		{"connect anyway", ftpd.TLSOff, "Connect anyway", false, ui.Connected, "Unencrypted: demo@127.0.0.1:", "unencrypted", true, false},
		{"remember", ftpd.TLSOff, "Connect anyway", true, ui.Connected, "Unencrypted: demo@127.0.0.1:", "unencrypted", true, false},
		{"server with TLS", ftpd.TLSNone, "", false, ui.Connected, "🔒 demo@127.0.0.1:", "encrypted (explicit TLS)", false, false},
		{"saved site, cancel", ftpd.TLSOff, "Cancel", false, ui.Disconnected, "Portside", "logging in without it was refused", false, true},
		{"saved site, connect anyway", ftpd.TLSOff, "Connect anyway", false, ui.Connected, "Unencrypted: Plain — demo@127.0.0.1:", "unencrypted", true, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := newPlainBed(t, c.server)
			b.loop.until(t, "the local listing", func() bool { return !b.m.Local.Model.State().Loading })
			if c.saved {
				s := sites.NewSite("Plain")
				s.ID, s.Host, s.Port, s.User, s.Protocol = "plain1", "127.0.0.1", b.srv.Port(), "demo", sites.FTPIfAvailable
				b.m.Connect(ui.SiteOf(s, "demo"))
			} else {
				b.connect()
			}
			if c.answer != "" {
				b.loop.until(t, "the question", func() bool { txt, _, _ := b.question(); return txt != "" })
				txt, buttons, check := b.question()
				if !strings.Contains(txt, "does not support encryption") || buttons[c.answer] == nil || check == nil {
					t.Fatalf("the question reads %q with buttons %v", txt, buttons)
				}
				if w := b.wire.String(); strings.Contains(w, "PASS") || strings.Contains(w, "USER") {
					t.Fatalf("a login was sent before the answer:\n%s", w)
				}
				check.SetChecked(c.remember)
				test.Tap(buttons[c.answer])
			}
			b.loop.until(t, "the connection to settle", func() bool { return connState(b.m) != ui.Connecting })
			if got := connState(b.m); got != c.state {
				t.Fatalf("state %v, want %v; status %q", got, c.state, b.m.Status.Text)
			}
			if !strings.HasPrefix(b.m.Window.Title(), c.title) || !strings.Contains(b.m.Status.Text, c.status) {
				t.Errorf("title %q, status %q; want %q…, …%q…", b.m.Window.Title(), b.m.Status.Text, c.title, c.status)
			}
			if got := strings.Contains(b.wire.String(), "PASS demo"); got != c.pass {
				t.Errorf("password readable on the wire: %v, want %v", got, c.pass)
			}
			if !c.remember {
				return
			}
			// Remembered: the next connect to this server goes on unasked.
			test.Tap(b.m.Bar.Button) // Disconnect
			b.loop.until(t, "the disconnect", func() bool { return connState(b.m) == ui.Disconnected })
			test.Tap(b.m.Bar.Button)
			b.loop.until(t, "the second connect", func() bool { return connState(b.m) != ui.Connecting })
			if txt, _, _ := b.question(); txt != "" || connState(b.m) != ui.Connected {
				t.Errorf("asked again (%q) or not connected (%v)", txt, connState(b.m))
			}
		})
	}
}
