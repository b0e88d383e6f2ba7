package sites_test

import (
	"regexp"
	"runtime"
	"strings"
)

var annPath = regexp.MustCompile(`/home/ann(/[^<"\s]*)?`)

// local writes the test data's Linux paths under /home/ann as full paths
// of this system: C:\home\ann\… on Windows, where /home/ann/… is not a
// full path (a key file or local folder written so is rightly refused).
func local(s string) string {
	if runtime.GOOS != "windows" {
		return s
	}
	return annPath.ReplaceAllStringFunc(s, func(p string) string { return `C:` + strings.ReplaceAll(p, "/", `\`) })
}
