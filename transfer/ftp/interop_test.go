package ftp_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"fmt"
	"io"
	"testing"
	"time"

	"portside/transfer/ftp"
	"portside/transfer/internal/realftpd"
	"portside/transfer/transport"
)

// TestInterop runs Portside's Session against real Debian servers (vsftpd,
// pure-ftpd, proftpd; started by realftpd on loopback, skipped when they are
// not installed or the test is not root), in every TLS mode the server has
// and every data connection mode: a folder, a 3 MiB upload, a listing, a
// download compared by SHA-256, a rename and the removals.
//
// TLS runs with Go's default, TLS 1.3, on purpose: vsftpd sends TLS 1.3
// session tickets on every data connection, and an upload whose data
// connection is closed with them unread ends in RST, which truncates the
// file: "426 Failure reading network stream." The client must send
// close_notify and read to EOF before closing (see realftpd's
// TestVsftpdTLS13Upload).
func TestInterop(t *testing.T) {
	type server struct {
		name string
		kind realftpd.Kind
		opts realftpd.Options
		// modes to run, and what each must end up using
		modes []transport.Mode
		want  func(mode transport.Mode, got transport.Method) error
	}
	all := []transport.Mode{transport.ModePassive, transport.ModeActive, transport.ModeAuto}
	var servers []server
	for _, kind := range realftpd.Kinds {
		for _, tm := range realftpd.TLSModes {
			servers = append(servers, server{
				name: fmt.Sprintf("%s/%s", kind, tm), kind: kind, opts: realftpd.Options{TLS: tm},
				modes: all, want: wantNormal,
			})
		}
	}
	servers = append(servers,
		// vsftpd's require_ssl_reuse: data connections must resume the control
		// connection's TLS session, in passive and in active mode.
		server{name: "vsftpd/explicit-reuse", kind: realftpd.Vsftpd,
			opts:  realftpd.Options{TLS: realftpd.TLSExplicit, RequireSSLReuse: true},
			modes: []transport.Mode{transport.ModePassive, transport.ModeActive}, want: wantNormal},
		// The same is proftpd's default (without "TLSOptions
		// NoSessionReuseRequired").
		server{name: "proftpd/explicit-reuse", kind: realftpd.ProFTPD,
			opts:  realftpd.Options{TLS: realftpd.TLSExplicit, RequireSSLReuse: true},
			modes: []transport.Mode{transport.ModePassive, transport.ModeActive}, want: wantNormal},
	)
	for _, kind := range realftpd.Kinds {
		servers = append(servers,
			server{name: string(kind) + "/no-passive", kind: kind, opts: realftpd.Options{NoPassive: true},
				modes: []transport.Mode{transport.ModeAuto}, want: wantActive},
			server{name: string(kind) + "/no-active", kind: kind, opts: realftpd.Options{NoActive: true},
				modes: []transport.Mode{transport.ModeAuto}, want: wantPassive},
		)
	}

	for _, sv := range servers {
		t.Run(sv.name, func(t *testing.T) {
			t.Parallel()
			srv := realftpd.Start(t, sv.kind, sv.opts)
			for _, mode := range sv.modes {
				t.Run(mode.String(), func(t *testing.T) {
					method := interopRoundTrip(t, srv, mode)
					if err := sv.want(mode, method); err != nil {
						t.Error(err)
					}
				})
			}
		})
	}
}

// wantNormal: on a server that allows both, passive and auto use EPSV (the
// first choice), active EPRT.
func wantNormal(mode transport.Mode, got transport.Method) error {
	want := transport.EPSV
	if mode == transport.ModeActive {
		want = transport.EPRT
	}
	if got != want {
		return fmt.Errorf("%s mode used %s, want %s", mode, got, want)
	}
	return nil
}

// wantActive: a server that refuses PASV and EPSV leaves auto mode an
// active method. Usually EPRT, which starts first; but the probe races the
// methods (probe.go), and on a loaded machine EPRT's connection back can
// outlast the stagger, PORT starts beside it and may carry its listing
// first: both are right.
func wantActive(mode transport.Mode, got transport.Method) error {
	if got != transport.EPRT && got != transport.PORT {
		return fmt.Errorf("auto mode picked %s on a server without passive mode, want EPRT or PORT", got)
	}
	return nil
}

