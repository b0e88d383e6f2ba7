// Package silentftp is a scripted FTP server for tests of deadlines: it
// serves a few in-memory files in "/" (passive EPSV only, plain or explicit
// TLS) and goes silent at a chosen point — after PASS, in a listing, in the
// middle of a download or an upload, before the final 226, or in the TLS
// handshake of a data connection — or sends its data slowly but steadily.
// Silent means it neither answers nor closes, as a crashed server behind a
// firewall that drops packets would. It can also lie about sizes, and list
// folders that list the same as their parent (a loop). Loopback only.
package silentftp

import (
	"bufio"
	"crypto/tls"
	"fmt"
	"io"
	"net"
	"path"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Stall is where the server goes silent.
type Stall int

const (
	None        Stall = iota
	AfterPass         // never answers PASS
	InListing         // LIST: 150 and a part of the listing, then nothing
	MidDownload       // RETR: 150 and half the file, then nothing
	Before226         // RETR: the whole file, the data connection closed, no 226
	DataTLS           // a data connection is accepted but its TLS handshake never answered
	InUpload          // STOR: 150, then the data connection is never read
)

// Config says what to serve and where to stall.
type Config struct {
	Files map[string][]byte // name in "/" → content
	Stall Stall
	// Stalls is how many times to go silent before behaving (0: always):
	// a retry after a silence then succeeds.
	Stalls int
	// Trickle sends data connections' bytes Chunk at a time with this pause
	// between: slow but steady.
	Trickle time.Duration
	Chunk   int
	// Cert offers explicit TLS (AUTH TLS) on control and data connections.
	Cert *tls.Certificate
	// Sizes are what LIST and SIZE claim for a file, where they lie.
	Sizes map[string]int64
	// Dirs are listed as folders. Every path lists the same, so a folder
	// lists itself as a child: a loop.
	Dirs []string
	// Generate lists that many more files, "f0000001" on, of one byte each
	// (RETR of a name not in Files sends one byte): a huge folder, streamed,
	// for measuring what a listing or a queue costs the client.
	Generate int
}

// Server is a running scripted server.
type Server struct {
	cfg    Config
	ln     net.Listener
	done   chan struct{}
	stalls atomic.Int32
	mu     sync.Mutex
	conns  []net.Conn
	counts map[string]int
	wg     sync.WaitGroup
	closed sync.Once
}

// Start listens on loopback and serves until Close.
func Start(cfg Config) (*Server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, ln: ln, done: make(chan struct{})}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s.track(c)
			s.wg.Add(1)
			go func() { defer s.wg.Done(); s.serve(c) }()
		}
	}()
	return s, nil
}

// Port is the control port.
func (s *Server) Port() int { return s.ln.Addr().(*net.TCPAddr).Port }

// Stalled is how many times the server went silent.
func (s *Server) Stalled() int { return int(s.stalls.Load()) }

// Count is how many times a command was received.
func (s *Server) Count(verb string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.counts[verb]
}

// size is what the server claims for a file.
func (s *Server) size(name string, body []byte) int64 {
	if n, ok := s.cfg.Sizes[name]; ok {
		return n
	}
	return int64(len(body))
}

// Close ends every silence and connection.
func (s *Server) Close() {
	s.closed.Do(func() {
		close(s.done)
		s.ln.Close()
		s.mu.Lock()
		for _, c := range s.conns {
			c.Close()
		}
		s.mu.Unlock()
	})
	s.wg.Wait()
}

func (s *Server) track(c net.Conn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.conns = append(s.conns, c)
}

// stall reports whether to go silent at where, counting the silence.
func (s *Server) stall(where Stall) bool {
	if s.cfg.Stall != where {
		return false
	}
	if n := s.stalls.Add(1); s.cfg.Stalls > 0 && int(n) > s.cfg.Stalls {
		s.stalls.Add(-1)
		return false
	}
	return true
}

// silence waits until the server is closed: no reply, no close.
func (s *Server) silence() { <-s.done }

type session struct {
	s    *Server
	c    net.Conn
	r    *bufio.Reader
	prot bool
	pasv net.Listener
	rest int64
}

func (s *Server) serve(c net.Conn) {
	ss := &session{s: s, c: c, r: bufio.NewReader(c)}
	defer func() {
		if ss.pasv != nil {
			ss.pasv.Close()
		}
		ss.c.Close()
	}()
	ss.reply("220 silentftp ready")
	for {
		line, err := ss.r.ReadString('\n')
		if err != nil {
			return
		}
		verb, arg, _ := strings.Cut(strings.TrimRight(line, "\r\n"), " ")
		verb = strings.ToUpper(verb)
		s.mu.Lock()
		if s.counts == nil {
			s.counts = map[string]int{}
		}
		s.counts[verb]++
		s.mu.Unlock()
		if !ss.handle(verb, arg) {
			return
		}
	}
}

func (ss *session) reply(format string, args ...any) {
	fmt.Fprintf(ss.c, format+"\r\n", args...)
}

