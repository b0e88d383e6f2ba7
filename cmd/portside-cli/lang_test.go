package main

import (
	"fmt"
	"net"
	"strings"
	"testing"

	"portside/transfer/ftpd"
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

// ls, chmod, find and check word what they print for a person — usage
// errors, per-entry failures, summaries, check's usage — in Chinese under
// a Chinese locale, with no English sentence left.
func TestCommandsCLIChinese(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := ln.Addr().String()
	ln.Close()
	srv, err := ftpd.Start(ftpd.Config{TLS: ftpd.TLSOff, Root: t.TempDir(), User: "alice", Password: "s3cret"})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	url := fmt.Sprintf("ftp://alice@127.0.0.1:%d/", srv.Port())
	cases := []struct {
		name      string
		args      []string
		code      int
		want, not []string // in stderr (flag help included)
	}{
		{"ls without URL", []string{"ls"}, exitUsage,
			[]string{"用法错误：ls 只接受一个 URL（使用 --demo 时为一个路径）"}, []string{"usage:", "takes one URL"}},
		{"ls help", []string{"ls", "-h"}, exitOK,
			[]string{"每个条目输出一个 JSON 对象"}, []string{"one JSON object"}},
		{"chmod one argument", []string{"chmod", "644"}, exitUsage,
			[]string{"chmod 需要 MODE 和 URL 两个参数"}, []string{"takes MODE URL"}},
		{"chmod --only without -R", []string{"--demo", "chmod", "--only", "files", "644", "/README.txt"}, exitUsage,
			[]string{"--only 须与 -R 一起使用"}, []string{"needs -R"}},
		{"chmod bad --only", []string{"--demo", "chmod", "-R", "--only", "links", "644", "/public_html"}, exitUsage,
			[]string{"--only 只能是 files（仅文件）或 folders（仅文件夹）"}, []string{"takes files"}},
		{"chmod no path", []string{"chmod", "644", strings.TrimSuffix(url, "/")}, exitUsage,
			[]string{"请在 URL 中给出文件或文件夹的路径"}, []string{"give the path"}},
		{"chmod a missing file", []string{"chmod", "600", url + "missing.txt"}, exitFail,
			[]string{"1 个条目中有 1 个未能更改权限"}, []string{"entries not changed"}},
		{"chmod help", []string{"chmod", "-h"}, exitOK,
			[]string{"同时更改文件夹下的所有内容"}, []string{"also change"}},
		{"find one argument", []string{"--demo", "find", "/"}, exitUsage,
			[]string{"find 需要 URL 和 PATTERN 两个参数"}, []string{"takes URL PATTERN"}},
		{"find bad type", []string{"--demo", "find", "/", "x", "--type", "l"}, exitUsage,
			[]string{"--type 只能是 f（仅文件）或 d（仅文件夹）"}, []string{"takes f or d"}},
		{"find bad date", []string{"--demo", "find", "/", "x", "--newer", "last week"}, exitUsage,
			[]string{`--newer："last week" 不是日期`}, []string{"is not a date"}},
		{"find help", []string{"find", "-h"}, exitOK,
			[]string{"区分 PATTERN 的大小写"}, []string{"match the case"}},
		{"check help", []string{"check", "-h"}, exitOK,
			[]string{"用法：portside-cli [选项] check", "退出码 0：至少有一种方式能连上服务器", "以 JSON 格式输出报告"},
			[]string{"usage:", "Exit code", "print the report"}},
		{"check no URL", []string{"check"}, exitUsage,
			[]string{"check 只接受一个 URL（或 --site 名称）"}, []string{"takes one URL"}},
		{"check bad --lang", []string{"--demo", "check", "--lang", "fr"}, exitUsage,
			[]string{`--lang "fr"：应为 en 或 zh-Hans`}, []string{"want en"}},
		{"check nothing works", []string{"check", "ftp://bob@" + closed + "/"}, exitFail,
			[]string{"所有方式都无法连上服务器（详见报告）"}, []string{"no way to the server"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, out, errs := runCLI(t, map[string]string{"LANG": "zh_CN.UTF-8", "PORTSIDE_PASSWORD": "s3cret"}, "", c.args...)
			if code != c.code {
				t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, c.code, out, errs)
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

// The warnings and refusals every command shares — plain FTP, a password
// in the URL or none at all, bad transfer and sync arguments — are worded
// in Chinese under a Chinese locale too.
func TestSharedCLIChinese(t *testing.T) {
	srv, err := ftpd.Start(ftpd.Config{TLS: ftpd.TLSOff, Root: t.TempDir(), User: "alice", Password: "s3cret"})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	addr := fmt.Sprintf("127.0.0.1:%d", srv.Port())
	url := "ftp://alice@" + addr + "/"
	pw := map[string]string{"LANG": "zh_CN.UTF-8", "PORTSIDE_PASSWORD": "s3cret"}
	nopw := map[string]string{"LANG": "zh_CN.UTF-8"}
	cases := []struct {
		name      string
		env       map[string]string
		args      []string
		code      int
		want, not []string // in stderr
	}{
		{"plain FTP", pw, []string{"ls", url}, exitOK,
			[]string{"警告：正在以不加密的方式登录 " + addr + "：密码和文件在网络上以明文传输"}, []string{"warning:"}},
		{"password in an FTP URL", nopw, []string{"ls", "ftp://alice:s3cret@" + addr + "/"}, exitUsage,
			[]string{"用法错误：URL 中含有密码"}, []string{"holds a password", "s3cret"}},
		{"password in an SFTP URL", nopw, []string{"ls", "sftp://alice:s3cret@" + addr + "/"}, exitUsage,
			[]string{"用法错误：URL 中含有密码"}, []string{"holds a password", "s3cret"}},
		{"no password", nopw, []string{"ls", url}, exitFail,
			[]string{"没有密码：请设置环境变量 PORTSIDE_PASSWORD"}, []string{"no password"}},
		{"negative timeout", pw, []string{"--timeout", "-1s", "ls", "sftp://alice@" + addr + "/"}, exitUsage,
			[]string{"--timeout -1s：应为大于零的时长"}, []string{"want a duration"}},
		{"bad --exists", pw, []string{"get", "--exists", "maybe", url + "a", t.TempDir()}, exitUsage,
			[]string{`--exists "maybe"：应为 overwrite（覆盖）`}, []string{"want overwrite"}},
		{"bad --parallel", pw, []string{"get", "--parallel", "0", url + "a", t.TempDir()}, exitUsage,
			[]string{"--parallel 必须在 1 到 10 之间"}, []string{"must be"}},
		{"bad --segments", pw, []string{"get", "--segments", "11", url + "a", t.TempDir()}, exitUsage,
			[]string{"--segments 必须在 1 到 10 之间"}, []string{"must be"}},
		{"get one argument", pw, []string{"get", url + "a"}, exitUsage,
			[]string{"用法：get URL 本地路径 | put 本地路径... URL"}, []string{"usage:"}},
		{"sync no argument", pw, []string{"sync"}, exitUsage,
			[]string{"sync 需要 URL LOCAL [REMOTE]"}, []string{"sync takes"}},
		{"sync a URL alone", pw, []string{"sync", url}, exitUsage,
			[]string{"sync " + url + " 还需要本地文件夹"}, []string{"needs the local folder"}},
		{"sync --site one argument", pw, []string{"--site", "Work", "sync", "/www"}, exitUsage,
			[]string{"sync --site Work 需要 REMOTE LOCAL 两个参数"}, []string{"takes REMOTE LOCAL"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, out, errs := runCLI(t, c.env, "", c.args...)
			if code != c.code {
				t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, c.code, out, errs)
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
