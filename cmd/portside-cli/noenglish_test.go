package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"testing"
	"unicode"

	"portside/transfer/sftpd"
)

// names are the English words a Chinese user still reads from
// portside-cli, because they are typed or are names: the commands, the
// flags' values, protocol words and replies' commands, brands, the usage
// texts' argument names (URL LOCAL …) and the example site's name.
var names = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`
		portside-cli Portside ls get put sync check chmod find kill ssh-agent
		FTP FTPS SFTP SSH TLS URL JSON PASV EPSV EPRT PORT LIST MLSD MLST NOOP SIZE SITE CHMOD SHA ID IP DNS NAT AUTH
		ETA KiB MiB GiB OpenSSH PEM vsftpd PORTSIDE_PASSWORD PORTSIDE_PASSPHRASE
		auto passive active none explicit implicit if-available upload download size-time size always
		overwrite newer resume rename skip true false files folders en zh-Hans
		LOCAL REMOTE PATTERN MODE Work`) {
		names[w] = true
	}
}

// A token is a run of printable ASCII between spaces and other letters.
var token = regexp.MustCompile(`[!-~]+`)

// -v's commands and replies ("15:04:05.000 > EPSV") are shown as they
// crossed the wire.
var wire = regexp.MustCompile(`(?m)^\d\d:\d\d:\d\d\.\d{3} [<>] .*$`)

// A server's reply is shown as the server sent it, quoted.
var serverReply = regexp.MustCompile(`服务器回复 "(?:[^"\\]|\\.)*"`)

// englishWords are the words of text that are neither names nor a value
// a person types or reads back as it is: flags (-name), paths and
// addresses (anything with / . : @ * = or a digit), single letters.
func englishWords(text string, extra map[string]bool) []string {
	var out []string
	text = serverReply.ReplaceAllString(text, "")
	for _, tok := range token.FindAllString(text, -1) {
		tok = strings.Trim(tok, "()[]{},;'\"`<>|!?")
		switch {
		case len(tok) <= 1, strings.HasPrefix(tok, "-"), strings.ContainsAny(tok, `/.:@*=\%0123456789`):
			continue
		}
		for _, w := range strings.Split(tok, "|") {
			if len(w) > 1 && !names[w] && !extra[w] && strings.IndexFunc(w, unicode.IsLetter) >= 0 {
				out = append(out, w)
			}
		}
	}
	return out
}

// systemWords is what this system says of a file that is not there
// ("no such file or directory"; Windows words it in its own language):
// the CLI keeps those words after its own.
func systemWords(t *testing.T, missing string) string {
	_, err := os.Stat(missing)
	var pe *fs.PathError
	if !errors.As(err, &pe) {
		t.Fatalf("stat %s: %v, want a path error", missing, err)
	}
	return pe.Err.Error()
}

