package main

import (
	"crypto/x509"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"portside/transfer/ftpd"
	"portside/transfer/sites"
	syncplan "portside/transfer/sync"
)

// noKeychain fails every call as a desktop without a keychain does.
var noKeychain = &sites.NoKeychainError{Reason: "there is no D-Bus session in this test"}

func savedSiteFixture(t *testing.T, keys *sites.MemoryKeychain) (*syncSite, sites.Site) {
	t.Helper()
	return savedSiteFixtureWith(t, keys, ftpd.Config{TLS: ftpd.TLSExplicit}, nil)
}

// savedSiteFixtureWith serves cfg (its Root set here) as a saved site that
// change may alter before it is saved.
func savedSiteFixtureWith(t *testing.T, keys *sites.MemoryKeychain, cfg ftpd.Config, change func(*sites.Site)) (*syncSite, sites.Site) {
	t.Helper()
	s := &syncSite{root: t.TempDir(), local: t.TempDir(), state: t.TempDir()}
	cfg.Root = s.root
	srv, err := ftpd.Start(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	s.srv = srv
	s.manifest = filepath.Join(s.state, "manifests")
	s.jobs = filepath.Join(s.state, "jobs.json")
	s.journal = filepath.Join(s.state, "queue.db")
	s.remoteSite = filepath.Join(s.root, "site")
	os.MkdirAll(s.remoteSite, 0o755)

	dir := filepath.Join(t.TempDir(), "portside")
	oldDir, oldKeys := sitesDir, keychain
	sitesDir = func() (string, error) { return dir, nil }
	keychain = keys
	t.Cleanup(func() { sitesDir, keychain = oldDir, oldKeys })

	store, err := sites.Open(dir, keys)
	if err != nil {
		t.Fatal(err)
	}
	in := sites.NewSite("Work server")
	in.Host, in.Port, in.User, in.RemoteDir = "127.0.0.1", srv.Port(), "demo", "/site"
	if cfg.TLS == ftpd.TLSNone {
		in.Protocol = sites.FTP
	}
	if change != nil {
		change(&in)
	}
	pw := "demo"
	site, err := store.Save(in, &pw)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(srv.Certificate().Certificate[0])
	if err != nil {
		t.Fatal(err)
	}
	if err := store.Pins.Pin(site.ID, sites.CertInfoOf(cert, nil, time.Now())); err != nil {
		t.Fatal(err)
	}
	return s, site
}

// A sync job that names a saved site (by ID, as the window saves it) runs
// with the site's settings, keychain password and pinned certificate.
func TestSyncJobOfSavedSite(t *testing.T) {
	tests := []struct {
		name     string
		broken   bool              // no keychain
		env      map[string]string // PORTSIDE_PASSWORD
		wantCode int
		wantErr  string
	}{
		{name: "password from the keychain", wantCode: exitOK},
		{name: "no keychain: PORTSIDE_PASSWORD", broken: true, env: map[string]string{"PORTSIDE_PASSWORD": "demo"}, wantCode: exitOK},
		{name: "no keychain, no password", broken: true, wantCode: exitFail, wantErr: "no password"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			keys := sites.NewMemoryKeychain()
			s, site := savedSiteFixture(t, keys) // saved while the keychain worked
			if tt.broken {
				keys.Break(noKeychain)
			}
			s.env = tt.env
			put(t, s.local, map[string]string{"index.html": "<h1>hi</h1>", "css/site.css": "body{}"})
			job := syncplan.Job{Name: "www", Site: site.ID, Local: s.local}
			if err := (syncplan.JobStore{Path: s.jobs}).Put(job); err != nil {
				t.Fatal(err)
			}
			code, out, errs := s.sync(t, "www")
			if code != tt.wantCode {
				t.Fatalf("exit %d, want %d:\n%s\n%s", code, tt.wantCode, out, errs)
			}
			if tt.wantErr != "" {
				if !strings.Contains(errs, tt.wantErr) {
					t.Errorf("stderr lacks %q:\n%s", tt.wantErr, errs)
				}
				return
			}
			for _, name := range []string{"index.html", "css/site.css"} {
				if _, err := os.Stat(filepath.Join(s.remoteSite, filepath.FromSlash(name))); err != nil {
					t.Errorf("%s was not uploaded to the site's folder: %v\n%s", name, err, out)
				}
			}
			if !strings.Contains(out, "site:"+site.ID+"/site") {
				t.Errorf("the header does not name the saved site:\n%s", out)
			}
			// Again: nothing to do (the manifest is the saved site's).
			if code, out, _ = s.sync(t, "www", "--dry-run"); code != exitOK || !strings.Contains(out, "nothing to do") {
				t.Errorf("second run: exit %d:\n%s", code, out)
			}
		})
	}
}

