package localpath_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// The code that moves files builds no local path of its own: a download's
// destination comes from localpath.Join. This scan finds every
// filepath.Join and every os call that makes a file or folder in those
// packages; each must be one of the known places, none of which joins a
// name from a server. A new one fails here, so its author decides: use
// localpath, or add it below with the reason it is safe.
var knownLocalPaths = map[string]string{
	"cmd/portside-cli/site.go:startDemo":             "a temporary folder for --demo",
	"cmd/portside-cli/transfer.go:journalFor":        "the journal, in the user cache folder",
	"cmd/portside-cli/transfer.go:readEarlier":       "moves the journal aside (journalFor's path) for a re-run's plan",
	"cmd/portside/main.go:run":                       "the window's journal, beside its settings",
	"cmd/portside/main.go:startDemo":                 "the demo server's folder",
	"ui/sitemanager_io.go:importDialog":              "where FileZilla keeps its sites",
	"ui/sitemanager_check.go:runSFTPCheck":           "Portside's known_hosts beside the site store, read by the check",
	"ui/tabs_restore.go:writeTabs":                   "tabs.json beside the site store (Config.TabsFile), written whole through a temporary file",
	"ui/sync_dialog.go:jobs":                         "sync jobs beside the site store",
	"ui/sync_dialog.go:manifests":                    "sync manifests beside the site store",
	"cmd/portside/main.go:demoSites":                 "the demo settings folder",
	"cmd/portside/pprof_unix.go:heapOnSignal":        "a heap profile in the temporary folder, named by this process",
	"ui/transfers.go:openTransfers":                  "the queue journal",
	"transfer/sync/execute.go:localPath":             "a sync's local source (uploads); downloads use localDst",
	"transfer/sync/job.go:DefaultJobStore":           "the jobs file in the config folder",
	"transfer/sync/job.go:save":                      "the jobs file's folder",
	"transfer/sync/manifest.go:DefaultManifestStore": "the manifests folder",
	"transfer/sync/manifest.go:Path":                 "one manifest file",
	"transfer/sync/manifest.go:Save":                 "the manifests folder",
	"transfer/sync/manifest.go:Load":                 "sets a damaged manifest aside",
	"transfer/sync/walk.go:child":                    "the real path of a local folder being walked (read only)",
	"cmd/portside-cli/sftp.go:cliHostKeys":           "Portside's known_hosts file in the config folder",
	"ui/sftp.go:newHostKeys":                         "Portside's known_hosts file beside the site store",
	"transfer/edit/edit.go:DefaultRoot":              "View/Edit's private folder in the user cache",
	"transfer/edit/edit.go:NewManager":               "makes that folder (0700); no server name in it",
	"transfer/edit/edit.go:Fetch":                    "a copy's own folder, from localpath.Join",
	"transfer/edit/edit.go:download":                 "the copy, at the path localpath.Join made in Fetch",
}

func TestNoOtherLocalPathBuilders(t *testing.T) {
	root := filepath.Join("..", "..")
	makers := map[string]bool{"Create": true, "OpenFile": true, "WriteFile": true, "Mkdir": true, "MkdirAll": true,
		"MkdirTemp": true, "CreateTemp": true, "Symlink": true, "Link": true, "Rename": true}
	var found []string
	seen := map[string]bool{}
	for _, dir := range []string{"cmd/portside-cli", "cmd/portside", "ui", "transfer/sync", "transfer/queue", "transfer/edit"} {
		files, _ := filepath.Glob(filepath.Join(root, dir, "*.go"))
		if len(files) == 0 {
			t.Fatalf("no Go files in %s", dir)
		}
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			fset := token.NewFileSet()
			af, err := parser.ParseFile(fset, f, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range af.Decls {
				fn, ok := d.(*ast.FuncDecl)
				if !ok || fn.Body == nil {
					continue
				}
				ast.Inspect(fn.Body, func(n ast.Node) bool {
					call, ok := n.(*ast.CallExpr)
					if !ok {
						return true
					}
					sel, ok := call.Fun.(*ast.SelectorExpr)
					if !ok {
						return true
					}
					pkg, ok := sel.X.(*ast.Ident)
					if !ok || !(pkg.Name == "filepath" && sel.Sel.Name == "Join" || pkg.Name == "os" && makers[sel.Sel.Name]) {
						return true
					}
					where := dir + "/" + filepath.Base(f) + ":" + fn.Name.Name
					seen[where] = true
					if _, ok := knownLocalPaths[where]; !ok {
						found = append(found, where+" calls "+pkg.Name+"."+sel.Sel.Name)
					}
					return true
				})
			}
		}
	}
	for where := range knownLocalPaths {
		if !seen[where] {
			found = append(found, where+" is listed but builds no path any more: take it off the list")
		}
	}
	sort.Strings(found)
	for _, f := range found {
		t.Errorf("%s: build a download's local path with localpath.Join, or list the place in knownLocalPaths with why it is safe", f)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatal("not at the module root:", err)
	}
}
