package sites_test

import (
	"context"
	"crypto/tls"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"portside/transfer"
	"portside/transfer/ftp"
	"portside/transfer/ftpd"
	"portside/transfer/sites"
	"portside/transfer/transport"
)

// asker answers certificate questions from a script and counts them.
type asker struct {
	mu     sync.Mutex
	answer sites.Decision
	asked  []sites.CertInfo
}

func (a *asker) ask(info sites.CertInfo) (sites.Decision, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.asked = append(a.asked, info)
	return a.answer, nil
}

func (a *asker) count() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return len(a.asked)
}

func startFTPS(t *testing.T, cert tls.Certificate, mode ftpd.TLSMode) *ftpd.Server {
	t.Helper()
	srv, err := ftpd.Start(ftpd.Config{TLS: mode, Certificate: &cert, User: "ann", Password: "pw", RequireReuse: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	return srv
}

func selfSigned(t *testing.T) tls.Certificate {
	t.Helper()
	c, err := ftpd.SelfSigned("127.0.0.1", time.Now().Add(-time.Hour), time.Now().Add(24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// connectAndList logs in to the site on srv and lists, so that data
// connections handshake too.
func connectAndList(t *testing.T, store *sites.Store, site sites.Site, srv *ftpd.Server, ask sites.Ask) error {
	t.Helper()
	site.Port = srv.Port()
	cfg := site.FTPConfig("pw")
	cfg.TrustCertificate = store.Pins.Hook(site.ID, ask)
	cfg.DataTimeout = 5 * time.Second
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	s, err := ftp.Connect(ctx, cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	for range 3 {
		if _, err := s.List(ctx, "/"); err != nil {
			return err
		}
	}
	return nil
}

// Pinning against a real FTPS server: an unknown certificate is asked
// about once per connection however many handshakes it takes; "once" is
// never written down, "always" is; a changed certificate stops the
// connection without a question; forgetting the pin asks again.
func TestPinsAgainstFTPSServer(t *testing.T) {
	for _, mode := range []ftpd.TLSMode{ftpd.TLSExplicit, ftpd.TLSImplicit} {
		proto := map[ftpd.TLSMode]sites.Protocol{ftpd.TLSExplicit: sites.FTPSExplicit, ftpd.TLSImplicit: sites.FTPSImplicit}[mode]
		t.Run(proto.String(), func(t *testing.T) {
			testPins(t, mode, proto)
		})
	}
}

func testPins(t *testing.T, mode ftpd.TLSMode, proto sites.Protocol) {
	dir := t.TempDir()
	keys := newMemKeychain()
	store := openStore(t, dir, keys)
	site := sites.NewSite("Pinned")
	site.Host, site.User, site.Protocol, site.DataMode = "127.0.0.1", "ann", proto, transport.ModePassive
	pw := "pw"
	site, err := store.Save(site, &pw)
	if err != nil {
		t.Fatal(err)
	}
	certA, certB := selfSigned(t), selfSigned(t)
	fpA, fpB := transport.Fingerprint(certA.Leaf), transport.Fingerprint(certB.Leaf)
	srvA := startFTPS(t, certA, mode)
	pinsFile := filepath.Join(dir, "known_certs.json")

	steps := []struct {
		name      string
		reopen    bool // a restarted Portside: a new store from disk
		srv       func() *ftpd.Server
		answer    sites.Decision
		forget    bool
		wantAsked int
		wantErr   func(error) bool
		wantPin   string // fingerprint in known_certs.json; "" for none
	}{
		{name: "unknown, rejected", srv: func() *ftpd.Server { return srvA }, answer: sites.Reject, wantAsked: 1,
			wantErr: func(err error) bool { return errors.Is(err, sites.ErrRejected) && errors.Is(err, transfer.ErrTLS) }},
		{name: "unknown, trusted once", srv: func() *ftpd.Server { return srvA }, answer: sites.TrustOnce, wantAsked: 1},
		{name: "trusted once holds until Portside quits", srv: func() *ftpd.Server { return srvA }, answer: sites.Reject, wantAsked: 0},
		{name: "after a restart it asks again", reopen: true, srv: func() *ftpd.Server { return srvA }, answer: sites.TrustAlways,
			wantAsked: 1, wantPin: fpA},
		{name: "pinned, after a restart", reopen: true, srv: func() *ftpd.Server { return srvA }, answer: sites.Reject,
			wantAsked: 0, wantPin: fpA},
		{name: "changed certificate stops hard", srv: func() *ftpd.Server { return startFTPS(t, certB, mode) }, answer: sites.TrustAlways,
			wantAsked: 0, wantPin: fpA, wantErr: func(err error) bool {
				var ce *sites.CertChangedError
				return errors.As(err, &ce) && ce.Pinned.Fingerprint == fpA && ce.Presented.Fingerprint == fpB &&
					strings.Contains(err.Error(), fpA) && strings.Contains(err.Error(), fpB)
			}},
		{name: "forgotten, asked about the new one", forget: true, srv: func() *ftpd.Server { return startFTPS(t, certB, mode) },
			answer: sites.TrustAlways, wantAsked: 1, wantPin: fpB},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			if st.reopen {
				store = openStore(t, dir, keys)
			}
			if st.forget {
				if err := store.Pins.Forget(site.ID); err != nil {
					t.Fatal(err)
				}
			}
			a := &asker{answer: st.answer}
			err := connectAndList(t, store, site, st.srv(), a.ask)
			switch {
			case st.wantErr == nil && err != nil:
				t.Fatalf("connect: %v", err)
			case st.wantErr != nil && !st.wantErr(err):
				t.Fatalf("connect: %v; not the error wanted", err)
			case err != nil:
				t.Logf("connect failed as it should: %v", err)
			}
			if a.count() != st.wantAsked {
				t.Errorf("asked %d times, want %d", a.count(), st.wantAsked)
			}
			if st.wantAsked > 0 {
				info := a.asked[0]
				if info.Subject == "" || info.Issuer == "" || info.NotAfter.IsZero() || info.Problem == "" {
					t.Errorf("the question lacks details: %+v", info)
				}
			}
			b, _ := os.ReadFile(pinsFile)
			for _, fp := range []string{fpA, fpB} {
				if has := strings.Contains(string(b), fp); has != (fp == st.wantPin) {
					t.Errorf("known_certs.json holds %s: %v, want %v", fp[:11], has, fp == st.wantPin)
				}
			}
		})
	}
}

// Several connections that meet the same unknown certificate at once get
// one question, not a stack of dialogs.
func TestPinsAskOneAtATime(t *testing.T) {
	store := openStore(t, t.TempDir(), newMemKeychain())
	site := sites.NewSite("Busy")
	site.Host, site.User, site.DataMode = "127.0.0.1", "ann", transport.ModePassive
	pw := "pw"
	site, _ = store.Save(site, &pw)
	srv := startFTPS(t, selfSigned(t), ftpd.TLSExplicit)
	release := make(chan struct{})
	var mu sync.Mutex
	asked := 0
	ask := func(sites.CertInfo) (sites.Decision, error) {
		mu.Lock()
		asked++
		mu.Unlock()
		<-release // the user takes a moment
		return sites.TrustOnce, nil
	}
	var wg sync.WaitGroup
	errs := make(chan error, 3)
	for range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- connectAndList(t, store, site, srv, ask)
		}()
	}
	time.Sleep(300 * time.Millisecond)
	close(release)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("connect: %v", err)
		}
	}
	if asked != 1 {
		t.Errorf("asked %d times, want 1", asked)
	}
}

// Deleting a site forgets its pin; duplicating copies it.
func TestPinsFollowSites(t *testing.T) {
	store := openStore(t, t.TempDir(), newMemKeychain())
	pw := "pw"
	site, _ := store.Save(normalSite("Work"), &pw)
	info := sites.CertInfo{Fingerprint: "AB:CD", Subject: "CN=ftp.example.com", FirstSeen: time.Now().UTC().Truncate(time.Second)}
	if err := store.Pins.Pin(site.ID, info); err != nil {
		t.Fatal(err)
	}
	cp, err := store.Duplicate(site.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got, ok := store.Pins.Pinned(cp.ID); !ok || got != info {
		t.Errorf("the copy's pin: %+v, %v", got, ok)
	}
	if err := store.Delete(site.ID); err != nil {
		t.Fatal(err)
	}
	if _, ok := store.Pins.Pinned(site.ID); ok {
		t.Errorf("the deleted site's pin is still there")
	}
	if _, ok := store.Pins.Pinned(cp.ID); !ok {
		t.Errorf("deleting the original took the copy's pin")
	}
}