func (ss *session) handle(verb, arg string) bool {
	switch verb {
	case "AUTH":
		if ss.s.cfg.Cert == nil {
			ss.reply("502 no TLS")
			return true
		}
		ss.reply("234 go ahead")
		tc := tls.Server(ss.c, &tls.Config{Certificates: []tls.Certificate{*ss.s.cfg.Cert}})
		if tc.Handshake() != nil {
			return false
		}
		ss.c, ss.r = tc, bufio.NewReader(tc)
	case "USER":
		ss.reply("331 password please")
	case "PASS":
		if ss.s.stall(AfterPass) {
			ss.s.silence()
			return false
		}
		ss.reply("230 logged in")
	case "FEAT":
		ss.reply("211-Features:\r\n SIZE\r\n EPSV\r\n REST STREAM\r\n211 End")
	case "PBSZ", "TYPE", "NOOP":
		ss.reply("200 ok")
	case "PROT":
		ss.prot = strings.EqualFold(arg, "P")
		ss.reply("200 ok")
	case "PWD":
		ss.reply(`257 "/" is the current folder`)
	case "CWD":
		ss.reply("250 ok")
	case "EPSV":
		if ss.pasv != nil {
			ss.pasv.Close()
		}
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			ss.reply("425 %v", err)
			return true
		}
		ss.pasv = ln
		ss.reply("229 Entering Extended Passive Mode (|||%d|)", ln.Addr().(*net.TCPAddr).Port)
	case "REST":
		ss.rest, _ = strconv.ParseInt(arg, 10, 64)
		ss.reply("350 restarting")
	case "SIZE":
		if b, ok := ss.s.cfg.Files[path.Base(arg)]; ok {
			ss.reply("213 %d", ss.s.size(path.Base(arg), b))
		} else {
			ss.reply("550 no such file")
		}
	case "LIST":
		return ss.list()
	case "RETR":
		return ss.retr(path.Base(arg)) // every folder holds the same files
	case "STOR":
		return ss.stor()
	case "QUIT":
		ss.reply("221 bye")
		return false
	default:
		ss.reply("502 not here")
	}
	return true
}

// data accepts the passive connection, with TLS when PROT P is on.
func (ss *session) data(stallTLS bool) (net.Conn, bool) {
	if ss.pasv == nil {
		ss.reply("425 EPSV first")
		return nil, false
	}
	ln := ss.pasv
	ss.pasv = nil
	defer ln.Close()
	ln.(*net.TCPListener).SetDeadline(time.Now().Add(10 * time.Second))
	c, err := ln.Accept()
	if err != nil {
		ss.reply("425 no data connection")
		return nil, false
	}
	ss.s.track(c)
	ss.reply("150 opening data connection")
	if !ss.prot {
		return c, true
	}
	if stallTLS {
		ss.s.silence()
		return nil, false
	}
	tc := tls.Server(c, &tls.Config{Certificates: []tls.Certificate{*ss.s.cfg.Cert}})
	if tc.Handshake() != nil {
		c.Close()
		ss.reply("425 TLS failed")
		return nil, false
	}
	return tc, true
}

func (ss *session) list() bool {
	dc, ok := ss.data(ss.prot && ss.s.stall(DataTLS))
	if !ok {
		return dc != nil || !ss.stopped()
	}
	var b strings.Builder
	for name, body := range ss.s.cfg.Files {
		fmt.Fprintf(&b, "-rw-r--r-- 1 ftp ftp %d Jan 02 2025 %s\r\n", ss.s.size(name, body), name)
	}
	for _, name := range ss.s.cfg.Dirs {
		fmt.Fprintf(&b, "drwxr-xr-x 2 ftp ftp 4096 Jan 02 2025 %s\r\n", name)
	}
	if n := ss.s.cfg.Generate; n > 0 {
		w := bufio.NewWriterSize(dc, 256<<10)
		for i := 1; i <= n; i++ {
			fmt.Fprintf(w, "-rw-r--r-- 1 ftp ftp 1 Jan 02 2025 f%07d\r\n", i)
		}
		w.WriteString(b.String())
		w.Flush()
		dc.Close()
		ss.reply("226 done")
		return true
	}
	text := []byte(b.String())
	if ss.s.stall(InListing) {
		dc.Write(text[:len(text)/2])
		ss.s.silence()
		return false
	}
	ss.send(dc, text)
	dc.Close()
	ss.reply("226 done")
	return true
}

func (ss *session) retr(name string) bool {
	body, found := ss.s.cfg.Files[name]
	if !found && ss.s.cfg.Generate > 0 {
		body, found = []byte{'x'}, true
	}
	if !found {
		ss.reply("550 no such file")
		return true
	}
	if ss.rest > 0 && ss.rest <= int64(len(body)) {
		body = body[ss.rest:]
	}
	ss.rest = 0
	dc, ok := ss.data(ss.prot && ss.s.stall(DataTLS))
	if !ok {
		return !ss.stopped()
	}
	if ss.s.stall(MidDownload) {
		dc.Write(body[:len(body)/2])
		ss.s.silence()
		return false
	}
	ss.send(dc, body)
	dc.Close()
	if ss.s.stall(Before226) {
		ss.s.silence()
		return false
	}
	ss.reply("226 done")
	return true
}

func (ss *session) stor() bool {
	dc, ok := ss.data(ss.prot && ss.s.stall(DataTLS))
	if !ok {
		return !ss.stopped()
	}
	if ss.s.stall(InUpload) {
		ss.s.silence()
		return false
	}
	io.Copy(io.Discard, dc)
	dc.Close()
	ss.reply("226 done")
	return true
}

// send writes b, in Chunk-sized pieces Trickle apart when set.
func (ss *session) send(w io.Writer, b []byte) {
	if ss.s.cfg.Trickle <= 0 || ss.s.cfg.Chunk <= 0 {
		w.Write(b)
		return
	}
	for len(b) > 0 {
		n := min(ss.s.cfg.Chunk, len(b))
		if _, err := w.Write(b[:n]); err != nil {
			return
		}
		b = b[n:]
		select {
		case <-time.After(ss.s.cfg.Trickle):
		case <-ss.s.done:
			return
		}
	}
}

func (ss *session) stopped() bool {
	select {
	case <-ss.s.done:
		return true
	default:
		return false
	}
}
