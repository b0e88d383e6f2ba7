package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"portside/transfer/ftpd"
)

func runCLI(t *testing.T, env map[string]string, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(stdin), &out, &errb, func(k string) string { return env[k] })
	return code, out.String(), errb.String()
}

func TestLsDemo(t *testing.T) {
	code, out, errs := runCLI(t, nil, "", "--demo", "ls", "/")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"public_html/", "README.txt", "notes with spaces.md", "Rapports annuels/"} {
		if !strings.Contains(out, want) {
			t.Errorf("listing lacks %q:\n%s", want, out)
		}
	}
	if strings.Index(out, "public_html/") > strings.Index(out, "README.txt") {
		t.Errorf("folders are not listed first:\n%s", out)
	}
}

func TestLsURL(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(dir+"/a.txt", []byte("hello"), 0o644)
	srv, err := ftpd.Start(ftpd.Config{TLS: ftpd.TLSOff, Root: dir, User: "alice", Password: "s3cret"})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	url := fmt.Sprintf("ftp://alice@127.0.0.1:%d/", srv.Port())

	cases := []struct {
		name   string
		env    map[string]string
		stdin  string
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{"password from env", map[string]string{"PORTSIDE_PASSWORD": "s3cret"}, "", []string{"ls", url}, exitOK, "a.txt", ""},
		{"password piped", nil, "s3cret\n", []string{"--mode", "active", "ls", url}, exitOK, "a.txt", ""},
		{"json", map[string]string{"PORTSIDE_PASSWORD": "s3cret"}, "", []string{"ls", "--json", url}, exitOK, `"name":"a.txt","size":5`, ""},
		{"wrong password", map[string]string{"PORTSIDE_PASSWORD": "nope"}, "", []string{"ls", url}, exitFail, "", "login refused"},
		{"password in URL", nil, "", []string{"ls", strings.Replace(url, "alice@", "alice:s3cret@", 1)}, exitUsage, "", "PORTSIDE_PASSWORD"},
		{"bad mode", map[string]string{"PORTSIDE_PASSWORD": "s3cret"}, "", []string{"--mode", "sideways", "ls", url}, exitUsage, "", "auto, passive or active"},
		{"unknown command", nil, "", []string{"frobnicate"}, exitUsage, "", "unknown command"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := runCLI(t, tc.env, tc.stdin, tc.args...)
			if code != tc.code || !strings.Contains(out, tc.stdout) || !strings.Contains(errs, tc.stderr) {
				t.Fatalf("exit %d, stdout %q, stderr %q; want %d, %q, %q", code, out, errs, tc.code, tc.stdout, tc.stderr)
			}
			if strings.Contains(errs, "s3cret") {
				t.Fatal("the password reached stderr")
			}
		})
	}
}

func TestLsJSONIsValid(t *testing.T) {
	code, out, errs := runCLI(t, nil, "", "--demo", "ls", "--json", "/camera/2026-11-24")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 {
		t.Fatalf("want 2 entries, got:\n%s", out)
	}
	for _, l := range lines {
		var e lsJSON
		if err := json.Unmarshal([]byte(l), &e); err != nil || e.Size == 0 {
			t.Errorf("line %q: %v", l, err)
		}
	}
}

// TestPlanSessionIsReused: the session that looks at the command line's
// paths is the queue's first connection, so one connection logs in once.
// A server spends tens of milliseconds on each login's password hash.
func TestPlanSessionIsReused(t *testing.T) {
	root, local := t.TempDir(), t.TempDir()
	os.MkdirAll(root+"/pub/sub", 0o755)
	for _, p := range []string{"/pub/a.txt", "/pub/sub/b.txt"} {
		os.WriteFile(root+p, []byte("data of "+p), 0o644)
	}
	os.WriteFile(local+"/up.txt", []byte("up"), 0o644)
	srv, err := ftpd.Start(ftpd.Config{TLS: ftpd.TLSOff, Root: root, User: "alice", Password: "s3cret"})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	url := fmt.Sprintf("ftp://alice@127.0.0.1:%d", srv.Port())
	env := map[string]string{"PORTSIDE_PASSWORD": "s3cret"}
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"put one file", []string{"-v", "put", "--parallel", "1", "--journal", t.TempDir() + "/j", local + "/up.txt", url + "/pub"}},
		{"get a folder", []string{"-v", "get", "--parallel", "1", "--journal", t.TempDir() + "/j", url + "/pub", t.TempDir()}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errs := runCLI(t, env, "", tc.args...)
			if code != exitOK {
				t.Fatalf("exit %d: %s", code, errs)
			}
			if n := strings.Count(errs, "Logged in"); n != 1 {
				t.Errorf("logged in %d times, want 1:\n%s", n, errs)
			}
		})
	}
}

// The help and the command line's own errors follow the locale: Chinese
// with a Chinese LANG, English otherwise (JSON output keeps its keys).
func TestCLILanguage(t *testing.T) {
	tests := []struct {
		name string
		lang string
		args []string
		want string
	}{
		{"unknown command, English", "en_US.UTF-8", []string{"frobnicate"}, `unknown command "frobnicate"`},
		{"unknown command, Chinese", "zh_CN.UTF-8", []string{"frobnicate"}, `未知命令 "frobnicate"`},
		{"help, Chinese", "zh_CN.UTF-8", []string{"-h"}, "用法：portside-cli"},
		{"both sources, Chinese", "zh_CN.UTF-8", []string{"--demo", "--site", "Work", "ls", "/"}, "--demo 和 --site 只能二选一"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, errs := runCLI(t, map[string]string{"LANG": tt.lang}, "", tt.args...)
			if !strings.Contains(errs, tt.want) {
				t.Errorf("stderr %q lacks %q", errs, tt.want)
			}
		})
	}
}
