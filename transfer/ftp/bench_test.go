package ftp_test

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"

	"portside/transfer/ftp"
	"portside/transfer/ftpd"
	"portside/transfer/transport"
)

// BenchmarkStream measures one stream through the whole stack (library,
// transport, data connection) against the embedded server on loopback.
func BenchmarkStream(b *testing.B) {
	const size = 32 << 20
	for _, tc := range []struct {
		name string
		tls  ftpd.TLSMode
		ctls transport.TLSMode
		mode transport.Mode
	}{
		{"plain/passive", ftpd.TLSNone, transport.TLSNone, transport.ModePassive},
		{"plain/active", ftpd.TLSNone, transport.TLSNone, transport.ModeActive},
		{"explicit/passive", ftpd.TLSExplicit, transport.TLSExplicit, transport.ModePassive},
	} {
		root := b.TempDir()
		f, _ := os.Create(filepath.Join(root, "big.bin"))
		f.Truncate(size)
		f.Close()
		srv, err := ftpd.Start(ftpd.Config{Root: root, TLS: tc.tls})
		if err != nil {
			b.Fatal(err)
		}
		cfg := ftp.Config{Config: transport.Config{Host: "127.0.0.1", Port: srv.Port(), TLS: tc.ctls,
			TrustCertificate: pin(srv)}, User: "demo", Password: "demo", Mode: tc.mode}
		s, err := ftp.Connect(context.Background(), cfg)
		if err != nil {
			b.Fatal(err)
		}
		buf := make([]byte, 256<<10)
		b.Run("download/"+tc.name, func(b *testing.B) {
			b.SetBytes(size)
			for i := 0; i < b.N; i++ {
				r, err := s.Open(context.Background(), "/big.bin", 0)
				if err != nil {
					b.Fatal(err)
				}
				n, err := io.CopyBuffer(io.Discard, r, buf)
				r.Close()
				if err != nil || n != size {
					b.Fatalf("%d bytes, %v", n, err)
				}
			}
		})
		b.Run("upload/"+tc.name, func(b *testing.B) {
			b.SetBytes(size)
			for i := 0; i < b.N; i++ {
				w, err := s.Create(context.Background(), fmt.Sprintf("/up%d.bin", i%2), 0)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := io.CopyBuffer(w, io.LimitReader(zeros{}, size), buf); err != nil {
					b.Fatal(err)
				}
				if err := w.Close(); err != nil {
					b.Fatal(err)
				}
			}
		})
		s.Close()
		srv.Close()
	}
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}
