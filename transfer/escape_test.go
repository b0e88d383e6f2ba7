package transfer_test

import (
	"bytes"
	"testing"

	"portside/transfer"
)

func TestEscape(t *testing.T) {
	cases := []struct{ in, line, text string }{
		{"plain ünïcode 名前", "plain ünïcode 名前", "plain ünïcode 名前"},
		{"530 \x1b]0;pwned\a\x1b[2J", `530 \x1b]0;pwned\x07\x1b[2J`, `530 \x1b]0;pwned\x07\x1b[2J`},
		{"a\r\nb\tc", `a\r\nb\tc`, "a\\r\nb\tc"},
		{"\u202etxt.exe", `\u202etxt.exe`, `\u202etxt.exe`},
		{"c1\u009b2J", `c1\u009b2J`, `c1\u009b2J`},
		{"bad\xffbyte\x7f", `bad\xffbyte\x7f`, `bad\xffbyte\x7f`},
		{"rli\u2067x\u2069", `rli\u2067x\u2069`, `rli\u2067x\u2069`},
	}
	for _, tc := range cases {
		if got := transfer.Escape(tc.in); got != tc.line {
			t.Errorf("Escape(%q) = %q, want %q", tc.in, got, tc.line)
		}
		if got := transfer.EscapeText(tc.in); got != tc.text {
			t.Errorf("EscapeText(%q) = %q, want %q", tc.in, got, tc.text)
		}
	}
}

// A character split across writes comes out whole, not as two escapes.
func TestEscapeWriterSplitRune(t *testing.T) {
	var out bytes.Buffer
	w := &transfer.EscapeWriter{W: &out}
	in := []byte("é\x1b名")
	for i := range in {
		w.Write(in[i : i+1])
	}
	w.Flush()
	if got := out.String(); got != `é\x1b名` {
		t.Fatalf("got %q", got)
	}
}
