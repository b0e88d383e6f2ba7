package ftpd

import (
	"bufio"
	"bytes"
	"net"
	"strings"
)

// refusing answers the commands of a verb set with a 5xx itself, before
// ftpserverlib sees them: a server that refuses passive mode outright
// (vsftpd's pasv_enable=NO says "550 Permission denied." to PASV), where
// NoPassive only closes the ports. Plain FTP control connections only.
type refusing struct {
	net.Listener
	verbs map[string]string // verb → reply line
}

func (l refusing) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &refusingConn{Conn: c, r: bufio.NewReader(c), verbs: l.verbs}, nil
}

type refusingConn struct {
	net.Conn
	r     *bufio.Reader
	verbs map[string]string
	buf   bytes.Buffer // the rest of a command line being handed on
}

// Read hands on whole command lines, answering the refused ones; the
// client waits for each reply, so the answer cannot cross another.
func (c *refusingConn) Read(p []byte) (int, error) {
	for c.buf.Len() == 0 {
		line, err := c.r.ReadString('\n')
		if line != "" {
			verb, _, _ := strings.Cut(strings.TrimSpace(line), " ")
			if reply, ok := c.verbs[strings.ToUpper(verb)]; ok {
				if _, err := c.Conn.Write([]byte(reply + "\r\n")); err != nil {
					return 0, err
				}
				continue
			}
			c.buf.WriteString(line)
			break
		}
		if err != nil {
			return 0, err
		}
	}
	return c.buf.Read(p)
}

// firstLineOnly reads only the first command of what arrives in one read
// and drops the rest, as some cameras', PLCs' and routers' servers do with
// pipelined commands (DropPipelined). Plain FTP control connections only.
type firstLineOnly struct{ net.Listener }

func (l firstLineOnly) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &firstLineConn{Conn: c}, nil
}

type firstLineConn struct{ net.Conn }

func (c *firstLineConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if i := bytes.Index(p[:n], []byte("\r\n")); i >= 0 && i+2 < n {
		n = i + 2
	}
	return n, err
}
