package sites_test

import (
	"context"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"portside/transfer/ftp"
	"portside/transfer/ftpd"
	"portside/transfer/sites"
	"portside/transfer/transport"
)

// A whole session from a saved site, with the real keychain: save the
// site, read its password back, connect over FTPS, probe, list, upload,
// download, record the probe and the recent list. Then neither the config
// folder nor the message log holds the password in any form.
func TestSavedSiteSessionLeaksNoPassword(t *testing.T) {
	if !withSecretService(t) {
		return
	}
	const secret = "Sëcret-pw-9f41c7"
	srv, err := ftpd.Start(ftpd.Config{TLS: ftpd.TLSExplicit, User: "ann", Password: secret, RequireReuse: true})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()

	dir := t.TempDir()
	store, err := sites.Open(dir, sites.SystemKeychain{})
	if err != nil {
		t.Fatal(err)
	}
	site := sites.NewSite("Demo")
	site.Host, site.Port, site.User = "127.0.0.1", srv.Port(), "ann"
	pw := secret
	site, err = store.Save(site, &pw)
	if err != nil {
		t.Fatal(err)
	}

	// What the Site Manager's Connect does.
	password, err := store.Password(site.ID)
	if err != nil || password != secret {
		t.Fatalf("Password = %q, %v", password, err)
	}
	var mu sync.Mutex
	var log []string
	cfg := site.FTPConfig(password)
	cfg.TrustCertificate = store.Pins.Hook(site.ID, func(sites.CertInfo) (sites.Decision, error) { return sites.TrustAlways, nil })
	cfg.Log = func(e transport.Event) {
		mu.Lock()
		defer mu.Unlock()
		log = append(log, e.String())
	}
	cfg.DataTimeout = 3 * time.Second
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	s, err := ftp.Connect(ctx, cfg)
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	w, err := s.Create(ctx, "/hello.txt", 0)
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(w, "hello from a saved site\n")
	if err := w.Close(); err != nil {
		t.Fatalf("upload: %v", err)
	}
	entries, err := s.List(ctx, "/")
	if err != nil || len(entries) != 1 || entries[0].Name != "hello.txt" {
		t.Fatalf("List = %v, %v", entries, err)
	}
	r, err := s.Open(ctx, "/hello.txt", 0)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(r)
	if err := r.Close(); err != nil || string(b) != "hello from a saved site\n" {
		t.Fatalf("download: %q, %v", b, err)
	}
	p := s.Probe()
	if p == nil {
		t.Fatal("auto mode left no probe")
	}
	if err := store.SetProbe(site.ID, sites.ProbeOf(*p)); err != nil {
		t.Fatal(err)
	}
	if err := store.Touch(site.ID); err != nil {
		t.Fatal(err)
	}
	s.Close()

	grepDir(t, dir, secret)
	mu.Lock()
	text := strings.Join(log, "\n")
	mu.Unlock()
	if !strings.Contains(text, "PASS ****") || !strings.Contains(text, "230") {
		t.Fatalf("the log does not show the login, so grepping it proves nothing:\n%s", text)
	}
	for _, line := range log {
		if strings.Contains(line, secret) {
			t.Errorf("the message log holds the password: %s", line)
		}
	}
	if got, _ := store.Site(site.ID); got.Probe == nil || got.Probe.Method != p.Method {
		t.Errorf("the probe was not kept: %+v", got.Probe)
	}
	if _, ok := store.Pins.Pinned(site.ID); !ok {
		t.Errorf("the certificate was not pinned")
	}
}
