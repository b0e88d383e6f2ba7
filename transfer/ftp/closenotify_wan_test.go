//go:build linux

package ftp_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/x509"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"portside/transfer/ftp"
	"portside/transfer/internal/realftpd"
	"portside/transfer/internal/wanlab"
	"portside/transfer/transport"
)

// A download over FTPS ends with close_notify both ways. vsftpd waits for
// the client's before it closes the data connection (and its 226 waits for
// that close), so a client that sends its alert only after reading the
// server's pays a round trip per file; Portside sends it as soon as the
// data connection's TLS handshake is over. The test reads the emulated
// link's packet trace: on every data connection the client's last
// payload (its close_notify) must enter the link before the server's last
// payload (its close_notify) could have reached the client — causally
// impossible for a client that waits for it. proftpd and pure-ftpd close
// without reading the client's alert (a reset would throw away unsent
// data), so they must not get it early. Every file, a large one too, must
// arrive whole.
func TestDownloadCloseNotifyEarly(t *testing.T) {
	cases := []struct {
		kind  realftpd.Kind
		early bool
	}{
		{realftpd.Vsftpd, true},
		{realftpd.ProFTPD, false},
		{realftpd.PureFTPd, false},
	}
	const rtt = 100 * time.Millisecond
	for _, c := range cases {
		t.Run(string(c.kind), func(t *testing.T) {
			trace := &traceLines{}
			cfg := wanlab.Symmetric(rtt, 0)
			cfg.Trace = trace
			w := wanlab.New(t, cfg)
			root := t.TempDir()
			os.Chmod(root, 0o755)
			bodies := map[string][]byte{}
			for i, size := range []int{4096, 4096, 4096, 3 << 20} {
				body := make([]byte, size)
				rand.Read(body)
				name := fmt.Sprintf("f%d", i)
				bodies[name] = body
				if err := os.WriteFile(filepath.Join(root, name), body, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			srv := realftpd.Start(t, c.kind, realftpd.Options{Root: root, TLS: realftpd.TLSExplicit,
				Netns: w.Server.Name, Host: wanlab.ServerIP})
			cert := srv.Certificate()
			var log logBuf
			ctx, cancel := context.WithTimeout(t.Context(), 120*time.Second)
			defer cancel()
			s, err := ftp.Connect(ctx, ftp.Config{
				Config: transport.Config{Host: wanlab.ServerIP, Port: srv.Port, TLS: transport.TLSExplicit,
					TrustCertificate: func(chain []*x509.Certificate, verifyErr error) error {
						if len(chain) > 0 && chain[0].Equal(cert) {
							return nil
						}
						return verifyErr
					},
					Dial: func(ctx context.Context, network, addr string) (net.Conn, error) {
						return w.Client.Dial(addr, 20*time.Second)
					},
					DataTimeout: 30 * time.Second, Log: log.add},
				User: srv.User, Password: srv.Password, Mode: transport.ModePassive,
			})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			for i := range len(bodies) {
				name := fmt.Sprintf("f%d", i)
				r, err := s.Open(ctx, "/"+name, 0)
				if err != nil {
					t.Fatalf("open %s: %v\n%s", name, err, log.String())
				}
				got, err := io.ReadAll(r)
				if cerr := r.Close(); err == nil {
					err = cerr
				}
				if err != nil || !bytes.Equal(got, bodies[name]) {
					t.Fatalf("download %s: %d bytes of %d, %v\n%s", name, len(got), len(bodies[name]), err, log.String())
				}
			}
			sent := strings.Count(log.String(), "close_notify sent with the handshake")
			if c.early && sent != len(bodies) || !c.early && sent != 0 {
				t.Fatalf("close_notify sent early on %d data connections, want %d\n%s", sent, map[bool]int{true: len(bodies)}[c.early], log.String())
			}
			if !c.early {
				return
			}
			conns := trace.dataConns(t, srv.Port)
			if len(conns) != len(bodies) {
				t.Fatalf("%d data connections in the trace, want %d", len(conns), len(bodies))
			}
			for ports, dc := range conns {
				if dc.reset {
					t.Errorf("data connection %v: the server reset it", ports)
				}
				// The server's last payload reaches the client half a
				// round trip after it entered the link.
				if !dc.clientLast.Before(dc.serverLast.Add(rtt / 2)) {
					t.Errorf("data connection %v: the client's close_notify went out %v after the server's last bytes: it waited for them",
						ports, dc.clientLast.Sub(dc.serverLast))
				}
			}
		})
	}
}

// traceLines keeps wanlab's packet trace.
type traceLines struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (tl *traceLines) Write(p []byte) (int, error) {
	tl.mu.Lock()
	defer tl.mu.Unlock()
	return tl.buf.Write(p)
}

type traceConn struct {
	clientLast, serverLast time.Time // when the last packet with a payload entered the link, each way
	reset                  bool      // the server sent RST
}

var traceLine = regexp.MustCompile(`^\s*([0-9.]+)ms (up|down)\s+[0-9.]+:(\d+) > [0-9.]+:(\d+) \[(\w*)\] payload (\d+)$`)

// dataConns reads the trace's TCP lines into one record per data
// connection (server port other than the control port), by server and
// client port: vsftpd may hand out the same passive port again for a
// later file.
func (tl *traceLines) dataConns(t *testing.T, control int) map[[2]int]*traceConn {
	tl.mu.Lock()
	text := tl.buf.String()
	tl.mu.Unlock()
	out := map[[2]int]*traceConn{}
	for _, line := range strings.Split(text, "\n") {
		m := traceLine.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		ms, _ := strconv.ParseFloat(m[1], 64)
		at := time.Unix(0, 0).Add(time.Duration(ms * float64(time.Millisecond)))
		src, _ := strconv.Atoi(m[3])
		dst, _ := strconv.Atoi(m[4])
		server, client := dst, src
		if m[2] == "down" {
			server, client = src, dst
		}
		if server == control {
			continue
		}
		key := [2]int{server, client}
		dc := out[key]
		if dc == nil {
			dc = &traceConn{}
			out[key] = dc
		}
		if m[6] != "0" {
			if m[2] == "up" {
				dc.clientLast = at
			} else {
				dc.serverLast = at
			}
		}
		if m[2] == "down" && strings.Contains(m[5], "R") {
			dc.reset = true
		}
	}
	if len(out) == 0 {
		t.Fatalf("no data connection in the trace:\n%s", text)
	}
	return out
}
