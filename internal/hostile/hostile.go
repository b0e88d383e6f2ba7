// Package hostile is a scripted FTP server for tests of what a hostile or
// broken server can do to Portside. It speaks just enough FTP over loopback
// for the client to log in, list, download and upload (passive data
// connections only), from an in-memory tree; a test replaces the answer to
// any command with its own Handler, which may send anything at all: a
// PWD of `257 "/.."`, a listing naming "../x", a 421 in the middle of a
// queue, a reply with terminal escapes, silence.
//
// The embedded server (transfer/ftpd) is a real server and will not lie;
// this one lies on purpose. Every wait is bounded (Timeout), so a test that
// gets the protocol wrong fails instead of hanging.
package hostile

import (
	"bufio"
	"fmt"
	"net"
	"path"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

// Timeout bounds every wait of the server: a read of a command, the
// client's dial of a data connection.
const Timeout = 20 * time.Second

// Script is what the server holds and how it departs from FTP.
type Script struct {
	// Files maps absolute paths ("/pub/a.txt") to their contents. Their
	// folders exist implicitly; Dirs adds empty ones.
	Files map[string]string
	Dirs  []string
	// Home is the folder PWD names after login (default "/"). It is sent
	// as it is, so "/.." is a valid script.
	Home string
	// MLSD advertises MLST/MLSD in FEAT; listings then come as MLSD facts.
	MLSD bool
	// Listings replaces the listing of a folder with these raw lines (in
	// MLSD form when MLSD is set, else "ls -l" form), joined with CRLF.
	Listings map[string][]string
	// Handlers answer a command (by its upper-case verb) instead of the
	// default. A handler may call Conn.Default to fall back.
	Handlers map[string]Handler
}

// Handler answers one command; arg is the rest of the line.
type Handler func(c *Conn, arg string)

// Server is a running scripted server. Its methods are safe for concurrent use.
type Server struct {
	t      testing.TB
	ln     net.Listener
	script Script

	mu    sync.Mutex
	files map[string][]byte
	dirs  map[string]bool
	cmds  []string
	conns []net.Conn
}

// Start runs a server on 127.0.0.1 until the test ends.
func Start(t testing.TB, s Script) *Server {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &Server{t: t, ln: ln, script: s, files: map[string][]byte{}, dirs: map[string]bool{"/": true}}
	if srv.script.Home == "" {
		srv.script.Home = "/"
	}
	for p, body := range s.Files {
		srv.files[p] = []byte(body)
		srv.addParents(p)
	}
	for _, d := range s.Dirs {
		srv.dirs[d] = true
		srv.addParents(d)
	}
	var wg sync.WaitGroup
	t.Cleanup(func() {
		ln.Close()
		srv.mu.Lock()
		for _, c := range srv.conns {
			c.Close()
		}
		srv.mu.Unlock()
		wg.Wait()
	})
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			nc, err := ln.Accept()
			if err != nil {
				return
			}
			srv.mu.Lock()
			srv.conns = append(srv.conns, nc)
			srv.mu.Unlock()
			wg.Add(1)
			go func() {
				defer wg.Done()
				srv.serve(nc)
			}()
		}
	}()
	return srv
}

func (s *Server) addParents(p string) {
	for d := parent(p); ; d = parent(d) {
		s.dirs[d] = true
		if d == "/" {
			return
		}
	}
}

func parent(p string) string {
	i := strings.LastIndexByte(strings.TrimSuffix(p, "/"), '/')
	if i <= 0 {
		return "/"
	}
	return p[:i]
}

// Port is the control port; Addr is host:port.
func (s *Server) Port() int           { return s.ln.Addr().(*net.TCPAddr).Port }
func (s *Server) Addr() string        { return s.ln.Addr().String() }
func (s *Server) Host() string        { return "127.0.0.1" }
func (s *Server) URL(p string) string { return "ftp://alice@" + s.Addr() + p }

// Commands are the command lines received so far, in order (PASS hidden).
func (s *Server) Commands() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.cmds...)
}

