package ui

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"
	"unicode"

	"portside/i18n"
	"portside/transfer/queue"
	"portside/transfer/sites"
	syncplan "portside/transfer/sync"
	"portside/transfer/transport"
)

// Every reason a sync plan can give is worded by the catalogue: in
// Chinese it is Chinese (not the plan's English text), with its facts.
func TestPlanReasonsWorded(t *testing.T) {
	t.Setenv("LANGUAGE", "zh_CN")
	if err := UseLanguage(i18n.Chinese); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = UseLanguage(i18n.English) })
	for _, code := range syncplan.WhyCodes {
		w := syncplan.Why{Code: code, Detail: "*.tmp", Age: 2 * time.Hour, Here: 10, There: 12, Text: "english " + code}
		got := planReason(w)
		han := strings.IndexFunc(got, func(r rune) bool { return unicode.Is(unicode.Han, r) }) >= 0
		if !han || strings.Contains(got, "english") {
			t.Errorf("%s: %q is not worded in Chinese", code, got)
		}
		if strings.Contains(got, "{{") {
			t.Errorf("%s: %q has a template left", code, got)
		}
	}
	if got := planReason(syncplan.Why{Code: "newer_here", Age: 2 * time.Hour}); got != "本地较新，相差 2 小时" {
		t.Errorf("newer_here = %q", got)
	}
}

// The engine's typed errors are worded from the catalogue with their
// facts; the server's reply stays as the server sent it, escaped.
func TestErrorTextWorded(t *testing.T) {
	reply := transport.Reply{Code: 530, Lines: []string{"530 Login incorrect.\x1b[2J"}}
	tests := []struct {
		lang string
		err  error
		want string
	}{
		{i18n.English, fmt.Errorf("connect to h: %w", &transport.StepError{Step: transport.StepLogin, Addr: "h:21", Reply: reply}),
			`Could not log in to h:21: the server replied "530 Login incorrect.\\x1b[2J"`},
		{i18n.Chinese, fmt.Errorf("connect to h: %w", &transport.StepError{Step: transport.StepLogin, Addr: "h:21", Reply: reply}),
			`无法登录到 h:21：服务器回复 "530 Login incorrect.\\x1b[2J"`},
		{i18n.Chinese, &transport.StepError{Step: transport.StepData, Method: transport.EPSV, Addr: "10.0.0.1:50000",
			Err: os.ErrDeadlineExceeded, Hint: "english", HintKey: "pasv_blocked"},
			"无法打开到 10.0.0.1:50000 的数据连接（EPSV，被动模式）：无响应（超时）（服务器的防火墙或 NAT 没有放行被动模式端口；请尝试主动模式，或请服务器管理员放行被动端口范围）"},
		{i18n.Chinese, &transport.StepError{Step: transport.StepConnect, Addr: "h:21", Err: syscall.ECONNREFUSED},
			"无法连接到 h:21：被拒绝（连接被重置）"},
		{i18n.Chinese, fmt.Errorf("list /: %w", &transport.IdleError{Op: "read", Idle: 20 * time.Second}),
			"服务器在 20s 内没有发送任何数据"},
		{i18n.Chinese, errors.New("plain"), "plain"},
	}
	for _, tt := range tests {
		t.Run(tt.lang+" "+tt.want, func(t *testing.T) {
			if tt.lang == i18n.Chinese {
				t.Setenv("LANGUAGE", "zh_CN")
			} else {
				t.Setenv("LANGUAGE", "en")
			}
			if err := UseLanguage(tt.lang); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = UseLanguage(i18n.English) })
			if got := errorText(tt.err); got != tt.want {
				t.Errorf("errorText = %q\nwant        %q", got, tt.want)
			}
		})
	}
}

