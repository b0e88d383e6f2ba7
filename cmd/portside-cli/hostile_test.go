package main

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"portside/internal/hostile"
	"portside/internal/linktest"
)

var pw = map[string]string{"PORTSIDE_PASSWORD": "x"}

// get writes only under the destination, whatever the server says its
// folders are called (#20 item 1).
func TestGetStaysInDestination(t *testing.T) {
	cases := []struct {
		name   string
		script hostile.Script
		path   string // URL path
		link   bool   // plant dest/pub as a link to a folder outside
		code   int
	}{
		{"PWD is /..", hostile.Script{Home: "/..", Files: map[string]string{"/.bashrc": "evil"}}, "", false, exitOK},
		{"URL ends in ..", hostile.Script{Files: map[string]string{"/.bashrc": "evil"}}, "/pub/..", false, exitOK},
		{"PWD is ..", hostile.Script{Home: "..", Files: map[string]string{"/.bashrc": "evil"}, Handlers: map[string]hostile.Handler{
			"MLST": func(c *hostile.Conn, _ string) { c.Reply(250, "whatever") },
		}}, "", false, exitFail},
		{"link in destination", hostile.Script{Files: map[string]string{"/pub/.bashrc": "evil"}}, "/pub", true, exitFail},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			home := t.TempDir()
			dest := filepath.Join(home, "dest")
			os.Mkdir(dest, 0o755)
			os.WriteFile(filepath.Join(home, ".bashrc"), []byte("mine"), 0o644)
			if tc.link {
				linktest.Make(t, home, filepath.Join(dest, "pub"))
			}
			srv := hostile.Start(t, tc.script)
			code, out, errs := runCLI(t, pw, "", "get", "--journal", filepath.Join(t.TempDir(), "j.db"), srv.URL(tc.path), dest)
			if b, _ := os.ReadFile(filepath.Join(home, ".bashrc")); string(b) != "mine" {
				t.Fatalf("the server overwrote a file beside the destination: %q\nexit %d\n%s\n%s", b, code, out, errs)
			}
			if code != tc.code {
				t.Errorf("exit %d, want %d\n%s\n%s", code, tc.code, out, errs)
			}
		})
	}
}

// A malformed URL is a usage error (exit 2) whose message never shows the
// password (#20 items 12, 15).
func TestBadURLs(t *testing.T) {
	for _, raw := range []string{
		"ftp://alice:S3cr3t@127.0.0.1:99999/",
		"ftp://alice:S3cr3t@[::1",
		"http://alice:S3cr3t@host/",
		"ftp://alice:S3cr3t@127.0.0.1:21:21/",
		"ftp://127.0.0.1:21:21/",
	} {
		code, out, errs := runCLI(t, pw, "", "ls", raw)
		if code != exitUsage || strings.Contains(out+errs, "S3cr3t") {
			t.Errorf("ls %s: exit %d\n%s%s", raw, code, out, errs)
		}
	}
}

// What the server says and what it names reaches the terminal escaped
// (#20 item 11).
func TestServerTextIsEscaped(t *testing.T) {
	cases := []struct {
		name   string
		script hostile.Script
		args   []string
		want   string // in stdout+stderr
	}{
		{"530 with terminal escapes", hostile.Script{Handlers: map[string]hostile.Handler{
			"PASS": func(c *hostile.Conn, _ string) { c.Reply(530, "no \x1b]0;pwned\a\x1b[2J") },
		}}, []string{"ls"}, `]0;pwned`},
		{"bidi override in a name", hostile.Script{Files: map[string]string{"/\u202etxt.exe": "x"}}, []string{"ls"}, `\u202etxt.exe`},
		{"C1 control in a name", hostile.Script{Files: map[string]string{"/a\u009b2Jb": "x"}}, []string{"ls"}, `a\u009b2Jb`},
		{"-v log", hostile.Script{Handlers: map[string]hostile.Handler{
			"PASS": func(c *hostile.Conn, _ string) { c.Reply(230, "hi \x1b[2J") },
		}}, []string{"-v", "ls"}, `hi \x1b[2J`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := hostile.Start(t, tc.script)
			args := append(tc.args[:len(tc.args)-1:len(tc.args)-1], tc.args[len(tc.args)-1], srv.URL("/"))
			_, out, errs := runCLI(t, pw, "", args...)
			all := out + errs
			if strings.ContainsAny(all, "\x1b\a\u202e\u009b") || !strings.Contains(all, tc.want) {
				t.Errorf("output:\n%q\nwant %q, escaped", all, tc.want)
			}
		})
	}
}

