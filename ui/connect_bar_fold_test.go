package ui_test

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"portside/ui"
)

// The protocol choice shows the fields that apply: TLS for FTP only (FTPS
// is implicit TLS), the data connection mode for FTP and FTPS, not SFTP.
func TestConnectBarProtocolFields(t *testing.T) {
	for _, c := range []struct {
		protocol  string
		tls, mode bool
		port      string
	}{
		{"FTP", true, true, "21"},
		{"FTPS", false, true, "990"},
		{"SFTP", false, false, "22"},
	} {
		t.Run(c.protocol, func(t *testing.T) {
			test.NewTempApp(t)
			b := ui.NewConnectBar()
			w := test.NewTempWindow(t, b)
			w.Resize(fyne.NewSize(1400, 60))
			b.Protocol.SetSelected(c.protocol)
			if b.TLS.Visible() != c.tls || b.Mode.Visible() != c.mode || b.Port.PlaceHolder != c.port {
				t.Errorf("TLS shown %v, mode shown %v, port hint %q; want %v, %v, %q",
					b.TLS.Visible(), b.Mode.Visible(), b.Port.PlaceHolder, c.tls, c.mode, c.port)
			}
			for _, o := range []fyne.CanvasObject{b.TLS, b.Mode} {
				if o.Visible() && !inside(b, o) {
					t.Errorf("%T is shown outside the bar", o)
				}
			}
		})
	}
}

// inside reports whether o lies within bar's bounds, as drawn.
func inside(bar fyne.CanvasObject, o fyne.CanvasObject) bool {
	d := fyne.CurrentApp().Driver()
	bp, op := d.AbsolutePositionForObject(bar), d.AbsolutePositionForObject(o)
	return op.X >= bp.X && op.X+o.Size().Width <= bp.X+bar.Size().Width+0.5 && o.Size().Width > 0
}

// A narrow bar folds port, protocol, TLS and mode into "More": Connect
// stays inside the bar at every width, More shows the folded fields, and a
// port typed there is the one used. A wide bar keeps them in the row.
func TestConnectBarFolds(t *testing.T) {
	for _, c := range []struct {
		width  float32
		folded bool
	}{
		{700, true},
		{900, true},
		{1400, false},
	} {
		t.Run(fmt.Sprint(c.width), func(t *testing.T) {
			test.NewTempApp(t)
			b := ui.NewConnectBar()
			w := test.NewTempWindow(t, b)
			w.Resize(fyne.NewSize(c.width, 60))
			if b.MinSize().Width > 700 {
				t.Errorf("the bar needs %.0f px", b.MinSize().Width)
			}
			if b.Folded() != c.folded {
				t.Fatalf("at %.0f px folded %v, want %v", c.width, b.Folded(), c.folded)
			}
			if !inside(b, b.Button) || !inside(b, b.Host) || !inside(b, b.Password) {
				t.Errorf("at %.0f px Connect, host or password is outside the bar", c.width)
			}
			if !c.folded {
				if !inside(b, b.Port) || !inside(b, b.Mode) {
					t.Errorf("unfolded, port or mode is outside the bar")
				}
				return
			}
			if !inside(b, b.More) {
				t.Fatalf("More is not in the bar")
			}
			test.Tap(b.More)
			pop := w.Canvas().Overlays().Top()
			if pop == nil {
				t.Fatal("More showed nothing")
			}
			var shown []fyne.CanvasObject
			walk(pop, func(o fyne.CanvasObject) bool {
				switch o {
				case b.Port, b.Protocol, b.TLS, b.Mode:
					shown = append(shown, o)
				}
				return true
			})
			if len(shown) != 4 {
				t.Errorf("the pop-up holds %d of port, protocol, TLS and mode", len(shown))
			}
			b.Host.SetText("h")
			test.Type(b.Port, "2121")
			b.Protocol.SetSelected("SFTP") // the pop-up follows: no TLS, no mode
			shown = shown[:0]
			walk(pop, func(o fyne.CanvasObject) bool {
				if o == b.TLS || o == b.Mode {
					shown = append(shown, o)
				}
				return true
			})
			if len(shown) != 0 {
				t.Errorf("SFTP: the pop-up still offers TLS or mode")
			}
			s, err := b.Site()
			if err != nil || s.Port != 2121 || !s.SFTP {
				t.Errorf("Site() = %+v, %v", s, err)
			}
			// Wide again: the fields come back to the row and the pop-up goes.
			w.Resize(fyne.NewSize(1400, 60))
			if top := w.Canvas().Overlays().Top(); b.Folded() || top != nil || !inside(b, b.Port) {
				t.Errorf("unfolding: folded %v, pop-up %v", b.Folded(), top)
			}
		})
	}
}

// The window fits 760x520 (#11: its minimum was 1,121 px wide): the
// content's minimum is below it, Connect is inside the window, and the
// column titles of the shrunk panes end in "…" instead of running into
// each other.
func TestWindowFitsSmallScreens(t *testing.T) {
	m, _ := newWindow(t, nil)
	if min := m.Window.Content().MinSize(); min.Width > 760 || min.Height > 520-30 { // 30: the menu bar
		t.Errorf("the window needs %.0fx%.0f", min.Width, min.Height)
	}
	m.Window.Resize(fyne.NewSize(760, 520))
	if !inside(m.Window.Content(), m.Bar.Button) {
		t.Error("Connect is outside the window")
	}
	cut := 0
	for _, p := range []*ui.Pane{m.Local, m.Remote} {
		for _, b := range p.Header.Buttons {
			if b.MinSize().Width > b.Size().Width+1 {
				t.Errorf("title %q needs %.0f px in a %.0f px column", b.Text, b.MinSize().Width, b.Size().Width)
			}
			if strings.HasSuffix(b.Text, "…") {
				cut++
			}
		}
	}
	if cut == 0 {
		t.Error("at 760 px no column title was shortened")
	}
}
