package hostile

import (
	"fmt"
	"io"
	"net"
	"sort"
	"strconv"
	"strings"
	"time"
)

// modTime is every file's time: fixed, so listings are the same each run.
var modTime = time.Date(2026, 1, 2, 15, 4, 5, 0, time.UTC)

// Default answers verb the way a plain, honest server would.
func (c *Conn) Default(verb, arg string) {
	s := c.srv
	switch verb {
	case "USER":
		c.Reply(331, "password please")
	case "PASS":
		c.Reply(230, "logged in")
	case "SYST":
		c.Reply(215, "UNIX Type: L8")
	case "FEAT":
		feats := " UTF8\r\n SIZE\r\n MDTM\r\n REST STREAM\r\n EPSV\r\n MFMT\r\n"
		if s.script.MLSD {
			feats += " MLST type*;size*;modify*;\r\n"
		}
		c.Write("211-Features:\r\n" + feats + "211 End\r\n")
	case "OPTS", "TYPE", "MODE", "STRU", "NOOP":
		c.Reply(200, "ok")
	case "PWD", "XPWD":
		c.Reply(257, strconv.Quote(c.cwd)+" is the current folder")
	case "CWD":
		if p := c.Abs(arg); s.isDir(p) {
			c.cwd = p
			c.Reply(250, "ok")
		} else {
			c.Reply(550, "no such folder")
		}
	case "CDUP":
		c.cwd = parent(c.cwd)
		c.Reply(250, "ok")
	case "EPSV", "PASV":
		c.passive(verb)
	case "REST":
		n, err := strconv.ParseInt(arg, 10, 64)
		if err != nil || n < 0 {
			c.Reply(501, "bad offset")
			return
		}
		c.rest = n
		c.Reply(350, "restarting")
	case "LIST", "NLST", "MLSD":
		c.list(verb, arg)
	case "MLST":
		c.mlst(arg)
	case "SIZE":
		if b, ok := s.File(c.Abs(arg)); ok {
			c.Reply(213, strconv.Itoa(len(b)))
		} else {
			c.Reply(550, "no such file")
		}
	case "MDTM":
		if _, ok := s.File(c.Abs(arg)); ok {
			c.Reply(213, modTime.Format("20060102150405"))
		} else {
			c.Reply(550, "no such file")
		}
	case "MFMT":
		c.Reply(213, "ok")
	case "RETR":
		c.retr(arg)
	case "STOR", "APPE":
		c.stor(verb, arg)
	case "MKD", "XMKD":
		p := c.Abs(arg)
		s.mu.Lock()
		s.dirs[p] = true
		s.mu.Unlock()
		c.Reply(257, strconv.Quote(p)+" created")
	case "DELE", "RMD":
		p := c.Abs(arg)
		s.mu.Lock()
		_, isFile := s.files[p]
		delete(s.files, p)
		delete(s.dirs, p)
		s.mu.Unlock()
		if verb == "DELE" && !isFile {
			c.Reply(550, "no such file")
			return
		}
		c.Reply(250, "removed")
	case "RNFR":
		c.from = c.Abs(arg)
		c.Reply(350, "and the new name?")
	case "RNTO":
		s.mu.Lock()
		b, ok := s.files[c.from]
		if ok {
			delete(s.files, c.from)
			s.files[c.Abs(arg)] = b
		}
		s.mu.Unlock()
		if !ok {
			c.Reply(550, "no such file")
			return
		}
		c.Reply(250, "renamed")
	case "QUIT":
		c.Reply(221, "bye")
	default:
		c.Reply(502, "not implemented")
	}
}

func (s *Server) isDir(p string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.dirs[p]
}

func (c *Conn) passive(verb string) {
	if c.pasv != nil {
		c.pasv.Close()
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		c.Reply(425, "cannot listen")
		return
	}
	c.pasv = ln
	port := ln.Addr().(*net.TCPAddr).Port
	if verb == "EPSV" {
		c.Reply(229, fmt.Sprintf("Entering Extended Passive Mode (|||%d|)", port))
	} else {
		c.Reply(227, fmt.Sprintf("Entering Passive Mode (127,0,0,1,%d,%d)", port>>8, port&0xff))
	}
}

