package ftp_test

import (
	"bytes"
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"portside/transfer"
	"portside/transfer/ftp"
	"portside/transfer/ftpd"
	"portside/transfer/internal/realftpd"
	"portside/transfer/transport"
)

// With pipelining, an upload's end carries the next file's EPSV, and the
// data connection for the next file is dialled while the part file's
// rename (and a size check) is answered: each file lands whole with its
// bytes on every server, and every early connection is the one the next
// upload uses. vsftpd reads the EPSV after the transfer (always early);
// proftpd and pure-ftpd read it during the transfer and may refuse it
// (450, 500), after which the connection stops sending it then; pure-ftpd
// gets PRET before each EPSV, which drops the early connection. Over FTPS
// the early connection's TLS handshake starts before the transfer command.
func TestEarlyDataConnection(t *testing.T) {
	cases := []struct {
		kind   realftpd.Kind
		tls    realftpd.TLSMode
		always bool // never refuses the EPSV
	}{
		{realftpd.Vsftpd, realftpd.TLSNone, true},
		{realftpd.Vsftpd, realftpd.TLSExplicit, true},
		{realftpd.PureFTPd, realftpd.TLSNone, false},
		{realftpd.PureFTPd, realftpd.TLSExplicit, false},
		{realftpd.ProFTPD, realftpd.TLSNone, false},
		{realftpd.ProFTPD, realftpd.TLSExplicit, false},
	}
	const files = 5
	for _, c := range cases {
		t.Run(fmt.Sprintf("%s %s", c.kind, interopTLS(c.tls)), func(t *testing.T) {
			// vsftpd refuses a data connection whose TLS does not resume the
			// control connection's session: the early hello must resume it.
			srv := realftpd.Start(t, c.kind, realftpd.Options{TLS: c.tls, RequireSSLReuse: c.tls != realftpd.TLSNone && c.kind == realftpd.Vsftpd})
			ctx, cancel := context.WithTimeout(t.Context(), 90*time.Second)
			defer cancel()
			var log logBuf
			cert := srv.Certificate()
			s, err := ftp.Connect(ctx, ftp.Config{
				Config: transport.Config{Host: srv.Host, Port: srv.Port, TLS: interopTLS(c.tls),
					TrustCertificate: func(chain []*x509.Certificate, verifyErr error) error {
						if len(chain) > 0 && chain[0].Equal(cert) {
							return nil
						}
						return verifyErr
					},
					DataTimeout: 10 * time.Second, Log: log.add, Pipelining: transport.PipelineProbe},
				User: srv.User, Password: srv.Password, Mode: transport.ModePassive,
			})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			bodies := map[string][]byte{}
			for i := range files {
				name := fmt.Sprintf("/f%d", i)
				body := bytes.Repeat([]byte{byte('a' + i)}, 3000+i*777)
				bodies[name] = body
				part := name + ".portside-part"
				if err := s.Upload(ctx, part, 0, bytes.NewReader(body)); err != nil {
					t.Fatalf("upload %s: %v\n%s", part, err, log.String())
				}
				if n, err := s.Size(ctx, part); err != nil || n != int64(len(body)) {
					t.Fatalf("size of %s: %d, %v\n%s", part, n, err, log.String())
				}
				if err := s.Rename(ctx, part, name); err != nil {
					t.Fatalf("rename %s: %v\n%s", part, err, log.String())
				}
			}
			for name, body := range bodies {
				got, err := os.ReadFile(filepath.Join(srv.Root, name))
				if err != nil || !bytes.Equal(got, body) {
					t.Errorf("%s on the server: %d bytes, %v; want %d", name, len(got), err, len(body))
				}
			}
			text := log.String()
			early := regexp.MustCompile(`dialling (\S+) early`).FindAllStringSubmatch(text, -1)
			used := regexp.MustCompile(`Data connection \(EPSV\) to (\S+)`).FindAllStringSubmatch(text, -1)
			refused := regexp.MustCompile(`refused the pipelined EPSV`).MatchString(text)
			switch {
			case refused && !c.always: // some or none were early, as the race went
			case len(early) != files: // the last one's end carries one too, unused
				t.Fatalf("%d early data connections for %d uploads, want %d\n%s", len(early), files, files, text)
			}
			if hello := regexp.MustCompile(`early, with its TLS hello`).MatchString(text); hello != (c.tls != realftpd.TLSNone) && len(early) > 0 {
				t.Errorf("TLS hello sent early: %v, over %s\n%s", hello, interopTLS(c.tls), text)
			}
			if !c.always {
				return // pure-ftpd sends PRET before EPSV: the early one is dropped, as it must be
			}
			for i, e := range early[:max(len(early)-1, 0)] {
				if i+1 >= len(used) || used[i+1][1] != e[1] {
					t.Errorf("early connection %d to %s is not the one the next upload used\n%s", i, e[1], text)
				}
			}
		})
	}
}

// A transfer command the server refuses (a missing file) over FTPS: the
// data connection's TLS hello went out early and the server never
// answers it; closing the unused connection must not wait for that
// handshake (it waited for the idle timeout, here 10 minutes: the test's
// context would end first), and the session goes on.
func TestRefusedTransferOverFTPS(t *testing.T) {
	for _, kind := range []string{"ftpd", string(realftpd.PureFTPd), string(realftpd.Vsftpd), string(realftpd.ProFTPD)} {
		t.Run(kind, func(t *testing.T) {
			var cfg ftp.Config
			log := &logBuf{}
			if kind == "ftpd" {
				srv := startServer(t, ftpd.Config{TLS: ftpd.TLSExplicit})
				cfg = config(srv, transport.TLSExplicit, transport.ModePassive, log, &loopbackGuard{})
			} else {
				srv := realftpd.Start(t, realftpd.Kind(kind), realftpd.Options{TLS: realftpd.TLSExplicit})
				cert := srv.Certificate()
				cfg = ftp.Config{Config: transport.Config{Host: srv.Host, Port: srv.Port, TLS: transport.TLSExplicit, Log: log.add,
					TrustCertificate: func(chain []*x509.Certificate, verifyErr error) error {
						if len(chain) > 0 && chain[0].Equal(cert) {
							return nil
						}
						return verifyErr
					}}, User: srv.User, Password: srv.Password, Mode: transport.ModePassive}
			}
			cfg.IdleTimeout = 10 * time.Minute
			ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
			defer cancel()
			s, err := ftp.Connect(ctx, cfg)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if _, err := s.Open(ctx, "/missing", 0); !errors.Is(err, transfer.ErrNotFound) {
				t.Fatalf("open a missing file: %v, want not found\n%s", err, log.String())
			}
			if _, err := s.List(ctx, "/"); err != nil {
				t.Fatalf("list after it: %v\n%s", err, log.String())
			}
		})
	}
}
