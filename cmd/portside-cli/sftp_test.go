package main

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/knownhosts"

	"portside/transfer/sftpd"
	"portside/transfer/sites"
)

// sftpFixture is an embedded SFTP server whose key is in a known_hosts
// that the test chooses: Portside's (beside sites.json), OpenSSH's, or none.
type sftpFixture struct {
	srv         *sftpd.Server
	root        string
	remote      string // root as the server names it: /C:/Users/… on Windows
	url         string // sftp://ann@127.0.0.1:port<remote>
	portside    string // Portside's known_hosts
	user        string // the user's ~/.ssh/known_hosts
	configDir   string
	fingerprint string
}

func newSFTPFixture(t *testing.T, cfg sftpd.Config) *sftpFixture {
	t.Helper()
	f := &sftpFixture{root: t.TempDir(), configDir: filepath.Join(t.TempDir(), "portside")}
	cfg.Root, cfg.User = f.root, "ann"
	srv, err := sftpd.Start(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	f.srv = srv
	f.remote = f.root
	if runtime.GOOS == "windows" { // pkg/sftp's server reads /C:/… as C:\…
		f.remote = "/" + filepath.ToSlash(f.root)
	}
	f.url = fmt.Sprintf("sftp://ann@127.0.0.1:%d%s", srv.Port(), f.remote)
	f.portside = filepath.Join(f.configDir, "known_hosts")
	f.user = filepath.Join(t.TempDir(), ".ssh", "known_hosts")
	f.fingerprint = ssh.FingerprintSHA256(srv.HostKey())
	oldDir, oldUser, oldKeys := sitesDir, userKnownHosts, keychain
	sitesDir = func() (string, error) { return f.configDir, nil }
	userKnownHosts = func() []string { return []string{f.user} }
	keychain = sites.NewMemoryKeychain()
	t.Cleanup(func() { sitesDir, userKnownHosts, keychain = oldDir, oldUser, oldKeys })
	return f
}

// know writes the server's key into file.
func (f *sftpFixture) know(t *testing.T, file string) {
	t.Helper()
	os.MkdirAll(filepath.Dir(file), 0o700)
	host := knownhosts.Normalize(net.JoinHostPort("127.0.0.1", strconv.Itoa(f.srv.Port())))
	if err := os.WriteFile(file, []byte(knownhosts.Line([]string{host}, f.srv.HostKey())+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestSFTPLs(t *testing.T) {
	pw := map[string]string{"PORTSIDE_PASSWORD": "s3cret"}
	for _, tc := range []struct {
		name   string
		known  string // "portside", "user" or "" (unknown)
		env    map[string]string
		args   func(f *sftpFixture) []string
		code   int
		stdout string
		stderr string
	}{
		{"key in Portside's known_hosts", "portside", pw, func(f *sftpFixture) []string { return []string{"ls", f.url} }, exitOK, "a.txt", ""},
		{"key in ~/.ssh/known_hosts", "user", pw, func(f *sftpFixture) []string { return []string{"ls", f.url} }, exitOK, "a.txt", ""},
		{"unknown key", "", pw, func(f *sftpFixture) []string { return []string{"ls", f.url} }, exitFail, "", "--fingerprint"},
		{"unknown key, --fingerprint", "", pw, func(f *sftpFixture) []string {
			return []string{"--fingerprint", f.fingerprint, "ls", f.url}
		}, exitOK, "a.txt", ""},
		{"unknown key, another --fingerprint", "", pw, func(f *sftpFixture) []string {
			return []string{"--fingerprint", "SHA256:AAAA", "ls", f.url}
		}, exitFail, "", "not the one given"},
		{"wrong password", "portside", map[string]string{"PORTSIDE_PASSWORD": "nope"}, func(f *sftpFixture) []string { return []string{"ls", f.url} }, exitFail, "", "login refused"},
		{"password in URL", "portside", nil, func(f *sftpFixture) []string {
			return []string{"ls", strings.Replace(f.url, "ann@", "ann:s3cret@", 1)}
		}, exitUsage, "", "PORTSIDE_PASSWORD"},
		{"no user", "portside", pw, func(f *sftpFixture) []string { return []string{"ls", strings.Replace(f.url, "ann@", "", 1)} }, exitUsage, "", "no user"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newSFTPFixture(t, sftpd.Config{Password: "s3cret"})
			os.WriteFile(filepath.Join(f.root, "a.txt"), []byte("hello"), 0o644)
			switch tc.known {
			case "portside":
				f.know(t, f.portside)
			case "user":
				f.know(t, f.user)
			}
			code, out, errs := runCLI(t, tc.env, "", tc.args(f)...)
			if code != tc.code || !strings.Contains(out, tc.stdout) || !strings.Contains(errs, tc.stderr) {
				t.Fatalf("exit %d, stdout %q, stderr %q; want %d, %q, %q", code, out, errs, tc.code, tc.stdout, tc.stderr)
			}
			if tc.code == exitFail && tc.known == "" && !strings.Contains(errs, f.fingerprint) {
				t.Fatalf("the refusal does not show the fingerprint %s: %s", f.fingerprint, errs)
			}
			if strings.Contains(errs, "s3cret") {
				t.Fatal("the password reached stderr")
			}
		})
	}
}

// get, put and sync over SFTP, with a key file and the queue, journal and
// sync planner the FTP runs use.
func TestSFTPGetPutSync(t *testing.T) {
	keyFile, pub := newKeyFile(t, "ed25519", "")
	f := newSFTPFixture(t, sftpd.Config{AuthorizedKeys: []ssh.PublicKey{pub}})
	f.know(t, f.portside)
	key := []string{"--key", keyFile}
	os.MkdirAll(filepath.Join(f.root, "in", "sub"), 0o755)
	os.WriteFile(filepath.Join(f.root, "in", "sub", "b.txt"), []byte("remote b"), 0o644)
	os.WriteFile(filepath.Join(f.root, "in", "a.txt"), []byte("remote a"), 0o644)

	local := t.TempDir()
	state := t.TempDir()
	run := func(args ...string) {
		t.Helper()
		if code, out, errs := runCLI(t, nil, "", append(key, args...)...); code != exitOK {
			t.Fatalf("%v: exit %d\n%s\n%s", args, code, out, errs)
		}
	}
	run("get", "--journal", filepath.Join(state, "get.db"), f.url+"/in", local)
	if b, err := os.ReadFile(filepath.Join(local, "in", "sub", "b.txt")); err != nil || string(b) != "remote b" {
		t.Fatalf("get: %q %v", b, err)
	}

	up := t.TempDir()
	os.WriteFile(filepath.Join(up, "c.txt"), []byte("local c"), 0o644)
	os.Mkdir(filepath.Join(f.root, "out"), 0o755)
	run("put", "--journal", filepath.Join(state, "put.db"), filepath.Join(up, "c.txt"), f.url+"/out")
	if b, err := os.ReadFile(filepath.Join(f.root, "out", "c.txt")); err != nil || string(b) != "local c" {
		t.Fatalf("put: %q %v", b, err)
	}

	os.Mkdir(filepath.Join(f.root, "mirror"), 0o755)
	run("sync", "--manifest-dir", filepath.Join(state, "m"), "--jobs", filepath.Join(state, "jobs.json"),
		"--journal", filepath.Join(state, "sync.db"), f.url+"/mirror", local)
	if b, err := os.ReadFile(filepath.Join(f.root, "mirror", "in", "a.txt")); err != nil || string(b) != "remote a" {
		t.Fatalf("sync: %q %v", b, err)
	}
}

// A saved SFTP site: its password from the keychain, its key on record.
func TestSFTPSavedSite(t *testing.T) {
	f := newSFTPFixture(t, sftpd.Config{Password: "s3cret"})
	f.know(t, f.portside)
	os.WriteFile(filepath.Join(f.root, "a.txt"), []byte("hello"), 0o644)
	store, err := sites.Open(f.configDir, keychain)
	if err != nil {
		t.Fatal(err)
	}
	in := sites.NewSite("SSH box")
	in.Protocol, in.Host, in.Port, in.User, in.RemoteDir = sites.SFTP, "127.0.0.1", f.srv.Port(), "ann", f.remote
	pw := "s3cret"
	if _, err := store.Save(in, &pw); err != nil {
		t.Fatal(err)
	}
	code, out, errs := runCLI(t, nil, "", "--site", "SSH box", "ls", "")
	if code != exitOK || !strings.Contains(out, "a.txt") {
		t.Fatalf("exit %d\n%s\n%s", code, out, errs)
	}
	// A sync of the saved site, as a job saved from the window runs it.
	local, state := t.TempDir(), t.TempDir()
	code, out, errs = runCLI(t, nil, "", "--site", "SSH box", "sync", "--direction", "download",
		"--manifest-dir", filepath.Join(state, "m"), "--jobs", filepath.Join(state, "jobs.json"),
		"--journal", filepath.Join(state, "q.db"), f.remote, local)
	if b, err := os.ReadFile(filepath.Join(local, "a.txt")); code != exitOK || err != nil || string(b) != "hello" {
		t.Fatalf("sync: exit %d, %q %v\n%s\n%s", code, b, err, out, errs)
	}
}

// A saved Key file site: its passphrase from the keychain, where the window
// kept it; without it, PORTSIDE_PASSPHRASE.
func TestSFTPSavedKeyFileSite(t *testing.T) {
	keyFile, pub := newKeyFile(t, "ecdsa", "open sesame")
	for _, tt := range []struct {
		name string
		kept string
		env  map[string]string
		code int
	}{
		{"kept in the keychain", "open sesame", nil, exitOK},
		{"from PORTSIDE_PASSPHRASE", "", map[string]string{"PORTSIDE_PASSPHRASE": "open sesame"}, exitOK},
		{"a stale one kept, the right one given", "old", map[string]string{"PORTSIDE_PASSPHRASE": "open sesame"}, exitOK},
		{"none", "", nil, exitFail},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := newSFTPFixture(t, sftpd.Config{AuthorizedKeys: []ssh.PublicKey{pub}})
			f.know(t, f.portside)
			os.WriteFile(filepath.Join(f.root, "a.txt"), []byte("hello"), 0o644)
			store, err := sites.Open(f.configDir, keychain)
			if err != nil {
				t.Fatal(err)
			}
			in := sites.NewSite("SSH key")
			in.Protocol, in.Host, in.Port, in.User, in.RemoteDir = sites.SFTP, "127.0.0.1", f.srv.Port(), "ann", f.remote
			in.Logon, in.KeyFile = sites.KeyFile, keyFile
			site, err := store.Save(in, nil)
			if err != nil {
				t.Fatal(err)
			}
			if tt.kept != "" {
				if err := store.KeepKeyPassphrase(site.ID, tt.kept); err != nil {
					t.Fatal(err)
				}
			}
			code, out, errs := runCLI(t, tt.env, "", "--site", "SSH key", "ls", "")
			if code != tt.code || (code == exitOK && !strings.Contains(out, "a.txt")) {
				t.Fatalf("exit %d\n%s\n%s", code, out, errs)
			}
			if strings.Contains(errs, "open sesame") {
				t.Fatal("the passphrase reached stderr")
			}
		})
	}
}

// newKeyFile makes a key with OpenSSH's ssh-keygen, as a user makes one:
// kind "ed25519" in OpenSSH's format, "ecdsa" in the older PEM format
// (-m PEM), encrypted when passphrase is set. Where there is no ssh-keygen
// (Wine; Windows has one since Windows 10) it writes the same formats
// itself.
func newKeyFile(t *testing.T, kind, passphrase string) (string, ssh.PublicKey) {
	t.Helper()
	file := filepath.Join(t.TempDir(), "id_"+kind)
	if _, err := exec.LookPath("ssh-keygen"); err == nil {
		args := []string{"-q", "-t", kind, "-N", passphrase, "-f", file}
		if kind == "ecdsa" {
			args = append(args, "-m", "PEM")
		}
		if out, err := exec.Command("ssh-keygen", args...).CombinedOutput(); err != nil {
			t.Fatalf("ssh-keygen: %v %s", err, out)
		}
	} else if err := writeKeyFile(file, kind, passphrase); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(file + ".pub")
	pub, _, _, _, err := ssh.ParseAuthorizedKey(b)
	if err != nil {
		t.Fatal(err)
	}
	return file, pub
}

func writeKeyFile(file, kind, passphrase string) error {
	var priv crypto.Signer
	var block *pem.Block
	var err error
	switch kind {
	case "ed25519":
		_, priv, err = ed25519.GenerateKey(rand.Reader)
		if err == nil {
			block, err = ssh.MarshalPrivateKey(priv, "")
		}
		if err == nil && passphrase != "" {
			block, err = ssh.MarshalPrivateKeyWithPassphrase(priv, "", []byte(passphrase))
		}
	case "ecdsa":
		var k *ecdsa.PrivateKey
		if k, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader); err != nil {
			return err
		}
		priv = k
		der, err := x509.MarshalECPrivateKey(k)
		if err != nil {
			return err
		}
		block = &pem.Block{Type: "EC PRIVATE KEY", Bytes: der}
		if passphrase != "" {
			// What ssh-keygen -m PEM writes: the legacy PEM encryption.
			//lint:ignore SA1019 the format under test is the legacy one
			block, err = x509.EncryptPEMBlock(rand.Reader, block.Type, der, []byte(passphrase), x509.PEMCipherAES128) //nolint:staticcheck
		}
	default:
		return fmt.Errorf("no key kind %q", kind)
	}
	if err != nil {
		return err
	}
	pub, err := ssh.NewPublicKey(priv.Public())
	if err != nil {
		return err
	}
	if err := os.WriteFile(file, pem.EncodeToMemory(block), 0o600); err != nil {
		return err
	}
	return os.WriteFile(file+".pub", ssh.MarshalAuthorizedKey(pub), 0o644)
}