// --site NAME makes URL arguments paths on a saved site.
func TestSiteFlag(t *testing.T) {
	keys := sites.NewMemoryKeychain()
	s, site := savedSiteFixture(t, keys)
	put(t, s.remoteSite, map[string]string{"hello.txt": "hello"})
	tests := []struct {
		name     string
		args     []string
		wantCode int
		want     string
	}{
		{"ls by name, relative to the remote folder", []string{"--site", "work SERVER", "ls", "."}, exitOK, "hello.txt"},
		{"ls by ID, absolute", []string{"--site", site.ID, "ls", "/site"}, exitOK, "hello.txt"},
		{"unknown site", []string{"--site", "Home", "ls", "/"}, exitUsage, `no saved site is called "Home"`},
		{"not with --demo", []string{"--site", "Work server", "--demo", "ls", "/"}, exitUsage, "not both"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := runCLI(t, nil, "", tt.args...)
			if code != tt.wantCode || !strings.Contains(out+errs, tt.want) {
				t.Errorf("exit %d (want %d), output lacks %q:\n%s\n%s", code, tt.wantCode, tt.want, out, errs)
			}
		})
	}
	// get with --site, into a local folder.
	dst := t.TempDir()
	code, _, errs := runCLI(t, nil, "", "--site", "Work server", "get", "--journal", filepath.Join(t.TempDir(), "q.db"), "hello.txt", dst)
	if code != exitOK {
		t.Fatalf("get: exit %d: %s", code, errs)
	}
	if b, err := os.ReadFile(filepath.Join(dst, "hello.txt")); err != nil || string(b) != "hello" {
		t.Errorf("get: %q, %v", b, err)
	}
}

// --site's refusals — no site by that name, or several — are worded in
// Chinese under a Chinese locale, and list the IDs to choose from.
func TestSiteFlagChinese(t *testing.T) {
	keys := sites.NewMemoryKeychain()
	_, site := savedSiteFixture(t, keys)
	dir, _ := sitesDir()
	store, err := sites.Open(dir, keys)
	if err != nil {
		t.Fatal(err)
	}
	f, err := store.AddFolder("", "Old")
	if err != nil {
		t.Fatal(err)
	}
	twin := sites.NewSite("Work server")
	twin.Host, twin.User, twin.Folder = "127.0.0.1", "bob", f.ID
	if twin, err = store.Save(twin, nil); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, ref string
		want      []string
	}{
		{"none", "Home", []string{`用法错误：没有名为 "Home"（或 ID 为此）的已保存站点`}},
		{"two", "work server", []string{`有 2 个已保存站点名为 "work server"；请改用其中一个的 ID：`, site.ID, twin.ID}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, _, errs := runCLI(t, map[string]string{"LANG": "zh_CN.UTF-8"}, "", "--site", c.ref, "ls", "/")
			if code != exitUsage {
				t.Fatalf("exit %d, want %d: %s", code, exitUsage, errs)
			}
			for _, w := range c.want {
				if !strings.Contains(errs, w) {
					t.Errorf("stderr lacks %q:\n%s", w, errs)
				}
			}
			if strings.Contains(errs, "saved site") {
				t.Errorf("stderr is English:\n%s", errs)
			}
		})
	}
}
