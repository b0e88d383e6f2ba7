package ftp_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"errors"
	"io"
	"testing"
	"time"

	"portside/transfer/ftp"
	"portside/transfer/ftpd"
	"portside/transfer/internal/silentftp"
	"portside/transfer/transport"
)

// testIdle is the idle timeout in these tests: short, but far above what a
// loaded machine takes between two bytes of a loopback transfer.
const testIdle = 2 * time.Second

func silentConfig(t *testing.T, srv *silentftp.Server, ca *ftpd.CA, log *logBuf) ftp.Config {
	cfg := ftp.Config{
		Config: transport.Config{
			Host: "127.0.0.1", Port: srv.Port(), IdleTimeout: testIdle, DataTimeout: 5 * time.Second,
			Log: log.add, Dial: (&loopbackGuard{}).dial,
		},
		User: "demo", Password: "demo", Mode: transport.ModePassive,
	}
	if ca != nil {
		cfg.TLS = transport.TLSExplicit
		cfg.TLSConfig = &tls.Config{RootCAs: ca.Pool(), MinVersion: tls.VersionTLS12}
	}
	return cfg
}

// A server that goes silent anywhere after login — after PASS, in a
// listing, in a download or an upload, before the final 226, in a data
// connection's TLS handshake — ends the operation with an idle timeout
// instead of hanging it.
func TestSilentServerTimesOut(t *testing.T) {
	ca, err := ftpd.NewCA()
	if err != nil {
		t.Fatal(err)
	}
	cert, err := ca.Issue("127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	body := make([]byte, 256<<10)
	rand.Read(body)
	type op func(ctx context.Context, s *ftp.Session) error
	list := func(ctx context.Context, s *ftp.Session) error { _, err := s.List(ctx, "/"); return err }
	download := func(ctx context.Context, s *ftp.Session) error {
		r, err := s.Open(ctx, "/f.bin", 0)
		if err != nil {
			return err
		}
		_, err = io.Copy(io.Discard, r)
		return errors.Join(err, r.Close())
	}
	upload := func(ctx context.Context, s *ftp.Session) error {
		return s.Upload(ctx, "/up.bin", 0, io.LimitReader(zeros{}, 256<<20))
	}
	cases := []struct {
		name  string
		stall silentftp.Stall
		tls   bool
		op    op // nil: the login itself
	}{
		{"after PASS", silentftp.AfterPass, false, nil},
		{"in a listing", silentftp.InListing, false, list},
		{"in the middle of a download", silentftp.MidDownload, false, download},
		{"before the final 226", silentftp.Before226, false, download},
		{"in an upload", silentftp.InUpload, false, upload},
		{"in a data connection's TLS handshake", silentftp.DataTLS, true, list},
		{"in a download's TLS handshake", silentftp.DataTLS, true, download},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel() // each waits out its own silence
			scfg := silentftp.Config{Files: map[string][]byte{"f.bin": body}, Stall: tc.stall}
			var caFor *ftpd.CA
			if tc.tls {
				scfg.Cert, caFor = &cert, ca
			}
			srv, err := silentftp.Start(scfg)
			if err != nil {
				t.Fatal(err)
			}
			defer srv.Close()
			log := &logBuf{}
			// The bound on the test, not on the code: an old build hangs here.
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			done := make(chan error, 1)
			go func() {
				s, err := ftp.Connect(ctx, silentConfig(t, srv, caFor, log))
				if err == nil && tc.op != nil {
					err = tc.op(ctx, s)
					s.Close()
				}
				done <- err
			}()
			var got error
			select {
			case got = <-done:
			case <-time.After(45 * time.Second):
				srv.Close()
				t.Fatalf("still waiting after 45 s with an idle timeout of %s\n%s", testIdle, log)
			}
			var idle *transport.IdleError
			if !errors.As(got, &idle) {
				t.Fatalf("err = %v, want an idle timeout\n%s", got, log)
			}
			if srv.Stalled() == 0 {
				t.Fatal("the server never went silent: the test tests nothing")
			}
		})
	}
}

// A server that sends a byte now and then, each gap shorter than the idle
// timeout but the whole far longer, is slow, not dead: nothing times out.
func TestTricklingServerSucceeds(t *testing.T) {
	body := make([]byte, 24<<10)
	rand.Read(body)
	srv, err := silentftp.Start(silentftp.Config{Files: map[string][]byte{"f.bin": body},
		Trickle: testIdle / 8, Chunk: 1 << 10})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	log := &logBuf{}
	ctx := context.Background()
	s, err := ftp.Connect(ctx, silentConfig(t, srv, nil, log))
	if err != nil {
		t.Fatalf("connect: %v\n%s", err, log)
	}
	defer s.Close()
	r, err := s.Open(ctx, "/f.bin", 0)
	if err != nil {
		t.Fatalf("open: %v\n%s", err, log)
	}
	got, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("read: %v\n%s", err, log)
	}
	if err := r.Close(); err != nil {
		t.Fatalf("close: %v\n%s", err, log)
	}
	if !bytes.Equal(got, body) {
		t.Fatalf("got %d bytes that differ from the %d sent", len(got), len(body))
	}
}
