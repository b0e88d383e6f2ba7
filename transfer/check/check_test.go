package check_test

import (
	"context"
	"crypto/x509"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"portside/transfer/check"
	"portside/transfer/ftp"
	"portside/transfer/ftpd"
	"portside/transfer/sites"
	"portside/transfer/transport"
)

// trustAll accepts the test server's self-signed certificate, as a pin would.
func trustAll([]*x509.Certificate, error) error { return nil }

func startServer(t *testing.T, cfg ftpd.Config) *ftpd.Server {
	t.Helper()
	if cfg.Root == "" {
		cfg.Root = t.TempDir()
		os.WriteFile(filepath.Join(cfg.Root, "sample.bin"), make([]byte, 100<<10), 0o644)
	}
	srv, err := ftpd.Start(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	return srv
}

func site(srv *ftpd.Server, tls transport.TLSMode) ftp.Config {
	return ftp.Config{Config: transport.Config{Host: "127.0.0.1", Port: srv.Port(), TLS: tls,
		DialTimeout: 10 * time.Second, DataTimeout: 3 * time.Second, TrustCertificate: trustAll},
		User: "demo", Password: "demo"}
}

func codes(r *check.Report) string {
	var c []string
	for _, f := range r.Findings {
		c = append(c, f.Code)
	}
	return strings.Join(c, ",")
}

func logReport(t *testing.T, r *check.Report) {
	t.Helper()
	for _, s := range r.Steps {
		t.Logf("%-8s %-4s %-1s %-8s %-6s %-10s %6s %v", s.ID, s.Method, s.Prot, s.Action, s.Status, s.Error, s.Took.Round(time.Millisecond), s.Facts)
	}
	t.Logf("findings: %s; recommend %+v", codes(r), r.Recommend)
}

// TestLoopback runs the check against the embedded server on loopback,
// one case per finding that needs no network lab.
func TestLoopback(t *testing.T) {
	cases := []struct {
		name   string
		server ftpd.Config
		tls    transport.TLSMode
		trust  bool
		want   []string // finding codes that must be there
		absent []string
		works  bool
		method transport.Method
		tlsRec transport.TLSMode
	}{
		{name: "plain", works: true, method: transport.EPSV, absent: []string{check.FConnLimit, check.FPassiveDropped, check.FActiveBlocked}},
		{name: "limit-1", server: ftpd.Config{MaxConnections: 1}, works: true, method: transport.EPSV,
			want: []string{check.FConnLimit}},
		{name: "tls-required", server: ftpd.Config{TLS: ftpd.TLSExplicit}, trust: true, works: true, method: transport.EPSV,
			want: []string{check.FTLSRequired}, tlsRec: transport.TLSExplicit},
		{name: "session-reuse", server: ftpd.Config{TLS: ftpd.TLSExplicit, RequireReuse: true}, tls: transport.TLSExplicit, trust: true,
			works: true, method: transport.EPSV, want: []string{check.FReuse}, tlsRec: transport.TLSExplicit},
		{name: "cert-untrusted", server: ftpd.Config{TLS: ftpd.TLSExplicit}, tls: transport.TLSExplicit,
			want: []string{check.FCertUntrusted}},
		{name: "implicit", server: ftpd.Config{TLS: ftpd.TLSImplicit}, tls: transport.TLSImplicit, trust: true,
			works: true, method: transport.EPSV, tlsRec: transport.TLSImplicit, absent: []string{check.FTLSFailed}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := startServer(t, tc.server)
			cfg := site(srv, tc.tls)
			if !tc.trust && tc.tls != transport.TLSNone {
				cfg.TrustCertificate = nil
			}
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			r := check.Run(ctx, check.Config{Site: cfg})
			logReport(t, r)
			for _, c := range tc.want {
				if !r.Has(c) {
					t.Errorf("no finding %s; got %s", c, codes(r))
				}
			}
			for _, c := range tc.absent {
				if r.Has(c) {
					t.Errorf("finding %s, want none; got %s", c, codes(r))
				}
			}
			if r.Recommend.Works != tc.works {
				t.Fatalf("works = %v, want %v", r.Recommend.Works, tc.works)
			}
			if tc.works && r.Recommend.Settings.Method != tc.method {
				t.Errorf("recommended %s, want %s", r.Recommend.Settings.Method, tc.method)
			}
			if tc.works && r.Recommend.Settings.TLS != tc.tlsRec {
				t.Errorf("recommended TLS %s, want %s", r.Recommend.Settings.TLS, tc.tlsRec)
			}
		})
	}
}

