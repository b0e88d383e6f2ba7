package namefilter

import (
	"slices"
	"testing"
)

func TestMatch(t *testing.T) {
	set := Parse(Default)
	cases := []struct {
		name string
		rule string // "" : kept
	}{
		{"a.BAK", "*.bak"},
		{".DS_Store", ".DS_Store"},
		{"thumbs.db", "Thumbs.db"},
		{"notes~", "*~"},
		{"backup.tar", ""},
		{"bak", ""},
		{"Desktop.INI", "desktop.ini"},
	}
	for _, c := range cases {
		rule, ok := set.Match(c.name)
		if rule != c.rule || ok != (c.rule != "") {
			t.Errorf("%q: matched by %q (%v), want %q", c.name, rule, ok, c.rule)
		}
	}
}

func TestParseAndCheck(t *testing.T) {
	parsed := []struct {
		in   string
		want Set
	}{
		{"*.bak, *~ ;Thumbs.db\n\n desktop.ini ", Set{"*.bak", "*~", "Thumbs.db", "desktop.ini"}},
		{" , ;", nil},
		{"", nil},
	}
	for _, c := range parsed {
		if got := Parse(c.in); !slices.Equal(got, c.want) {
			t.Errorf("Parse(%q) = %q, want %q", c.in, got, c.want)
		}
		if got := Parse(Parse(c.in).String()); !slices.Equal(got, c.want) {
			t.Errorf("String of %q does not parse back: %q", c.in, got)
		}
	}
	checked := []struct {
		rule string
		ok   bool
	}{
		{"*.tmp", true},
		{"  cache  ", true},
		{"", false},
		{"   ", false},
		{"a,b", false},
		{"a;b", false},
		{"[a-", false},
	}
	for _, c := range checked {
		if err := Check(c.rule); (err == nil) != c.ok {
			t.Errorf("Check(%q) = %v, want ok %v", c.rule, err, c.ok)
		}
	}
	if _, ok := (Set{"[a-"}).Match("a"); ok {
		t.Error("a broken glob matched")
	}
}
