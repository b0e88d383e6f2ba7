package ftp

import (
	"fmt"
	"io"
	"strconv"
	"sync"
	"sync/atomic"
)

// After every upload the queue asks for the file's size (SIZE), because a
// transfer that ended early looks like success to some servers. Over a
// long link that is one round trip per file. When the server answered 226
// after the client had sent every byte and closed the data connection
// cleanly (for FTPS, Go's tls.Conn sends close_notify on Close), the
// server has confirmed the count the client knows: the session answers
// Size from that count instead, but only for a server whose SIZE has
// agreed with such a count before in this process (the first upload to a
// server is always checked), never for one whose SIZE has disagreed (it
// lied, or something else wrote the file: it is checked for the rest of
// the process, and after it when the site's profile keeps it:
// Config.SizeLied, memory.go), and only when nothing else was sent on the
// session between the upload and the Size (see Session.ops).

// sentFile is the last upload of a session that ended in 226.
type sentFile struct {
	path string
	size int64
	ops  uint64 // the session's ops count when the upload ended
}

// sizeTrust is what this process learned about one server's SIZE.
type sizeTrust struct {
	agreed, lied atomic.Bool
}

// trustBySite is keyed by host, port and login: a bounded set, one entry
// per site this process talks to.
var trustBySite sync.Map

func (s *Session) sizeTrust() *sizeTrust {
	key := fmt.Sprintf("%s\x00%d\x00%s", s.cfg.Host, s.cfg.Port, s.cfg.User)
	v, _ := trustBySite.LoadOrStore(key, &sizeTrust{})
	t := v.(*sizeTrust)
	if s.cfg.SizeLied {
		t.lied.Store(true) // the profile remembers it from an earlier run
	}
	return t
}

// countingReader counts what the FTP library read from the source.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// uploaded records a whole upload (from offset 0) that the server
// confirmed; resumed uploads are always checked.
func (s *Session) uploaded(p string, offset, n int64) {
	if offset != 0 {
		s.sent.Store(nil)
		return
	}
	s.sent.Store(&sentFile{path: p, size: n, ops: s.ops.Load()})
}

// sentSize returns the count of p's upload if it was the last thing on
// this session; trusted says whether the server has earned being believed.
func (s *Session) sentSize(p string) (size int64, fresh, trusted bool) {
	f := s.sent.Swap(nil)
	if f == nil || f.path != p || f.ops != s.ops.Load() {
		return 0, false, false
	}
	t := s.sizeTrust()
	return f.size, true, t.agreed.Load() && !t.lied.Load()
}

// judgeSize remembers whether the server's SIZE agreed with a confirmed
// upload's count.
func (s *Session) judgeSize(p string, sent, said int64) {
	t := s.sizeTrust()
	if sent == said {
		if !t.agreed.Swap(true) {
			s.note("size_trusted", nil, "SIZE agrees with the bytes sent: later uploads' 226 is trusted without SIZE")
		}
		return
	}
	if !t.lied.Swap(true) {
		s.note("size_distrusted", map[string]string{"Path": p, "Said": strconv.FormatInt(said, 10), "Sent": strconv.FormatInt(sent, 10)},
			"SIZE of %s says %d bytes after %d were sent and confirmed: every upload to this server is checked from now on", p, said, sent)
		s.learned(SizeLied)
	}
}