// TestCLINoEnglishInChinese runs every command's help and a few failures
// under a Chinese locale and fails on any English word in what
// portside-cli prints (stdout and stderr) beyond the names above and the
// case's own (file names).
func TestCLINoEnglishInChinese(t *testing.T) {
	dir := t.TempDir()
	up := filepath.Join(dir, "upload-me.txt")
	if err := os.WriteFile(up, []byte("hello"), 0o644); err != nil {
		t.Fatal(err)
	}
	srv := failingServers(t)
	photos := filepath.Join(dir, "photos")
	if err := os.MkdirAll(photos, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(photos, "a.jpg"), []byte("jpeg"), 0o644); err != nil {
		t.Fatal(err)
	}
	sftpSrv := newSFTPFixture(t, sftpd.Config{Password: "x"})
	sftpSrv.know(t, sftpSrv.user)
	if err := os.WriteFile(filepath.Join(sftpSrv.root, "file.txt"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	journal := func() string { return filepath.Join(t.TempDir(), "j.db") }
	cases := []struct {
		name  string
		args  []string
		names string // the case's own names, e.g. file names
		want  string // in the output, when the case must say something
	}{
		{"help", []string{"-h"}, "", ""},
		{"ls help", []string{"ls", "-h"}, "", ""},
		{"get help", []string{"get", "-h"}, "", ""},
		{"put help", []string{"put", "--help"}, "", ""},
		{"sync help", []string{"sync", "-h"}, "", ""},
		{"check help", []string{"check", "-h"}, "", ""},
		{"chmod help", []string{"chmod", "-h"}, "", ""},
		{"find help", []string{"find", "-h"}, "", ""},
		{"no command", nil, "", ""},
		{"unknown command", []string{"frobnicate"}, "frobnicate", ""},
		{"unknown flag", []string{"--frobnicate", "ls", "/"}, "frobnicate", ""},
		{"unknown flag of a command", []string{"ls", "--frobnicate", "/"}, "frobnicate", ""},
		{"flag without its value", []string{"find", "--type"}, "", ""},
		{"not a number", []string{"get", "--parallel", "many", "/a", dir}, "many", ""},
		{"not a duration", []string{"--timeout", "3", "ls", "/"}, "", ""},
		{"not a boolean", []string{"sync", "--dry-run=perhaps", "/", dir}, "perhaps", ""},
		{"bad --mode", []string{"--mode", "sideways", "--demo", "ls", "/"}, "sideways", ""},
		{"bad --tls", []string{"--tls", "maybe", "--demo", "ls", "/"}, "maybe", ""},
		{"bad --fingerprint", []string{"--fingerprint", "zz", "--demo", "ls", "/"}, "zz", ""},
		{"bad --active-ports", []string{"--active-ports", "9-1", "--demo", "ls", "/"}, "", ""},
		{"bad chmod mode", []string{"--demo", "chmod", "999", "/README.txt"}, "", ""},
		{"bad --direction", []string{"--demo", "sync", "--direction", "sideways", "/", dir}, "sideways", ""},
		{"bad --compare", []string{"--demo", "sync", "--compare", "hash", "/", dir}, "hash", ""},
		{"bad pattern", []string{"--demo", "find", "/", "[a"}, "", ""},
		{"a URL of another scheme", []string{"ls", "http://example.com/"}, "", ""},
		{"a URL without a host", []string{"ls", "ftp:///pub"}, "", ""},
		{"a URL with a bad port", []string{"ls", "ftp://example.com:99999/"}, "", ""},
		{"an SFTP URL without a user", []string{"ls", "sftp://example.com/"}, "", ""},
		// The system's own words stay after the worded error.
		{"upload a missing file", []string{"--demo", "put", filepath.Join(dir, "missing"), "/"}, systemWords(t, filepath.Join(dir, "missing")), ""},
		{"a folder the server does not have", []string{"--demo", "ls", "/nope"}, "", ""},
		{"a file the server does not have", []string{"--demo", "get", "/nope.txt", dir}, "", ""},
		{"chmod of a file the server does not have", []string{"--demo", "chmod", "644", "/nope.txt"}, "", ""},
		{"sync up from a folder that is not there", []string{"--demo", "sync", "/public_html", filepath.Join(dir, "missing")}, "", ""},
		{"sync down from a folder the server does not have", []string{"--demo", "sync", "/missing", dir, "--direction", "download"}, "", ""},
		{"sync options that do not go together", []string{"--demo", "sync", "--only-newer", "--compare", "always", "--tolerance", "-1s", "--exclude", "[", "/public_html", dir}, "", ""},
		{"a sync's plan: notes, operations, reasons", []string{"--demo", "sync", "/public_html", dir, "--dry-run", "--direction", "download"}, "", ""},
		{"upload: a line per file, the summary", []string{"--demo", "put", up, "/"}, "", ""},
		{"download: a line per file, the summary", []string{"--demo", "get", "/README.txt", dir}, "", ""},
		// The engine's note on a pipelined command is tested in -v's own
		// lines below (TestCLIVerboseChinese); the rest of -v here.
		{"-v: a download retried after the server dropped it", []string{"--tls", "none", "-v", "get", "--journal", journal(),
			srv.dropOnce.URL("/pub/a"), t.TempDir()}, "alice", "正在重试 /pub/a：连接被关闭"},
		{"a download whose connection always drops", []string{"--tls", "none", "get", "--journal", journal(),
			srv.dropAlways.URL("/pub/a"), t.TempDir()}, "", "/pub/a: 连接被关闭"},
		{"a sync whose copies fail", []string{"--tls", "none", "sync", "--journal", journal(), "--manifest-dir", t.TempDir(),
			"--jobs", filepath.Join(t.TempDir(), "jobs.json"), "--direction", "download", srv.dropAlways.URL("/pub"), t.TempDir()},
			"", "1 个问题：\n  a: 连接被关闭"},
		{"auto mode: no data connection method works", []string{"--tls", "none", "ls", srv.noData.URL("/")}, "",
			"的数据连接用哪种方式都不通（EPSV：无法打开到"},
		{"a login the server drops", []string{"--tls", "none", "ls", srv.dropLogin.URL("/")}, "", "失败：网络出错：连接被关闭"},
		{"a wrong password", []string{"--tls", "none", "ls", srv.wrongPassword.URL("/")}, "", "登录被拒绝，服务器回复"},
		{"a server that wants TLS", []string{"--tls", "none", "ls", srv.wantsTLS.URL("/")}, "", "服务器要求使用 TLS 加密"},
		{"TLS to a plain FTP port", []string{"ls", "ftps://alice@" + srv.dropLogin.Addr() + "/"}, "", "该端口不使用 TLS"},
		{"a TLS alert", []string{"ls", "ftps://alice@" + srv.tlsAlert + "/"}, "", "服务器中止了 TLS 握手：双方没有共同支持的"},
		{"-v: a failed step's line", []string{"-v", "--tls", "none", "ls", "ftp://alice@" + srv.closed + "/"}, "", "! 无法连接到"},
		{"an SFTP server that is not there", []string{"ls", "sftp://alice@" + srv.closed + "/"}, "", "无法连接到"},
		{"a download the server refuses, in the failed list", []string{"--tls", "none", "get", "--journal", journal(),
			srv.refusesRetr.URL("/pub/a"), t.TempDir()}, "", `/pub/a: 下载 /pub/a 失败：服务器拒绝了此操作，服务器回复 "550 gone"`},
		{"an upload whose folder name a file holds", []string{"--tls", "none", "put", "--journal", journal(), photos, srv.fileInWay.URL("/up")},
			"", "无法创建文件夹 /up/photos：已有同名的文件"},
		// An SFTP server's status by its code, its message as its reply.
		{"an SFTP failure status", []string{"ls", sftpSrv.url + "/file.txt/sub"}, "", "服务器拒绝了此操作（SFTP 状态：失败），服务器回复"},
		{"an SFTP login refused", []string{"ls", fmt.Sprintf("sftp://bob@127.0.0.1:%d/", sftpSrv.srv.Port())}, "", "失败：登录被拒绝"},
		{"FTP to an SSH port", []string{"ls", fmt.Sprintf("ftp://alice@127.0.0.1:%d/", sftpSrv.srv.Port())}, "",
			"没有发送欢迎信息：对方的回应不是 FTP，服务器回复 \"SSH-2.0-"},
		{"a URL with a bad escape", []string{"ls", "ftp://example.com/%zz"}, "", "其中的 % 后面不是两位十六进制数字"},
		{"an SFTP URL with a bad escape", []string{"ls", "sftp://ann@example.com/%zz"}, "", "其中的 % 后面不是两位十六进制数字"},
		{"a URL with a space in its host", []string{"ls", "ftp://exa mple.com/"}, "", `主机名中含有不允许的字符 " "`},
		{"an error no wording knows", []string{"--demo", "get", "/README.txt", filepath.Join(up, "sub")}, "lstat not a directory", "错误：lstat "},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			// Both cases stand on a path under a file, which Linux calls
			// "not a directory" (no wording knows it; the embedded SFTP
			// server answers "failure"). Windows calls it "path not
			// found", which is worded as a missing file.
			if (c.name == "an error no wording knows" || c.name == "an SFTP failure status") && runtime.GOOS == "windows" {
				t.Skip("Windows calls a path under a file \"path not found\", which is worded")
			}
			_, out, errs := runCLI(t, map[string]string{"LANG": "zh_CN.UTF-8", "PORTSIDE_PASSWORD": "x"}, "", c.args...)
			if !strings.Contains(out+errs, c.want) {
				t.Errorf("the output lacks %q:\n%s%s", c.want, out, errs)
			}
			extra := map[string]bool{}
			for _, n := range strings.Fields(c.names) {
				extra[n] = true
			}
			found := map[string]bool{}
			for _, w := range englishWords(wire.ReplaceAllString(out+errs, ""), extra) {
				found[w] = true
			}
			if len(found) > 0 {
				var ws []string
				for w := range found {
					ws = append(ws, w)
				}
				sort.Strings(ws)
				t.Errorf("English in the Chinese output: %q\n%s%s", ws, out, errs)
			}
		})
	}
}

