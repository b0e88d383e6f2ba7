package transport

import (
	"fmt"
	"io"
	"strings"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/ianaindex"
	"golang.org/x/text/transform"
)

// Charset is how a server without UTF-8 (old IIS and Serv-U on Chinese or
// Japanese Windows) writes file names. The library and Portside speak UTF-8;
// transport transcodes command lines, replies and listings on the wire.
type charset struct {
	name string
	enc  encoding.Encoding
}

// LookupCharset finds an encoding by name ("GBK", "Big5", "Shift_JIS",
// "windows-1252"…); "", "auto" and "UTF-8" need no transcoding (nil).
func LookupCharset(name string) (*charset, error) {
	switch strings.ToLower(strings.TrimSpace(name)) {
	case "", "auto", "utf-8", "utf8":
		return nil, nil
	}
	enc, err := htmlindex.Get(name)
	if err != nil {
		if enc, err = ianaindex.IANA.Encoding(name); err != nil || enc == nil {
			return nil, fmt.Errorf("unknown charset %q", name)
		}
	}
	return &charset{name: name, enc: enc}, nil
}

// encode turns a UTF-8 command line into the server's bytes.
func (c *charset) encode(line string) (string, error) {
	if c == nil || isASCII(line) {
		return line, nil
	}
	out, err := c.enc.NewEncoder().String(line)
	if err != nil {
		return "", fmt.Errorf("%q cannot be written in %s: %w", line, c.name, err)
	}
	return out, nil
}

// decode turns the server's bytes into UTF-8; bytes that are not valid in
// the charset become U+FFFD rather than failing the whole reply.
func (c *charset) decode(s string) string {
	if c == nil || isASCII(s) {
		return s
	}
	out, _, err := transform.String(c.enc.NewDecoder(), s)
	if err != nil {
		return s
	}
	return out
}

// reader decodes a listing on its data connection.
func (c *charset) reader(r io.Reader) io.Reader {
	if c == nil {
		return r
	}
	return transform.NewReader(r, c.enc.NewDecoder())
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
