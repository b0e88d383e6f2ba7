package ftp_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/spf13/afero"

	"portside/transfer/ftp"
	"portside/transfer/ftpd"
	"portside/transfer/internal/realftpd"
	"portside/transfer/transport"
)

// firstLineOnly is a server's control connection that reads only the first
// command of what arrives at once and drops the rest, as some embedded
// servers do with pipelined commands.
type firstLineOnly struct{ net.Listener }

func (l firstLineOnly) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &firstLineConn{Conn: c}, nil
}

type firstLineConn struct{ net.Conn }

func (c *firstLineConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if i := bytes.Index(p[:n], []byte("\r\n")); i >= 0 && i+2 < n {
		n = i + 2
	}
	return n, err
}

// With a server that answers two pipelined NOOPs, a run of downloads sends
// each next file's EPSV with the last file's end and uses its reply; other
// commands after it still get their own replies; an upload's end carries
// the next EPSV, and RNFR and RNTO go out together. A server that drops the second pipelined command
// is never pipelined to, and works as before.
func TestPipelinedDownloads(t *testing.T) {
	files := map[string][]byte{}
	for i := 0; i < 6; i++ {
		files[fmt.Sprintf("/f%d", i)] = bytes.Repeat([]byte{byte('a' + i)}, 1000*(i+1))
	}
	cases := []struct {
		name      string
		start     func(t *testing.T, log *logBuf) ftp.Config
		pipelined bool
	}{
		{"ftpd", func(t *testing.T, log *logBuf) ftp.Config {
			srv := startServer(t, ftpd.Config{})
			for p, b := range files {
				afero.WriteFile(srv.FS(), p, b, 0o644)
			}
			return config(srv, transport.TLSNone, transport.ModePassive, log, &loopbackGuard{})
		}, true},
		{"vsftpd", func(t *testing.T, log *logBuf) ftp.Config {
			srv := realftpd.Start(t, realftpd.Vsftpd, realftpd.Options{})
			for p, b := range files {
				os.WriteFile(filepath.Join(srv.Root, p), b, 0o644)
			}
			return ftp.Config{Config: transport.Config{Host: srv.Host, Port: srv.Port, DataTimeout: 10 * time.Second, Log: log.add},
				User: srv.User, Password: srv.Password, Mode: transport.ModePassive}
		}, true},
		{"drops pipelined commands", func(t *testing.T, log *logBuf) ftp.Config {
			srv := startServer(t, ftpd.Config{WrapListener: func(l net.Listener) net.Listener { return firstLineOnly{l} }})
			for p, b := range files {
				afero.WriteFile(srv.FS(), p, b, 0o644)
			}
			return config(srv, transport.TLSNone, transport.ModePassive, log, &loopbackGuard{})
		}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			log := &logBuf{}
			cfg := c.start(t, log)
			cfg.Pipelining = transport.PipelineProbe
			s, err := ftp.Connect(ctx, cfg)
			if err != nil {
				t.Fatalf("connect: %v\n%s", err, log.String())
			}
			defer s.Close()
			for i := 0; i < len(files); i++ {
				p := fmt.Sprintf("/f%d", i)
				r, err := s.Open(ctx, p, 0)
				if err != nil {
					t.Fatalf("%s: %v\n%s", p, err, log.String())
				}
				got, _ := io.ReadAll(r)
				if err := r.Close(); err != nil || !bytes.Equal(got, files[p]) {
					t.Fatalf("%s: %d bytes, %v\n%s", p, len(got), err, log.String())
				}
			}
			downloads := log.String()
			// A command that is not EPSV after a pipelined one gets its own reply.
			if n, err := s.Size(ctx, "/f2"); err != nil || n != 3000 {
				t.Fatalf("size after the downloads: %d, %v\n%s", n, err, log.String())
			}
			// An upload lands whole: RNFR and RNTO go out together; a
			// rename of a missing file fails, and the session goes on.
			up := bytes.Repeat([]byte("u"), 4321)
			if err := s.Upload(ctx, "/up.part", 0, bytes.NewReader(up)); err != nil {
				t.Fatalf("upload: %v\n%s", err, log.String())
			}
			if err := s.Rename(ctx, "/up.part", "/up"); err != nil {
				t.Fatalf("rename: %v\n%s", err, log.String())
			}
			if err := s.Rename(ctx, "/missing", "/x"); err == nil {
				t.Fatalf("renaming a missing file succeeded\n%s", log.String())
			}
			if err := s.Upload(ctx, "/up2", 0, bytes.NewReader(up)); err != nil {
				t.Fatalf("upload after the failed rename: %v\n%s", err, log.String())
			}
			for _, p := range []string{"/up", "/up2"} {
				if n, err := s.Size(ctx, p); err != nil || n != int64(len(up)) {
					t.Fatalf("%s after the renames: %d, %v\n%s", p, n, err, log.String())
				}
			}
			if _, err := s.Stat(ctx, "/up.part"); err == nil {
				t.Errorf("the part file is still there after the rename")
			}
			text := log.String()
			// The next EPSV went out with the upload's end; its data
			// connection is dialled while RNFR and RNTO, together, are
			// answered (transport/early.go).
			if c.pipelined && !regexp.MustCompile(`> EPSV \(pipelined[^\n]*\n[^\n]*< 226[^\n]*\n[^\n]*< 229[^\n]*\n[^\n]*dialling [^\n]* early[^\n]*\n[^\n]*> RNFR /up.part\n[^\n]*> RNTO /up\n`).MatchString(text) {
				t.Errorf("the next EPSV did not go out with the upload's end, or RNFR and RNTO not together after it\n%s", text)
			}
			spec, plain := 0, 0
			for _, l := range strings.Split(downloads, "\n") {
				switch {
				case strings.Contains(l, "> EPSV (pipelined"):
					spec++
				case strings.HasSuffix(l, "> EPSV"):
					plain++
				}
			}
			// Pipelined: the first file's EPSV waits for its reply, each
			// later one went out with the file before's end.
			if c.pipelined && (spec != len(files) || plain != 1) {
				t.Errorf("%d pipelined and %d plain EPSVs for %d downloads, want %d and 1\n%s", spec, plain, len(files), len(files), text)
			}
			if !c.pipelined && (spec != 0 || plain != len(files)) {
				t.Errorf("%d pipelined and %d plain EPSVs to a server that drops pipelined commands\n%s", spec, plain, text)
			}
		})
	}
}