// With -v the lines the engine gave a code (logins, auto mode's probe,
// the TLS it secured with, pipelining, data connections) and the probe's
// summary are worded in Chinese, with no English word in any of the
// log's own lines; commands and replies stay as they crossed the wire.
func TestCLIVerboseChinese(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		name      string
		args      []string
		want, not []string
	}{
		{"ls", []string{"--demo", "-v", "ls", "/"},
			[]string{"已以 demo 身份登录到 127.0.0.1:", "已用 TLS 1.3 加密", "自动模式选择了 EPSV（EPSV 在探测开始后", "> USER demo"},
			[]string{"Logged in to", "Secured with", "auto mode:", "carried a listing"}},
		{"get", []string{"--demo", "-v", "get", "/README.txt", dir},
			[]string{"服务器能正确应答连续发送的命令"}, []string{"answers pipelined"}},
		{"get in active mode", []string{"--demo", "-v", "--mode", "active", "get", "/README.txt", dir},
			[]string{"数据连接（EPRT）来自 127.0.0.1:"}, []string{"Data connection"}},
		// The EPSV sent before the last file's end, with the engine's note.
		{"get of a folder: the pipelined EPSV", []string{"--demo", "-v", "get", "--parallel", "1", "/public_html", dir},
			[]string{"> EPSV（连续发送：为下一个文件提前发出"}, []string{"pipelined:"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, _, errs := runCLI(t, map[string]string{"LANG": "zh_CN.UTF-8"}, "", c.args...)
			if code != exitOK {
				t.Fatalf("exit %d:\n%s", code, errs)
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
			// The log's own lines: "15:04:05.000   text" (not "> ", "< ").
			for _, line := range strings.Split(errs, "\n") {
				if _, text, ok := strings.Cut(line, " "); ok && strings.HasPrefix(text, "  ") {
					if w := englishWords(text, map[string]bool{"demo": true}); len(w) > 0 {
						t.Errorf("English %q in the log line %q", w, line)
					}
				}
			}
		})
	}
}

