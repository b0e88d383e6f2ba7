package i18n_test

import (
	"testing"

	"portside/i18n"
	"portside/transfer/transport"
)

// A log line the engine gave a code is worded whole in Chinese: the
// failed step inside it from its facts (Args["Facts"]), auto mode's other
// methods from their names; a line without a code stays as written,
// escaped.
func TestEventChinese(t *testing.T) {
	facts := `{"step":"data","addr":"192.0.2.7:50001","method":"EPRT","cause":"timeout"}`
	cases := []struct {
		name string
		ev   transport.Event
		want string
	}{
		{"a probe's failure", transport.Event{Key: "auto_failed", Args: map[string]string{"Method": "EPRT", "Took": "3s",
			"Error": "data connection (EPRT) to 192.0.2.7:50001: i/o timeout", "Facts": facts}},
			"自动模式：EPRT 在 3s 后失败：无法打开到 192.0.2.7:50001 的数据连接（EPRT，主动模式）：无响应（超时）"},
		{"a reconnect", transport.Event{Key: "reconnecting", Args: map[string]string{"Error": "i/o timeout", "Facts": facts}},
			"重新连接，原因：无法打开到 192.0.2.7:50001 的数据连接（EPRT，主动模式）：无响应（超时）"},
		{"auto mode's choice over others", transport.Event{Key: "auto_chose", Args: map[string]string{"Method": "EPSV", "Won": "12ms",
			"Others": "PASV lost: still connecting after 10ms; stopped when EPSV won; EPRT failed after 3s: refused", "Lost": "PASV", "Failed": "EPRT,PORT"}},
			"自动模式选择了 EPSV：它在探测开始后 12ms 传回了目录列表（其余方式：PASV 因它胜出而停止；EPRT、PORT 此前已失败）"},
		{"pipelining", transport.Event{Key: "pipelined", Text: "The server answers pipelined commands: …"},
			"服务器能正确应答连续发送的命令：下载时，下一个 EPSV 会随上一个文件的结束一并发出"},
		{"an active data connection", transport.Event{Key: "data_from", Args: map[string]string{"Method": "EPRT", "Addr": "192.0.2.7:20"}},
			"数据连接（EPRT）来自 192.0.2.7:20"},
		{"the pipelined EPSV refused during a transfer", transport.Event{Key: "pipelined_refused", Args: map[string]string{"Code": "450"}},
			"服务器在传输过程中拒绝了预先发出的 EPSV（450）：此后不再在传输过程中预先发送"},
		{"the next upload's data connection dialled early", transport.Event{Key: "early_dial_tls", Args: map[string]string{"Addr": "192.0.2.7:50001"}},
			"下一个文件的数据连接：在等待重命名应答时提前连接 192.0.2.7:50001，并同时发出 TLS 握手"},
		{"a download's close_notify with the handshake", transport.Event{Key: "close_notify_early"},
			"数据连接：握手后随即发出 TLS close_notify（服务器要收到它才会发送 226）"},
		{"the pipelined EPSV itself", transport.Event{Kind: transport.Sent, Key: "pipelined_epsv", Text: "EPSV (pipelined: …)"},
			"EPSV（连续发送：为下一个文件提前发出，不等本文件传完）"},
		{"no code", transport.Event{Text: "230 ok\x1b[2J"}, `230 ok\x1b[2J`},
	}
	l := i18n.For(i18n.Chinese)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := l.Event(c.ev); got != c.want {
				t.Errorf("got  %q\nwant %q", got, c.want)
			}
		})
	}
}
