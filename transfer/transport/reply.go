package transport

import (
	"bufio"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
)

// Reply is one FTP reply, possibly multi-line (RFC 959 §4.2).
type Reply struct {
	Code  int
	Lines []string // raw lines without CRLF; the last starts with "ddd "
}

// Text is the reply's message without codes, lines joined by newlines.
func (r Reply) Text() string {
	var b strings.Builder
	for i, l := range r.Lines {
		if i > 0 {
			b.WriteByte('\n')
		}
		if len(l) >= 4 && strings.HasPrefix(l, strconv.Itoa(r.Code)) {
			l = l[4:]
		}
		b.WriteString(l)
	}
	return b.String()
}

// String is the reply as a log line.
func (r Reply) String() string { return strings.Join(r.Lines, " | ") }

// Raw is the reply as it goes on the wire.
func (r Reply) Raw() []byte {
	var b []byte
	for _, l := range r.Lines {
		b = append(b, l...)
		b = append(b, '\r', '\n')
	}
	return b
}

func newReply(code int, text string) Reply {
	return Reply{Code: code, Lines: []string{fmt.Sprintf("%03d %s", code, text)}}
}

// ErrMalformedReply is a reply that is not "ddd text" or a multi-line reply
// that never ends.
var ErrMalformedReply = errors.New("malformed reply")

// MalformedLineError is a reply whose first line is not "ddd text": Line
// is that line (clipped), as the server sent it — an SSH server's
// "SSH-2.0-…" when FTP was pointed at port 22. It is ErrMalformedReply.
type MalformedLineError struct{ Line string }

func (e *MalformedLineError) Error() string { return fmt.Sprintf("%v: %q", ErrMalformedReply, e.Line) }
func (e *MalformedLineError) Unwrap() error { return ErrMalformedReply }

// maxReplyLines and maxReply bound a multi-line reply so a hostile server
// cannot make us buffer forever: 10,000 lines of 64 KiB would still be
// 640 MiB, so the whole reply is capped too. The longest real replies are
// FEAT and HELP lists and login banners, a few KiB; 1 MiB leaves room for
// a server that lists a folder on the control channel (STAT) and costs at
// most 1 MiB per connection, since a connection reads one reply at a time.
const (
	maxReplyLines = 10000
	maxReply      = 1 << 20
)

// readReply reads one whole reply. A multi-line reply starts "ddd-" and ends
// at the first line that starts "ddd " with the same code.
func readReply(r *bufio.Reader) (Reply, error) {
	first, err := readLine(r)
	if err != nil {
		return Reply{}, err
	}
	code, sep, ok := replyStart(first)
	if !ok {
		return Reply{}, &MalformedLineError{Line: clip(first)}
	}
	rep := Reply{Code: code, Lines: []string{first}}
	if sep == ' ' {
		return rep, nil
	}
	total := len(first)
	for len(rep.Lines) < maxReplyLines {
		l, err := readLine(r)
		if err != nil {
			return Reply{}, err
		}
		if total += len(l) + 2; total > maxReply {
			return Reply{}, fmt.Errorf("%w: a reply longer than %d bytes", ErrMalformedReply, maxReply)
		}
		rep.Lines = append(rep.Lines, l)
		if c, s, ok := replyStart(l); ok && c == code && s == ' ' {
			return rep, nil
		}
	}
	return Reply{}, fmt.Errorf("%w: more than %d lines", ErrMalformedReply, maxReplyLines)
}

// maxLine bounds one line of a reply.
const maxLine = 64 << 10

func readLine(r *bufio.Reader) (string, error) {
	var line []byte
	for {
		chunk, isPrefix, err := r.ReadLine()
		if err != nil {
			return "", err
		}
		line = append(line, chunk...)
		if len(line) > maxLine {
			return "", fmt.Errorf("%w: a line longer than %d bytes", ErrMalformedReply, maxLine)
		}
		if !isPrefix {
			return string(line), nil
		}
	}
}

