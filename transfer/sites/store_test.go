package sites_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"portside/transfer/ftp"
	"portside/transfer/sites"
	"portside/transfer/transport"
)

func openStore(t *testing.T, dir string, keys sites.Keychain) *sites.Store {
	t.Helper()
	s, err := sites.Open(dir, keys)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	return s
}

// Every field survives sites.json: what is saved is what a restarted
// Portside reads.
func TestStoreRoundTrip(t *testing.T) {
	dir := t.TempDir()
	keys := newMemKeychain()
	store := openStore(t, dir, keys)
	folder, err := store.AddFolder("", "Kunden – Ünïcödé")
	if err != nil {
		t.Fatal(err)
	}
	full := sites.Site{
		Folder: folder.ID, Name: "Bäckerei 東京", Host: "ftp.example.com", Port: 2121,
		Protocol: sites.FTPSImplicit, Logon: sites.Normal, User: "ann",
		DataMode: transport.ModeActive, UseSentPassiveAddress: true,
		ActivePortMin: 50000, ActivePortMax: 50100, ExternalAddress: "home.example.net",
		Charset: "Shift_JIS", MaxConnections: 7, LocalDir: local("/home/ann/www"), RemoteDir: "/htdocs",
		Comments: "line one\nline two",
		Probe:    &sites.Probe{Method: transport.EPRT, When: time.Date(2026, 11, 20, 9, 30, 0, 0, time.UTC), Reason: "EPRT carried a listing; EPSV failed: timeout"},
	}
	minimal := sites.NewSite("Anon")
	minimal.Host, minimal.Logon = "192.0.2.10", sites.Anonymous
	var saved []sites.Site
	for _, s := range []sites.Site{full, minimal} {
		pw := "pw"
		got, err := store.Save(s, &pw)
		if err != nil {
			t.Fatalf("Save(%s): %v", s.Name, err)
		}
		if got.ID == "" {
			t.Fatalf("Save(%s) gave no ID", s.Name)
		}
		saved = append(saved, got)
	}

	again := openStore(t, dir, keys)
	for _, want := range saved {
		got, ok := again.Site(want.ID)
		if !ok {
			t.Fatalf("site %s is gone after reopening", want.Name)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("after reopening:\n got %+v\nwant %+v", got, want)
		}
	}
	if f, ok := again.Folder(folder.ID); !ok || f != folder {
		t.Errorf("folder after reopening: %+v, want %+v", f, folder)
	}
	if _, ok := keys.Secret(saved[1].ID); ok {
		t.Errorf("an anonymous site has a keychain entry")
	}
}

func TestStoreNames(t *testing.T) {
	store := openStore(t, t.TempDir(), newMemKeychain())
	pw := ""
	a, err := store.Save(normalSite("Work"), &pw)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.Save(normalSite("work"), &pw); err == nil || !strings.Contains(err.Error(), `already a site called "Work"`) {
		t.Errorf("a second %q in the same folder: %v", "work", err)
	}
	f, _ := store.AddFolder("", "Clients")
	other := normalSite("Work")
	other.Folder = f.ID
	if _, err := store.Save(other, &pw); err != nil {
		t.Errorf("the same name in another folder: %v", err)
	}
	if _, err := store.AddFolder("", "clients"); err == nil {
		t.Errorf("a second folder %q beside %q was made", "clients", "Clients")
	}
	if err := store.Rename(a.ID, "  "); err == nil {
		t.Errorf("renamed to blanks")
	}
	cp, err := store.Duplicate(a.ID)
	if err != nil {
		t.Fatal(err)
	}
	cp2, err := store.Duplicate(a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if cp.Name != "Copy of Work" || cp2.Name != "Copy of Work (2)" {
		t.Errorf("copies are called %q and %q", cp.Name, cp2.Name)
	}
}

// A write that fails leaves both the file and the store's memory as they
// were, and takes a new password back out of the keychain.
func TestStoreFailedWriteChangesNothing(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "portside")
	keys := newMemKeychain()
	store := openStore(t, dir, keys)
	pw := "old"
	site, err := store.Save(normalSite("Work"), &pw)
	if err != nil {
		t.Fatal(err)
	}
	before, err := os.ReadFile(filepath.Join(dir, "sites.json"))
	if err != nil {
		t.Fatal(err)
	}
	// A file where the folder was: no temporary file can be made there,
	// not even by root, for whom permissions would not stop it.
	if err := os.Rename(dir, dir+".away"); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dir, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	newPW := "new"
	changed := site
	changed.Host = "ftp2.example.com"
	if _, err := store.Save(changed, &newPW); err == nil {
		t.Fatal("Save succeeded without a folder to write in")
	}
	if _, err := store.Save(normalSite("Other"), &newPW); err == nil {
		t.Fatal("Save of a new site succeeded without a folder to write in")
	}
	if got, _ := store.Site(site.ID); got.Host != "ftp.example.com" {
		t.Errorf("the store's memory took the change: host %q", got.Host)
	}
	if n := len(store.Sites()); n != 1 {
		t.Errorf("%d sites in memory, want 1", n)
	}
	if got, _ := keys.Secret(site.ID); got != "old" {
		t.Errorf("the keychain holds %q, want the old password back", got)
	}
	if keys.Len() != 1 {
		t.Errorf("the keychain keeps %d entries, want 1: the new site's password stayed", keys.Len())
	}
	os.Remove(dir)
	os.Rename(dir+".away", dir)
	after, _ := os.ReadFile(filepath.Join(dir, "sites.json"))
	if !bytes.Equal(before, after) {
		t.Errorf("sites.json changed:\n%s\nwant\n%s", after, before)
	}
	if tmp, _ := filepath.Glob(filepath.Join(dir, ".sites.json.tmp-*")); len(tmp) > 0 {
		t.Errorf("temporary files left: %v", tmp)
	}
}