// Count is how many commands with this verb arrived.
func (s *Server) Count(verb string) int {
	n := 0
	for _, c := range s.Commands() {
		if v, _, _ := strings.Cut(c, " "); strings.EqualFold(v, verb) {
			n++
		}
	}
	return n
}

// File is a file's contents as the server holds them now (uploads land here).
func (s *Server) File(p string) ([]byte, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, ok := s.files[p]
	return append([]byte(nil), b...), ok
}

// SetFile puts a file on the server (its folders appear with it), as if
// someone uploaded it between two runs.
func (s *Server) SetFile(p, body string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.files[p] = []byte(body)
	s.addParents(p)
}

// Paths are every file the server holds, sorted.
func (s *Server) Paths() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for p := range s.files {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// Conn is one control connection, as handlers see it.
type Conn struct {
	srv  *Server
	nc   net.Conn
	r    *bufio.Reader
	pasv net.Listener
	cwd  string
	rest int64
	from string // RNFR's path
}

// Reply sends "code text" (one line).
func (c *Conn) Reply(code int, text string) { c.Write(fmt.Sprintf("%d %s\r\n", code, text)) }

// Write sends raw bytes on the control connection.
func (c *Conn) Write(raw string) {
	c.nc.SetWriteDeadline(time.Now().Add(Timeout))
	c.nc.Write([]byte(raw))
}

// Close drops the control connection.
func (c *Conn) Close() { c.nc.Close() }

// Cwd is the connection's current folder.
func (c *Conn) Cwd() string { return c.cwd }

// Server is the server the connection belongs to.
func (c *Conn) Server() *Server { return c.srv }

// Abs resolves a command's path argument against the current folder.
func (c *Conn) Abs(arg string) string {
	if arg == "" {
		arg = c.cwd
	}
	if !strings.HasPrefix(arg, "/") {
		arg = c.cwd + "/" + arg
	}
	return path.Clean("/" + arg) // the tree is rooted: "/.." is "/"
}

// Data accepts the client's data connection on the last passive port.
func (c *Conn) Data() (net.Conn, error) {
	if c.pasv == nil {
		return nil, fmt.Errorf("no PASV or EPSV before the transfer")
	}
	ln := c.pasv
	c.pasv = nil
	defer ln.Close()
	ln.(*net.TCPListener).SetDeadline(time.Now().Add(Timeout))
	dc, err := ln.Accept()
	if err != nil {
		return nil, err
	}
	dc.SetDeadline(time.Now().Add(Timeout))
	return dc, nil
}

// Send answers a transfer command: 150, body on a data connection, 226.
func (c *Conn) Send(body []byte) {
	dc, err := c.Data()
	if err != nil {
		c.Reply(425, "no data connection")
		return
	}
	c.Reply(150, "here it comes")
	dc.Write(body)
	dc.Close()
	c.Reply(226, "transfer complete")
}

func (s *Server) serve(nc net.Conn) {
	c := &Conn{srv: s, nc: nc, r: bufio.NewReader(nc), cwd: s.script.Home}
	defer nc.Close()
	defer func() {
		if c.pasv != nil {
			c.pasv.Close()
		}
	}()
	c.Reply(220, "hostile test server")
	for {
		nc.SetReadDeadline(time.Now().Add(Timeout))
		line, err := c.r.ReadString('\n')
		if err != nil {
			return
		}
		line = strings.TrimRight(line, "\r\n")
		verb, arg, _ := strings.Cut(line, " ")
		verb = strings.ToUpper(verb)
		s.mu.Lock()
		if verb == "PASS" {
			s.cmds = append(s.cmds, "PASS ****")
		} else {
			s.cmds = append(s.cmds, line)
		}
		s.mu.Unlock()
		if h, ok := s.script.Handlers[verb]; ok {
			h(c, arg)
		} else {
			c.Default(verb, arg)
		}
		if verb == "QUIT" {
			return
		}
	}
}
