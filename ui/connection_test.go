package ui_test

import (
	"context"
	"errors"
	"net"
	"strings"
	"sync/atomic"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"portside/transfer/ftp"
	"portside/transfer/transport"
	"portside/ui"
)

// fakeRemote is a connected fakeFS.
type fakeRemote struct {
	*fakeFS
	closed atomic.Int32
}

func (r *fakeRemote) Method() transport.Method { return transport.PASV }
func (r *fakeRemote) Close() error             { r.closed.Add(1); return nil }

// newWindow builds the whole window on fakes, with dial as its DialFunc.
func newWindow(t *testing.T, dial ui.DialFunc) (*ui.Main, *uiLoop) {
	t.Helper()
	test.NewTempApp(t)
	loop := newUILoop()
	w := test.NewTempWindow(t, nil)
	w.Resize(fyne.NewSize(1200, 800))
	m := ui.NewMain(w, ui.Config{Local: demoFS(), Dial: dial, Do: loop.Do})
	t.Cleanup(m.Close)
	loop.until(t, "the local listing", func() bool { return !m.Local.Model.State().Loading })
	return m, loop
}

func connState(m *ui.Main) ui.ConnState { s, _, _ := m.Conn.State(); return s }

func logText(m *ui.Main) string { return strings.Join(m.Log.Lines(), "\n") }

func TestMainWindowStartsDisconnected(t *testing.T) {
	m, _ := newWindow(t, nil)
	if m.Status.Text != "Not connected" || m.Bar.Button.Text != "Connect" {
		t.Errorf("status %q, button %q", m.Status.Text, m.Bar.Button.Text)
	}
	if m.Remote.Message.Text != "Not connected to any server" || m.Remote.Message.Hidden {
		t.Errorf("remote pane says %q (hidden %v)", m.Remote.Message.Text, m.Remote.Message.Hidden)
	}
	if got := m.Local.Model.State().Path; got != "/home/ann" {
		t.Errorf("local pane at %q, want the home folder", got)
	}
}

func TestMainWindowConnectionRefused(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close() // nothing listens there now

	m, loop := newWindow(t, nil)
	m.Connect(ui.Site{Host: "127.0.0.1", Port: port, User: "demo", Password: "demo"})
	if connState(m) != ui.Connecting || m.Bar.Button.Text != "Cancel" {
		t.Errorf("while dialing: state %v, button %q", connState(m), m.Bar.Button.Text)
	}
	loop.until(t, "the failure", func() bool { return connState(m) == ui.Disconnected })

	if !strings.Contains(m.Status.Text, "127.0.0.1:") || m.Status.Importance != widget.DangerImportance {
		t.Errorf("status %q (importance %v), want a red error naming the address", m.Status.Text, m.Status.Importance)
	}
	if !strings.Contains(logText(m), "Error:") {
		t.Errorf("log has no error line:\n%s", logText(m))
	}
	if m.Bar.Button.Text != "Connect" || m.Remote.Model.State().Connected {
		t.Errorf("after the failure: button %q, remote connected %v", m.Bar.Button.Text, m.Remote.Model.State().Connected)
	}
}

func TestMainWindowWrongPassword(t *testing.T) {
	srv := startDemo(t)
	m, loop := newWindow(t, nil)
	m.Connect(ui.Site{Host: "127.0.0.1", Port: srv.Port(), User: "demo", Password: "wrong-secret"})
	loop.until(t, "the failure", func() bool { return connState(m) == ui.Disconnected })
	if !strings.Contains(m.Status.Text, "login refused") {
		t.Errorf("status %q, want it to say the login was refused", m.Status.Text)
	}
	if strings.Contains(logText(m), "wrong-secret") {
		t.Errorf("the log shows the password:\n%s", logText(m))
	}
}

func TestMainWindowCancelWhileConnecting(t *testing.T) {
	remote := &fakeRemote{fakeFS: demoFS()}
	dialing := make(chan struct{})
	dial := func(ctx context.Context, cfg ftp.Config) (ui.Remote, error) {
		close(dialing)
		<-ctx.Done()
		return remote, nil // the login went through just as the user cancelled
	}
	m, loop := newWindow(t, dial)
	m.Connect(ui.Site{Host: "slow.example"})
	<-dialing
	test.Tap(m.Bar.Button) // Cancel
	if connState(m) != ui.Disconnected || m.Bar.Button.Text != "Connect" {
		t.Fatalf("after cancel: state %v, button %q", connState(m), m.Bar.Button.Text)
	}
	loop.until(t, "the late session to be closed", func() bool { return remote.closed.Load() == 1 })
	if m.Remote.Model.State().Connected {
		t.Error("a cancelled connection reached the remote pane")
	}
}

func TestMainWindowRemoteListingFails(t *testing.T) {
	fs := demoFS()
	fs.setFail("/home/ann", errors.New("550 Permission denied"))
	remote := &fakeRemote{fakeFS: fs}
	m, loop := newWindow(t, func(context.Context, ftp.Config) (ui.Remote, error) { return remote, nil })
	m.Connect(ui.Site{Host: "h", Port: 2121})
	loop.until(t, "the remote listing", func() bool {
		s := m.Remote.Model.State()
		return s.Connected && !s.Loading
	})
	if !strings.HasPrefix(m.Status.Text, "Connected to h:2121 — PASV — unencrypted") || m.StatusMark.Hidden {
		t.Errorf("status %q", m.Status.Text)
	}
	if m.Remote.ErrorBar.Hidden || !strings.Contains(m.Remote.ErrorText.Text, "550 Permission denied") {
		t.Errorf("remote pane error bar hidden=%v text %q", m.Remote.ErrorBar.Hidden, m.Remote.ErrorText.Text)
	}
	if !strings.Contains(logText(m), "Error:    550 Permission denied") {
		t.Errorf("log lacks the failure:\n%s", logText(m))
	}
}
