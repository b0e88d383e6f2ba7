package i18n_test

import (
	"encoding/json"
	"regexp"
	"sort"
	"testing"

	"portside/i18n"
)

func keys(t *testing.T, name string) map[string]string {
	t.Helper()
	b, err := i18n.FS.ReadFile(i18n.Dir + "/" + name)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]string
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return m
}

var field = regexp.MustCompile(`\{\{[^}]*?\.([A-Za-z0-9_]+)`)

// TestCataloguesMatch: every message has both languages, and each
// translation uses the same template fields as the English one.
func TestCataloguesMatch(t *testing.T) {
	if err := i18n.LoadError(); err != nil {
		t.Fatal(err)
	}
	en, zh := keys(t, "check.en.json"), keys(t, "check.zh-Hans.json")
	for k, v := range en {
		z, ok := zh[k]
		if !ok {
			t.Errorf("%s: no Chinese", k)
			continue
		}
		if a, b := fields(v), fields(z); a != b {
			t.Errorf("%s: fields %s in English, %s in Chinese", k, a, b)
		}
		if got := i18n.For(i18n.Chinese).T(k, map[string]string{}); got == k {
			t.Errorf("%s: the Chinese localiser does not find it", k)
		}
	}
	for k := range zh {
		if _, ok := en[k]; !ok {
			t.Errorf("%s: Chinese only", k)
		}
	}
}

func fields(s string) string {
	set := map[string]bool{}
	for _, m := range field.FindAllStringSubmatch(s, -1) {
		set[m[1]] = true
	}
	var out []string
	for f := range set {
		out = append(out, f)
	}
	sort.Strings(out)
	b, _ := json.Marshal(out)
	return string(b)
}

func TestMatchAndSystem(t *testing.T) {
	cases := []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"LANG": "zh_CN.UTF-8"}, i18n.Chinese},
		{map[string]string{"LANGUAGE": "zh_TW:en", "LANG": "en_US.UTF-8"}, i18n.Chinese},
		{map[string]string{"LC_ALL": "en_GB.UTF-8", "LANG": "zh_CN.UTF-8"}, i18n.English},
		{map[string]string{"LANG": "de_DE.UTF-8"}, i18n.English},
		{map[string]string{"LC_MESSAGES": "zh", "LANG": "C"}, i18n.Chinese},
	}
	for _, c := range cases {
		if got := i18n.System(func(k string) string { return c.env[k] }); got != c.want {
			t.Errorf("%v: %s, want %s", c.env, got, c.want)
		}
	}
	if got := i18n.For("zh-Hans").T("mode.passive", nil); got != "被动模式" {
		t.Errorf("zh-Hans mode.passive = %q", got)
	}
	if got := i18n.For("fr").T("mode.passive", nil); got != "passive mode" {
		t.Errorf("fallback mode.passive = %q", got)
	}
}
