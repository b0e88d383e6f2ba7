package hostile

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// Ready-made lies, for Script.Handlers.

// Silent never answers: it waits, reading nothing, until the client gives
// up and closes the connection (or Timeout passes). A client without a
// deadline hangs on it.
func Silent(c *Conn, _ string) {
	c.nc.SetReadDeadline(time.Now().Add(Timeout))
	io.Copy(io.Discard, c.r) // returns when the client closes
}

// Flood answers with a multi-line reply of total bytes in lines of
// lineLen, without its last line: a reply that never ends. It stops when
// the client stops reading (closes) or total is sent.
func Flood(code, lineLen, total int) Handler {
	return func(c *Conn, _ string) {
		line := fmt.Sprintf("%d-%s\r\n", code, strings.Repeat("x", max(lineLen-6, 1)))
		for sent := 0; sent < total; sent += len(line) {
			c.nc.SetWriteDeadline(time.Now().Add(Timeout))
			if _, err := io.WriteString(c.nc, line); err != nil {
				return
			}
		}
	}
}
