package sites_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"portside/transfer/sites"
)

// The real Secret Service keeps, replaces and removes secrets, as
// libsecret's own client sees them.
func TestSystemKeychain(t *testing.T) {
	if !withSecretService(t) {
		return
	}
	k := sites.SystemKeychain{}
	tests := []struct{ name, account, secret, changed string }{
		{"plain", "0123456789abcdef", "hunter2", "hunter3"},
		{"non-ASCII and spaces", "fedcba9876543210", " pässwörd 密码 ", "ünïcode"},
		{"empty", "00000000000000aa", "", "now set"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := k.Get(tt.account); !errors.Is(err, sites.ErrNoPassword) {
				t.Fatalf("Get before Set: %v, want ErrNoPassword", err)
			}
			for _, secret := range []string{tt.secret, tt.changed} {
				if err := k.Set(tt.account, secret); err != nil {
					t.Fatalf("Set: %v", err)
				}
				if got, err := k.Get(tt.account); err != nil || got != secret {
					t.Fatalf("Get = %q, %v; want %q", got, err, secret)
				}
				if got, ok := secretTool(t, tt.account); !ok || got != secret {
					t.Fatalf("secret-tool finds %q (%v), want %q", got, ok, secret)
				}
			}
			if err := k.Delete(tt.account); err != nil {
				t.Fatalf("Delete: %v", err)
			}
			if _, ok := secretTool(t, tt.account); ok {
				t.Fatalf("secret-tool still finds the entry after Delete")
			}
			if err := k.Delete(tt.account); err != nil {
				t.Fatalf("Delete of a missing entry: %v, want nil", err)
			}
		})
	}
}

// Saving, renaming, duplicating, changing the logon and deleting sites
// keep the real keychain in step, and sites.json never holds a password.
func TestStoreKeepsKeychainInStep(t *testing.T) {
	if !withSecretService(t) {
		return
	}
	dir := t.TempDir()
	store, err := sites.Open(dir, sites.SystemKeychain{})
	if err != nil {
		t.Fatal(err)
	}
	if err := store.CheckKeychain(); err != nil {
		t.Fatalf("CheckKeychain with a Secret Service running: %v", err)
	}
	want := func(step, id, password string) {
		t.Helper()
		got, ok := secretTool(t, id)
		switch {
		case password == "" && ok:
			t.Errorf("%s: the keychain still holds a password for %s", step, id)
		case password != "" && got != password:
			t.Errorf("%s: the keychain holds %q (found: %v) for %s, want %q", step, got, ok, id, password)
		}
		if b, err := os.ReadFile(filepath.Join(dir, "sites.json")); err == nil && password != "" && strings.Contains(string(b), password) {
			t.Errorf("%s: sites.json contains the password", step)
		}
	}

	pw := "first-Secret-7781"
	site, err := store.Save(normalSite("Work"), &pw)
	if err != nil {
		t.Fatal(err)
	}
	want("save", site.ID, pw)
	if got, err := store.Password(site.ID); err != nil || got != pw {
		t.Errorf("Password = %q, %v", got, err)
	}

	if err := store.Rename(site.ID, "Work (renamed)"); err != nil {
		t.Fatal(err)
	}
	want("rename", site.ID, pw)

	cp, err := store.Duplicate(site.ID)
	if err != nil {
		t.Fatal(err)
	}
	want("duplicate: the copy", cp.ID, pw)
	want("duplicate: the original", site.ID, pw)

	pw2 := "second-Secret-2290"
	site, _ = store.Site(site.ID)
	if site, err = store.Save(site, &pw2); err != nil {
		t.Fatal(err)
	}
	want("new password", site.ID, pw2)
	want("new password: the copy keeps its own", cp.ID, pw)

	site.Logon = sites.AskPassword
	if site, err = store.Save(site, nil); err != nil {
		t.Fatal(err)
	}
	want("logon changed to ask", site.ID, "")

	if err := store.Delete(cp.ID); err != nil {
		t.Fatal(err)
	}
	want("delete", cp.ID, "")

	f, err := store.AddFolder("", "Clients")
	if err != nil {
		t.Fatal(err)
	}
	in := normalSite("Client A")
	in.Folder = f.ID
	inner, err := store.Save(in, &pw)
	if err != nil {
		t.Fatal(err)
	}
	want("save in folder", inner.ID, pw)
	if err := store.DeleteFolder(f.ID); err != nil {
		t.Fatal(err)
	}
	want("delete folder", inner.ID, "")
}