// The locale C (or POSIX) in LC_ALL, LC_MESSAGES or LANG, whichever is
// set first, means English even when LANGUAGE or a later variable names
// Chinese, as gettext decides: scripts run "LC_ALL=C portside-cli".
func TestCLILocaleC(t *testing.T) {
	cases := []struct {
		name string
		env  map[string]string
		want string
	}{
		{"LC_ALL=C over LANG", map[string]string{"LC_ALL": "C", "LANG": "zh_CN.UTF-8"}, "usage: portside-cli"},
		{"LC_ALL=C.UTF-8 over LANGUAGE", map[string]string{"LC_ALL": "C.UTF-8", "LANGUAGE": "zh_CN"}, "usage: portside-cli"},
		{"LC_MESSAGES=POSIX over LANG", map[string]string{"LC_MESSAGES": "POSIX", "LANG": "zh_CN.UTF-8"}, "usage: portside-cli"},
		{"LANG=C, LANGUAGE Chinese", map[string]string{"LANG": "C", "LANGUAGE": "zh_CN"}, "usage: portside-cli"},
		{"LANG Chinese", map[string]string{"LANG": "zh_CN.UTF-8"}, "用法：portside-cli"},
		{"LANGUAGE Chinese over LANG", map[string]string{"LANGUAGE": "zh_CN", "LANG": "en_US.UTF-8"}, "用法：portside-cli"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, _, errs := runCLI(t, c.env, "", "-h")
			if !strings.HasPrefix(errs, c.want) {
				t.Errorf("the help begins %q, want %q", strings.SplitN(errs, "\n", 2)[0], c.want)
			}
		})
	}
}
