package fstest_test

import (
	"context"
	"testing"

	"portside/transfer/fstest"
	"portside/transfer/ftp"
	"portside/transfer/ftpd"
	"portside/transfer/internal/realftpd"
	"portside/transfer/local"
	"portside/transfer/transport"
)

func TestLocal(t *testing.T) {
	fstest.Run(t, local.FS{}, t.TempDir())
}

func TestFTPEmbedded(t *testing.T) {
	for _, mode := range []transport.Mode{transport.ModePassive, transport.ModeActive} {
		t.Run(mode.String(), func(t *testing.T) {
			srv, err := ftpd.Start(ftpd.Config{Root: t.TempDir()})
			if err != nil {
				t.Fatal(err)
			}
			defer srv.Close()
			s, err := ftp.Connect(context.Background(), ftp.Config{
				Config: transport.Config{Host: "127.0.0.1", Port: srv.Port()},
				User:   "demo", Password: "demo", Mode: mode,
			})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			s.Mkdir(context.Background(), "/t")
			fstest.Run(t, s, "/t")
		})
	}
}

// The same suite against Debian's servers, each with its own quirks: vsftpd
// has no MLST, pure-ftpd and proftpd list differently.
func TestFTPRealServers(t *testing.T) {
	for _, kind := range realftpd.Kinds {
		t.Run(string(kind), func(t *testing.T) {
			srv := realftpd.Start(t, kind, realftpd.Options{})
			s, err := ftp.Connect(context.Background(), ftp.Config{
				Config: transport.Config{Host: srv.Host, Port: srv.Port},
				User:   srv.User, Password: srv.Password, Mode: transport.ModeAuto,
			})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if err := s.Mkdir(context.Background(), "/t"); err != nil {
				t.Fatal(err)
			}
			fstest.Run(t, s, "/t")
		})
	}
}

// vsftpd hides dot files from LIST unless asked with "LIST -a".
func TestVsftpdDotFiles(t *testing.T) {
	srv := realftpd.Start(t, realftpd.Vsftpd, realftpd.Options{})
	for _, hidden := range []bool{false, true} {
		s, err := ftp.Connect(context.Background(), ftp.Config{
			Config: transport.Config{Host: srv.Host, Port: srv.Port, ListHidden: hidden},
			User:   srv.User, Password: srv.Password, Mode: transport.ModePassive,
		})
		if err != nil {
			t.Fatal(err)
		}
		w, _ := s.Create(context.Background(), "/.htaccess", 0)
		w.Write([]byte("deny from all"))
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		list, err := s.List(context.Background(), "/")
		s.Close()
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, e := range list {
			found = found || e.Name == ".htaccess"
		}
		if found != hidden {
			t.Errorf("ListHidden=%v: .htaccess listed = %v", hidden, found)
		}
	}
}
