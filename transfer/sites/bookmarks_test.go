package sites_test

import (
	"reflect"
	"strings"
	"testing"

	"portside/transfer/sites"
)

func TestSiteBookmarks(t *testing.T) {
	good := sites.Bookmark{Name: "www", LocalDir: "/home/ann/www", RemoteDir: "/htdocs", SyncBrowsing: true}
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
