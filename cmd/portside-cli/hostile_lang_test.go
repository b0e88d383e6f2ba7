package main

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"portside/internal/hostile"
)

// Names left out because they cannot be copied are named in the failed
// list with the rule they break, in Chinese under a Chinese locale.
func TestRefusedNamesChinese(t *testing.T) {
	zh := map[string]string{"LANG": "zh_CN.UTF-8", "PORTSIDE_PASSWORD": "x"}
	cases := []struct {
		name      string
		skip      bool
		run       func(t *testing.T) (int, string)
		want, not []string
	}{
		{"download of names that are not plain", false, func(t *testing.T) (int, string) {
			srv := hostile.Start(t, hostile.Script{Files: map[string]string{"/pub/ok": "x", `/pub/x\y`: "x", "/pub/c\x01": "x"}})
			code, _, errs := runCLI(t, zh, "", "get", "--journal", filepath.Join(t.TempDir(), "j.db"), srv.URL("/pub"), t.TempDir())
			return code, errs
		}, []string{`"x\\y"：不是普通的文件名`, `"c\\x01"：不是普通的文件名`}, []string{"unsafe file name"}},
		{"upload of a name FTP cannot carry", runtime.GOOS == "windows", func(t *testing.T) (int, string) {
			srv := hostile.Start(t, hostile.Script{Dirs: []string{"/up"}})
			src := filepath.Join(t.TempDir(), "dir")
			os.Mkdir(src, 0o755)
			for _, n := range []string{"ok", "n\nl"} {
				os.WriteFile(filepath.Join(src, n), []byte("data"), 0o644)
			}
			code, _, errs := runCLI(t, zh, "", "put", "--journal", filepath.Join(t.TempDir(), "j.db"), src, srv.URL("/up"))
			return code, errs
		}, []string{`"n\\nl"：FTP 的文件名中不能有斜杠、CR、LF 或 NUL`}, []string{"FTP cannot carry"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.skip {
				t.Skip("the local names this case uploads cannot exist on Windows")
			}
			code, errs := c.run(t)
			if code != exitFail {
				t.Fatalf("exit %d, want %d:\n%s", code, exitFail, errs)
			}
			for _, w := range c.want {
				if !strings.Contains(errs, w) {
					t.Errorf("stderr lacks %q:\n%s", w, errs)
				}
			}
			for _, n := range c.not {
				if strings.Contains(errs, n) {
					t.Errorf("stderr has %q:\n%s", n, errs)
				}
			}
		})
	}
}