// Without a keychain, saving a site with a password keeps the site without
// it, says so in plain words that offer "Ask for password", which then
// works; nothing is written in plain text, and no bus is launched behind
// the user's back.
func TestNoKeychain(t *testing.T) {
	noServices := filepath.Join(t.TempDir(), "session.conf")
	if err := os.WriteFile(noServices, []byte(busWithoutServices), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name       string
		wrap       []string
		env        []string
		wantReason string
	}{
		{name: "no session bus", wantReason: "no D-Bus session"},
		{name: "bus address leads nowhere", env: []string{"DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent/portside-test-bus"},
			wantReason: "cannot be reached"},
		{name: "bus without a Secret Service", wrap: []string{"dbus-run-session", "--config-file=" + noServices, "--"},
			wantReason: "no program provides the Secret Service"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !withoutSecretService(t, tt.wrap, tt.env...) {
				return
			}
			if tt.name == "no session bus" {
				if _, err := os.Stat(filepath.Join("/run/user", itoa(os.Getuid()), "bus")); err == nil {
					t.Skip("this machine has a session bus at /run/user/UID/bus, which cannot be hidden from the test")
				}
			}
			bus := os.Getenv("DBUS_SESSION_BUS_ADDRESS")
			checkNoKeychain(t, sites.SystemKeychain{}.Set("0123456789abcdef", "pw"), tt.wantReason)
			if got := os.Getenv("DBUS_SESSION_BUS_ADDRESS"); got != bus {
				t.Errorf("a session bus was launched: DBUS_SESSION_BUS_ADDRESS became %q", got)
			}

			dir := t.TempDir()
			store, err := sites.Open(dir, sites.SystemKeychain{})
			if err != nil {
				t.Fatal(err)
			}
			checkNoKeychain(t, store.CheckKeychain(), tt.wantReason)
			pw := "never-written-5531"
			checkSavedWithoutPassword(t, store, pw, tt.wantReason)

			ask := normalSite("Work, asking")
			ask.Logon = sites.AskPassword
			saved, err := store.Save(ask, nil)
			if err != nil {
				t.Fatalf("saving with Ask for password: %v", err)
			}
			if _, err := store.Password(saved.ID); err == nil {
				t.Errorf("Password of an Ask site did not fail")
			}
			if err := store.Delete(saved.ID); err != nil {
				t.Errorf("Delete: %v", err)
			}

			imp, err := sites.ParseFileZilla(strings.NewReader(oneNormalSite))
			if err != nil {
				t.Fatal(err)
			}
			res, err := store.Import(imp)
			if err != nil {
				t.Fatalf("Import: %v", err)
			}
			if len(res.Imported) != 1 || res.Imported[0].Logon != sites.AskPassword {
				t.Fatalf("imported %+v, want one site that asks for its password", res.Imported)
			}
			if !strings.Contains(strings.Join(res.Notes, "\n"), "ask for the password each time") {
				t.Errorf("the import does not say that the sites will ask for the password:\n%s", strings.Join(res.Notes, "\n"))
			}
			grepDir(t, dir, pw, "filezilla-Pass-1")
		})
	}
}

// A keychain that is there but locked, and cannot be unlocked (its unlock
// window cannot be shown): the same plain words and the same fallback, and
// never the site's ID or the collection's D-Bus path.
func TestLockedKeychain(t *testing.T) {
	if !withLockedSecretService(t) {
		return
	}
	keys := sites.SystemKeychain{Timeout: 60 * time.Second}
	checkNoKeychain(t, keys.Set("0123456789abcdef", "pw"), "locked")
	_, err := keys.Get("0123456789abcdef")
	checkNoKeychain(t, err, "locked")

	dir := t.TempDir()
	store, err := sites.Open(dir, keys)
	if err != nil {
		t.Fatal(err)
	}
	pw := "never-written-7723"
	saved := checkSavedWithoutPassword(t, store, pw, "locked")
	_, err = store.Password(saved.ID)
	checkNoKeychain(t, err, "locked")
	if strings.Contains(err.Error(), saved.ID) {
		t.Errorf("the error shows the site's ID %s: %v", saved.ID, err)
	}

	ask := saved
	ask.Logon = sites.AskPassword
	if _, err := store.Save(ask, nil); err != nil {
		t.Fatalf("switching to Ask for password: %v", err)
	}
	if got, _ := store.Site(saved.ID); got.Logon != sites.AskPassword {
		t.Errorf("logon = %v after the switch, want Ask for password", got.Logon)
	}
	grepDir(t, dir, pw)
}

// checkSavedWithoutPassword saves a new site with password pw where the
// keychain fails: the site is saved, without it, and the error says so.
func checkSavedWithoutPassword(t *testing.T, store *sites.Store, pw, reason string) sites.Site {
	t.Helper()
	saved, err := store.Save(normalSite("Work"), &pw)
	checkNoKeychain(t, err, reason)
	var notSaved *sites.PasswordNotSavedError
	if !errors.As(err, &notSaved) {
		t.Fatalf("err = %T %v, want a PasswordNotSavedError", err, err)
	}
	if !strings.Contains(err.Error(), "“Work” is saved, but not its password") {
		t.Errorf("the error does not say the site was saved without its password:\n%v", err)
	}
	if saved.ID == "" || len(store.Sites()) != 1 {
		t.Fatalf("the site was not saved: %+v, %d sites", saved, len(store.Sites()))
	}
	if strings.Contains(err.Error(), saved.ID) || strings.Contains(err.Error(), "/org/freedesktop") {
		t.Errorf("the error shows a site ID or a D-Bus path: %v", err)
	}
	return saved
}

func checkNoKeychain(t *testing.T, err error, reason string) {
	t.Helper()
	if !sites.IsNoKeychain(err) {
		t.Fatalf("err = %v, want a NoKeychainError", err)
	}
	for _, want := range []string{reason, "Ask for password", "never in a file"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the error does not say %q:\n%v", want, err)
		}
	}
}

// busWithoutServices is a session bus that can activate nothing, so that
// no Secret Service appears on it.
const busWithoutServices = `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir=/tmp</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`

const oneNormalSite = `<?xml version="1.0" encoding="UTF-8"?>
<FileZilla3 version="3.66.4" platform="*nix">
  <Servers>
    <Server>
      <Host>ftp.example.com</Host><Port>21</Port><Protocol>4</Protocol><Type>0</Type>
      <User>ann</User><Pass encoding="base64">ZmlsZXppbGxhLVBhc3MtMQ==</Pass><Logontype>1</Logontype>
      <PasvMode>MODE_DEFAULT</PasvMode><EncodingType>Auto</EncodingType><Name>Example</Name>
    </Server>
  </Servers>
</FileZilla3>
`
