package sites

import (
	"path/filepath"
	"strconv"
	"strings"
)

// Bookmark is a site bookmark, as FileZilla keeps them in its Site
// Manager: a local and a remote folder opened together while connected to
// the site, optionally with synchronized browsing turned on. Either
// folder may be empty (that pane stays where it is), not both.
type Bookmark struct {
	Name      string `json:"name"`
	LocalDir  string `json:"local_dir,omitempty"`
	RemoteDir string `json:"remote_dir,omitempty"`
	// SyncBrowsing turns synchronized browsing on when the bookmark is
	// opened (both folders given).
	SyncBrowsing bool `json:"sync_browsing,omitempty"`
}

// MaxBookmarks bounds a site's bookmarks: they become menu lines, and a
// damaged or hand-edited sites.json must not make a menu of a million.
const MaxBookmarks = 200

// bookmarksProblem is what Validate says about a site's bookmarks: each
// sentence names the bookmark it is about.
func bookmarksProblem(bs []Bookmark) []*Problem {
	var out []*Problem
	if len(bs) > MaxBookmarks {
		out = append(out, problem("bookmarks_many", map[string]string{"Max": strconv.Itoa(MaxBookmarks), "Count": strconv.Itoa(len(bs))},
			"A site keeps at most %d bookmarks; this one has %d.", MaxBookmarks, len(bs)))
	}
	seen := map[string]bool{}
	for i, b := range bs {
		name := strings.TrimSpace(b.Name)
		switch {
		case name == "":
			out = append(out, problem("bookmark_name", map[string]string{"Number": strconv.Itoa(i + 1)}, "Give bookmark %d a name.", i+1))
		case strings.ContainsAny(b.Name, "\r\n\t"):
			out = append(out, problem("bookmark_lines", map[string]string{"Number": strconv.Itoa(i + 1)}, "Write the name of bookmark %d on one line.", i+1))
		case seen[strings.ToLower(name)]:
			out = append(out, problem("bookmark_twice", map[string]string{"Name": strconv.Quote(name)}, "Two bookmarks are named %q: rename one.", name))
		}
		seen[strings.ToLower(name)] = true
		if strings.TrimSpace(b.LocalDir) == "" && strings.TrimSpace(b.RemoteDir) == "" {
			out = append(out, problem("bookmark_empty", map[string]string{"Name": strconv.Quote(name)}, "The bookmark %q opens no folder: enter a local folder, a remote one or both.", name))
		}
		if b.LocalDir != "" && !filepath.IsAbs(b.LocalDir) {
			out = append(out, problem("bookmark_local", map[string]string{"Name": strconv.Quote(name)}, "The bookmark %q: the local folder must be a full path.", name))
		}
		if b.RemoteDir != "" && !strings.HasPrefix(b.RemoteDir, "/") {
			out = append(out, problem("bookmark_remote", map[string]string{"Name": strconv.Quote(name)}, "The bookmark %q: the remote folder must start with /.", name))
		}
		if b.SyncBrowsing && (b.LocalDir == "" || b.RemoteDir == "") {
			out = append(out, problem("bookmark_sync", map[string]string{"Name": strconv.Quote(name)}, "The bookmark %q: synchronized browsing needs both folders.", name))
		}
	}
	return out
}

// fzBookmarks reads a FileZilla site's <Bookmark> elements: Name,
// LocalDir, RemoteDir (in FileZilla's server path form) and SyncBrowsing.
// One that cannot be a bookmark here is left out with a note, so that it
// does not keep the whole site from being imported.
func fzBookmarks(n *fzNode, note func(code, value, format string, args ...any)) []Bookmark {
	var out []Bookmark
	seen := map[string]bool{}
	for i := range n.Nodes {
		x := &n.Nodes[i]
		if x.XMLName.Local != "Bookmark" {
			continue
		}
		b := Bookmark{Name: x.text("Name"), LocalDir: x.text("LocalDir"), SyncBrowsing: x.text("SyncBrowsing") == "1"}
		if remote := x.text("RemoteDir"); remote != "" {
			p, ok := fzServerPath(remote)
			if !ok {
				note("import_bookmark_remote", strconv.Quote(b.Name), "the bookmark %q has a remote folder Portside cannot read, so it was left out", b.Name)
				continue
			}
			b.RemoteDir = p
		}
		if len(out) == MaxBookmarks {
			note("import_bookmarks_many", strconv.Itoa(MaxBookmarks), "only the first %d bookmarks were imported", MaxBookmarks)
			break
		}
		if msgs := bookmarksProblem([]Bookmark{b}); len(msgs) > 0 || seen[strings.ToLower(b.Name)] {
			why := "its name is taken"
			if len(msgs) > 0 {
				why = msgs[0].Text
			}
			note("import_bookmark_left_out", strconv.Quote(b.Name), "the bookmark %q was left out: %s", b.Name, why)
			continue
		}
		seen[strings.ToLower(b.Name)] = true
		out = append(out, b)
	}
	return out
}
