//go:build linux

package ftp_test

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"portside/transfer/ftp"
	"portside/transfer/internal/realftpd"
	"portside/transfer/transport"
)

// The Permissions column shows what each real server gives: vsftpd's LIST
// mode column, pure-ftpd's and proftpd's MLSD UNIX.mode fact.
func TestPermissionsFromRealServers(t *testing.T) {
	for _, kind := range realftpd.Kinds {
		t.Run(string(kind), func(t *testing.T) {
			t.Parallel()
			srv := realftpd.Start(t, kind, realftpd.Options{})
			p := filepath.Join(srv.Root, "mode.txt")
			if err := os.WriteFile(p, []byte("x"), 0o640); err != nil {
				t.Fatal(err)
			}
			// The login owns its root (realftpd gives it the tree): so too
			// this file, or a server may hide what it cannot read.
			if fi, err := os.Stat(srv.Root); err == nil {
				if st, ok := fi.Sys().(*syscall.Stat_t); ok {
					os.Chown(p, int(st.Uid), int(st.Gid))
				}
			}
			os.Chmod(p, 0o640)
			ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
			defer cancel()
			guard := &loopbackGuard{}
			s, err := ftp.Connect(ctx, ftp.Config{
				Config: transport.Config{Host: srv.Host, Port: srv.Port, Dial: guard.dial, DataTimeout: 5 * time.Second},
				User:   srv.User, Password: srv.Password, Mode: transport.ModePassive,
			})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			home, _ := s.Home(ctx)
			entries, err := s.List(ctx, home)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range entries {
				if e.Name == "mode.txt" {
					if e.Perm != "rw-r-----" {
						t.Errorf("mode.txt shows permissions %q, want rw-r-----", e.Perm)
					}
					return
				}
			}
			t.Fatalf("mode.txt is not listed in %s: %v", home, entries)
		})
	}
}
