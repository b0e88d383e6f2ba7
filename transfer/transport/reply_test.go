package transport

import (
	"bufio"
	"errors"
	"net"
	"strings"
	"testing"
)

func TestReadReply(t *testing.T) {
	cases := []struct {
		name  string
		in    string
		code  int
		lines int
		err   error
	}{
		{"single", "220 ready\r\n", 220, 1, nil},
		{"bare code", "200\r\n", 200, 1, nil},
		{"multi-line", "211-Features:\r\n MLST size*;\r\n EPSV\r\n211 End\r\n", 211, 4, nil},
		{"multi-line with inner code lines", "230-Welcome\r\n230-Rules apply\r\n230 Logged in\r\n", 230, 3, nil},
		{"other code inside does not end", "250-Start\r\n226 not the end\r\n250 End\r\n", 250, 3, nil},
		{"LF only", "220 ready\n", 220, 1, nil},
		{"garbage", "hello\r\n", 0, 0, ErrMalformedReply},
		{"code out of range", "999 what\r\n", 0, 0, ErrMalformedReply},
		{"no separator", "220ready\r\n", 0, 0, ErrMalformedReply},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rep, err := readReply(bufio.NewReader(strings.NewReader(tc.in)))
			if !errors.Is(err, tc.err) {
				t.Fatalf("err = %v, want %v", err, tc.err)
			}
			if err == nil && (rep.Code != tc.code || len(rep.Lines) != tc.lines) {
				t.Fatalf("got code %d, %d lines; want %d, %d", rep.Code, len(rep.Lines), tc.code, tc.lines)
			}
		})
	}
}

func TestReadReplyUnterminated(t *testing.T) {
	_, err := readReply(bufio.NewReader(strings.NewReader("211-Features:\r\n EPSV\r\n")))
	if err == nil {
		t.Fatal("a multi-line reply cut off by EOF was accepted")
	}
}

func TestParse227(t *testing.T) {
	cases := []struct {
		in   string
		ip   string
		port int
		ok   bool
	}{
		{"227 Entering Passive Mode (192,168,1,2,195,80)", "192.168.1.2", 50000, true},
		{"227 Entering Passive Mode (10,0,0,1,0,21).", "10.0.0.1", 21, true},
		{"227 =127,0,0,1,4,1", "127.0.0.1", 1025, true}, // no parentheses (some IIS builds)
		{"227 Entering Passive Mode (127,0,0,1,4)", "", 0, false},
		{"227 Entering Passive Mode (127,0,0,1,4,1,7)", "", 0, false},
		{"227 Entering Passive Mode (300,0,0,1,4,1)", "", 0, false},
		{"227 Entering Passive Mode (1,2,3,4,0,0)", "", 0, false},
		{"227 Entering Passive Mode", "", 0, false},
		{"227 Entering Passive Mode (-1,0,0,1,4,1)", "", 0, false},
	}
	for _, tc := range cases {
		ip, port, err := Parse227(tc.in)
		if (err == nil) != tc.ok {
			t.Errorf("Parse227(%q) err = %v, want ok=%v", tc.in, err, tc.ok)
			continue
		}
		if tc.ok && (ip.String() != tc.ip || port != tc.port) {
			t.Errorf("Parse227(%q) = %s:%d, want %s:%d", tc.in, ip, port, tc.ip, tc.port)
		}
	}
}

func TestParse229(t *testing.T) {
	cases := []struct {
		in   string
		port int
		ok   bool
	}{
		{"229 Entering Extended Passive Mode (|||6446|)", 6446, true},
		{"229 EPSV ok (!!!1025!)", 1025, true},
		{"229 Entering Extended Passive Mode (|||0|)", 0, false},
		{"229 Entering Extended Passive Mode (|||70000|)", 0, false},
		{"229 Entering Extended Passive Mode (||6446|)", 0, false},
		{"229 Entering Extended Passive Mode |||6446|", 0, false},
		{"229 (|||x|)", 0, false},
	}
	for _, tc := range cases {
		port, err := Parse229(tc.in)
		if (err == nil) != tc.ok || port != tc.port {
			t.Errorf("Parse229(%q) = %d, %v; want %d ok=%v", tc.in, port, err, tc.port, tc.ok)
		}
	}
}

func TestFormatActive(t *testing.T) {
	if got, _ := FormatPORT(net.ParseIP("192.168.1.2"), 50000); got != "192,168,1,2,195,80" {
		t.Errorf("FormatPORT = %q", got)
	}
	if _, err := FormatPORT(net.ParseIP("::1"), 50000); err == nil {
		t.Error("FormatPORT accepted an IPv6 address")
	}
	if got := FormatEPRT(net.ParseIP("192.168.1.2"), 50000); got != "|1|192.168.1.2|50000|" {
		t.Errorf("FormatEPRT v4 = %q", got)
	}
	if got := FormatEPRT(net.ParseIP("2001:db8::1"), 21); got != "|2|2001:db8::1|21|" {
		t.Errorf("FormatEPRT v6 = %q", got)
	}
}

