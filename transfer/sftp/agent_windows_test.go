package sftp_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"fmt"
	"os"
	"syscall"
	"testing"
	"unsafe"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/agent"

	"portside/transfer/sftp"
	"portside/transfer/sftpd"
)

var (
	kernel32         = syscall.NewLazyDLL("kernel32.dll")
	createNamedPipe  = kernel32.NewProc("CreateNamedPipeW")
	connectNamedPipe = kernel32.NewProc("ConnectNamedPipe")
)

// servePipeAgent serves keyring on named pipe name, one connection, as
// Windows' OpenSSH agent service does. ok is false when another process
// already serves that name (a real agent, on a real Windows).
func servePipeAgent(t *testing.T, name string, keyring agent.Agent) (ok bool) {
	t.Helper()
	const (
		pipeAccessDuplex          = 0x3
		fileFlagFirstPipeInstance = 0x00080000
		errorPipeConnected        = 535
	)
	p, err := syscall.UTF16PtrFromString(name)
	if err != nil {
		t.Fatal(err)
	}
	h, _, err := createNamedPipe.Call(uintptr(unsafe.Pointer(p)), pipeAccessDuplex|fileFlagFirstPipeInstance,
		0 /* byte stream, blocking */, 1, 4096, 4096, 0, 0)
	if syscall.Handle(h) == syscall.InvalidHandle {
		if err == syscall.ERROR_ACCESS_DENIED {
			return false
		}
		t.Fatalf("CreateNamedPipe %s: %v", name, err)
	}
	f := os.NewFile(h, name)
	go func() {
		defer f.Close()
		if r, _, err := connectNamedPipe.Call(h, 0); r == 0 && err != syscall.Errno(errorPipeConnected) {
			return
		}
		agent.ServeAgent(keyring, f)
	}()
	return true
}

// On Windows the agent is reached at a named pipe: the one SSH_AUTH_SOCK
// names, or, when it is unset, the OpenSSH agent service's. Run under
// Wine by make windows-test.
func TestAgentNamedPipe(t *testing.T) {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := ssh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, pipe, socket, env string
	}{
		{"pipe in SSH_AUTH_SOCK", fmt.Sprintf(`\\.\pipe\portside-test-agent-%d`, os.Getpid()), "", "pipe"},
		{"pipe in the site", fmt.Sprintf(`\\.\pipe\portside-test-agent-site-%d`, os.Getpid()), "pipe", ""},
		{"OpenSSH service's pipe", `\\.\pipe\openssh-ssh-agent`, "", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			keyring := agent.NewKeyring()
			if err := keyring.Add(agent.AddedKey{PrivateKey: priv}); err != nil {
				t.Fatal(err)
			}
			if !servePipeAgent(t, c.pipe, keyring) {
				t.Skipf("%s is served already (a running agent): not replaced by a test", c.pipe)
			}
			env, socket := "", ""
			if c.env == "pipe" {
				env = c.pipe
			}
			if c.socket == "pipe" {
				socket = c.pipe
			}
			t.Setenv("SSH_AUTH_SOCK", env)
			srv := embedded(t, sftpd.Config{AuthorizedKeys: []ssh.PublicKey{signer.PublicKey()}})
			s := connect(t, sftp.Config{Host: "127.0.0.1", Port: srv.Port(), User: "ann", Agent: true, AgentSocket: socket,
				HostKeys: pinned(t, srv.Port(), srv.HostKey())})
			if _, err := s.Home(context.Background()); err != nil {
				t.Fatal(err)
			}
		})
	}
}