// Nothing is left out silently: names the server can take are sent, the
// rest are failed items named in the summary with the reason, exit 1
// (#20 item 10).
func TestNothingLeftOutSilently(t *testing.T) {
	t.Run("put", func(t *testing.T) {
		if runtime.GOOS == "windows" {
			t.Skip("the local names this case uploads (a backslash, a tab, a line feed) cannot exist on Windows")
		}
		srv := hostile.Start(t, hostile.Script{Dirs: []string{"/up"}})
		src := filepath.Join(t.TempDir(), "dir")
		os.Mkdir(src, 0o755)
		for _, n := range []string{"ok", `a\b`, "t\tab", "n\nl"} {
			os.WriteFile(filepath.Join(src, n), []byte("data"), 0o644)
		}
		code, out, errs := runCLI(t, pw, "", "put", "--journal", filepath.Join(t.TempDir(), "j.db"), src, srv.URL("/up"))
		if code != exitFail || !strings.Contains(errs, `n\nl`) || !strings.Contains(errs, "CR, LF") {
			t.Errorf("exit %d\n%s\n%s", code, out, errs)
		}
		for _, n := range []string{"ok", `a\b`, "t\tab"} {
			if b, ok := srv.File("/up/dir/" + n); !ok || string(b) != "data" {
				t.Errorf("%q not uploaded (server holds %q)", n, srv.Paths())
			}
		}
	})
	t.Run("get", func(t *testing.T) {
		srv := hostile.Start(t, hostile.Script{Files: map[string]string{"/pub/ok": "x", `/pub/x\y`: "x", "/pub/c\x01": "x"}})
		dest := t.TempDir()
		code, out, errs := runCLI(t, pw, "", "get", "--journal", filepath.Join(t.TempDir(), "j.db"), srv.URL("/pub"), dest)
		if code != exitFail || !strings.Contains(errs, `x\\y`) || !strings.Contains(errs, "unsafe file name") || !strings.Contains(errs, "2 of") || !strings.Contains(out, "failed /pub/x") {
			t.Errorf("exit %d\n%s\n%s", code, out, errs)
		}
		if _, err := os.Stat(filepath.Join(dest, "pub", "ok")); err != nil {
			t.Error(err)
		}
	})
}

// Running a partly failed get again lists the server anew: new files
// come, files deleted here come again, finished ones stay; a 550 leaves
// no empty part file (#20 item 13).
func TestGetAgainReplans(t *testing.T) {
	refuse := true
	var mu sync.Mutex
	srv := hostile.Start(t, hostile.Script{Files: map[string]string{"/pub/a": "aaaa", "/pub/b": "bbbb", "/pub/d": "dddd"},
		Handlers: map[string]hostile.Handler{"RETR": func(c *hostile.Conn, arg string) {
			mu.Lock()
			no := refuse && arg == "/pub/b"
			mu.Unlock()
			if no {
				c.Reply(550, "no such file")
				return
			}
			c.Default("RETR", arg)
		}}})
	dest := t.TempDir()
	journal := filepath.Join(t.TempDir(), "j.db")
	get := func() (int, string) {
		code, out, errs := runCLI(t, pw, "", "get", "--journal", journal, srv.URL("/pub"), dest)
		return code, out + errs
	}
	if code, out := get(); code != exitFail {
		t.Fatalf("first run: exit %d\n%s", code, out)
	}
	if parts, _ := filepath.Glob(filepath.Join(dest, "pub", "*.portside-part")); len(parts) > 0 {
		t.Errorf("the 550 left %q", parts)
	}
	mu.Lock()
	refuse = false
	mu.Unlock()
	srv.SetFile("/pub/c", "cccc")
	os.Remove(filepath.Join(dest, "pub", "a"))
	retrs := srv.Count("RETR")
	if code, out := get(); code != exitOK {
		t.Fatalf("second run: exit %d\n%s", code, out)
	}
	for _, n := range []string{"a", "b", "c", "d"} {
		if b, err := os.ReadFile(filepath.Join(dest, "pub", n)); err != nil || string(b) != strings.Repeat(n, 4) {
			t.Errorf("%s: %q, %v", n, b, err)
		}
	}
	if got := srv.Count("RETR") - retrs; got != 3 { // a (deleted here), b (failed), c (new); not d
		t.Errorf("second run sent %d RETRs, want 3: %q", got, srv.Commands())
	}
}

