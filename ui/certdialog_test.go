package ui_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"portside/transfer/ftp"
	"portside/transfer/ftpd"
	"portside/transfer/sites"
	"portside/transfer/transport"
	"portside/ui"
)

var smCertInfo = sites.CertInfo{
	Fingerprint: "68:76:A7:67:8F:31:68:EB:EF:89:C4:1D:73:4F:1C:82:06:77:D1:B4:CD:F4:EA:4E:29:97:E8:6E:38:E6:16:7D",
	Subject:     "CN=127.0.0.1,O=Portside demo", Issuer: "CN=127.0.0.1,O=Portside demo",
	NotBefore: time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC), NotAfter: time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC),
	Problem: "x509: certificate signed by unknown authority",
}

// newCertPrompt is a prompt on a test window whose UI goroutine is the
// test's: Ask runs on another goroutine, as in a TLS handshake.
func newCertPrompt(t *testing.T, timeout time.Duration) (*ui.CertPrompt, *uiLoop, func() *ui.CertDialog) {
	t.Helper()
	test.NewTempApp(t)
	w := test.NewTempWindow(t, widget.NewLabel(""))
	w.Resize(fyne.NewSize(900, 600))
	loop := newUILoop()
	var shown *ui.CertDialog
	p := &ui.CertPrompt{Window: w, Site: "Demo (127.0.0.1:21)", Timeout: timeout, Do: loop.Do,
		OnShown: func(d *ui.CertDialog) { shown = d }}
	return p, loop, func() *ui.CertDialog { return shown }
}

// Each button is its answer; the question shows what the user weighs.
func TestCertPromptAnswers(t *testing.T) {
	tests := []struct {
		name   string
		answer func(d *ui.CertDialog)
		want   sites.Decision
	}{
		{"reject", func(d *ui.CertDialog) { test.Tap(d.Reject) }, sites.Reject},
		{"trust once", func(d *ui.CertDialog) { test.Tap(d.Once) }, sites.TrustOnce},
		{"always trust", func(d *ui.CertDialog) { test.Tap(d.Always) }, sites.TrustAlways},
		{"closed otherwise", func(d *ui.CertDialog) { d.Dialog.Hide() }, sites.Reject},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, loop, shown := newCertPrompt(t, time.Minute)
			type result struct {
				d   sites.Decision
				err error
			}
			done := make(chan result, 1)
			go func() {
				d, err := p.Ask(smCertInfo)
				done <- result{d, err}
			}()
			loop.until(t, "the question", func() bool { return shown() != nil })
			text := smTexts(p.Window.Canvas().Overlays().Top())
			for _, want := range []string{"Demo (127.0.0.1:21)", "self-signed", "CN=127.0.0.1,O=Portside demo",
				"2026-11-25 to 2026-11-26", smCertInfo.Fingerprint[:47], smCertInfo.Fingerprint[48:]} {
				if !strings.Contains(text, want) {
					t.Errorf("the question lacks %q:\n%s", want, text)
				}
			}
			select {
			case <-done:
				t.Fatal("Ask returned before the user answered")
			default:
			}
			tt.answer(shown())
			r := <-done
			if r.d != tt.want || r.err != nil {
				t.Errorf("Ask = %v, %v; want %v", r.d, r.err, tt.want)
			}
		})
	}
}

// Nobody at the screen: the question times out as a rejection, and goes.
func TestCertPromptTimesOut(t *testing.T) {
	p, loop, shown := newCertPrompt(t, 50*time.Millisecond)
	done := make(chan error, 1)
	go func() {
		d, err := p.Ask(smCertInfo)
		if d != sites.Reject {
			err = errors.New("not rejected")
		}
		done <- err
	}()
	var err error
	loop.until(t, "the timeout", func() bool {
		select {
		case err = <-done:
			return true
		default:
			return false
		}
	})
	if err == nil || !strings.Contains(err.Error(), "within 50ms") {
		t.Errorf("Ask's error = %v, want one naming the timeout", err)
	}
	loop.drain()
	if shown() == nil || p.Window.Canvas().Overlays().Top() != nil {
		t.Errorf("the question is still on screen after the timeout")
	}
}

func TestCertDialogMarkup(t *testing.T) {
	test.NewTempApp(t)
	w := test.NewTempWindow(t, widget.NewLabel(""))
	w.Resize(fyne.NewSize(900, 600))
	ui.NewCertDialog("Demo (127.0.0.1:21)", smCertInfo, w, func(sites.Decision) {}).Show()
	test.AssertRendersToMarkup(t, "certdialog/unknown.xml", w.Canvas())
}

// The whole path on a real FTPS server: the handshake's goroutine asks
// through the prompt, the user answers in the dialog, and the connection
// goes on; "Always trust" pins the certificate for the next connect.
func TestCertPromptInHandshake(t *testing.T) {
	p, loop, shown := newCertPrompt(t, time.Minute)
	srv, err := ftpd.Start(ftpd.Config{TLS: ftpd.TLSExplicit, User: "ann", Password: "pw"})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	store, err := sites.Open(t.TempDir(), newSMKeychain())
	if err != nil {
		t.Fatal(err)
	}
	site := sites.NewSite("Demo")
	site.Host, site.Port, site.User, site.DataMode = "127.0.0.1", srv.Port(), "ann", transport.ModePassive
	site = smSave(t, store, site, "pw")

	connect := func() chan error {
		cfg := site.FTPConfig("pw")
		cfg.TrustCertificate = store.Pins.Hook(site.ID, p.Ask)
		done := make(chan error, 1)
		go func() {
			s, err := ftp.Connect(context.Background(), cfg)
			if err == nil {
				_, err = s.List(context.Background(), "/")
				s.Close()
			}
			done <- err
		}()
		return done
	}
	done := connect()
	loop.until(t, "the question", func() bool { return shown() != nil })
	test.Tap(shown().Always)
	var cerr error
	loop.until(t, "the connection", func() bool {
		select {
		case cerr = <-done:
			return true
		default:
			return false
		}
	})
	if cerr != nil {
		t.Fatalf("connect after Always trust: %v", cerr)
	}
	pin, ok := store.Pins.Pinned(site.ID)
	if !ok || pin.Fingerprint != transport.Fingerprint(srv.Certificate().Leaf) {
		t.Fatalf("pinned %+v (%v), want the server's certificate", pin, ok)
	}
	first := shown()
	if err := <-connect(); err != nil {
		t.Fatalf("second connect: %v", err)
	}
	if shown() != first {
		t.Errorf("asked again about a pinned certificate")
	}
}
