// Package namefilter is the saved filename filter set: names or globs
// (*.bak, .DS_Store, Thumbs.db) matched against an entry's name in any
// case, as FileZilla's filename filters. The window hides what it matches
// in listings; when the user applies it to transfers, a folder's upload,
// download or synchronization leaves out what it matches, and says so
// for each entry left out.
package namefilter

import (
	"fmt"
	"path"
	"strings"
)

// Set is the rules, in the order the user keeps them.
type Set []string

// Default is the set offered first.
const Default = "*.bak, *~, .DS_Store, Thumbs.db, desktop.ini"

// Parse reads a saved set: rules separated by commas, semicolons or new
// lines; blanks around a rule are dropped (a rule never starts or ends
// with a space, as in the filter bar).
func Parse(s string) Set {
	var out Set
	for _, g := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == '\n' }) {
		if g = strings.TrimSpace(g); g != "" {
			out = append(out, g)
		}
	}
	return out
}

// String is the set as Parse reads it.
func (s Set) String() string { return strings.Join(s, ", ") }

// Check says whether rule can be a rule: not empty, no separator (a rule
// with a comma would come back as two), a well-formed glob.
func Check(rule string) error {
	r := strings.TrimSpace(rule)
	switch {
	case r == "":
		return fmt.Errorf("a rule is a name or a pattern such as *.bak")
	case strings.ContainsAny(r, ",;\n"):
		return fmt.Errorf("a rule holds no comma or semicolon: %q", r)
	}
	if _, err := path.Match(strings.ToLower(r), ""); err != nil {
		return fmt.Errorf("rule %q: %w", r, err)
	}
	return nil
}

// Match reports the first rule that matches name, in any case. A rule
// that is not a well-formed glob matches nothing (Check keeps such rules
// out of a set the window saves).
func (s Set) Match(name string) (rule string, ok bool) {
	lower := strings.ToLower(name)
	for _, g := range s {
		if ok, _ := path.Match(strings.ToLower(g), lower); ok {
			return g, true
		}
	}
	return "", false
}
