package sites

import (
	"context"
	"errors"
	"testing"
	"time"

	"portside/transfer/ftp"
	"portside/transfer/internal/silentftp"
	"portside/transfer/transport"
)

// The Settings window's data timeout is the idle timeout a session works
// with: a server that goes silent after the password is given up after
// that long (not the transport's default of 20 s), and the error says so.
func TestDataTimeoutIsIdleTimeout(t *testing.T) {
	srv, err := silentftp.Start(silentftp.Config{Stall: silentftp.AfterPass})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	cfg := ftp.Config{Config: transport.Config{Host: "127.0.0.1", Port: srv.Port()},
		User: "demo", Password: "demo", Mode: transport.ModePassive}
	Settings{DataTimeout: 2}.ApplyFTP(&cfg, false)
	// The bound on the test, not on the code.
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	s, err := ftp.Connect(ctx, cfg)
	if err == nil {
		s.Close()
		t.Fatal("logged in to a server that never answers PASS")
	}
	var idle *transport.IdleError
	if !errors.As(err, &idle) || idle.Idle != 2*time.Second {
		t.Fatalf("err = %v (%#v), want an idle timeout of 2 s", err, idle)
	}
	if srv.Stalled() == 0 {
		t.Fatal("the server never went silent: the test tests nothing")
	}
}
