package sites_test

import (
	"encoding/base64"
	"encoding/hex"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"portside/transfer/sites"
)

// memKeychain stands in for the keychain where it is beside the point.
type memKeychain = sites.MemoryKeychain

func newMemKeychain() *memKeychain { return sites.NewMemoryKeychain() }

// normalSite is a valid site that saves its password.
func normalSite(name string) sites.Site {
	s := sites.NewSite(name)
	s.Host, s.User = "ftp.example.com", "ann"
	return s
}

// grepDir fails if any file under dir holds one of the secrets, as they
// are or in base64 or hex, the disguises a careless encoder would add.
func grepDir(t *testing.T, dir string, secrets ...string) {
	t.Helper()
	files := 0
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		files++
		for _, s := range secrets {
			for _, form := range []string{s, base64.StdEncoding.EncodeToString([]byte(s)), hex.EncodeToString([]byte(s))} {
				if strings.Contains(string(b), form) {
					t.Errorf("%s holds the password %q (as %q)", path, s, form)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files == 0 {
		t.Fatalf("no files under %s: the grep proves nothing", dir)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
