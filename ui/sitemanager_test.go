package ui_test

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/test"

	"portside/transfer/sites"
	"portside/transfer/transport"
	"portside/ui"
)

// Fill in a new site as a user does, press Save: the store has it, and
// the password is in the keychain only for a Normal logon.
func TestSiteManagerNewSiteIsSaved(t *testing.T) {
	tests := []struct {
		name     string
		fill     func(e *ui.SiteEditor)
		want     func(s *sites.Site)
		password string // in the keychain afterwards; "" for none
	}{
		{"normal logon", func(e *ui.SiteEditor) {
			test.Type(e.Password, "s3cret pw")
		}, func(*sites.Site) {}, "s3cret pw"},
		{"anonymous", func(e *ui.SiteEditor) {
			e.Logon.SetSelected("Anonymous")
		}, func(s *sites.Site) { s.Logon, s.User = sites.Anonymous, "" }, ""},
		{"ask for password", func(e *ui.SiteEditor) {
			e.Logon.SetSelected("Ask for password")
		}, func(s *sites.Site) { s.Logon = sites.AskPassword }, ""},
		{"implicit TLS on its own port", func(e *ui.SiteEditor) {
			e.Protocol.SetSelected("Require implicit FTP over TLS")
			test.Type(e.Port, "2990")
		}, func(s *sites.Site) { s.Protocol, s.Port = sites.FTPSImplicit, 2990 }, ""},
		{"active mode behind a router", func(e *ui.SiteEditor) {
			e.DataMode.SetSelected("Active")
			test.Type(e.ActiveMin, "50000")
			test.Type(e.ActiveMax, "50100")
			test.Type(e.External, "home.example.net")
			e.MaxConnections.SetSelected("4")
		}, func(s *sites.Site) {
			s.DataMode, s.ActivePortMin, s.ActivePortMax, s.ExternalAddress, s.MaxConnections = transport.ModeActive, 50000, 50100, "home.example.net", 4
		}, ""},
		{"passive address as sent", func(e *ui.SiteEditor) {
			e.DataMode.SetSelected("Passive")
			e.PassiveAddress.SetSelected("Use the address the server sends")
		}, func(s *sites.Site) { s.DataMode, s.UseSentPassiveAddress = transport.ModePassive, true }, ""},
		{"custom charset and folders", func(e *ui.SiteEditor) {
			e.Charset.SetSelected("Use custom charset")
			e.CustomCharset.SetText("Big5")
			test.Type(e.LocalDir, "/home/ann/www")
			test.Type(e.RemoteDir, "/htdocs")
			test.Type(e.Comments, "台北 office")
		}, func(s *sites.Site) {
			s.Charset, s.LocalDir, s.RemoteDir, s.Comments = "Big5", "/home/ann/www", "/htdocs", "台北 office"
		}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newSMFixture(t, newSMKeychain(), nil)
			test.Tap(f.m.NewSite)
			e := f.m.Editor
			e.Name.SetText("Büro")
			test.Type(e.Host, "ftp.example.com")
			test.Type(e.User, "ann")
			tt.fill(e)
			test.Tap(f.m.Save)

			got, ok := f.site("Büro")
			if !ok {
				t.Fatalf("not saved; status: %q", f.m.Status.Text)
			}
			want := sites.NewSite("Büro")
			want.ID, want.Host, want.User = got.ID, "ftp.example.com", "ann"
			tt.want(&want)
			if !reflect.DeepEqual(got, want) { // a Site holds a slice (its bookmarks)
				t.Errorf("stored\n %+v\nwant\n %+v", got, want)
			}
			pw, has := f.keys.Secret(got.ID)
			if has != (want.Logon == sites.Normal) || pw != tt.password {
				t.Errorf("keychain holds %q (%v), want %q", pw, has, tt.password)
			}
			if f.m.Save.Disabled() == false {
				t.Errorf("Save is still enabled after saving")
			}
		})
	}
}

