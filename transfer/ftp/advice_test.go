package ftp_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"portside/transfer/ftp"
	"portside/transfer/ftpd"
	"portside/transfer/transport"
)

// TestForcedModeAdvice: a data connection that fails in a forced mode says
// what to do, from what happened. (Active mode's advice from the settings
// is checked in the network scenarios: ftpserverlib refuses EPRT to any
// address but the control connection's, so loopback cannot fail it.)
func TestForcedModeAdvice(t *testing.T) {
	cases := []struct {
		name   string
		server ftpd.Config
		cfg    func(*ftp.Config)
		want   []string
		not    []string
	}{{
		// EPSV and PASV answered with 550: the server said no, not the network.
		name:   "passive refused",
		server: ftpd.Config{RefusePassive: true},
		cfg:    func(c *ftp.Config) { c.Mode = transport.ModePassive },
		want:   []string{"550", "the server does not allow passive mode: use active mode"},
	}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.server.Root = t.TempDir()
			srv, err := ftpd.Start(c.server)
			if err != nil {
				t.Fatal(err)
			}
			defer srv.Close()
			cfg := ftp.Config{Config: transport.Config{Host: "127.0.0.1", Port: srv.Port(), DataTimeout: 5 * time.Second},
				User: "demo", Password: "demo"}
			c.cfg(&cfg)
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			s, err := ftp.Connect(ctx, cfg)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			_, err = s.List(ctx, "/")
			if err == nil {
				t.Fatal("the listing worked; want a data connection failure")
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("%v\nlacks %q", err, w)
				}
			}
			for _, n := range c.not {
				if strings.Contains(err.Error(), n) {
					t.Errorf("%v\nsays %q", err, n)
				}
			}
		})
	}
}
