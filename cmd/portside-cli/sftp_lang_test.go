package main

import (
	"crypto/ed25519"
	"crypto/rand"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/knownhosts"

	"portside/transfer/sftpd"
)

// A refused SFTP host key is worded in Chinese: unknown with no one to
// ask, not the --fingerprint one, or changed since it was known; the key
// and its fingerprint are shown as they are.
func TestSFTPHostKeyChinese(t *testing.T) {
	cases := []struct {
		name      string
		flags     []string
		changed   bool // known_hosts holds another key for the server
		want, not []string
	}{
		{"unknown", nil, false, []string{"不信任 [127.0.0.1]:", "的主机密钥（ssh-", "请用 --fingerprint 给出"},
			[]string{"not trusted", "ask its administrator"}},
		{"not the --fingerprint one", []string{"--fingerprint", "SHA256:AAAA"}, false, []string{"不是 --fingerprint 所指定的那个"},
			[]string{"not the one given"}},
		{"changed", nil, true, []string{"的主机密钥已改变：已知的是 ssh-ed25519 ", "服务器出示的是 ssh-"},
			[]string{"has changed"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newSFTPFixture(t, sftpd.Config{Password: "s3cret"})
			if c.changed {
				_, priv, err := ed25519.GenerateKey(rand.Reader)
				if err != nil {
					t.Fatal(err)
				}
				other, err := ssh.NewPublicKey(priv.Public())
				if err != nil {
					t.Fatal(err)
				}
				host := knownhosts.Normalize(net.JoinHostPort("127.0.0.1", strconv.Itoa(f.srv.Port())))
				os.MkdirAll(filepath.Dir(f.portside), 0o700)
				if err := os.WriteFile(f.portside, []byte(knownhosts.Line([]string{host}, other)+"\n"), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			args := append(append([]string{}, c.flags...), "ls", f.url)
			code, _, errs := runCLI(t, map[string]string{"LANG": "zh_CN.UTF-8", "PORTSIDE_PASSWORD": "s3cret"}, "", args...)
			if code != exitFail {
				t.Fatalf("exit %d, want %d:\n%s", code, exitFail, errs)
			}
			for _, w := range append(c.want, f.fingerprint) {
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

// An SFTP server's refusals are worded in Chinese by their kind and the
// operation, as FTP's are.
func TestSFTPErrorsChinese(t *testing.T) {
	cases := []struct {
		name string
		args func(f *sftpFixture, dir string) []string
		want string
	}{
		{"list a folder that is not there", func(f *sftpFixture, dir string) []string { return []string{"ls", f.url + "/nope"} },
			"列目录 "},
		{"download a file that is not there", func(f *sftpFixture, dir string) []string { return []string{"get", f.url + "/nope.txt", dir} },
			"查看 "},
		{"chmod a file that is not there", func(f *sftpFixture, dir string) []string { return []string{"chmod", "644", f.url + "/nope.txt"} },
			"更改权限 "},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newSFTPFixture(t, sftpd.Config{Password: "s3cret"})
			f.know(t, f.portside)
			code, _, errs := runCLI(t, map[string]string{"LANG": "zh_CN.UTF-8", "PORTSIDE_PASSWORD": "s3cret"}, "", c.args(f, t.TempDir())...)
			if code != exitFail {
				t.Fatalf("exit %d, want %d:\n%s", code, exitFail, errs)
			}
			if !strings.Contains(errs, c.want) || !strings.Contains(errs, " 失败：服务器上没有此文件或文件夹") {
				t.Errorf("stderr lacks %q … 失败：服务器上没有此文件或文件夹:\n%s", c.want, errs)
			}
			if strings.Contains(errs, "not found") {
				t.Errorf("stderr has English:\n%s", errs)
			}
		})
	}
}
