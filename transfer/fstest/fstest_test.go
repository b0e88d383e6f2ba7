package fstest_test

import (
	"context"
	"io"
	"os"
	"path/filepath"
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
			// Each of them lists Unix modes (vsftpd in LIST, pure-ftpd and
			// proftpd as MLSD's UNIX.mode), which the library drops.
			list, err := s.List(context.Background(), "/t/dir")
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range list {
				if e.Name == "plain.txt" && e.Perm != "rw-r--r--" {
					t.Errorf("plain.txt has permissions %q, want rw-r--r-- (umask 022)", e.Perm)
				}
				if e.Name == "sub" && e.Perm != "rwxr-xr-x" {
					t.Errorf("sub has permissions %q, want rwxr-xr-x", e.Perm)
				}
			}
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

// GBK file names (old Chinese IIS and Serv-U) round-trip through a real
// server that stores names as bytes: on disk they are GBK, in Portside UTF-8.
func TestGBKNamesOnVsftpd(t *testing.T) {
	srv := realftpd.Start(t, realftpd.Vsftpd, realftpd.Options{})
	s, err := ftp.Connect(context.Background(), ftp.Config{
		Config: transport.Config{Host: srv.Host, Port: srv.Port, Charset: "GBK"},
		User:   srv.User, Password: srv.Password, Mode: transport.ModePassive,
	})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	if err := s.Mkdir(ctx, "/报告"); err != nil {
		t.Fatal(err)
	}
	w, err := s.Create(ctx, "/报告/年度总结.txt", 0)
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte("内容"))
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	// "报告" in GBK is B1 A8 B8 E6, "年度总结.txt" is C4 EA B6 C8 D7 DC BD E1 .txt
	onDisk := filepath.Join(srv.Root, "\xb1\xa8\xb8\xe6", "\xc4\xea\xb6\xc8\xd7\xdc\xbd\xe1.txt")
	if b, err := os.ReadFile(onDisk); err != nil || string(b) != "内容" {
		t.Fatalf("the server did not store GBK names: %v", err)
	}
	list, err := s.List(ctx, "/报告")
	if err != nil || len(list) != 1 || list[0].Name != "年度总结.txt" {
		t.Fatalf("list = %+v, %v", list, err)
	}
	if err := s.Rename(ctx, "/报告/年度总结.txt", "/报告/改名.txt"); err != nil {
		t.Fatal(err)
	}
	r, err := s.Open(ctx, "/报告/改名.txt", 0)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(r)
	r.Close()
	if string(b) != "内容" {
		t.Fatalf("read %q", b)
	}
}
