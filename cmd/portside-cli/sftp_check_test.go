package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"portside/transfer/check"
	"portside/transfer/sftpd"
)

// check on an sftp:// URL runs the SFTP check: a site that works exits 0,
// an unknown host key or a wrong password exits 1 with the finding in
// plain words, and --json carries the SFTP report; the idle --timeout
// applies to SFTP as to FTP.
func TestSFTPCheckCLI(t *testing.T) {
	for _, tc := range []struct {
		name  string
		known bool
		env   map[string]string
		args  []string
		code  int
		says  []string
	}{
		{"works", true, map[string]string{"PORTSIDE_PASSWORD": "s3cret"}, nil, exitOK,
			[]string{"SFTP over SSH", "Use SFTP", "Host key"}},
		{"unknown host key", false, map[string]string{"PORTSIDE_PASSWORD": "s3cret"}, nil, exitFail,
			[]string{"not trusted yet", "SHA256:"}},
		{"wrong password", true, map[string]string{"PORTSIDE_PASSWORD": "nope"}, nil, exitFail,
			[]string{"Login as ann failed", "The server offers"}},
		{"json", true, map[string]string{"PORTSIDE_PASSWORD": "s3cret"}, []string{"--json"}, exitOK,
			[]string{`"protocol": "sftp"`}},
		{"negative timeout refused", true, map[string]string{"PORTSIDE_PASSWORD": "s3cret"}, []string{"--timeout", "-1s"}, exitUsage,
			nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newSFTPFixture(t, sftpd.Config{Password: "s3cret"})
			os.WriteFile(filepath.Join(f.root, "a.txt"), []byte("hello"), 0o644)
			if tc.known {
				f.know(t, f.portside)
			}
			var args []string
			if tc.name == "negative timeout refused" {
				args = append(tc.args, "check", f.url)
			} else {
				args = append(append([]string{"check"}, tc.args...), f.url)
			}
			code, out, errs := runCLI(t, tc.env, "", args...)
			if code != tc.code {
				t.Fatalf("exit %d, want %d\nstdout %s\nstderr %s", code, tc.code, out, errs)
			}
			for _, w := range tc.says {
				if !strings.Contains(out, w) {
					t.Errorf("stdout does not say %q:\n%s", w, out)
				}
			}
			if tc.name == "json" {
				var rep check.Report
				if err := json.Unmarshal([]byte(out), &rep); err != nil || !rep.Recommend.Works {
					t.Errorf("json: %v %+v", err, rep.Recommend)
				}
			}
			if strings.Contains(out+errs, "s3cret") {
				t.Fatal("the password reached the output")
			}
		})
	}
}
