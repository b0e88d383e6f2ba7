package transfer

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"unicode/utf8"
)

// The one escaping rule for text that came from a server or a file name
// and is about to be shown: in a terminal (portside-cli) or the window's
// message log. A server's reply or a name may hold ESC sequences (which
// set a terminal's title, clear it, or worse), a CR that overwrites what
// was printed, C1 controls that some terminals obey like ESC, and bidi
// overrides that show "‮txt.exe" as "exe.txt". All of them are shown as
// Go escapes instead: \x1b, \r, \u009b, \u202e; bytes that are not UTF-8
// as \xff. Printable text, in any script, is left alone.

// Escape returns s with every control, bidi-override and invalid byte
// escaped, newlines and tabs included: for one line of output.
func Escape(s string) string { return escape(s, false) }

// EscapeText is Escape that keeps newlines and tabs: for text whose lines
// Portside itself laid out.
func EscapeText(s string) string { return escape(s, true) }

func escape(s string, keepLines bool) string {
	if clean(s, keepLines) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n <= 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case keepLines && (r == '\n' || r == '\t'):
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case unsafeRune(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// clean is the fast path: nothing to escape.
func clean(s string, keepLines bool) bool {
	for _, r := range s {
		if r == utf8.RuneError || r < 0x20 && !(keepLines && (r == '\n' || r == '\t')) || r == 0x7f || unsafeRune(r) {
			return false
		}
	}
	return true
}

// unsafeRune is a C1 control or a character that reorders text around it.
func unsafeRune(r rune) bool {
	switch {
	case r >= 0x80 && r <= 0x9f: // C1 controls
		return true
	case r == 0x061c, r == 0x200e, r == 0x200f: // Arabic letter mark, LRM, RLM
		return true
	case r >= 0x202a && r <= 0x202e: // LRE, RLE, PDF, LRO, RLO
		return true
	case r >= 0x2066 && r <= 0x2069: // LRI, RLI, FSI, PDI
		return true
	}
	return false
}

// EscapeWriter escapes everything written through it as EscapeText does;
// portside-cli writes all its output through one, so no server byte
// reaches the terminal raw. A character split across two writes is held
// back until it is whole. It is safe for concurrent use, like the
// *os.File it usually wraps.
type EscapeWriter struct {
	W       io.Writer
	mu      sync.Mutex
	pending []byte
}

func (e *EscapeWriter) Write(p []byte) (int, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	buf := append(e.pending, p...)
	e.pending = nil
	// Hold back an incomplete character at the end (at most 3 bytes).
	cut := len(buf)
	for k := 1; k <= 3 && k <= len(buf); k++ {
		if c := buf[len(buf)-k]; utf8.RuneStart(c) {
			if !utf8.FullRune(buf[len(buf)-k:]) {
				cut = len(buf) - k
			}
			break
		}
	}
	e.pending = append([]byte(nil), buf[cut:]...)
	if _, err := io.WriteString(e.W, EscapeText(string(buf[:cut]))); err != nil {
		return 0, err
	}
	return len(p), nil
}

// Flush writes what is held back (as escapes: it never became whole).
func (e *EscapeWriter) Flush() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if len(e.pending) == 0 {
		return nil
	}
	_, err := io.WriteString(e.W, EscapeText(string(e.pending)))
	e.pending = nil
	return err
}
