// Package sftpd is an embedded SFTP server for tests and for the demo's SFTP
// side (portside --demo --demo-sftp): pkg/sftp's server over
// golang.org/x/crypto/ssh on 127.0.0.1, with a host key made per server and
// the logins a test asks for (password, public keys, keyboard-interactive).
// Real OpenSSH is in package realsshd; this one is for speed and for faults
// OpenSSH cannot be made to show (a host key that changes at will).
package sftpd

import (
	"bytes"
	"cmp"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"fmt"
	"net"
	"sync"

	"github.com/pkg/sftp"
	"golang.org/x/crypto/ssh"
)

// Config shapes a server. The zero value serves with no way to log in.
type Config struct {
	// Root is the folder the session starts in. The server runs as the test
	// and sees the whole file system, as sftp-server does for its user:
	// tests use absolute paths under Root.
	Root           string
	User, Password string // Password "" turns the password method off
	AuthorizedKeys []ssh.PublicKey
	// Questions and Answers turn keyboard-interactive on: the login passes
	// when the client answers each question with its answer.
	Questions, Answers []string
	// Instruction is what the questions come with; "" says "Portside test".
	Instruction string
	// HostKey is the server's key; nil makes a new ed25519 key.
	HostKey ssh.Signer
	// MoreHostKeys are offered as well, as OpenSSH offers one key per type.
	MoreHostKeys []ssh.Signer
	// NoSFTP refuses the "sftp" subsystem, as a server set up for shell
	// logins only.
	NoSFTP bool
}

// Server is a running server.
type Server struct {
	ln      net.Listener
	cfg     Config
	hostKey ssh.Signer

	mu     sync.Mutex
	conns  map[net.Conn]bool
	closed bool
	wg     sync.WaitGroup
	n      int // connections accepted
}

// Accepted is how many connections the server has taken so far.
func (s *Server) Accepted() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.n
}

// Stall makes every open connection go silent, as a server whose process
// hangs or a link that black-holes: no byte is read or written again,
// and the TCP connection stays open until the client gives up (or Close).
// Connections accepted later work.
func (s *Server) Stall() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for c := range s.conns {
		c.(*stallConn).stall()
	}
}

// NewHostKey is a fresh ed25519 host key.
func NewHostKey() (ssh.Signer, error) {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, err
	}
	return ssh.NewSignerFromKey(priv)
}

// Start listens on a free loopback port.
func Start(cfg Config) (*Server, error) {
	key := cfg.HostKey
	if key == nil {
		var err error
		if key, err = NewHostKey(); err != nil {
			return nil, err
		}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &Server{ln: ln, cfg: cfg, hostKey: key, conns: map[net.Conn]bool{}}
	s.wg.Add(1)
	go s.accept()
	return s, nil
}

// Port is the port the server listens on.
func (s *Server) Port() int { return s.ln.Addr().(*net.TCPAddr).Port }

// HostKey is the server's public host key, for tests to pin.
func (s *Server) HostKey() ssh.PublicKey { return s.hostKey.PublicKey() }

// DropAll ends every open connection, as a server restart or a broken
// link would; the server goes on listening.
func (s *Server) DropAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for c := range s.conns {
		c.Close()
	}
}

// Close stops listening and ends every connection.
func (s *Server) Close() error {
	s.mu.Lock()
	s.closed = true
	for c := range s.conns {
		c.Close()
	}
	s.mu.Unlock()
	err := s.ln.Close()
	s.wg.Wait()
	return err
}

func (s *Server) accept() {
	defer s.wg.Done()
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return
		}
		s.mu.Lock()
		if s.closed {
			s.mu.Unlock()
			c.Close()
			return
		}
		c = newStallConn(c)
		s.conns[c] = true
		s.n++
		s.wg.Add(1)
		s.mu.Unlock()
		go func() {
			defer s.wg.Done()
			s.serve(c)
			s.mu.Lock()
			delete(s.conns, c)
			s.mu.Unlock()
			c.Close()
		}()
	}
}

var errLogin = errors.New("login refused")

