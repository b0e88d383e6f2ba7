package sftp

import (
	"errors"
	"io"
	"io/fs"
	"net"
	"os"
	"strings"
)

// defaultAgentPipe is where Windows' own OpenSSH agent service listens.
const defaultAgentPipe = `\\.\pipe\openssh-ssh-agent`

var errNoAgent = errors.New("no ssh-agent is running (SSH_AUTH_SOCK is not set, and the OpenSSH Authentication Agent service does not answer)")

// dialAgent reaches the ssh-agent at sock: a named pipe (\\.\pipe\…), as
// Windows' OpenSSH agent serves, or a Unix socket, which Windows 10 has
// too (SSH_AUTH_SOCK of an agent such as Git for Windows' or KeePassXC's
// may name one). With no sock it tries the OpenSSH service's pipe. A pipe
// opened as a file is enough: the agent protocol is one request, one
// answer, in order.
func dialAgent(sock string) (io.ReadWriteCloser, error) {
	if sock == "" {
		sock = defaultAgentPipe
	}
	if !strings.HasPrefix(sock, `\\.\pipe\`) {
		return net.Dial("unix", sock)
	}
	f, err := os.OpenFile(sock, os.O_RDWR, 0)
	if errors.Is(err, fs.ErrNotExist) && sock == defaultAgentPipe {
		return nil, errNoAgent
	}
	return f, err
}
