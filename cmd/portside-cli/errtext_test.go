package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"io/fs"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"portside/i18n"
	"portside/transfer"
	"portside/transfer/ftpd"
	"portside/transfer/sites"
)

// selfSigned is a certificate for the test servers: valid from..until,
// for these IP addresses and names.
func selfSigned(t *testing.T, from, until time.Time, ips []net.IP, names []string) *tls.Certificate {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "files.example.com"},
		NotBefore: from, NotAfter: until, IPAddresses: ips, DNSNames: names,
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return &tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}
}

// A refused certificate is worded in Chinese by crypto/x509's reason —
// no authority vouches for it, it has expired, it names another host, it
// is not the --fingerprint one — with how to go on for ftp://.
func TestCLICertificateChinese(t *testing.T) {
	now := time.Now()
	loopback := []net.IP{net.ParseIP("127.0.0.1")}
	cases := []struct {
		name      string
		cert      *tls.Certificate
		flags     []string
		want, not []string
	}{
		{"self-signed", selfSigned(t, now.Add(-time.Hour), now.Add(time.Hour), loopback, nil), nil,
			[]string{"不信任 files.example.com 的证书", "它不是由本机信任的证书颁发机构签发的", "ftp:// 会先尝试 TLS"},
			[]string{"x509", "not trusted", "tries TLS first"}},
		{"expired", selfSigned(t, now.Add(-72*time.Hour), now.Add(-48*time.Hour), loopback, nil), nil,
			[]string{"其有效期为 " + now.Add(-72*time.Hour).Format("2006-01-02"), "证书已过期"},
			[]string{"x509", "expired"}},
		{"another host's", selfSigned(t, now.Add(-time.Hour), now.Add(time.Hour), nil, []string{"files.example.com"}), nil,
			[]string{"它不属于 127.0.0.1，而属于 files.example.com"},
			[]string{"x509", "not valid for"}},
		{"not the pinned one", selfSigned(t, now.Add(-time.Hour), now.Add(time.Hour), loopback, nil),
			[]string{"--tls", "explicit", "--fingerprint", strings.Repeat("AB:", 31) + "AB"},
			[]string{"它不是 --fingerprint 所指定的证书"},
			[]string{"x509", "not the one given"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv, err := ftpd.Start(ftpd.Config{TLS: ftpd.TLSExplicit, Certificate: c.cert, Root: t.TempDir(), User: "alice", Password: "s3cret"})
			if err != nil {
				t.Fatal(err)
			}
			defer srv.Close()
			args := append(append([]string{}, c.flags...), "ls", fmt.Sprintf("ftp://alice@127.0.0.1:%d/", srv.Port()))
			code, _, errs := runCLI(t, map[string]string{"LANG": "zh_CN.UTF-8", "PORTSIDE_PASSWORD": "s3cret"}, "", args...)
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

// This computer's file errors and find's pattern errors are worded in
// Chinese by what they are, the system's own words kept after them.
func TestCLILocalErrorsChinese(t *testing.T) {
	dir := t.TempDir()
	locked := filepath.Join(dir, "locked")
	if err := os.Mkdir(locked, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(locked, "secret.txt"), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "missing.txt")
	cases := []struct {
		name      string
		args      []string
		code      int
		want, not []string
		skip      bool
	}{
		{"upload a missing file", []string{"--demo", "put", missing, "/"}, exitFail,
			[]string{"portside-cli: " + missing + "：文件或文件夹不存在（系统提示："}, []string{"upload " + missing}, false},
		{"upload from a folder without permission", []string{"--demo", "put", filepath.Join(locked, "secret.txt"), "/"}, exitFail,
			[]string{"：权限不足，无法访问（系统提示："}, []string{"upload "},
			runtime.GOOS == "windows" || os.Geteuid() == 0},
		{"download into a folder that is not there", []string{"--demo", "get", "/README.txt", filepath.Join(dir, "gone", "x.txt")}, exitFail,
			[]string{filepath.Join(dir, "gone", "x.txt") + ".portside-part：文件或文件夹不存在（系统提示：", "1 项中有 1 项失败"},
			[]string{"create "}, false},
		{"a bad pattern", []string{"--demo", "find", "/", "[a"}, exitUsage,
			[]string{`用法错误：模式 "[a" 有语法错误`}, []string{"syntax error"}, false},
		{"sizes the wrong way round", []string{"--demo", "find", "/", "a", "--min-size", "9", "--max-size", "3"}, exitUsage,
			[]string{"用法错误：最小大小（9）大于最大大小（3）"}, []string{"smallest size"}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.skip {
				t.Skip("a folder without permission cannot be made here")
			}
			if err := os.Chmod(locked, 0); err != nil {
				t.Fatal(err)
			}
			defer os.Chmod(locked, 0o700)
			code, out, errs := runCLI(t, map[string]string{"LANG": "zh_CN.UTF-8"}, "", c.args...)
			if code != c.code {
				t.Fatalf("exit %d, want %d\n%s%s", code, c.code, out, errs)
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

// The saved sites' own troubles — no keychain, a sites.json that cannot
// be read — are worded in Chinese too.
func TestSavedSitesChinese(t *testing.T) {
	cases := []struct {
		name      string
		prepare   func(t *testing.T, keys *sites.MemoryKeychain, dir string)
		want, not []string
	}{
		{"no keychain", func(t *testing.T, keys *sites.MemoryKeychain, dir string) {
			keys.Break(&sites.NoKeychainError{Code: "no_dbus", Reason: "this desktop has no D-Bus session"})
		}, []string{"无法使用钥匙串（此桌面没有 D-Bus 会话，程序无法通过它访问钥匙串）", "没有密码"}, []string{"No keychain is available", "has no"}},
		{"a locked keychain", func(t *testing.T, keys *sites.MemoryKeychain, dir string) {
			keys.Break(&sites.NoKeychainError{Code: "locked", Reason: "the keychain is locked"})
		}, []string{"无法使用钥匙串（钥匙串已锁定，且未被解锁", "没有密码"}, []string{"is locked"}},
		{"no keychain, a reason without a code", func(t *testing.T, keys *sites.MemoryKeychain, dir string) { keys.Break(noKeychain) },
			[]string{"无法使用钥匙串（there is no D-Bus session in this test）"}, []string{"No keychain is available"}},
		{"sites.json damaged", func(t *testing.T, keys *sites.MemoryKeychain, dir string) {
			if err := os.WriteFile(filepath.Join(dir, "sites.json"), []byte("{"), 0o600); err != nil {
				t.Fatal(err)
			}
		}, []string{"警告：无法读取 ", "已保存的密码仍在钥匙串中", "没有名为 \"Work server\""}, []string{"could not be read", "warning:"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			keys := sites.NewMemoryKeychain()
			savedSiteFixture(t, keys)
			dir, _ := sitesDir()
			c.prepare(t, keys, dir)
			_, _, errs := runCLI(t, map[string]string{"LANG": "zh_CN.UTF-8"}, "", "--site", "Work server", "ls", "/")
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

// This computer's file errors are classed by errors.Is on the system's
// codes, not by their text: each gets its Chinese words, the system's own
// words after them.
func TestLocalTextChinese(t *testing.T) {
	w := i18n.For(i18n.Chinese)
	pe := func(err error) error { return &fs.PathError{Op: "open", Path: "/srv/a.txt", Err: err} }
	cases := []struct {
		name string
		err  error
		want string
	}{
		{"no permission", pe(syscall.EACCES), "/srv/a.txt：权限不足，无法访问（系统提示：" + syscall.EACCES.Error() + "）"},
		{"local.FS's no permission", pe(transfer.ErrPermission), "/srv/a.txt：权限不足，无法访问（系统提示：" + transfer.ErrPermission.Error() + "）"},
		{"not there", pe(syscall.ENOENT), "/srv/a.txt：文件或文件夹不存在（系统提示：" + syscall.ENOENT.Error() + "）"},
		{"exists", pe(syscall.EEXIST), "/srv/a.txt：已存在（系统提示：" + syscall.EEXIST.Error() + "）"},
		{"a folder", pe(syscall.EISDIR), "/srv/a.txt：这是一个文件夹（系统提示：" + syscall.EISDIR.Error() + "）"},
		{"a rename", &os.LinkError{Op: "rename", Old: "/srv/a", New: "/srv/b", Err: syscall.EACCES}, "/srv/b：权限不足，无法访问（系统提示：" + syscall.EACCES.Error() + "）"},
		{"wrapped", fmt.Errorf("upload a.txt: %w", pe(syscall.ENOENT)), "/srv/a.txt：文件或文件夹不存在（系统提示：" + syscall.ENOENT.Error() + "）"},
	}
	// Windows has no "not a folder": Go's ENOTDIR there is
	// ERROR_PATH_NOT_FOUND, a name that is not there.
	notDir := "/srv/a.txt：路径中的某一部分不是文件夹（系统提示：" + syscall.ENOTDIR.Error() + "）"
	if runtime.GOOS == "windows" {
		notDir = "/srv/a.txt：文件或文件夹不存在（系统提示：" + syscall.ENOTDIR.Error() + "）"
	}
	cases = append(cases, struct {
		name string
		err  error
		want string
	}{"not a folder", pe(syscall.ENOTDIR), notDir})
	if runtime.GOOS != "windows" {
		cases = append(cases, struct {
			name string
			err  error
			want string
		}{"disk full", pe(syscall.ENOSPC), "/srv/a.txt：磁盘空间不足（系统提示：" + syscall.ENOSPC.Error() + "）"})
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := errorText(w, c.err); got != c.want {
				t.Errorf("got  %q\nwant %q", got, c.want)
			}
			if got := errorText(i18n.For(i18n.English), c.err); got != c.err.Error() {
				t.Errorf("English %q, want the error's own %q", got, c.err.Error())
			}
		})
	}
}
