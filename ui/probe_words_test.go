package ui

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
	"unicode"

	"portside/i18n"
	"portside/transfer/ftp"
	"portside/transfer/ftpd"
	"portside/transfer/transport"
)

// The auto-mode probe's log lines and the SIZE-trust line carry a code and
// facts (Event.Key, Args), which the window words: in Chinese they are
// Chinese, with the facts filled in, against a real server.
func TestProbeLinesWorded(t *testing.T) {
	t.Setenv("LANGUAGE", "zh_CN")
	if err := UseLanguage(i18n.Chinese); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = UseLanguage(i18n.English) })
	srv, err := ftpd.Start(ftpd.Config{TLS: ftpd.TLSOff, Root: t.TempDir(), User: "alice", Password: "s3cret"})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	var mu sync.Mutex
	var events []transport.Event
	cfg := ftp.Config{Config: transport.Config{Host: "127.0.0.1", Port: srv.Port(), TLS: transport.TLSNone,
		DataTimeout: 20 * time.Second, Log: func(e transport.Event) {
			mu.Lock()
			events = append(events, e)
			mu.Unlock()
		}}, User: "alice", Password: "s3cret", Mode: transport.ModeAuto}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	s, err := ftp.Connect(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Upload(ctx, "/a.txt", 0, strings.NewReader("hello")); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Size(ctx, "/a.txt"); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	seen := map[string]bool{}
	for _, e := range events {
		if e.Kind != transport.Info && e.Kind != transport.Failure || !strings.HasPrefix(e.Text, "Auto mode") && !strings.HasPrefix(e.Text, "SIZE") {
			continue
		}
		seen[e.Key] = true
		got := eventText(e)
		t.Log(got)
		han := strings.IndexFunc(got, func(r rune) bool { return unicode.Is(unicode.Han, r) }) >= 0
		if !han || strings.Contains(got, "Auto mode") || strings.Contains(got, "{{") || strings.Contains(got, "<no value>") {
			t.Errorf("%q (key %q) is worded %q", e.Text, e.Key, got)
		}
	}
	for _, k := range []string{"auto_trying", "auto_chose", "size_trusted"} {
		if !seen[k] {
			t.Errorf("no %s line in the log (saw %v)", k, seen)
		}
	}
}

// This computer's own file errors are worded in the window's language
// with their path. A missing file is a real one; as root a permission
// error and a full disk cannot be had from the system, so they are the
// *fs.PathError the system returns for them.
func TestLocalErrorsWorded(t *testing.T) {
	t.Setenv("LANGUAGE", "zh_CN")
	if err := UseLanguage(i18n.Chinese); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = UseLanguage(i18n.English) })
	missing := filepath.Join(t.TempDir(), "gone.txt")
	_, notFound := os.Open(missing)
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"not found", fmt.Errorf("upload %s: %w", missing, notFound), missing + "：文件或文件夹不存在"},
		{"permission", &fs.PathError{Op: "open", Path: "/srv/a.txt", Err: syscall.EACCES}, "/srv/a.txt：权限不足，无法访问"},
		{"full disk", fmt.Errorf("download: %w", &fs.PathError{Op: "write", Path: "/tmp/b.iso", Err: syscall.ENOSPC}), "/tmp/b.iso：磁盘空间不足"},
		{"rename", &os.LinkError{Op: "rename", Old: "/a", New: "/b\x1b[2J", Err: syscall.EACCES}, `/b\x1b[2J：权限不足，无法访问`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := errorText(tt.err); got != tt.want {
				t.Errorf("errorText = %q, want %q", got, tt.want)
			}
		})
	}
}

// An error inside a probe or reconnect line is worded from its step's
// facts (Args["Facts"]), and auto mode's other methods from their names,
// not left in the engine's English.
func TestEventTextInnerFacts(t *testing.T) {
	t.Setenv("LANGUAGE", "zh_CN")
	if err := UseLanguage(i18n.Chinese); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = UseLanguage(i18n.English) })
	facts := `{"step":"data","addr":"192.0.2.7:50001","method":"EPRT","cause":"timeout"}`
	cases := []struct {
		name string
		ev   transport.Event
		want string
	}{
		{"a probe's failure", transport.Event{Key: "auto_failed", Args: map[string]string{"Method": "EPRT", "Took": "3s",
			"Error": "data connection (EPRT) to 192.0.2.7:50001: i/o timeout", "Facts": facts}},
			"自动模式：EPRT 在 3s 后失败：无法打开到 192.0.2.7:50001 的数据连接（EPRT，主动模式）：无响应（超时）"},
		{"auto mode's choice over others", transport.Event{Key: "auto_chose", Args: map[string]string{"Method": "EPSV", "Won": "12ms",
			"Others": "PASV lost: still connecting after 10ms; stopped when EPSV won", "Lost": "PASV", "Failed": "EPRT"}},
			"自动模式选择了 EPSV：它在探测开始后 12ms 传回了目录列表（其余方式：PASV 因它胜出而停止；EPRT 此前已失败）"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := eventText(c.ev); got != c.want {
				t.Errorf("got  %q\nwant %q", got, c.want)
			}
		})
	}
}
