package ftp_test

import (
	"bytes"
	"context"
	"crypto/x509"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"portside/transfer/ftp"
	"portside/transfer/internal/realftpd"
	"portside/transfer/transport"
)

// TestSizeAfterUpload checks when Size after an upload asks the server
// (SIZE, one round trip) and when it answers from the bytes the server
// confirmed with 226: the first upload to a server is always checked; once
// SIZE has agreed, later uploads are not; a server whose SIZE disagreed
// once is asked every time after; and any other command between the
// upload and the Size means the server is asked. Every answer must be the
// file's real size. The SIZE commands are counted in vsftpd's log.
func TestSizeAfterUpload(t *testing.T) {
	type step struct {
		upload  string // upload this file (10 bytes), then ask its size
		tamper  bool   // before asking, append 5 bytes behind the server's back
		between bool   // before asking, list the folder (another command)
	}
	cases := []struct {
		name      string
		steps     []step
		wantSizes int // SIZE commands the server sees
	}{
		{"honest server: checked once", []step{{upload: "a"}, {upload: "b"}, {upload: "c"}}, 1},
		{"disagreed once: always checked", []step{{upload: "a", tamper: true}, {upload: "b"}, {upload: "c"}}, 3},
		{"command between: checked", []step{{upload: "a"}, {upload: "b", between: true}, {upload: "c"}}, 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			// A server of its own: what the process learns is per server.
			srv := realftpd.Start(t, realftpd.Vsftpd, realftpd.Options{})
			ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
			defer cancel()
			var log logBuf
			cert := srv.Certificate()
			s, err := ftp.Connect(ctx, ftp.Config{
				Config: transport.Config{Host: srv.Host, Port: srv.Port,
					TrustCertificate: func(chain []*x509.Certificate, verifyErr error) error {
						if len(chain) > 0 && chain[0].Equal(cert) {
							return nil
						}
						return verifyErr
					},
					DataTimeout: 5 * time.Second, Log: log.add},
				User: srv.User, Password: srv.Password, Mode: transport.ModePassive,
			})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			for _, st := range c.steps {
				if err := s.Upload(ctx, "/"+st.upload, 0, bytes.NewReader([]byte("0123456789"))); err != nil {
					t.Fatal(err)
				}
				want := int64(10)
				if st.tamper {
					f, err := os.OpenFile(filepath.Join(srv.Root, st.upload), os.O_APPEND|os.O_WRONLY, 0)
					if err != nil {
						t.Fatal(err)
					}
					f.WriteString("extra")
					f.Close()
					want = 15
				}
				if st.between {
					if _, err := s.List(ctx, "/"); err != nil {
						t.Fatal(err)
					}
				}
				n, err := s.Size(ctx, "/"+st.upload)
				if err != nil || n != want {
					t.Errorf("Size(%s) = %d, %v; want %d", st.upload, n, err, want)
				}
			}
			if got := strings.Count(srv.Log(), `", "SIZE `); got != c.wantSizes {
				t.Errorf("the server saw %d SIZE commands, want %d\n%s", got, c.wantSizes, log.String())
			}
		})
	}
}
