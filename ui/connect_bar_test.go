package ui_test

import (
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"portside/transfer/transport"
	"portside/ui"
)

func TestConnectBarSite(t *testing.T) {
	tests := []struct {
		name                       string
		host, port, user, password string
		tls, mode, protocol        string
		want                       ui.Site
		wantErr                    bool
		// shown: host, protocol, port, user and password fields after the
		// connect, when the host was a URL the fields then spell out.
		shown []string
	}{
		{name: "defaults", host: " ftp.example.com ", want: ui.Site{Host: "ftp.example.com", TLS: transport.TLSIfAvailable}},
		{name: "plain", host: "h", tls: "none", want: ui.Site{Host: "h", TLS: transport.TLSNone}},
		{name: "all fields", host: "h", port: "2121", user: "ann", password: " pw ", tls: "explicit", mode: "active",
			want: ui.Site{Host: "h", Port: 2121, User: "ann", Password: " pw ", TLS: transport.TLSExplicit, Mode: transport.ModeActive}},
		{name: "FTPS passive", host: "h", protocol: "FTPS", mode: "passive",
			want: ui.Site{Host: "h", TLS: transport.TLSImplicit, Mode: transport.ModePassive}},
		{name: "SFTP", host: "h", protocol: "SFTP", port: "2222", user: "ann", password: "pw",
			want: ui.Site{Host: "h", Port: 2222, User: "ann", Password: "pw", SFTP: true}},
		{name: "an sftp:// host wins over FTP", host: "sftp://ann@h", protocol: "FTP",
			want: ui.Site{Host: "h", User: "ann", SFTP: true}, shown: []string{"h", "SFTP", "", "ann", ""}},
		{name: "an sftp:// URL with all in it", host: "sftp://ann:s3cret@h:2222/srv",
			want:  ui.Site{Host: "h", Port: 2222, User: "ann", Password: "s3cret", Path: "/srv", SFTP: true},
			shown: []string{"h", "SFTP", "2222", "ann", "s3cret"}},
		{name: "no host", host: "  ", wantErr: true},
		{name: "bad port", host: "h", port: "ftp", wantErr: true},
		{name: "port out of range", host: "h", port: "70000", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			test.NewTempApp(t)
			b := ui.NewConnectBar()
			test.NewTempWindow(t, b)
			var got []ui.Site
			var invalid []error
			b.OnConnect = func(s ui.Site) { got = append(got, s) }
			b.OnInvalid = func(err error) { invalid = append(invalid, err) }
			test.Type(b.Host, tt.host)
			test.Type(b.Port, tt.port)
			test.Type(b.User, tt.user)
			test.Type(b.Password, tt.password)
			if tt.protocol != "" {
				b.Protocol.SetSelected(tt.protocol)
			}
			if tt.tls != "" {
				b.TLS.SetSelected(tt.tls)
			}
			if tt.mode != "" {
				b.Mode.SetSelected(tt.mode)
			}
			test.Tap(b.Button)
			if tt.wantErr {
				if len(invalid) != 1 || len(got) != 0 {
					t.Errorf("OnInvalid %v, OnConnect %v; want one error", invalid, got)
				}
				return
			}
			if len(got) != 1 || got[0] != tt.want || len(invalid) != 0 {
				t.Errorf("OnConnect %+v (invalid %v), want %+v", got, invalid, tt.want)
			}
			if tt.shown != nil {
				shown := []string{b.Host.Text, b.Protocol.Selected, b.Port.Text, b.User.Text, b.Password.Text}
				if !slices.Equal(shown, tt.shown) {
					t.Errorf("fields %q, want %q", shown, tt.shown)
				}
			}
		})
	}
}

func TestConnectBarEnterConnects(t *testing.T) {
	test.NewTempApp(t)
	b := ui.NewConnectBar()
	test.NewTempWindow(t, b)
	var got int
	b.OnConnect = func(ui.Site) { got++ }
	test.Type(b.Host, "h")
	b.Password.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if got != 1 {
		t.Errorf("Enter in the password field connected %d times, want 1", got)
	}
}

func TestConnectBarButtonFollowsState(t *testing.T) {
	test.NewTempApp(t)
	b := ui.NewConnectBar()
	test.NewTempWindow(t, b)
	var connects, disconnects int
	b.OnConnect = func(ui.Site) { connects++ }
	b.OnDisconnect = func() { disconnects++ }
	b.SetSite(ui.Site{Host: "h", Port: 21, User: "u", TLS: transport.TLSImplicit, Mode: transport.ModePassive})
	if b.Port.Text != "21" || b.Protocol.Selected != "FTPS" || b.TLS.Visible() || b.Mode.Selected != "passive" {
		t.Errorf("SetSite: port %q protocol %q (TLS shown %v) mode %q", b.Port.Text, b.Protocol.Selected, b.TLS.Visible(), b.Mode.Selected)
	}
	steps := []struct {
		state ui.ConnState
		text  string
		conn  int
		disc  int
	}{
		{ui.Disconnected, "Connect", 1, 0},
		{ui.Connecting, "Cancel", 1, 1},
		{ui.Connected, "Disconnect", 1, 2},
	}
	for _, s := range steps {
		b.SetState(s.state)
		if b.Button.Text != s.text {
			t.Errorf("state %v: button %q, want %q", s.state, b.Button.Text, s.text)
		}
		test.Tap(b.Button)
		if connects != s.conn || disconnects != s.disc {
			t.Errorf("state %v: %d connects, %d disconnects; want %d, %d", s.state, connects, disconnects, s.conn, s.disc)
		}
	}
}
