package ftp_test

import (
	"context"
	"crypto/x509"
	"errors"
	"io/fs"
	"os"
	"os/user"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
	"time"

	"portside/transfer"
	"portside/transfer/ftp"
	"portside/transfer/ftpd"
	"portside/transfer/internal/realftpd"
	"portside/transfer/transport"
)

// TestChmodRealServers sends SITE CHMOD to vsftpd, pure-ftpd and proftpd
// with their test set-up (each has it on by default: vsftpd's chmod_enable,
// pure-ftpd's default,
// proftpd's mod_site), and
// checks the mode on disk, on a file and recursively on a tree, then that
// the listing shows it.
func TestChmodRealServers(t *testing.T) {
	for _, kind := range realftpd.Kinds {
		t.Run(string(kind), func(t *testing.T) {
			t.Parallel()
			srv := realftpd.Start(t, kind, realftpd.Options{})
			for _, rel := range []string{"d/a.txt", "d/sub/b.txt", "one.txt"} {
				if _, err := os.Stat(filepath.Join(srv.Root, filepath.Dir(rel))); err != nil {
					if err := os.MkdirAll(filepath.Join(srv.Root, filepath.Dir(rel)), 0o755); err != nil {
						t.Fatal(err)
					}
				}
				if err := os.WriteFile(filepath.Join(srv.Root, rel), []byte("x"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			ownByLogin(t, srv.Root)
			ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
			defer cancel()
			s := realSession(t, ctx, srv)
			home, err := s.Home(ctx)
			if err != nil {
				t.Fatal(err)
			}
			cases := []struct {
				name  string
				path  string
				isDir bool
				mode  uint32
				rec   transfer.Recurse
				want  map[string]os.FileMode // on disk, relative to the root
			}{
				{"one file", "one.txt", false, 0o600, transfer.RecurseNone,
					map[string]os.FileMode{"one.txt": 0o600}},
				{"files only below", "d", true, 0o640, transfer.RecurseFiles,
					map[string]os.FileMode{"d": 0o640, "d/a.txt": 0o640, "d/sub/b.txt": 0o640, "d/sub": 0o755}},
				{"folders only below", "d", true, 0o750, transfer.RecurseFolders,
					map[string]os.FileMode{"d": 0o750, "d/sub": 0o750, "d/a.txt": 0o640}},
				{"all below", "d", true, 0o755, transfer.RecurseAll,
					map[string]os.FileMode{"d": 0o755, "d/sub": 0o755, "d/a.txt": 0o755, "d/sub/b.txt": 0o755}},
			}
			for _, c := range cases {
				var n int
				err := transfer.ChmodTree(ctx, s, s.Join(home, c.path), c.isDir, c.mode, c.rec, func(r transfer.ChmodResult) {
					n++
					if r.Err != nil {
						t.Errorf("%s: %s: %v", c.name, r.Path, r.Err)
					}
				})
				if err != nil {
					t.Fatalf("%s: %v", c.name, err)
				}
				for rel, want := range c.want {
					fi, err := os.Stat(filepath.Join(srv.Root, rel))
					if err != nil {
						t.Fatal(err)
					}
					if got := fi.Mode().Perm(); got != want {
						t.Errorf("%s: %s is %o on disk, want %o (%s)", c.name, rel, got, want, srv.Log())
					}
				}
			}
			list, err := s.List(ctx, home)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range list {
				if e.Name == "one.txt" && e.Perm != "rw-------" {
					t.Errorf("the listing shows one.txt as %q, want rw-------", e.Perm)
				}
			}
		})
	}
}

// ownByLogin gives the tree to the server's login user: the test writes as
// root, and a server lets its user change only its own files.
func ownByLogin(t *testing.T, root string) {
	t.Helper()
	u, err := user.Lookup(realftpd.LoginUser)
	if err != nil {
		t.Fatal(err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	err = filepath.WalkDir(root, func(p string, _ fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		return os.Lchown(p, uid, gid)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func realSession(t *testing.T, ctx context.Context, srv *realftpd.Server) *ftp.Session {
	t.Helper()
	cert := srv.Certificate()
	guard := &loopbackGuard{}
	var log logBuf
	s, err := ftp.Connect(ctx, ftp.Config{
		Config: transport.Config{
			Host: srv.Host, Port: srv.Port, TLS: interopTLS(srv.TLS),
			TrustCertificate: func(chain []*x509.Certificate, verifyErr error) error {
				if len(chain) > 0 && chain[0].Equal(cert) {
					return nil
				}
				return verifyErr
			},
			DataTimeout: 5 * time.Second, Dial: guard.dial, Log: log.add,
		},
		User: srv.User, Password: srv.Password, Mode: transport.ModePassive,
	})
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	t.Cleanup(func() {
		s.Close()
		if t.Failed() {
			t.Logf("Portside's message log:\n%s", log.String())
		}
	})
	return s
}

// TestChmodEmbedded: the embedded server changes the mode; with SITE turned
// off it answers 500, which comes back as ErrUnsupported, stops a recursive
// walk at the first entry, and leaves the connection usable.
func TestChmodEmbedded(t *testing.T) {
	for _, c := range []struct {
		name    string
		noSite  bool
		wantErr error
		calls   int
	}{
		{"site on", false, nil, 3},
		{"site off", true, transfer.ErrUnsupported, 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			root := t.TempDir()
			if err := os.MkdirAll(filepath.Join(root, "d", "e"), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(root, "d", "f.txt"), []byte("x"), 0o644); err != nil {
				t.Fatal(err)
			}
			srv := startServer(t, ftpd.Config{Root: root, NoSite: c.noSite})
			var log logBuf
			ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
			defer cancel()
			s, err := ftp.Connect(ctx, config(srv, transport.TLSNone, transport.ModePassive, &log, &loopbackGuard{}))
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			var calls int
			var first error
			err = transfer.ChmodTree(ctx, s, "/d", true, 0o700, transfer.RecurseAll, func(r transfer.ChmodResult) {
				calls++
				if first == nil {
					first = r.Err
				}
			})
			if !errors.Is(err, c.wantErr) || !errors.Is(first, c.wantErr) {
				t.Fatalf("ChmodTree: %v (first %v), want %v", err, first, c.wantErr)
			}
			if calls != c.calls {
				t.Errorf("%d entries tried, want %d", calls, c.calls)
			}
			fi, err := os.Stat(filepath.Join(root, "d", "f.txt"))
			if err != nil {
				t.Fatal(err)
			}
			want := map[bool]os.FileMode{false: 0o700, true: 0o644}[c.noSite]
			if runtime.GOOS == "windows" {
				want = 0o666 // Windows keeps only the owner's write bit (the read-only attribute): set in both
			}
			if fi.Mode().Perm() != want {
				t.Errorf("f.txt is %o, want %o", fi.Mode().Perm(), want)
			}
			if _, err := s.List(ctx, "/d"); err != nil {
				t.Errorf("the session after the refusal: %v", err)
			}
		})
	}
}
