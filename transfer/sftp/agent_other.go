//go:build !windows

package sftp

import (
	"errors"
	"io"
	"net"
)

var errNoAgent = errors.New("no ssh-agent is running (SSH_AUTH_SOCK is not set)")

// dialAgent reaches the ssh-agent listening at socket sock.
func dialAgent(sock string) (io.ReadWriteCloser, error) {
	if sock == "" {
		return nil, errNoAgent
	}
	return net.Dial("unix", sock)
}
