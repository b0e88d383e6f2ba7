package sites

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// Run under Wine by make test (GOOS=windows go test -exec). Wine keeps
// the Credential Manager's entries in its registry, through the same
// CredWrite/CredRead calls that go-keyring's wincred back end makes.

func TestDefaultDirIsAppData(t *testing.T) {
	got, err := DefaultDir()
	if err != nil {
		t.Fatal(err)
	}
	want := filepath.Join(os.Getenv("APPDATA"), "Portside")
	if os.Getenv("APPDATA") == "" || got != want {
		t.Errorf("DefaultDir = %q, want %q (APPDATA %q)", got, want, os.Getenv("APPDATA"))
	}
}

func TestCredentialManager(t *testing.T) {
	k := SystemKeychain{}
	account := "portside-wine-test"
	t.Cleanup(func() { k.Delete(account) })
	steps := []struct {
		what    string
		do      func() (string, error)
		want    string
		wantErr error
	}{
		{"get before set", func() (string, error) { return k.Get(account) }, "", ErrNoPassword},
		{"set", func() (string, error) { return "", k.Set(account, "pä$$wörd") }, "", nil},
		{"get", func() (string, error) { return k.Get(account) }, "pä$$wörd", nil},
		{"overwrite", func() (string, error) { return "", k.Set(account, "second") }, "", nil},
		{"get again", func() (string, error) { return k.Get(account) }, "second", nil},
		{"delete", func() (string, error) { return "", k.Delete(account) }, "", nil},
		{"get after delete", func() (string, error) { return k.Get(account) }, "", ErrNoPassword},
		{"delete again", func() (string, error) { return "", k.Delete(account) }, "", nil},
	}
	for _, s := range steps {
		got, err := s.do()
		if got != s.want || !errors.Is(err, s.wantErr) || (s.wantErr == nil && err != nil) {
			t.Fatalf("%s: %q, %v; want %q, %v", s.what, got, err, s.want, s.wantErr)
		}
	}
}