// What keeps a site from being saved is said in sentences, and nothing
// typed is lost.
func TestSiteManagerRefusesInvalidSite(t *testing.T) {
	tests := []struct {
		name string
		fill func(e *ui.SiteEditor)
		want []string
	}{
		{"nothing filled in", func(e *ui.SiteEditor) {}, []string{"Enter the server's host name", "Enter the user name"}},
		{"port not a number", func(e *ui.SiteEditor) {
			test.Type(e.Host, "ftp.example.com")
			test.Type(e.User, "ann")
			test.Type(e.Port, "ftp")
		}, []string{`The port "ftp" is not a number.`}},
		{"parts not a number", func(e *ui.SiteEditor) {
			test.Type(e.Host, "ftp.example.com")
			test.Type(e.User, "ann")
			test.Type(e.Segments, "many")
		}, []string{`The number of parts "many" is not a number.`}},
		{"too many parts", func(e *ui.SiteEditor) {
			test.Type(e.Host, "ftp.example.com")
			test.Type(e.User, "ann")
			test.Type(e.Segments, "17")
		}, []string{"at most 16 parts"}},
		{"custom charset without a name", func(e *ui.SiteEditor) {
			test.Type(e.Host, "ftp.example.com")
			test.Type(e.User, "ann")
			e.Charset.SetSelected("Use custom charset")
		}, []string{"Enter the custom charset's name"}},
		{"unknown charset", func(e *ui.SiteEditor) {
			test.Type(e.Host, "ftp.example.com")
			test.Type(e.User, "ann")
			e.Charset.SetSelected("Use custom charset")
			e.CustomCharset.SetText("Klingon-8")
		}, []string{`does not know the charset "Klingon-8"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newSMFixture(t, newSMKeychain(), nil)
			test.Tap(f.m.NewSite)
			tt.fill(f.m.Editor)
			host := f.m.Editor.Host.Text
			test.Tap(f.m.Save)
			if n := len(f.store.Sites()); n != 0 {
				t.Fatalf("%d sites saved", n)
			}
			for _, w := range tt.want {
				if !strings.Contains(f.m.Status.Text, w) {
					t.Errorf("status %q does not say %q", f.m.Status.Text, w)
				}
			}
			if f.m.Editor.Host.Text != host || !f.m.Editor.Visible() {
				t.Errorf("the editor lost what was typed")
			}
		})
	}
}

// Choosing another entry saves the changes (as FileZilla does); changes
// that cannot be saved keep the selection where it is.
func TestSiteManagerSwitchSavesOrStays(t *testing.T) {
	var a, b sites.Site
	f := newSMFixture(t, newSMKeychain(), func(s *sites.Store) {
		a = smSave(t, s, smSite("Alpha", "a.example.com"), "pw")
		b = smSave(t, s, smSite("Beta", "b.example.com"), "pw")
	})
	f.m.SelectSite(a.ID)
	f.m.Editor.Host.SetText("a2.example.com")
	f.m.SelectSite(b.ID)
	if got := f.mustSite("Alpha"); got.Host != "a2.example.com" {
		t.Errorf("switching did not save: host %q", got.Host)
	}
	if f.m.Editor.Name.Text != "Beta" {
		t.Errorf("the editor shows %q, want Beta", f.m.Editor.Name.Text)
	}

	f.m.Editor.Host.SetText("")
	f.m.SelectSite(a.ID)
	if f.m.Editor.Name.Text != "Beta" || f.m.Editor.Host.Text != "" {
		t.Errorf("the editor moved on from the invalid site: %q, %q", f.m.Editor.Name.Text, f.m.Editor.Host.Text)
	}
	if !strings.Contains(f.m.Status.Text, "host name") {
		t.Errorf("status %q does not say what is wrong", f.m.Status.Text)
	}
	if got := f.mustSite("Beta"); got.Host != "b.example.com" {
		t.Errorf("the invalid change was stored: %q", got.Host)
	}
}

// Delete asks first, names what goes with it, and Keep keeps it.
func TestSiteManagerDeleteAsks(t *testing.T) {
	var site sites.Site
	var folder sites.Folder
	seed := func(s *sites.Store) {
		site = smSave(t, s, smSite("Alpha", "a.example.com"), "pw-alpha")
		folder, _ = s.AddFolder("", "Clients")
		in := smSite("Inner", "i.example.com")
		in.Folder = folder.ID
		smSave(t, s, in, "pw-inner")
	}
	tests := []struct {
		name     string
		choose   func(f *smFixture)
		question string
		gone     func(f *smFixture) bool
	}{
		{"site", func(f *smFixture) { f.m.SelectSite(site.ID) }, "Its saved password is removed from the keychain too",
			func(f *smFixture) bool { _, ok := f.store.Site(site.ID); return !ok }},
		{"folder with a site", func(f *smFixture) { f.m.SelectFolder(folder.ID) }, "with the 1 site and 0 folders in it",
			func(f *smFixture) bool { _, ok := f.store.Folder(folder.ID); return !ok && len(f.store.Sites()) == 1 }},
	}
	for _, tt := range tests {
		for _, answer := range []string{"Keep", "Delete"} {
			t.Run(tt.name+"/"+answer, func(t *testing.T) {
				f := newSMFixture(t, newSMKeychain(), seed)
				tt.choose(f)
				test.Tap(f.m.Delete)
				d, ok := f.m.Asking.(*dialog.ConfirmDialog)
				if !ok {
					t.Fatalf("Delete did not ask: %T", f.m.Asking)
				}
				if tt.gone(f) {
					t.Fatalf("deleted before the answer")
				}
				if text := smTexts(f.w.Canvas().Overlays().Top()); !strings.Contains(text, tt.question) {
					t.Errorf("the question does not say %q:\n%s", tt.question, text)
				}
				if answer == "Keep" {
					d.Dismiss()
				} else {
					d.Confirm()
				}
				if tt.gone(f) != (answer == "Delete") {
					t.Errorf("after %s: deleted = %v", answer, tt.gone(f))
				}
				_, hasPW := f.keys.Secret(site.ID)
				if tt.name == "site" && hasPW != (answer == "Keep") {
					t.Errorf("after %s: the keychain entry is there: %v", answer, hasPW)
				}
			})
		}
	}
}

// Whatever keeps the keychain from taking a password (no bus, locked,
// no answer), the editor says so, and saving keeps the site without its
// password, says so in words without the site's ID, and offers "Ask for
// password", which then changes that same site.
func TestSiteManagerNoKeychainOffersAsk(t *testing.T) {
	tests := []struct{ name, reason string }{
		{"no bus", "this desktop has no D-Bus session"},
		{"locked", "the keychain is locked, and it was not unlocked"},
		{"no answer", "the keychain did not answer within 30s"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			keys := newSMKeychain()
			keys.Break(&sites.NoKeychainError{Reason: tt.reason})
			f := newSMFixture(t, keys, nil)
			test.Tap(f.m.NewSite)
			e := f.m.Editor
			f.loop.until(t, "the keychain check", e.KeychainNote.Visible) // it runs in the background
			if !strings.Contains(e.KeychainNote.Text, "No keychain") {
				t.Errorf("the editor does not say there is no keychain: %q", e.KeychainNote.Text)
			}
			test.Type(e.Host, "ftp.example.com")
			test.Type(e.User, "ann")
			test.Type(e.Password, "pw")
			test.Tap(f.m.Save)
			saved, ok := f.site("New site")
			if !ok || saved.Logon != sites.Normal || len(f.store.Sites()) != 1 {
				t.Fatalf("the site was not saved without its password: %+v (%v), %d sites", saved, ok, len(f.store.Sites()))
			}
			d, ok := f.m.Asking.(*dialog.ConfirmDialog)
			if !ok {
				t.Fatalf("no offer: %T; status %q", f.m.Asking, f.m.Status.Text)
			}
			text := smTexts(f.w.Canvas().Overlays().Top())
			for _, want := range []string{"Password not saved", "is saved, but not its password", tt.reason,
				"never in a file", "Ask for the password each time"} {
				if !strings.Contains(text, want) {
					t.Errorf("the offer does not say %q:\n%s", want, text)
				}
			}
			if strings.Contains(text, saved.ID) {
				t.Errorf("the offer shows the site's ID %s:\n%s", saved.ID, text)
			}
			d.Confirm()
			got, ok := f.site("New site")
			if !ok || got.Logon != sites.AskPassword || got.ID != saved.ID || len(f.store.Sites()) != 1 {
				t.Fatalf("after accepting: %+v (%v), %d sites; status %q", got, ok, len(f.store.Sites()), f.m.Status.Text)
			}
			if e.KeychainNote.Visible() {
				t.Errorf("the no-keychain note still shows for Ask for password")
			}
		})
	}
}

// Connect hands the site and its password to the main window, from the
// keychain or from the user, marks the site recent and closes.
func TestSiteManagerConnect(t *testing.T) {
	tests := []struct {
		name     string
		logon    sites.Logon
		saved    *string // the keychain's password; nil: none
		typed    string  // typed into the prompt; "" when none is expected
		password string
	}{
		{name: "anonymous", logon: sites.Anonymous},
		{name: "normal", logon: sites.Normal, saved: ptr("from-keychain"), password: "from-keychain"},
		{name: "normal, nothing saved", logon: sites.Normal, typed: "typed-1", password: "typed-1"},
		{name: "ask for password", logon: sites.AskPassword, typed: "typed-2", password: "typed-2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			keys := newSMKeychain()
			var site sites.Site
			f := newSMFixture(t, keys, func(s *sites.Store) {
				in := smSite("Work", "ftp.example.com")
				in.Logon = tt.logon
				site = smSave(t, s, in, "")
			})
			if tt.saved != nil {
				keys.Set(site.ID, *tt.saved)
			} else {
				keys.Delete(site.ID)
			}
			f.m.SelectSite(site.ID)
			test.Tap(f.m.Connect)
			if tt.typed != "" {
				d, ok := f.m.Asking.(*dialog.FormDialog)
				if !ok || f.m.PromptEntry == nil {
					t.Fatalf("no password prompt: %T", f.m.Asking)
				}
				if len(f.connected) != 0 {
					t.Fatalf("connected before the password was given")
				}
				test.Type(f.m.PromptEntry, tt.typed)
				d.Submit()
			}
			if len(f.connected) != 1 {
				t.Fatalf("OnConnect called %d times; status %q", len(f.connected), f.m.Status.Text)
			}
			c := f.connected[0]
			if c.site.ID != site.ID || c.password != tt.password {
				t.Errorf("OnConnect(%s, %q), want (%s, %q)", c.site.Name, c.password, site.Name, tt.password)
			}
			if r := f.store.Recent(); len(r) != 1 || r[0].ID != site.ID {
				t.Errorf("Recent = %v", r)
			}
			if f.closed != 1 {
				t.Errorf("the manager did not close")
			}
			if _, kept := keys.Secret(site.ID); tt.saved == nil && kept {
				t.Errorf("a typed password was written to the keychain")
			}
		})
	}
}

// What auto mode found and the trusted certificate show in the editor,
// and each can be forgotten there.
func TestSiteManagerProbeAndCertificate(t *testing.T) {
	var site sites.Site
	fp := strings.TrimSuffix(strings.Repeat("AB:CD:", 16), ":") // 32 bytes, as SHA-256 has
	pin := sites.CertInfo{Fingerprint: fp, Subject: "CN=ftp.example.com", Issuer: "CN=ftp.example.com",
		NotBefore: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), NotAfter: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC),
		FirstSeen: time.Date(2026, 11, 20, 9, 30, 0, 0, time.UTC)}
	f := newSMFixture(t, newSMKeychain(), func(s *sites.Store) {
		site = smSave(t, s, smSite("Work", "ftp.example.com"), "pw")
		s.SetProbe(site.ID, sites.Probe{Method: transport.EPRT, When: pin.FirstSeen, Reason: "EPRT carried a listing; EPSV failed: timeout"})
		s.Pins.Pin(site.ID, pin)
	})
	f.m.SelectSite(site.ID)
	e := f.m.Editor
	for _, want := range []string{"EPRT", "2026-11-20", "EPSV failed: timeout"} {
		if !strings.Contains(e.ProbeText.Text, want) {
			t.Errorf("probe text %q lacks %q", e.ProbeText.Text, want)
		}
	}
	for _, want := range []string{fp[:47], fp[48:], "CN=ftp.example.com", "2027-01-01"} {
		if !strings.Contains(e.CertText.Text, want) {
			t.Errorf("certificate text %q lacks %q", e.CertText.Text, want)
		}
	}
	test.Tap(e.ResetProbe)
	test.Tap(e.ForgetCert)
	if got := f.mustSite("Work"); got.Probe != nil {
		t.Errorf("probe still stored: %+v", got.Probe)
	}
	if _, ok := f.store.Pins.Pinned(site.ID); ok {
		t.Errorf("pin still stored")
	}
	// A save after the reset must not bring the old probe back.
	e.Host.SetText("ftp2.example.com")
	test.Tap(f.m.Save)
	if got := f.mustSite("Work"); got.Probe != nil || got.Host != "ftp2.example.com" {
		t.Errorf("after saving: %+v", got)
	}
}

// Folders are made with a name prompt; new sites go into the folder
// chosen; Duplicate copies the password.
func TestSiteManagerFoldersAndDuplicate(t *testing.T) {
	f := newSMFixture(t, newSMKeychain(), nil)
	test.Tap(f.m.NewFolder)
	d, ok := f.m.Asking.(*dialog.FormDialog)
	if !ok {
		t.Fatalf("New folder did not ask for a name: %T", f.m.Asking)
	}
	f.m.PromptEntry.SetText("Kunden")
	d.Submit()
	folders := f.store.Folders()
	if len(folders) != 1 || folders[0].Name != "Kunden" {
		t.Fatalf("folders: %+v", folders)
	}
	test.Tap(f.m.NewSite) // the new folder is chosen: the site goes in it
	test.Type(f.m.Editor.Host, "ftp.example.com")
	test.Type(f.m.Editor.User, "ann")
	test.Type(f.m.Editor.Password, "pw-1")
	test.Tap(f.m.Save)
	site := f.mustSite("New site")
	if site.Folder != folders[0].ID {
		t.Errorf("the site went into folder %q, want Kunden", site.Folder)
	}
	test.Tap(f.m.Duplicate)
	cp := f.mustSite("Copy of New site")
	if pw, _ := f.keys.Secret(cp.ID); pw != "pw-1" || cp.Folder != site.Folder {
		t.Errorf("the copy: password %q, folder %q", pw, cp.Folder)
	}
	if f.m.Editor.Name.Text != "Copy of New site" {
		t.Errorf("the copy is not chosen: the editor shows %q", f.m.Editor.Name.Text)
	}
}

// The FileZilla import reports what came over, what did not and why, and
// that FileZilla's file still holds the passwords.
func TestSiteManagerImport(t *testing.T) {
	keys := newSMKeychain()
	f := newSMFixture(t, keys, nil)
	res, err := f.m.ImportFileZilla(strings.NewReader(smFileZillaXML))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Imported) != 3 || len(res.Skipped) != 1 {
		t.Fatalf("imported %d, skipped %d", len(res.Imported), len(res.Skipped))
	}
	text := smTexts(f.w.Canvas().Overlays().Top())
	for _, want := range []string{"Imported 3 sites.", "Not imported:", "Büro / Cloud: it uses FileZilla protocol 7", "readable form"} {
		if !strings.Contains(text, want) {
			t.Errorf("the report lacks %q:\n%s", want, text)
		}
	}
	site := f.mustSite("Wärme GmbH")
	if pw, _ := keys.Secret(site.ID); pw != "fz-pass" {
		t.Errorf("the keychain holds %q for the imported site", pw)
	}
	if s := f.mustSite("SSH"); s.Protocol != sites.SFTP {
		t.Errorf("the SFTP site came in as %v", s.Protocol)
	}
	if !strings.Contains(f.m.Status.Text, "Imported 3 sites") {
		t.Errorf("status %q", f.m.Status.Text)
	}
}

const smFileZillaXML = `<?xml version="1.0" encoding="UTF-8"?>
<FileZilla3 version="3.66.4" platform="*nix">
  <Servers>
    <Folder expanded="1">Büro
      <Server><Host>ftp.waerme.example</Host><Port>21</Port><Protocol>4</Protocol><User>w</User>
        <Pass encoding="base64">ZnotcGFzcw==</Pass><Logontype>1</Logontype><PasvMode>MODE_PASSIVE</PasvMode><Name>Wärme GmbH</Name></Server>
      <Server><Host>ssh.example</Host><Protocol>1</Protocol><User>w</User><Logontype>1</Logontype><Name>SSH</Name></Server>
      <Server><Host>s3.example</Host><Protocol>7</Protocol><User>w</User><Logontype>1</Logontype><Name>Cloud</Name></Server>
    </Folder>
    <Server><Host>mirror.example</Host><Protocol>6</Protocol><Logontype>0</Logontype><PasvMode>MODE_ACTIVE</PasvMode><Name>Mirror</Name></Server>
  </Servers>
</FileZilla3>
`

func ptr[T any](v T) *T { return &v }

// A new site shows in the tree at once, named as it is typed; left as it
// came, it is dropped when another entry is chosen.
func TestSiteManagerNewSiteDraft(t *testing.T) {
	var folder sites.Folder
	var site sites.Site
	f := newSMFixture(t, newSMKeychain(), func(s *sites.Store) {
		folder, _ = s.AddFolder("", "Clients")
		site = smSave(t, s, smSite("Alpha", "a.example.com"), "pw")
	})
	f.m.SelectFolder(folder.ID)
	test.Tap(f.m.NewSite)
	inFolder := func() []string { return f.m.Tree.ChildUIDs("f:" + folder.ID) }
	if n := len(inFolder()); n != 1 {
		t.Fatalf("the new site is not in its folder in the tree: %v", inFolder())
	}
	if f.w.Canvas().Focused() != f.m.Editor.Host {
		t.Errorf("the host field does not have the focus")
	}
	f.m.SelectFolder(folder.ID)
	if n := len(inFolder()); n != 0 || len(f.store.Sites()) != 1 {
		t.Errorf("the untouched new site stayed: tree %v, store %d", inFolder(), len(f.store.Sites()))
	}

	// Rename: a folder by a prompt, a site in the editor's Name field.
	test.Tap(f.m.Rename)
	f.m.PromptEntry.SetText("Kunden")
	f.m.Asking.(*dialog.FormDialog).Submit()
	if got, _ := f.store.Folder(folder.ID); got.Name != "Kunden" {
		t.Errorf("folder renamed to %q", got.Name)
	}
	f.m.SelectSite(site.ID)
	test.Tap(f.m.Rename)
	if f.w.Canvas().Focused() != f.m.Editor.Name {
		t.Errorf("Rename of a site does not go to its name")
	}
}

// The recent sites menu connects without the manager on screen; a site
// that asks for its password asks over the window.
func TestConnectSaved(t *testing.T) {
	test.NewTempApp(t)
	w := test.NewTempWindow(t, nil)
	store, err := sites.Open(t.TempDir(), newSMKeychain())
	if err != nil {
		t.Fatal(err)
	}
	in := smSite("Work", "ftp.example.com")
	in.Logon = sites.AskPassword
	site := smSave(t, store, in, "")
	var got []smConnect
	m := ui.ConnectSaved(store, w, site.ID, func(s sites.Site, pw string) { got = append(got, smConnect{s, pw}) })
	d, ok := m.Asking.(*dialog.FormDialog)
	if !ok || w.Canvas().Overlays().Top() == nil {
		t.Fatalf("no password question on the window: %T", m.Asking)
	}
	test.Type(m.PromptEntry, "typed")
	d.Submit()
	if len(got) != 1 || got[0].site.ID != site.ID || got[0].password != "typed" {
		t.Errorf("connected with %+v", got)
	}
	if r := store.Recent(); len(r) != 1 {
		t.Errorf("Recent = %v", r)
	}
}
