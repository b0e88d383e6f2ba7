package ui_test

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"portside/transfer/ftpd"
	"portside/transfer/transport"
	"portside/ui"
)

// With no TrustCertificate configured, an unknown certificate is shown to
// the user, and their answer decides.
func TestMainWindowAsksAboutUnknownCertificate(t *testing.T) {
	tests := []struct {
		answer    string
		wantState ui.ConnState
		wantText  string
	}{
		{"Trust this time", ui.Connected, "Connected to 127.0.0.1:"},
		{"Cancel", ui.Disconnected, "the certificate was not accepted"},
	}
	for _, tt := range tests {
		t.Run(tt.answer, func(t *testing.T) {
			srv := startDemoTLS(t, ftpd.TLSExplicit)
			m, loop := newWindow(t, nil)
			m.Connect(ui.Site{Host: "127.0.0.1", Port: srv.Port(), User: "demo", Password: "demo", TLS: transport.TLSExplicit})

			c := m.Window.Canvas()
			loop.until(t, "the certificate dialog", func() bool { return c.Overlays().Top() != nil })
			dlg := c.Overlays().Top()
			var text string
			var button *widget.Button
			walk(dlg, func(o fyne.CanvasObject) bool {
				switch w := o.(type) {
				case *widget.Label:
					text += w.Text + "\n"
				case *widget.Button:
					if w.Text == tt.answer {
						button = w
					}
				}
				return true
			})
			for _, want := range []string{"Portside demo", "SHA-256:", "Valid:"} {
				if !strings.Contains(text, want) {
					t.Errorf("dialog lacks %q:\n%s", want, text)
				}
			}
			if button == nil {
				t.Fatalf("no %q button in the dialog:\n%s", tt.answer, text)
			}
			test.Tap(button)
			loop.until(t, "the connection to settle", func() bool { return connState(m) != ui.Connecting })
			if connState(m) != tt.wantState || !strings.Contains(m.Status.Text, tt.wantText) {
				t.Fatalf("state %v, status %q; want %v and %q", connState(m), m.Status.Text, tt.wantState, tt.wantText)
			}
			if tt.wantState != ui.Connected {
				return
			}
			// Data connections handshake too; trusted once, the user is
			// not asked again for this connection's listings.
			loop.until(t, "the remote listing", func() bool {
				s := m.Remote.Model.State()
				return s.Err != nil || (!s.Loading && len(s.Entries) > 0)
			})
			if top := c.Overlays().Top(); top != nil {
				t.Errorf("a second dialog is up after trusting once")
			}
		})
	}
}