// wantPassive: a server that refuses PORT and EPRT is served by EPSV in
// auto mode, as it is the first choice anyway.
func wantPassive(mode transport.Mode, got transport.Method) error {
	if got != transport.EPSV {
		return fmt.Errorf("auto mode picked %s on a server without active mode, want EPSV", got)
	}
	return nil
}

const interopSize = 3 << 20

// interopRoundTrip runs the file-system round trip on one session and
// returns the data connection method it used.
func interopRoundTrip(t *testing.T, srv *realftpd.Server, mode transport.Mode) transport.Method {
	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
	defer cancel()
	var log logBuf
	guard := &loopbackGuard{}
	cert := srv.Certificate()
	cfg := ftp.Config{
		Config: transport.Config{
			Host: srv.Host, Port: srv.Port, TLS: interopTLS(srv.TLS),
			TrustCertificate: func(chain []*x509.Certificate, verifyErr error) error {
				if len(chain) > 0 && chain[0].Equal(cert) {
					return nil
				}
				return verifyErr
			},
			DataTimeout: 3 * time.Second,
			Dial:        guard.dial,
			Log:         log.add,
		},
		User: srv.User, Password: srv.Password, Mode: mode,
	}
	defer func() {
		if t.Failed() {
			t.Logf("Portside's message log:\n%s", log.String())
		}
		if len(guard.refused) > 0 {
			t.Errorf("dials off loopback were refused: %v", guard.refused)
		}
	}()

	s, err := ftp.Connect(ctx, cfg)
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	defer s.Close()
	must := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	home, err := s.Home(ctx)
	must("home", err)
	dir := s.Join(home, "interop-"+mode.String())
	must("mkdir", s.Mkdir(ctx, dir))

	data := make([]byte, interopSize)
	if _, err := rand.Read(data); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	file := s.Join(dir, "file.bin")
	w, err := s.Create(ctx, file, 0)
	must("create", err)
	if _, err := io.Copy(w, bytes.NewReader(data)); err != nil {
		w.Close()
		t.Fatalf("upload: %v", err)
	}
	must("upload close", w.Close())

	entries, err := s.List(ctx, dir)
	must("list", err)
	found := false
	for _, e := range entries {
		if e.Name == "file.bin" {
			found = true
			if e.Size != interopSize {
				t.Errorf("listed size %d, want %d", e.Size, interopSize)
			}
		}
	}
	if !found {
		t.Fatalf("listing of %s lacks file.bin: %+v", dir, entries)
	}

	r, err := s.Open(ctx, file, 0)
	must("open", err)
	h := sha256.New()
	n, err := io.Copy(h, r)
	if err != nil {
		r.Close()
		t.Fatalf("download after %d bytes: %v", n, err)
	}
	must("download close", r.Close())
	if got := h.Sum(nil); !bytes.Equal(got, sum[:]) {
		t.Errorf("download: %d bytes, sha256 %x, want %d bytes, %x", n, got, interopSize, sum)
	}

	renamed := s.Join(dir, "renamed.bin")
	must("rename", s.Rename(ctx, file, renamed))
	st, err := s.Stat(ctx, renamed)
	must("stat", err)
	if st.Size != interopSize {
		t.Errorf("renamed file: size %d, want %d", st.Size, interopSize)
	}
	must("remove file", s.Remove(ctx, renamed))
	must("remove folder", s.Remove(ctx, dir))

	method := s.Method()
	if p := s.Probe(); p != nil {
		t.Logf("%s %s: %s (probe: %s)", srv.Kind, mode, method, p.Reason)
	} else {
		t.Logf("%s %s: %s", srv.Kind, mode, method)
	}
	return method
}

func interopTLS(m realftpd.TLSMode) transport.TLSMode {
	switch m {
	case realftpd.TLSExplicit:
		return transport.TLSExplicit
	case realftpd.TLSImplicit:
		return transport.TLSImplicit
	}
	return transport.TLSNone
}
