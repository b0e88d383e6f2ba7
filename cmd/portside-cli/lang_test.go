package main

import (
	"strings"
	"testing"
)

// With a Chinese locale (LANG, as the window reads it) the plan and the
// summary a person reads are worded by the catalogue "cli" in Chinese;
// --json keeps its English keys.
func TestSyncCLIChinese(t *testing.T) {
	s := newSyncSite(t)
	put(t, s.local, map[string]string{"index.html": "<h1>hi</h1>", "css/a.css": "a{}"})
	s.env["LANG"] = "zh_CN.UTF-8"
	cases := []struct {
		name      string
		args      []string
		want, not []string
	}{
		{"dry run", []string{s.url, s.local, "--dry-run"},
			[]string{"（试运行：不做任何更改）", "计划：新建 1 个文件夹，2 个上传（14 B），0 个删除，跳过 0 项", "服务器上没有此文件夹"},
			[]string{"plan:", "dry run", "not on server"}},
		{"json", []string{s.url, s.local, "--dry-run", "--json"},
			[]string{`"event":"plan-summary"`}, []string{"计划"}},
		{"run", []string{s.url, s.local},
			[]string{"同步：新建 1 个文件夹，复制 2 个文件（14 B），删除 0 项，0 个问题"}, []string{"sync:"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, out, errs := s.sync(t, c.args...)
			if code != exitOK {
				t.Fatalf("exit %d: %s", code, errs)
			}
			for _, w := range c.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
			for _, n := range c.not {
				if strings.Contains(out, n) {
					t.Errorf("output has %q:\n%s", n, out)
				}
			}
		})
	}
}