// A sync names what it could not copy and exits 1, both ways (#20 item 10).
func TestSyncNamesRefusedFiles(t *testing.T) {
	for _, dir := range []string{"download", "upload"} {
		t.Run(dir, func(t *testing.T) {
			if dir == "upload" && runtime.GOOS == "windows" {
				t.Skip("the local name this case refuses (a line feed in it) cannot exist on Windows")
			}
			srv := hostile.Start(t, hostile.Script{Files: map[string]string{"/pub/ok": "x", `/pub/x\y`: "x"}})
			local, state := t.TempDir(), t.TempDir()
			os.WriteFile(filepath.Join(local, "n\nl"), []byte("x"), 0o644)
			code, out, errs := runCLI(t, pw, "", "sync", "--manifest-dir", filepath.Join(state, "m"), "--jobs", filepath.Join(state, "jobs.json"),
				"--journal", filepath.Join(state, "q.db"), "--direction", dir, srv.URL("/pub"), local)
			want := `x\\y`
			if dir == "upload" {
				want = `n\nl`
			}
			if code != exitFail || !strings.Contains(errs, "could not be copied") || !strings.Contains(errs, want) {
				t.Errorf("exit %d\n%s\n%s", code, out, errs)
			}
		})
	}
}

// A get of one file into a folder holding a real NAME.portside-part
// neither resumes from it nor overwrites it (#20 item 6).
func TestGetFileBesideARealPartFile(t *testing.T) {
	const body = "the server's file, 30 bytes..."
	srv := hostile.Start(t, hostile.Script{Files: map[string]string{"/pub/NAME": body}})
	dest := t.TempDir()
	os.WriteFile(filepath.Join(dest, "NAME.portside-part"), []byte("mine"), 0o644)
	code, out, errs := runCLI(t, pw, "", "get", "--journal", filepath.Join(t.TempDir(), "j.db"), srv.URL("/pub/NAME"), dest)
	if code != exitOK {
		t.Fatalf("exit %d\n%s\n%s", code, out, errs)
	}
	if b, _ := os.ReadFile(filepath.Join(dest, "NAME")); string(b) != body {
		t.Errorf("NAME = %q", b)
	}
	if b, _ := os.ReadFile(filepath.Join(dest, "NAME.portside-part")); string(b) != "mine" {
		t.Errorf("NAME.portside-part = %q, want it untouched", b)
	}
}

// A put of one file to a folder holding a stray NAME.portside-part (left
// by someone's interrupted upload) neither resumes from it nor loses it.
func TestPutFileBesideAStrayPart(t *testing.T) {
	const body = "the local file, 27 bytes..."
	srv := hostile.Start(t, hostile.Script{Files: map[string]string{"/up/NAME.portside-part": "stray"}})
	src := filepath.Join(t.TempDir(), "NAME")
	os.WriteFile(src, []byte(body), 0o644)
	code, out, errs := runCLI(t, pw, "", "put", "--journal", filepath.Join(t.TempDir(), "j.db"), src, srv.URL("/up"))
	if code != exitOK {
		t.Fatalf("exit %d\n%s\n%s", code, out, errs)
	}
	if b, _ := srv.File("/up/NAME"); string(b) != body {
		t.Errorf("NAME = %q", b)
	}
	if b, _ := srv.File("/up/NAME.portside-part"); string(b) != "stray" {
		t.Errorf("NAME.portside-part = %q, want it untouched", b)
	}
}

// A sync download never writes through a link in the local folder, even
// with --follow-links (#20 item 1, sync).
func TestSyncDownloadDoesNotWriteThroughLinks(t *testing.T) {
	srv := hostile.Start(t, hostile.Script{Files: map[string]string{"/pub/sub/.bashrc": "evil", "/pub/ok": "x"}})
	local, state, outside := t.TempDir(), t.TempDir(), t.TempDir()
	linktest.Make(t, outside, filepath.Join(local, "sub"))
	code, out, errs := runCLI(t, pw, "", "sync", "--manifest-dir", filepath.Join(state, "m"), "--jobs", filepath.Join(state, "jobs.json"),
		"--journal", filepath.Join(state, "q.db"), "--direction", "download", "--follow-links", srv.URL("/pub"), local)
	if ents, _ := os.ReadDir(outside); len(ents) > 0 {
		t.Fatalf("the sync wrote through the link: %v\nexit %d\n%s\n%s", ents, code, out, errs)
	}
	if code != exitFail || !strings.Contains(errs, "symbolic link") {
		t.Errorf("exit %d\n%s\n%s", code, out, errs)
	}
}
