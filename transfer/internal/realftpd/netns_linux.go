package realftpd

import (
	"net"
	"time"

	"portside/transfer/internal/netlab"
)

// dial connects to the control port from the server's network namespace
// (Options.Netns), where its address is reachable, or from here.
func (s *Server) dial(timeout time.Duration) (net.Conn, error) {
	if s.opts.Netns == "" {
		return net.DialTimeout("tcp", s.Addr(), timeout)
	}
	var c net.Conn
	err := netlab.InNS(s.opts.Netns, func() (err error) {
		c, err = net.DialTimeout("tcp", s.Addr(), timeout)
		return err
	})
	return c, err
}
