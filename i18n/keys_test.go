package i18n_test

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"portside/i18n"
)

// The calls that take a catalogue key as their first argument: Fyne's
// lang.X/L/XN/LocalizeKey (the window) and the i18n localiser's T (the
// command line, the connection check's report).
var keyCall = regexp.MustCompile(`(?:lang\.(?:X|L|XN|LN|LocalizeKey|LocalizePluralKey)|\.TN?)\(\s*"([^"]+)"`)

// A key built at run time from a literal prefix: T("step."+name).
var keyPrefix = regexp.MustCompile(`"([a-z_]+(?:\.[a-z_]+)*\.)"\s*\+`)

// Any string literal, for keys held in tables and passed on later.
var literal = regexp.MustCompile(`"([a-z_]+(?:\.[a-z_0-9]+)+)"`)

// sources reads the module's Go files other than tests, by path.
func sources(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) && p != root {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		out[filepath.ToSlash(rel)] = string(b)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// catalogues reads every catalogue file: by its name without the
// language (check, ui, cli), by language, its keys. A plural message is a
// JSON object of forms.
func catalogues(t *testing.T) map[string]map[string]map[string]any {
	t.Helper()
	files, err := i18n.FS.ReadDir(i18n.Dir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]map[string]map[string]any{}
	for _, f := range files {
		name := strings.TrimSuffix(f.Name(), ".json")
		i := strings.LastIndex(name, ".")
		if i < 0 {
			t.Fatalf("%s: not NAME.LANG.json", f.Name())
		}
		base, lang := name[:i], name[i+1:]
		b, err := i18n.FS.ReadFile(i18n.Dir + "/" + f.Name())
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatalf("%s: %v", f.Name(), err)
		}
		if out[base] == nil {
			out[base] = map[string]map[string]any{}
		}
		out[base][lang] = m
	}
	return out
}

// TestCatalogueKeys reads the Go sources: every key the code asks for is
// in both the English and the Chinese catalogue, every catalogue has both
// languages with the same keys, and no key of the window's and the
// command line's catalogues (ui, cli) is left unused. The connection
// check's catalogue builds keys at run time ("step."+name), so a key of
// it counts as used when a source names it or its prefix.
func TestCatalogueKeys(t *testing.T) {
	cats := catalogues(t)
	all := map[string]map[string]bool{} // language → keys
	for base, byLang := range cats {
		for _, l := range i18n.Languages {
			if byLang[l] == nil {
				t.Errorf("%s: no %s catalogue", base, l)
			}
		}
		for l, keys := range byLang {
			if all[l] == nil {
				all[l] = map[string]bool{}
			}
			for k := range keys {
				if all[l][k] {
					t.Errorf("%s: %s is in two %s catalogues", base, k, l)
				}
				all[l][k] = true
				for _, other := range i18n.Languages {
					if _, ok := byLang[other][k]; !ok {
						t.Errorf("%s.%s.json: %s has no %s", base, l, k, other)
					}
				}
			}
		}
	}

	used, named, prefixes := map[string][]string{}, map[string]bool{}, []string{}
	for path, src := range sources(t) {
		for _, m := range keyCall.FindAllStringSubmatch(src, -1) {
			if !strings.HasSuffix(m[1], ".") { // a prefix, found below
				used[m[1]] = append(used[m[1]], path)
			}
		}
		for _, m := range literal.FindAllStringSubmatch(src, -1) {
			named[m[1]] = true
		}
		for _, m := range keyPrefix.FindAllStringSubmatch(src, -1) {
			prefixes = append(prefixes, m[1])
		}
	}
	if len(used) == 0 {
		t.Fatal("found no key in the sources: the pattern is wrong")
	}
	var missing []string
	for k, paths := range used {
		for _, l := range i18n.Languages {
			if !all[l][k] {
				missing = append(missing, l+": "+k+" ("+paths[0]+")")
			}
		}
	}
	sort.Strings(missing)
	for _, m := range missing {
		t.Errorf("used but not in the catalogue: %s", m)
	}
	for _, base := range []string{"ui", "cli"} {
		var unused []string
		for k := range cats[base][i18n.English] {
			if len(used[k]) == 0 {
				unused = append(unused, k)
			}
		}
		sort.Strings(unused)
		for _, k := range unused {
			t.Errorf("%s catalogue: %s is not used by any lang.X/L/XN or T call", base, k)
		}
	}
	for k := range cats["check"][i18n.English] {
		if len(used[k]) > 0 || named[k] || hasPrefix(k, prefixes) {
			continue
		}
		t.Errorf("check catalogue: %s is not used", k)
	}
}

func hasPrefix(k string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(k, p) {
			return true
		}
	}
	return false
}
