package sites_test

import (
	"reflect"
	"runtime"
	"strings"
	"testing"

	"portside/transfer/sites"
)

// annWWW is a full local path on this system: the XML a FileZilla of
// the same system writes holds one like it.
var annWWW = map[bool]string{false: "/home/ann/www", true: `C:\Users\ann\www`}[runtime.GOOS == "windows"]

func TestSiteBookmarks(t *testing.T) {
	good := sites.Bookmark{Name: "www", LocalDir: annWWW, RemoteDir: "/htdocs", SyncBrowsing: true}
	many := make([]sites.Bookmark, sites.MaxBookmarks+1)
	for i := range many {
		many[i] = sites.Bookmark{Name: strings.Repeat("x", i+1), RemoteDir: "/"}
	}
	tests := []struct {
		name string
		bs   []sites.Bookmark
		want string // a phrase of the sentence; "" for valid
	}{
		{"none", nil, ""},
		{"a pair", []sites.Bookmark{good}, ""},
		{"remote only", []sites.Bookmark{{Name: "logs", RemoteDir: "/var/log"}}, ""},
		{"no name", []sites.Bookmark{{Name: " ", RemoteDir: "/"}}, "Give bookmark 1 a name"},
		{"two lines", []sites.Bookmark{{Name: "a\nb", RemoteDir: "/"}}, "on one line"},
		{"same name twice", []sites.Bookmark{good, {Name: "WWW", RemoteDir: "/"}}, `Two bookmarks are named "WWW"`},
		{"no folder", []sites.Bookmark{{Name: "empty"}}, "opens no folder"},
		{"relative local", []sites.Bookmark{{Name: "r", LocalDir: "www"}}, "local folder must be a full path"},
		{"relative remote", []sites.Bookmark{{Name: "r", RemoteDir: "htdocs"}}, "remote folder must start with /"},
		{"sync with one side", []sites.Bookmark{{Name: "s", RemoteDir: "/", SyncBrowsing: true}}, "needs both folders"},
		{"too many", many, "at most 200 bookmarks"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := normalSite("Work")
			s.Bookmarks = tt.bs
			err := s.Validate()
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("Validate() = %v, want nil", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("Validate() = %v, want a sentence with %q", err, tt.want)
			}
		})
	}

	// They survive sites.json.
	dir := t.TempDir()
	store := openStore(t, dir, newMemKeychain())
	s := normalSite("Work")
	s.Bookmarks = []sites.Bookmark{good, {Name: "logs", RemoteDir: "/var/log"}}
	saved, err := store.Save(s, nil)
	if err != nil {
		t.Fatal(err)
	}
	back, ok := openStore(t, dir, newMemKeychain()).Site(saved.ID)
	if !ok || !reflect.DeepEqual(back.Bookmarks, s.Bookmarks) {
		t.Errorf("read back %+v, want %+v", back.Bookmarks, s.Bookmarks)
	}
}

// A FileZilla site's bookmarks come along: its server path form read,
// synchronized browsing kept; one that cannot be a bookmark is left out
// with a note, the site and the others imported.
func TestImportFileZillaBookmarks(t *testing.T) {
	xml := `<?xml version="1.0" encoding="UTF-8"?>
<FileZilla3><Servers><Server>
  <Host>ftp.example.com</Host><Port>21</Port><Protocol>0</Protocol><Type>0</Type><User>ann</User><Logontype>2</Logontype>
  <Name>Work</Name>
  <Bookmark><Name>www</Name><LocalDir>` + annWWW + `</LocalDir><RemoteDir>1 0 4 home 3 ann 3 www</RemoteDir><SyncBrowsing>1</SyncBrowsing></Bookmark>
  <Bookmark><Name>logs</Name><RemoteDir>1 0 3 var 3 log</RemoteDir></Bookmark>
  <Bookmark><Name>broken</Name><RemoteDir>9 x</RemoteDir></Bookmark>
  <Bookmark><Name>nothing</Name></Bookmark>
  <Bookmark><Name>WWW</Name><LocalDir>/tmp</LocalDir></Bookmark>
</Server></Servers></FileZilla3>`
	imp, err := sites.ParseFileZilla(strings.NewReader(xml))
	if err != nil {
		t.Fatal(err)
	}
	if len(imp.Sites) != 1 {
		t.Fatalf("imported %d sites, skipped %+v", len(imp.Sites), imp.Skipped)
	}
	want := []sites.Bookmark{
		{Name: "www", LocalDir: annWWW, RemoteDir: "/home/ann/www", SyncBrowsing: true},
		{Name: "logs", RemoteDir: "/var/log"},
	}
	if got := imp.Sites[0].Site.Bookmarks; !reflect.DeepEqual(got, want) {
		t.Errorf("bookmarks %+v, want %+v", got, want)
	}
	notes := strings.Join(imp.Notes, "\n")
	for _, name := range []string{`"broken"`, `"nothing"`, `"WWW"`} {
		if !strings.Contains(notes, name) {
			t.Errorf("no note about %s: %q", name, notes)
		}
	}
}