// When the keychain refuses, nothing is saved: no profile that promises a
// password the keychain does not have.
func TestStoreKeychainFailureSavesNothing(t *testing.T) {
	dir := t.TempDir()
	keys := newMemKeychain()
	keys.LockWrites(errors.New("the keyring is locked"))
	store := openStore(t, dir, keys)
	pw := "pw"
	if _, err := store.Save(normalSite("Work"), &pw); err == nil || !strings.Contains(err.Error(), "locked") {
		t.Fatalf("Save = %v, want the keychain's error", err)
	}
	if n := len(store.Sites()); n != 0 {
		t.Errorf("%d sites saved", n)
	}
	if _, err := os.Stat(filepath.Join(dir, "sites.json")); err == nil {
		t.Errorf("sites.json was written")
	}
}

// A damaged file is moved aside byte for byte and reported with where it
// is damaged; the store goes on empty and saves without touching the
// backup.
func TestStoreCorruptFile(t *testing.T) {
	tests := []struct {
		name, file, content, want string
	}{
		{"garbage", "sites.json", "this is not JSON", "line 1, column 3"},
		{"truncated", "sites.json", "{\n  \"version\": 1,\n  \"sites\": [\n    {\"id\": \"a\",", "the file ends in the middle"},
		{"wrong type", "sites.json", "{\"version\": 1,\n\"sites\": 5}", "line 2"},
		{"unknown protocol", "sites.json", `{"version":1,"sites":[{"id":"a","name":"x","host":"h","protocol":"gopher","logon":"normal","data_mode":"auto","max_connections":2}]}`, `unknown protocol "gopher"`},
		{"damaged pins", "known_certs.json", `{"version":1,"sites":{"a":`, "known_certs.json could not be read"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, tt.file)
			if err := os.WriteFile(path, []byte(tt.content), 0o600); err != nil {
				t.Fatal(err)
			}
			store, err := sites.Open(dir, newMemKeychain())
			var ce *sites.CorruptError
			if !errors.As(err, &ce) {
				t.Fatalf("Open = %v, want a CorruptError", err)
			}
			if store == nil {
				t.Fatal("no store to go on with")
			}
			for _, want := range []string{tt.want, ce.Backup, "nothing in it is lost"} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("the error does not say %q:\n%v", want, err)
				}
			}
			if !strings.HasPrefix(filepath.Base(ce.Backup), tt.file+".corrupt-") {
				t.Errorf("backup is called %s", ce.Backup)
			}
			if b, err := os.ReadFile(ce.Backup); err != nil || string(b) != tt.content {
				t.Errorf("the backup holds %q (%v), want the damaged file as it was", b, err)
			}
			pw := "pw"
			if _, err := store.Save(normalSite("Work"), &pw); err != nil {
				t.Fatalf("Save after the damage: %v", err)
			}
			if b, _ := os.ReadFile(ce.Backup); string(b) != tt.content {
				t.Errorf("the backup changed after a save")
			}
			if _, err := sites.Open(dir, newMemKeychain()); err != nil {
				t.Errorf("reopening after the save: %v", err)
			}
		})
	}
}

func TestStoreRefusesNewerFormat(t *testing.T) {
	dir := t.TempDir()
	content := `{"version": 2, "sites": [], "shiny_new_thing": true}`
	os.WriteFile(filepath.Join(dir, "sites.json"), []byte(content), 0o600)
	if _, err := sites.Open(dir, newMemKeychain()); err == nil || !strings.Contains(err.Error(), "newer Portside") {
		t.Fatalf("Open = %v, want a refusal naming a newer Portside", err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "sites.json")); string(b) != content {
		t.Errorf("sites.json was changed")
	}
}

