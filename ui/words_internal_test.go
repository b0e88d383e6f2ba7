package ui

import (
	"strings"
	"testing"
	"time"
	"unicode"

	"portside/i18n"
	syncplan "portside/transfer/sync"
)

// Every reason a sync plan can give is worded by the catalogue: in
// Chinese it is Chinese (not the plan's English text), with its facts.
func TestPlanReasonsWorded(t *testing.T) {
	t.Setenv("LANGUAGE", "zh_CN")
	if err := UseLanguage(i18n.Chinese); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = UseLanguage(i18n.English) })
	for _, code := range syncplan.WhyCodes {
		w := syncplan.Why{Code: code, Detail: "*.tmp", Age: 2 * time.Hour, Here: 10, There: 12, Text: "english " + code}
		got := planReason(w)
		han := strings.IndexFunc(got, func(r rune) bool { return unicode.Is(unicode.Han, r) }) >= 0
		if !han || strings.Contains(got, "english") {
			t.Errorf("%s: %q is not worded in Chinese", code, got)
		}
		if strings.Contains(got, "{{") {
			t.Errorf("%s: %q has a template left", code, got)
		}
	}
	if got := planReason(syncplan.Why{Code: "newer_here", Age: 2 * time.Hour}); got != "本地较新，相差 2 小时" {
		t.Errorf("newer_here = %q", got)
	}
}
