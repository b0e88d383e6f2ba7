package sftp_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"portside/transfer/sftp"
	"portside/transfer/sftpd"
)

// The handshake's deadline bounds the server, not the user: a host key
// question answered after the timeout still connects, and a cancel while
// the question is open stops the connect.
func TestHandshakeWaitsForTheUser(t *testing.T) {
	const timeout = 8 * time.Second // generous: the rest of the handshake runs under it on a loaded machine
	for _, c := range []struct {
		name   string
		cancel bool
		want   error
	}{
		{"answered after the timeout", false, nil},
		{"cancelled while asking", true, context.Canceled},
	} {
		t.Run(c.name, func(t *testing.T) {
			srv := embedded(t, sftpd.Config{Password: "secret"})
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			hk := &sftp.HostKeys{File: t.TempDir() + "/known_hosts", Ask: func(sftp.HostKey) (sftp.Decision, error) {
				if c.cancel {
					cancel()
				} else {
					time.Sleep(timeout + time.Second) // the user reads the fingerprint
				}
				return sftp.TrustOnce, nil
			}}
			s, err := sftp.Connect(ctx, sftp.Config{Host: "127.0.0.1", Port: srv.Port(), User: "ann", Password: "secret",
				HostKeys: hk, Timeout: timeout})
			if err == nil {
				_, err = s.Home(ctx)
				s.Close()
			}
			if !errors.Is(err, c.want) {
				t.Fatalf("connect: %v, want %v", err, c.want)
			}
		})
	}
}

// A session whose connection died dials again on the next call.
func TestReconnects(t *testing.T) {
	root := t.TempDir()
	srv := embedded(t, sftpd.Config{Root: root, Password: "secret"})
	s := connect(t, sftp.Config{Host: "127.0.0.1", Port: srv.Port(), User: "ann", Password: "secret",
		HostKeys: pinned(t, srv.Port(), srv.HostKey())})
	srv.DropAll()
	if _, err := s.List(context.Background(), serverPath(root)); err != nil {
		t.Fatalf("list after the server dropped the connection: %v", err)
	}
}