func TestStoreRecent(t *testing.T) {
	dir := t.TempDir()
	store := openStore(t, dir, newMemKeychain())
	pw := ""
	var ids []string
	for _, name := range []string{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l"} {
		s, err := store.Save(normalSite(name), &pw)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, s.ID)
		if err := store.Touch(s.ID); err != nil {
			t.Fatal(err)
		}
	}
	store.Touch(ids[3]) // "d" again
	if err := store.Delete(ids[11]); err != nil {
		t.Fatal(err)
	}
	if err := store.Touch("no-such-id"); err == nil {
		t.Errorf("Touch of an unknown site succeeded")
	}
	var got []string
	for _, s := range openStore(t, dir, newMemKeychain()).Recent() {
		got = append(got, s.Name)
	}
	want := []string{"d", "k", "j", "i", "h", "g", "f", "e", "c"} // ten kept, "l" deleted
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Recent = %v, want %v", got, want)
	}
}

// What auto mode found is kept with when and why, feeds the next connect,
// and can be forgotten.
func TestStoreProbe(t *testing.T) {
	dir := t.TempDir()
	store := openStore(t, dir, newMemKeychain())
	pw := ""
	site, _ := store.Save(normalSite("Work"), &pw)
	when := time.Date(2026, 11, 20, 9, 30, 0, 0, time.UTC)
	p := ftp.Probe{Method: transport.PASV, When: when, Reason: "PASV carried a listing; EPSV failed: refused",
		Attempts: []ftp.Attempt{{Method: transport.EPSV, Err: errors.New("refused")}, {Method: transport.PASV}}}
	if err := store.SetProbe(site.ID, sites.ProbeOf(p)); err != nil {
		t.Fatal(err)
	}
	// An editor that loaded the site before the probe saves other changes:
	// the probe stays.
	site.Comments = "edited meanwhile"
	if _, err := store.Save(site, nil); err != nil {
		t.Fatal(err)
	}
	got, _ := openStore(t, dir, newMemKeychain()).Site(site.ID)
	if got.Probe == nil || got.Probe.Method != transport.PASV || !got.Probe.When.Equal(when) || got.Probe.Reason != p.Reason {
		t.Fatalf("probe after reopening: %+v", got.Probe)
	}
	if got.Comments != "edited meanwhile" {
		t.Errorf("the edit was lost: %q", got.Comments)
	}
	if k := got.FTPConfig("").Known; k == nil || *k != transport.PASV {
		t.Errorf("FTPConfig().Known = %v, want PASV", k)
	}
	if err := store.ResetProbe(site.ID); err != nil {
		t.Fatal(err)
	}
	got, _ = openStore(t, dir, newMemKeychain()).Site(site.ID)
	if got.Probe != nil || got.FTPConfig("").Known != nil {
		t.Errorf("the probe is still there after reset: %+v", got.Probe)
	}
}

func TestStoreFolders(t *testing.T) {
	keys := newMemKeychain()
	store := openStore(t, t.TempDir(), keys)
	work, _ := store.AddFolder("", "Work")
	clients, _ := store.AddFolder(work.ID, "Clients")
	pw := "pw"
	var ids []string
	for _, f := range []string{"", work.ID, clients.ID} {
		s := normalSite("Site in " + f)
		s.Folder = f
		saved, err := store.Save(s, &pw)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, saved.ID)
	}
	if folders, sites := store.Contents(work.ID); folders != 1 || sites != 2 {
		t.Errorf("Contents(Work) = %d folders, %d sites; want 1, 2", folders, sites)
	}
	if err := store.RenameFolder(clients.ID, "Customers"); err != nil {
		t.Fatal(err)
	}
	fs, ss := store.Children(work.ID)
	if len(fs) != 1 || fs[0].Name != "Customers" || len(ss) != 1 || ss[0].ID != ids[1] {
		t.Errorf("Children(Work) = %+v, %+v", fs, ss)
	}
	if err := store.DeleteFolder(work.ID); err != nil {
		t.Fatal(err)
	}
	if got := len(store.Sites()); got != 1 {
		t.Errorf("%d sites left, want the top-level one", got)
	}
	if got := len(store.Folders()); got != 0 {
		t.Errorf("%d folders left", got)
	}
	for _, id := range ids[1:] {
		if _, ok := keys.Secret(id); ok {
			t.Errorf("the password of deleted site %s is still in the keychain", id)
		}
	}
	orphan := normalSite("Orphan")
	orphan.Folder = clients.ID
	if _, err := store.Save(orphan, &pw); err == nil {
		t.Errorf("saved a site into a deleted folder")
	}
}

// The export has every profile and no password.
func TestExport(t *testing.T) {
	keys := newMemKeychain()
	store := openStore(t, t.TempDir(), keys)
	pw := "export-Secret-991"
	store.Save(normalSite("Work"), &pw)
	var buf bytes.Buffer
	if err := store.Export(&buf); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), pw) {
		t.Errorf("the export holds the password:\n%s", buf.String())
	}
	var out struct {
		Format string       `json:"format"`
		Sites  []sites.Site `json:"sites"`
	}
	if err := json.Unmarshal(buf.Bytes(), &out); err != nil {
		t.Fatal(err)
	}
	if out.Format != "portside-sites-1" || len(out.Sites) != 1 || out.Sites[0].Host != "ftp.example.com" {
		t.Errorf("export = %s", buf.String())
	}
}