func replyStart(l string) (code int, sep byte, ok bool) {
	if len(l) < 3 {
		return 0, 0, false
	}
	for i := 0; i < 3; i++ {
		if l[i] < '0' || l[i] > '9' {
			return 0, 0, false
		}
	}
	if l[0] < '1' || l[0] > '5' {
		return 0, 0, false
	}
	code, _ = strconv.Atoi(l[:3])
	switch {
	case len(l) == 3:
		return code, ' ', true
	case l[3] == ' ' || l[3] == '-':
		return code, l[3], true
	}
	return 0, 0, false
}

func clip(s string) string {
	if len(s) > 80 {
		return s[:80] + "…"
	}
	return s
}

// Parse227 reads the address and port of a PASV reply:
// "227 Entering Passive Mode (h1,h2,h3,h4,p1,p2)". Some servers omit the
// parentheses, so the six numbers are found wherever they stand.
func Parse227(text string) (net.IP, int, error) {
	text = strings.TrimPrefix(text, "227")
	var inner string
	if open := strings.IndexByte(text, '('); open >= 0 {
		end := strings.IndexByte(text[open:], ')')
		if end < 0 {
			return nil, 0, fmt.Errorf("%w: PASV reply %q has no closing parenthesis", ErrMalformedReply, clip(text))
		}
		inner = text[open+1 : open+end]
	} else {
		start := strings.IndexAny(text, "0123456789")
		if start < 0 {
			return nil, 0, fmt.Errorf("%w: no address in PASV reply %q", ErrMalformedReply, clip(text))
		}
		end := start
		for end < len(text) && (text[end] == ',' || (text[end] >= '0' && text[end] <= '9')) {
			end++
		}
		inner = text[start:end]
	}
	parts := strings.Split(inner, ",")
	if len(parts) != 6 {
		return nil, 0, fmt.Errorf("%w: PASV reply %q does not hold six numbers", ErrMalformedReply, clip(text))
	}
	var n [6]int
	for i, p := range parts {
		v, err := strconv.Atoi(strings.TrimSpace(p))
		if err != nil || v < 0 || v > 255 || strings.HasPrefix(strings.TrimSpace(p), "+") {
			return nil, 0, fmt.Errorf("%w: PASV reply %q has a number out of range", ErrMalformedReply, clip(text))
		}
		n[i] = v
	}
	port := n[4]<<8 | n[5]
	if port == 0 {
		return nil, 0, fmt.Errorf("%w: PASV reply %q names port 0", ErrMalformedReply, clip(text))
	}
	return net.IPv4(byte(n[0]), byte(n[1]), byte(n[2]), byte(n[3])).To4(), port, nil
}

// Parse229 reads the port of an EPSV reply: "229 text (|||port|)". The
// delimiter is whatever character the server chose (RFC 2428 §3).
func Parse229(text string) (int, error) {
	open := strings.IndexByte(text, '(')
	end := strings.LastIndexByte(text, ')')
	if open < 0 || end < open+6 {
		return 0, fmt.Errorf("%w: EPSV reply %q", ErrMalformedReply, clip(text))
	}
	inner := text[open+1 : end]
	d := inner[0]
	if d < 33 || d > 126 || len(inner) < 5 || inner[1] != d || inner[2] != d || inner[len(inner)-1] != d {
		return 0, fmt.Errorf("%w: EPSV reply %q", ErrMalformedReply, clip(text))
	}
	port, err := strconv.Atoi(inner[3 : len(inner)-1])
	if err != nil || port < 1 || port > 65535 {
		return 0, fmt.Errorf("%w: EPSV reply %q has no valid port", ErrMalformedReply, clip(text))
	}
	return port, nil
}

// FormatPORT is the argument of PORT for an IPv4 address and port.
func FormatPORT(ip net.IP, port int) (string, error) {
	v4 := ip.To4()
	if v4 == nil {
		return "", fmt.Errorf("PORT cannot announce the IPv6 address %s", ip)
	}
	return fmt.Sprintf("%d,%d,%d,%d,%d,%d", v4[0], v4[1], v4[2], v4[3], port>>8, port&0xff), nil
}

// FormatEPRT is the argument of EPRT: "|1|ip4|port|" or "|2|ip6|port|".
func FormatEPRT(ip net.IP, port int) string {
	if v4 := ip.To4(); v4 != nil {
		return fmt.Sprintf("|1|%s|%d|", v4, port)
	}
	return fmt.Sprintf("|2|%s|%d|", ip, port)
}
