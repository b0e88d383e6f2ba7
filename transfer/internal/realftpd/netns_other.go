//go:build !linux

package realftpd

import (
	"net"
	"time"
)

// dial connects to the control port; network namespaces (Options.Netns)
// exist on Linux only (netns_linux.go).
func (s *Server) dial(timeout time.Duration) (net.Conn, error) {
	return net.DialTimeout("tcp", s.Addr(), timeout)
}
