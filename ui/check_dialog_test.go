package ui_test

import (
	"crypto/x509"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"portside/transfer/transport"
	"portside/ui"
	"portside/ui/checkview"
)

// findCheck is the check dialog's view on the window, if one is open.
func findCheck(w fyne.Window) *checkview.View {
	var v *checkview.View
	for _, o := range w.Canvas().Overlays().List() {
		smWalk(o, func(o fyne.CanvasObject) {
			if cv, ok := o.(*checkview.View); ok {
				v = cv
			}
		})
	}
	return v
}

// TestMainCheckConnection: File → Check connection… checks the server in
// the quick-connect bar, and "Apply recommended settings" sets the bar's
// mode to what the check found.
func TestMainCheckConnection(t *testing.T) {
	srv := startDemo(t)
	test.NewTempApp(t)
	loop := newUILoop()
	w := test.NewTempWindow(t, nil)
	w.Resize(fyne.NewSize(1200, 800))
	// The demo server offers TLS, which the check tries too: its
	// certificate is accepted here as a user would accept it.
	m := ui.NewMain(w, ui.Config{Local: demoFS(), Do: loop.Do,
		TrustCertificate: func([]*x509.Certificate, error) error { return nil }})
	t.Cleanup(m.Close)
	var item *fyne.MenuItem
	for _, menu := range m.Window.MainMenu().Items {
		for _, it := range menu.Items {
			if strings.HasPrefix(it.Label, "Check connection") {
				item = it
			}
		}
	}
	if item == nil {
		t.Fatal("the File menu has no Check connection…")
	}
	m.Bar.SetSite(ui.Site{Host: "127.0.0.1", Port: srv.Port(), User: "demo", Password: "demo",
		TLS: transport.TLSNone, Mode: transport.ModeAuto})
	item.Action()
	v := findCheck(m.Window)
	if v == nil {
		t.Fatal("no check dialog")
	}
	if !strings.HasSuffix(v.Target, ":"+strconv.Itoa(srv.Port())) {
		t.Errorf("checking %q", v.Target)
	}
	loop.until(t, "the check's report", func() bool { return v.Report() != nil })
	if !v.Report().Recommend.Works {
		t.Fatalf("the demo server does not work:\n%s", v.Text())
	}
	v.Apply.OnTapped()
	if got := m.Bar.Mode.Selected; got != transport.ModePassive.String() {
		t.Errorf("bar mode %q after Apply, want passive", got)
	}
}
