package transport

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// Every Info line of the message log carries a code (Conn.note), so the
// window and the command line can word it in the user's language
// (i18n.Localizer.Event, ui's eventText); a line logged with log(Info, …)
// would reach a Chinese user in English.
func TestInfoLinesHaveCodes(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	uncoded := regexp.MustCompile(`\blog\(Info,`)
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(b), "\n") {
			if uncoded.MatchString(line) {
				t.Errorf("%s:%d logs an Info line without a code (use note): %s", f, i+1, strings.TrimSpace(line))
			}
		}
	}
}
