package main

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"portside/transfer/sftp"
	"portside/transfer/sites"
)

// The SFTP demo (--demo-sftp) serves the demo folder to user demo with the
// run's password only, given either way a client gives one, and its host
// key is asked about: nothing trusts it in advance.
func TestDemoSFTPLogins(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "README.txt"), []byte("demo\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	d, err := startDemoSFTP(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.srv.Close() })
	if len(d.password) < 16 || d.password == "demo" {
		t.Fatalf("the run's password %q is guessable", d.password)
	}
	other, err := startDemoSFTP(dir)
	if err != nil {
		t.Fatal(err)
	}
	other.srv.Close()
	if other.password == d.password {
		t.Fatal("two runs made the same password")
	}

	cases := []struct {
		name, user, password string
		answer               bool // a person answers the server's questions (with the run's password)
		ok                   bool
	}{
		{name: "the run's password", user: "demo", password: d.password, ok: true},
		{name: "no password, the user is asked", user: "demo", answer: true, ok: true},
		{name: "the FTP demo's password", user: "demo", password: "demo"},
		{name: "no password, nobody to ask", user: "demo"},
		{name: "another user", user: "root", password: d.password},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			asked := 0
			cfg := sftp.Config{Host: "127.0.0.1", Port: d.srv.Port(), User: c.user, Password: c.password,
				Timeout: time.Minute, HostKeys: &sftp.HostKeys{File: filepath.Join(t.TempDir(), "known_hosts"),
					Ask: func(sftp.HostKey) (sftp.Decision, error) { asked++; return sftp.TrustOnce, nil }}}
			questions := 0
			if c.answer {
				cfg.Answer = func(ch sftp.Challenge) ([]string, error) {
					questions++
					if len(ch.Questions) != 1 || ch.Echo[0] {
						return nil, errors.New("not one hidden question")
					}
					if !strings.Contains(ch.Instruction, "printed") {
						t.Errorf("the question comes with %q, which does not say where the password is", ch.Instruction)
					}
					return []string{d.password}, nil
				}
			}
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			s, err := sftp.Connect(ctx, cfg)
			if asked != 1 {
				t.Errorf("the host key was asked about %d times, want once", asked)
			}
			if !c.ok {
				if err == nil {
					s.Close()
					t.Fatal("logged in")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if c.answer && questions != 1 {
				t.Errorf("the user was asked %d times, want once", questions)
			}
			if e, err := s.Stat(ctx, filepath.ToSlash(filepath.Join(dir, "README.txt"))); err != nil || e.Size != 5 {
				t.Errorf("the demo's README.txt: %+v, %v", e, err)
			}
		})
	}
}

// The SFTP demo is a second saved site, with the run's password in the
// demo's keychain and no host key pinned.
func TestDemoSFTPSite(t *testing.T) {
	d, err := startDemoSFTP(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.srv.Close() })
	store, err := sites.Open(t.TempDir(), sites.NewMemoryKeychain())
	if err != nil {
		t.Fatal(err)
	}
	if err := d.saveSite(store); err != nil {
		t.Fatal(err)
	}
	all := store.Sites()
	if len(all) != 1 {
		t.Fatalf("%d sites saved, want 1", len(all))
	}
	s := all[0]
	if s.Name != "SFTP demo server" || s.Protocol != sites.SFTP || s.Host != "127.0.0.1" || s.Port != d.srv.Port() || s.User != "demo" {
		t.Errorf("saved %+v", s)
	}
	if pw, err := store.Password(s.ID); err != nil || pw != d.password {
		t.Errorf("its password is %q (%v), want the run's", pw, err)
	}
	if _, err := os.Stat(filepath.Join(store.Dir(), "known_hosts")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a known_hosts exists (%v): the host key must be asked about", err)
	}
}
