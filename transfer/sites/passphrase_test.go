package sites_test

import (
	"errors"
	"testing"

	"portside/transfer/sites"
)

// A key file site's passphrase is kept in the keychain on request, and
// goes when it can no longer be right: another key file, another logon.
func TestKeyPassphrase(t *testing.T) {
	for _, tt := range []struct {
		name   string
		change func(s *sites.Site)
		kept   bool
	}{
		{"unchanged", func(*sites.Site) {}, true},
		{"renamed", func(s *sites.Site) { s.Name = "Other name" }, true},
		{"another key file", func(s *sites.Site) { s.KeyFile = local("/home/ann/.ssh/id_rsa") }, false},
		{"now asks for a password", func(s *sites.Site) { s.Logon = sites.AskPassword }, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			keys := sites.NewMemoryKeychain()
			store, err := sites.Open(t.TempDir(), keys)
			if err != nil {
				t.Fatal(err)
			}
			in := sites.NewSite("SSH box")
			in.Protocol, in.Host, in.User, in.Logon, in.KeyFile = sites.SFTP, "ssh.example.com", "ann", sites.KeyFile, local("/home/ann/.ssh/id_ed25519")
			site, err := store.Save(in, nil)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := store.KeyPassphrase(site.ID); !errors.Is(err, sites.ErrNoPassword) {
				t.Fatalf("a new site has a passphrase: %v", err)
			}
			if err := store.KeepKeyPassphrase(site.ID, "correct horse"); err != nil {
				t.Fatal(err)
			}
			tt.change(&site)
			if _, err := store.Save(site, nil); err != nil {
				t.Fatal(err)
			}
			got, err := keys.Get(site.ID)
			if kept := err == nil && got == "correct horse"; kept != tt.kept {
				t.Fatalf("passphrase kept = %v (%q, %v), want %v", kept, got, err, tt.kept)
			}
		})
	}
}
