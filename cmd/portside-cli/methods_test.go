package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"portside/transfer/ftpd"
	"portside/transfer/sites"
)

// TestRememberMethod: the method auto mode found for a URL is kept in
// methods.json (with no user and no password), and the next command tries
// it first, saying how old it is.
func TestRememberMethod(t *testing.T) {
	dir := t.TempDir()
	old := sitesDir
	sitesDir = func() (string, error) { return dir, nil }
	t.Cleanup(func() { sitesDir = old })
	srv, err := ftpd.Start(ftpd.Config{TLS: ftpd.TLSOff, Root: t.TempDir(), User: "alice", Password: "s3cret"})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	url := fmt.Sprintf("ftp://alice@127.0.0.1:%d/", srv.Port())
	env := map[string]string{"PORTSIDE_PASSWORD": "s3cret"}

	runs := []struct {
		name string
		want string // in stderr with -v
	}{
		{"first run probes", "auto mode: EPSV (EPSV carried a listing"},
		{"second run starts with the remembered method", "auto mode: trying EPSV first, found "},
	}
	for _, r := range runs {
		code, _, errs := runCLI(t, env, "", "-v", "ls", url)
		if code != exitOK {
			t.Fatalf("%s: exit %d: %s", r.name, code, errs)
		}
		if !strings.Contains(errs, r.want) {
			t.Errorf("%s: stderr lacks %q", r.name, r.want)
		}
	}
	b, err := os.ReadFile(filepath.Join(dir, sites.MethodsFile))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"method": "EPSV"`) && !strings.Contains(string(b), `"method":"EPSV"`) {
		t.Errorf("methods.json does not hold EPSV: %s", b)
	}
	if strings.Contains(string(b), "alice") || strings.Contains(string(b), "s3cret") {
		t.Errorf("methods.json names the user or the password: %s", b)
	}
}