// A queue item's reason is worded from the facts the queue kept (Why);
// without them it is the engine's words.
func TestItemErrorWorded(t *testing.T) {
	t.Setenv("LANGUAGE", "zh_CN")
	if err := UseLanguage(i18n.Chinese); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = UseLanguage(i18n.English) })
	why := `{"step":"connect","addr":"h:21","cause":"refused"}`
	tests := []struct {
		it   queue.Item
		want string
	}{
		{queue.Item{State: queue.Failed, Err: "connect to h:21: refused", Why: why}, "无法连接到 h:21：被拒绝（连接被重置）"},
		{queue.Item{State: queue.Queued, Err: "retrying in 1s: connect to h:21", Why: why}, "正在重试：无法连接到 h:21：被拒绝（连接被重置）"},
		{queue.Item{State: queue.Failed, Err: "disk on fire"}, "disk on fire"},
	}
	for _, tt := range tests {
		if got := itemError(tt.it); got != tt.want {
			t.Errorf("itemError(%q) = %q, want %q", tt.it.Err, got, tt.want)
		}
	}
	if got := StateText(queue.Item{State: queue.Failed, Err: "x", Why: why}); got != "失败：无法连接到 h:21：被拒绝（连接被重置）" {
		t.Errorf("StateText = %q", got)
	}
}

// What keeps a site from being saved is worded by code in Chinese, one
// line a problem, with its facts.
func TestSiteProblemsWorded(t *testing.T) {
	t.Setenv("LANGUAGE", "zh_CN")
	if err := UseLanguage(i18n.Chinese); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = UseLanguage(i18n.English) })
	bad := []sites.Site{
		{Host: "ftp://x", Port: -1, Logon: sites.KeyFile, ActivePortMin: 5, MaxConnections: 99, LocalDir: "rel", Charset: "klingon"},
		{Name: "a\nb", Host: "ann@h", Logon: sites.Normal, ActivePortMin: 9, ActivePortMax: 3, ExternalAddress: "a b", MaxConnections: 2},
		{Name: "n", Host: "[::1]", Protocol: sites.SFTP, MaxConnections: 2, Timeout: -1},
	}
	settings := sites.Settings{Language: "xx", ActivePortMin: 9, ActivePortMax: 3, ExternalAddress: "a b", Connections: 99,
		DataTimeout: -1, Retries: -1, SpeedUp: -1, ExistsUpload: "burn"}
	probs := settingsProblems(settings.Check())
	if len(probs) != 8 {
		t.Errorf("%d settings problems, want 8: %q", len(probs), probs)
	}
	for _, line := range probs {
		if strings.IndexFunc(line, func(r rune) bool { return unicode.Is(unicode.Han, r) }) < 0 {
			t.Errorf("settings problem not worded in Chinese: %q", line)
		}
	}
	for _, s := range bad {
		err := s.Validate()
		if err == nil {
			t.Fatalf("%+v is valid", s)
		}
		got := strings.Split(problemsText(err), "\n")
		want := strings.Split(err.Error(), "\n")
		if len(got) != len(want) {
			t.Fatalf("%d lines, want %d:\n%s", len(got), len(want), problemsText(err))
		}
		for i, line := range got {
			if strings.IndexFunc(line, func(r rune) bool { return unicode.Is(unicode.Han, r) }) < 0 || strings.Contains(line, "{{") {
				t.Errorf("not worded in Chinese: %q (English %q)", line, want[i])
			}
		}
	}
}

// The FileZilla import's report words its notes and skip reasons by code.
func TestImportReportWorded(t *testing.T) {
	t.Setenv("LANGUAGE", "zh_CN")
	if err := UseLanguage(i18n.Chinese); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = UseLanguage(i18n.English) })
	invalid := sites.Site{Name: "x", MaxConnections: 2}.Validate()
	res := sites.ImportResult{
		Skipped: []sites.Skipped{
			{Name: "old", Reason: "it uses FileZilla protocol 9", Why: &sites.Problem{Code: "import_protocol", Args: map[string]string{"Value": "9"}}},
			{Name: "bad", Reason: invalid.Error(), Invalid: invalid},
		},
		Notes: []string{"a: the transfer mode \"X\" is unknown", "FileZilla's file still holds 2 passwords"},
		NoteProblems: []*sites.Problem{{Code: "import_mode", Args: map[string]string{"Site": "a", "Value": `"X"`}},
			{Code: "import_readable", Args: map[string]string{"Count": "2"}}},
	}
	for _, line := range strings.Split(ImportReport(res), "\n") {
		if strings.HasPrefix(line, "• ") && !strings.ContainsFunc(line, func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
			t.Errorf("not worded in Chinese: %q", line)
		}
	}
}