// PORT's argument parses back through the PASV parser: the two encodings agree.
func FuzzPortRoundTrip(f *testing.F) {
	f.Add([]byte{127, 0, 0, 1}, uint16(2121))
	f.Fuzz(func(t *testing.T, b []byte, port uint16) {
		if len(b) != 4 || port == 0 {
			return
		}
		ip := net.IPv4(b[0], b[1], b[2], b[3])
		arg, err := FormatPORT(ip, int(port))
		if err != nil {
			t.Fatal(err)
		}
		got, p, err := Parse227("227 Entering Passive Mode (" + arg + ")")
		if err != nil || !got.Equal(ip) || p != int(port) {
			t.Fatalf("%s:%d -> %q -> %s:%d %v", ip, port, arg, got, p, err)
		}
	})
}

// Nothing off the wire may panic or return a port out of range.
func FuzzParseReplies(f *testing.F) {
	for _, s := range []string{"227 Entering Passive Mode (192,168,1,2,195,80)", "229 (|||6446|)", "211-a\r\n211 b\r\n", "2", "227 (,,,,,)"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if _, p, err := Parse227(s); err == nil && (p < 1 || p > 65535) {
			t.Fatalf("Parse227(%q) port %d", s, p)
		}
		if p, err := Parse229(s); err == nil && (p < 1 || p > 65535) {
			t.Fatalf("Parse229(%q) port %d", s, p)
		}
		rep, err := readReply(bufio.NewReader(strings.NewReader(s)))
		if err == nil && (rep.Code < 100 || rep.Code > 599 || len(rep.Lines) == 0) {
			t.Fatalf("readReply(%q) = %+v", s, rep)
		}
	})
}

func TestPassiveTarget(t *testing.T) {
	ip := net.ParseIP
	cases := []struct {
		name          string
		peer, sent    string
		useSent       bool
		want          string
		reasonContain string
	}{
		{"same address", "203.0.113.5", "203.0.113.5", false, "203.0.113.5", ""},
		{"default replaces a private address", "203.0.113.5", "192.168.1.10", false, "203.0.113.5", "192.168.1.10"},
		{"default replaces a third host", "203.0.113.5", "198.51.100.7", false, "203.0.113.5", "198.51.100.7"},
		{"sent: public third host followed", "203.0.113.5", "198.51.100.7", true, "198.51.100.7", ""},
		{"sent: unspecified", "203.0.113.5", "0.0.0.0", true, "203.0.113.5", "unspecified"},
		{"sent: private behind public", "203.0.113.5", "10.1.2.3", true, "203.0.113.5", "behind NAT"},
		{"sent: CGNAT behind public", "203.0.113.5", "100.64.3.4", true, "203.0.113.5", "private"},
		{"sent: link-local", "203.0.113.5", "169.254.1.1", true, "203.0.113.5", "link-local"},
		{"sent: loopback from remote", "203.0.113.5", "127.0.0.1", true, "203.0.113.5", "loopback"},
		{"sent: another private network", "192.168.1.1", "10.9.9.9", true, "192.168.1.1", "another private network"},
		{"sent: same LAN followed", "192.168.1.1", "192.168.1.20", true, "192.168.1.20", ""},
		{"sent: multicast", "203.0.113.5", "224.0.0.1", true, "203.0.113.5", "multicast"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, reason := PassiveTarget(ip(tc.peer), ip(tc.sent), tc.useSent)
			if !got.Equal(ip(tc.want)) {
				t.Errorf("target = %s, want %s", got, tc.want)
			}
			if tc.reasonContain == "" && reason != "" || !strings.Contains(reason, tc.reasonContain) {
				t.Errorf("reason = %q, want it to contain %q", reason, tc.reasonContain)
			}
		})
	}
}

// endlessReply is a server that sends a multi-line reply that never ends,
// 64 KiB a line; it gives up (an error, not EOF) after limit bytes, so a
// reader without a bound on the whole reply fails the test quickly.
type endlessReply struct {
	sent, limit int
	line        []byte
}

func (e *endlessReply) Read(p []byte) (int, error) {
	if e.sent >= e.limit {
		return 0, errors.New("the reader took more than the test allows")
	}
	if e.line == nil {
		e.line = []byte("211-" + strings.Repeat("x", 64<<10-8) + "\r\n")
	}
	n := copy(p, e.line[e.sent%len(e.line):])
	e.sent += n
	return n, nil
}

func TestReadReplyBoundsItsSize(t *testing.T) {
	cases := []struct {
		name    string
		lineLen int
	}{
		{"64 KiB lines", 64<<10 - 8},
		{"short lines", 100},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			src := &endlessReply{limit: 8 << 20, line: []byte("211-" + strings.Repeat("x", tc.lineLen) + "\r\n")}
			_, err := readReply(bufio.NewReader(src))
			if !errors.Is(err, ErrMalformedReply) {
				t.Fatalf("err = %v, want a malformed reply", err)
			}
			if src.sent > maxReply+128<<10 {
				t.Fatalf("read %d bytes of one reply; the bound is %d", src.sent, maxReply)
			}
		})
	}
}
