package checktext_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"portside/i18n"
	"portside/i18n/checktext"
	"portside/transfer/check"
	"portside/transfer/transport"
)

// TestEveryCodeHasWords reads the finding and fix codes out of the
// engine's diagnosis (diagnose*.go) and checks that each has its messages in both
// languages: a new code without words would show as a bare key.
func TestEveryCodeHasWords(t *testing.T) {
	files, _ := filepath.Glob("../../transfer/check/diagnose*.go")
	var src []byte
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		src = append(src, b...)
	}
	var keys []string
	for _, m := range regexp.MustCompile(`(?m)^\s+F\w+\s+= "(\w+)"`).FindAllStringSubmatch(string(src), -1) {
		keys = append(keys, "finding."+m[1]+".title", "finding."+m[1]+".cause")
	}
	for _, m := range regexp.MustCompile(`fix\((User|Admin), "(\w+)"`).FindAllStringSubmatch(string(src), -1) {
		if strings.HasSuffix(m[2], "_") { // "use_"+other: use_active, use_passive
			keys = append(keys, "fix.user.use_active", "fix.user.use_passive")
			continue
		}
		keys = append(keys, "fix."+strings.ToLower(m[1])+"."+m[2])
	}
	if len(keys) < 40 {
		t.Fatalf("found only %d codes in diagnose*.go: has their layout changed?", len(keys))
	}
	for _, lang := range i18n.Languages {
		l := i18n.For(lang)
		for _, k := range keys {
			if !l.Has(k) {
				t.Errorf("%s: no message %s", lang, k)
			}
		}
	}
}

// TestStepNames: every step and action has a name in both languages.
func TestStepNames(t *testing.T) {
	steps := []check.Step{{ID: check.StepDNS}, {ID: check.StepConnect}, {ID: check.StepGreeting}, {ID: check.StepTLS, Method: "explicit"},
		{ID: check.StepLogin}, {ID: check.StepFeat}, {ID: check.StepLimit}, {ID: check.StepClock}, {ID: check.StepUpload},
		{ID: check.StepReuse}, {ID: check.StepData, Method: "EPSV", Action: "list", Prot: "C"},
		{ID: check.StepData, Method: "EPRT", Action: "download", Control: "tls"}, {ID: check.StepData, Method: "PASV", Action: "ports"},
		{ID: check.StepSSHConnect}, {ID: check.StepBanner}, {ID: check.StepHostKey}, {ID: check.StepSubsystem},
		{ID: check.StepData, Method: "SFTP", Action: "list"}}
	for _, lang := range i18n.Languages {
		w := checktext.For(lang)
		for _, s := range steps {
			s.Status, s.Error = check.Failed, check.ErrTimeout
			line := w.StepLine(s, transport.TLSNone, true)
			if strings.Contains(line, "step.") || strings.Contains(line, "action.") || strings.Contains(line, "err.") || strings.Contains(line, "status.") {
				t.Errorf("%s: %q has a bare key", lang, line)
			}
		}
	}
}