// TestUpload: only when asked, a small file goes up into the folder named
// and is deleted again; without the folder nothing is written.
func TestUpload(t *testing.T) {
	for _, dir := range []string{"", "/incoming"} {
		t.Run("dir="+dir, func(t *testing.T) {
			root := t.TempDir()
			os.MkdirAll(filepath.Join(root, "incoming"), 0o755)
			srv := startServer(t, ftpd.Config{Root: root})
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			r := check.Run(ctx, check.Config{Site: site(srv, transport.TLSNone), UploadDir: dir})
			var up *check.Step
			for i := range r.Steps {
				if r.Steps[i].ID == check.StepUpload {
					up = &r.Steps[i]
				}
			}
			left, _ := os.ReadDir(filepath.Join(root, "incoming"))
			switch {
			case dir == "" && up != nil:
				t.Errorf("an upload step without a folder: %+v", up)
			case dir != "" && (up == nil || up.Status != check.OK):
				t.Errorf("upload step %+v", up)
			case len(left) != 0:
				t.Errorf("the check left %d files in the folder", len(left))
			}
			if dir != "" && up != nil && !strings.HasPrefix(up.Facts["file"], "/incoming/portside-check-") {
				t.Errorf("uploaded %q", up.Facts["file"])
			}
		})
	}
}

// TestCertChanged: a site whose pinned certificate is not the one the
// server shows stops before the login, with the new fingerprint.
func TestCertChanged(t *testing.T) {
	srv := startServer(t, ftpd.Config{TLS: ftpd.TLSExplicit})
	store, err := sites.Open(t.TempDir(), sites.NewMemoryKeychain())
	if err != nil {
		t.Fatal(err)
	}
	pw := "demo"
	s, err := store.Save(sites.Site{Name: "w", Host: "127.0.0.1", Port: srv.Port(), User: "demo", Protocol: sites.FTPSExplicit,
		Logon: sites.Normal, MaxConnections: 2}, &pw)
	if err != nil {
		t.Fatal(err)
	}
	other, err := ftpd.SelfSigned("127.0.0.1", time.Now().Add(-time.Hour), time.Now().Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	leaf, _ := x509.ParseCertificate(other.Certificate[0])
	if err := store.Pins.Pin(s.ID, sites.CertInfoOf(leaf, nil, time.Now())); err != nil {
		t.Fatal(err)
	}
	cfg := site(srv, transport.TLSExplicit)
	cfg.TrustCertificate = store.Pins.Hook(s.ID, nil)
	r := check.Run(context.Background(), check.Config{Site: cfg})
	logReport(t, r)
	f := r.Finding(check.FCertChanged)
	if f == nil {
		t.Fatalf("no %s; got %s", check.FCertChanged, codes(r))
	}
	if want := transport.Fingerprint(srv.Certificate().Leaf); f.Evidence["sha256"] != want {
		t.Errorf("evidence %q, want the server's %s", f.Evidence["sha256"], want)
	}
	for _, st := range r.Steps {
		if st.ID == check.StepLogin {
			t.Error("the check logged in over a changed certificate")
		}
	}
}

// TestStop: a check whose context ends stops at once, even while it waits
// on a server that greets and then says nothing.
func TestStop(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			defer c.Close()
			c.Write([]byte("220 hello\r\n"))
			io.Copy(io.Discard, c) // and never a reply
		}
	}()
	cfg := ftp.Config{Config: transport.Config{Host: "127.0.0.1", Port: ln.Addr().(*net.TCPAddr).Port,
		DialTimeout: time.Minute, DataTimeout: time.Minute}, User: "demo", Password: "demo"}
	ctx, cancel := context.WithCancel(context.Background())
	steps := make(chan check.Step, 100)
	done := make(chan *check.Report)
	go func() {
		done <- check.Run(ctx, check.Config{Site: cfg, Progress: func(s check.Step) { steps <- s }})
	}()
	for s := range steps {
		if s.ID == check.StepLogin && s.Status == "" {
			break // the login waits for a reply that will not come
		}
	}
	cancel()
	select {
	case r := <-done:
		if r.Recommend.Works {
			t.Error("a stopped check says it works")
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the check did not stop")
	}
}
