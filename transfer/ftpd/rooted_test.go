package ftpd_test

import (
	"context"
	"strings"
	"testing"

	"portside/transfer/ftp"
	"portside/transfer/ftpd"
	"portside/transfer/transport"
)

// A client's mistakes are answered with the paths it used, never with the
// served folder's place on this computer.
func TestErrorsDoNotShowTheServedFolder(t *testing.T) {
	root := t.TempDir()
	srv, err := ftpd.Start(ftpd.Config{Root: root + "/"})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	ctx := context.Background()
	s, err := ftp.Connect(ctx, ftp.Config{Config: transport.Config{Host: "127.0.0.1", Port: srv.Port(), TLS: transport.TLSNone},
		User: "demo", Password: "demo", Mode: transport.ModePassive})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for name, op := range map[string]func() error{
		"list":   func() error { _, err := s.List(ctx, "/nope"); return err },
		"open":   func() error { _, err := s.Open(ctx, "/nope.txt", 0); return err },
		"rename": func() error { return s.Rename(ctx, "/nope.txt", "/b.txt") },
		"mkdir":  func() error { return s.Mkdir(ctx, "/nope/deeper") },
	} {
		err := op()
		if err == nil {
			t.Errorf("%s: no error", name)
			continue
		}
		if strings.Contains(err.Error(), root) {
			t.Errorf("%s: %v names the served folder %s", name, err, root)
		}
	}
}
