package transport

import (
	"errors"
	"fmt"
	"net"
	"strings"
)

// Command sends one command line of the caller's own to the server and
// returns its final reply: the raw command path that github.com/jlaffaye/ftp
// does not export (SITE CHMOD, and later anything FileZilla's "Enter custom
// command" sends). It must only be called while the library is idle (the
// session's lock held and no transfer open), so that the reply read here is
// this command's and not one the library waits for.
func (c *Conn) Command(line string) (Reply, error) {
	if strings.ContainsAny(line, "\r\n\x00") {
		// One line is one command: a CR or LF would smuggle a second.
		return Reply{}, errors.New("a command cannot hold CR, LF or NUL")
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return Reply{}, net.ErrClosed
	}
	if c.out.Len() > 0 || len(c.in) > 0 || c.waiting != nil || c.handed != nil {
		return Reply{}, fmt.Errorf("the connection is busy with another command")
	}
	enc, err := c.cs.encode(line)
	if err != nil {
		return Reply{}, err
	}
	verb, _, _ := strings.Cut(line, " ")
	c.last = strings.ToUpper(verb)
	return c.command(enc)
}