// Listing is the listing of dir the server would send for verb: the
// script's raw lines if it has them, else lines made from the tree.
func (s *Server) Listing(verb, dir string) string {
	if lines, ok := s.script.Listings[dir]; ok {
		return strings.Join(lines, "\r\n") + "\r\n"
	}
	s.mu.Lock()
	type ent struct {
		name string
		size int
		dir  bool
	}
	var ents []ent
	prefix := strings.TrimSuffix(dir, "/") + "/"
	for p, b := range s.files {
		if parent(p) == dir {
			ents = append(ents, ent{p[len(prefix):], len(b), false})
		}
	}
	for p := range s.dirs {
		if p != "/" && parent(p) == dir {
			ents = append(ents, ent{p[len(prefix):], 0, true})
		}
	}
	s.mu.Unlock()
	sort.Slice(ents, func(i, j int) bool { return ents[i].name < ents[j].name })
	var b strings.Builder
	for _, e := range ents {
		switch {
		case verb == "NLST":
			fmt.Fprintf(&b, "%s\r\n", e.name)
		case verb == "MLSD" && e.dir:
			fmt.Fprintf(&b, "type=dir;modify=%s; %s\r\n", modTime.Format("20060102150405"), e.name)
		case verb == "MLSD":
			fmt.Fprintf(&b, "type=file;size=%d;modify=%s; %s\r\n", e.size, modTime.Format("20060102150405"), e.name)
		case e.dir:
			fmt.Fprintf(&b, "drwxr-xr-x 2 alice alice 4096 Jan 02 15:04 %s\r\n", e.name)
		default:
			fmt.Fprintf(&b, "-rw-r--r-- 1 alice alice %d Jan 02 15:04 %s\r\n", e.size, e.name)
		}
	}
	return b.String()
}

func (c *Conn) list(verb, arg string) {
	if strings.HasPrefix(arg, "-") { // "LIST -a": options, not a path
		arg = ""
	}
	dir := c.Abs(arg)
	_, raw := c.srv.script.Listings[dir]
	if !raw && !c.srv.isDir(dir) {
		c.Reply(550, "no such folder")
		return
	}
	c.Send([]byte(c.srv.Listing(verb, dir)))
}

func (c *Conn) mlst(arg string) {
	p := c.Abs(arg)
	if b, ok := c.srv.File(p); ok {
		c.Write(fmt.Sprintf("250-facts\r\n type=file;size=%d;modify=%s; %s\r\n250 End\r\n", len(b), modTime.Format("20060102150405"), p))
		return
	}
	if c.srv.isDir(p) {
		c.Write(fmt.Sprintf("250-facts\r\n type=dir;modify=%s; %s\r\n250 End\r\n", modTime.Format("20060102150405"), p))
		return
	}
	c.Reply(550, "no such file")
}

func (c *Conn) retr(arg string) {
	b, ok := c.srv.File(c.Abs(arg))
	off := c.rest
	c.rest = 0
	if !ok {
		c.Reply(550, "no such file")
		return
	}
	if off > int64(len(b)) {
		off = int64(len(b))
	}
	c.Send(b[off:])
}

func (c *Conn) stor(verb, arg string) {
	p := c.Abs(arg)
	off := c.rest
	c.rest = 0
	dc, err := c.Data()
	if err != nil {
		c.Reply(425, "no data connection")
		return
	}
	c.Reply(150, "send it")
	body, err := io.ReadAll(io.LimitReader(dc, 64<<20))
	dc.Close()
	if err != nil {
		c.Reply(426, "broken")
		return
	}
	s := c.srv
	s.mu.Lock()
	old := s.files[p]
	if verb == "APPE" {
		off = int64(len(old))
	}
	if off > int64(len(old)) {
		off = int64(len(old))
	}
	s.files[p] = append(old[:off:off], body...)
	s.mu.Unlock()
	c.Reply(226, "stored")
}
