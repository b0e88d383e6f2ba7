package main

import (
	"encoding/json"
	"fmt"
	"net"
	"strings"
	"testing"

	"portside/transfer/check"
	"portside/transfer/sites"
	"portside/transfer/transport"
)

// TestCheckCLI covers the check command's exit codes, languages and JSON.
func TestCheckCLI(t *testing.T) {
	// A port where nothing listens: taken, then closed.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	cases := []struct {
		name string
		env  map[string]string
		args []string
		code int
		out  []string // in stdout
	}{
		{"demo-en", map[string]string{"LANG": "en_US.UTF-8"}, []string{"--demo", "check"}, exitOK,
			[]string{"Connection check", "== Recommendation", "Use passive mode (EPSV) with explicit FTPS"}},
		{"demo-system-zh", map[string]string{"LANG": "zh_CN.UTF-8"}, []string{"--demo", "check"}, exitOK,
			[]string{"连接检测", "建议使用被动模式（EPSV）"}},
		{"demo-lang-flag", map[string]string{"LANG": "zh_CN.UTF-8"}, []string{"--demo", "check", "--lang", "en"}, exitOK,
			[]string{"Use passive mode"}},
		{"refused", map[string]string{"PORTSIDE_PASSWORD": "x"},
			[]string{"check", "--lang", "en", fmt.Sprintf("ftp://bob@127.0.0.1:%d/", closed)}, exitFail,
			[]string{"The server refused the connection to 127.0.0.1:", "No way works yet"}},
		{"bad-lang", nil, []string{"--demo", "check", "--lang", "fr"}, exitUsage, nil},
		{"no-url", nil, []string{"check"}, exitUsage, nil},
		{"two-urls", nil, []string{"check", "ftp://a/", "ftp://b/"}, exitUsage, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, out, errs := runCLI(t, c.env, "", c.args...)
			if code != c.code {
				t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, c.code, out, errs)
			}
			for _, w := range c.out {
				if !strings.Contains(out, w) {
					t.Errorf("stdout lacks %q:\n%s", w, out)
				}
			}
		})
	}
}

func TestCheckCLIJSON(t *testing.T) {
	code, out, errs := runCLI(t, nil, "", "--demo", "check", "--json")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var r check.Report
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if !r.Recommend.Works || len(r.Steps) < 10 || r.Cert == nil {
		t.Errorf("report: works %v, %d steps, cert %v", r.Recommend.Works, len(r.Steps), r.Cert)
	}
	if r.Recommend.Settings.Method != transport.EPSV || r.Checked != transport.TLSExplicit {
		t.Errorf("round trip: %+v, checked %s", r.Recommend.Settings, r.Checked)
	}
	for _, want := range []string{`"mode": "passive"`, `"method": "EPSV"`, `"tls": "explicit"`} {
		if !strings.Contains(out, want) {
			t.Errorf("the JSON does not name %s", want)
		}
	}
	if strings.Contains(out, "PASS demo") {
		t.Error("the JSON report holds the password")
	}
}

// TestCheckSavedSite: --site NAME check uses the saved site's keychain
// password and pinned certificate, and asks nobody.
func TestCheckSavedSite(t *testing.T) {
	savedSiteFixture(t, sites.NewMemoryKeychain())
	code, out, errs := runCLI(t, map[string]string{"LANG": "en_US.UTF-8"}, "", "--site", "Work server", "check")
	if code != exitOK {
		t.Fatalf("exit %d\n%s\n%s", code, out, errs)
	}
	for _, want := range []string{"Server: 127.0.0.1:", "(explicit FTPS (AUTH TLS)), user demo", "Use passive mode (EPSV) with explicit FTPS", "accepted for this site"} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
}