func (s *Server) sshConfig() *ssh.ServerConfig {
	cfg := &ssh.ServerConfig{}
	if s.cfg.Password != "" {
		cfg.PasswordCallback = func(m ssh.ConnMetadata, pw []byte) (*ssh.Permissions, error) {
			if m.User() == s.cfg.User && string(pw) == s.cfg.Password {
				return nil, nil
			}
			return nil, errLogin
		}
	}
	if len(s.cfg.AuthorizedKeys) > 0 {
		cfg.PublicKeyCallback = func(m ssh.ConnMetadata, k ssh.PublicKey) (*ssh.Permissions, error) {
			for _, a := range s.cfg.AuthorizedKeys {
				if m.User() == s.cfg.User && bytes.Equal(a.Marshal(), k.Marshal()) {
					return nil, nil
				}
			}
			return nil, errLogin
		}
	}
	if len(s.cfg.Questions) > 0 {
		cfg.KeyboardInteractiveCallback = func(m ssh.ConnMetadata, ch ssh.KeyboardInteractiveChallenge) (*ssh.Permissions, error) {
			echo := make([]bool, len(s.cfg.Questions))
			got, err := ch(m.User(), cmp.Or(s.cfg.Instruction, "Portside test"), s.cfg.Questions, echo)
			if err != nil {
				return nil, err
			}
			if m.User() != s.cfg.User || len(got) != len(s.cfg.Answers) {
				return nil, errLogin
			}
			for i := range got {
				if got[i] != s.cfg.Answers[i] {
					return nil, errLogin
				}
			}
			return nil, nil
		}
	}
	cfg.AddHostKey(s.hostKey)
	for _, k := range s.cfg.MoreHostKeys {
		cfg.AddHostKey(k)
	}
	return cfg
}

// serve runs one connection: the handshake, then an SFTP server on each
// "sftp" subsystem request.
func (s *Server) serve(c net.Conn) {
	_, chans, reqs, err := ssh.NewServerConn(c, s.sshConfig())
	if err != nil {
		return
	}
	go ssh.DiscardRequests(reqs)
	for nc := range chans {
		if nc.ChannelType() != "session" {
			nc.Reject(ssh.UnknownChannelType, "only sessions")
			continue
		}
		ch, creqs, err := nc.Accept()
		if err != nil {
			return
		}
		go func() {
			defer ch.Close()
			for r := range creqs {
				ok := r.Type == "subsystem" && len(r.Payload) > 4 && string(r.Payload[4:]) == "sftp" && !s.cfg.NoSFTP
				r.Reply(ok, nil)
				if !ok {
					continue
				}
				srv, err := sftp.NewServer(ch, sftp.WithServerWorkingDirectory(s.cfg.Root))
				if err != nil {
					return
				}
				srv.Serve()
				srv.Close()
				return
			}
		}()
	}
}

// stallConn is a connection that Stall can silence: once stalled, each
// Read and Write waits until the connection is closed.
type stallConn struct {
	net.Conn
	stalled chan struct{}
	done    chan struct{}
	once    sync.Once
	sonce   sync.Once
}

func newStallConn(c net.Conn) *stallConn {
	return &stallConn{Conn: c, stalled: make(chan struct{}), done: make(chan struct{})}
}

func (c *stallConn) stall() { c.sonce.Do(func() { close(c.stalled) }) }

func (c *stallConn) wait() error {
	select {
	case <-c.stalled:
		<-c.done
		return net.ErrClosed
	default:
		return nil
	}
}

func (c *stallConn) Read(p []byte) (int, error) {
	if err := c.wait(); err != nil {
		return 0, err
	}
	n, err := c.Conn.Read(p)
	if werr := c.wait(); werr != nil {
		return 0, werr // what came in after the stall is never seen
	}
	return n, err
}

func (c *stallConn) Write(p []byte) (int, error) {
	if err := c.wait(); err != nil {
		return 0, err
	}
	return c.Conn.Write(p)
}

func (c *stallConn) Close() error {
	c.once.Do(func() { close(c.done) })
	return c.Conn.Close()
}

// String names the server in test logs.
func (s *Server) String() string { return fmt.Sprintf("sftpd on %s", s.ln.Addr()) }
