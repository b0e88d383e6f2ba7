//go:build linux

package sftp_test

import (
	"context"
	"testing"

	"portside/internal/realsshd"
	"portside/transfer/fstest"
	"portside/transfer/sftp"
	"portside/transfer/sftpd"
)

func TestConformanceEmbedded(t *testing.T) {
	root := t.TempDir()
	srv := embedded(t, sftpd.Config{Root: root, Password: "secret"})
	s := connect(t, sftp.Config{
		Host: "127.0.0.1", Port: srv.Port(), User: "ann", Password: "secret",
		HostKeys: pinned(t, srv.Port(), srv.HostKey()),
	})
	fstest.Run(t, s, root)
}

func TestConformanceOpenSSH(t *testing.T) {
	for _, login := range []string{"password", "key"} {
		t.Run(login, func(t *testing.T) {
			srv := realsshd.Start(t, realsshd.Options{})
			cfg := sftp.Config{
				Host: srv.Host, Port: srv.Port, User: srv.User,
				HostKeys: pinned(t, srv.Port, srv.HostKey),
			}
			if login == "password" {
				cfg.Password = srv.Password
			} else {
				cfg.KeyFiles = []string{srv.KeyFile}
			}
			s, err := sftp.Connect(context.Background(), cfg)
			if err != nil {
				t.Fatalf("%v\nsshd log:\n%s", err, srv.Log())
			}
			defer s.Close()
			fstest.Run(t, s, srv.Root)
		})
	}
}
