package main

import (
	"net"
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

// A failed step is worded in Chinese too: which step, against which
// address, what the network answered.
func TestCLIErrorChinese(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now: the connect is refused
	code, _, errs := runCLI(t, map[string]string{"LANG": "zh_CN.UTF-8", "PORTSIDE_PASSWORD": "x"}, "", "ls", "ftp://demo@"+addr+"/")
	if code == exitOK {
		t.Fatal("listed a server that is not there")
	}
	if want := "portside-cli: 无法连接到 " + addr + "：被拒绝（连接被重置）"; !strings.Contains(errs, want) {
		t.Errorf("stderr lacks %q:\n%s", want, errs)
	}
}
