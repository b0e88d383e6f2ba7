package ftp

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	jftp "github.com/jlaffaye/ftp"

	"portside/transfer"
)

// maxListLine bounds one line of a streamed listing, as the library's
// bufio.Scanner does (64 KiB): a server sending one endless line must not
// fill memory.
const maxListLine = 64 << 10

// ListEach lists dir and calls fn with each entry as its line arrives:
// refused is non-nil for a name unsafe as a local name (transfer.CheckName),
// which the caller reports rather than copies. No slice of the whole listing
// is ever built, so a folder of a million entries costs what fn keeps. An
// error from fn ends the listing with it. fn may block: the server waits.
// The lines are read as List reads them (the library's own parsers, see
// lsparse.go); "." and "..", and MLSD's cdir and pdir, are left out.
func (s *Session) ListEach(ctx context.Context, dir string, fn func(e transfer.Entry, refused error) error) error {
	delivered := 0
	var first error
	err := s.do(ctx, "list", dir, true, func(sc *jftp.ServerConn) error {
		if delivered > 0 {
			// A retry after entries went out would hand them over twice.
			return first
		}
		parse := parseListLine
		if sc.IsTimePreciseInList() { // the library sends MLSD
			parse = parseRFC3659ListLine
		}
		ls := &lineSplitter{each: func(line string) error {
			e, err := parse(line, time.Now(), time.UTC)
			if err != nil || e.Name == "." || e.Name == ".." {
				return nil // a line the library would skip too
			}
			en := entry(e)
			en.Perm = linePerm(line)
			delivered++
			return fn(en, transfer.CheckName(e.Name))
		}}
		s.ctl.StreamListing(ls.write)
		_, err := sc.List(dir)
		s.ctl.StreamListing(nil) // when the library never sent the command
		if err == nil {
			err = ls.end()
		}
		if err != nil && first == nil {
			first = err
		}
		return err
	})
	if err != nil {
		return err
	}
	return nil
}

// linePerm is a line's permissions, as listingPerms reads them; the few
// distinct strings are interned so a million entries share them.
func linePerm(line string) string {
	var perm string
	if _, p, ok := lsPerm(line); ok {
		perm = p
	} else if _, p, ok := mlsdPerm(line); ok {
		perm = p
	} else {
		return ""
	}
	internMu.Lock()
	defer internMu.Unlock()
	if p, ok := interned[perm]; ok {
		return p
	}
	p := strings.Clone(perm)  // not a slice of the line
	if len(interned) < 1024 { // a server could send a million different ones
		interned[p] = p
	}
	return p
}

var (
	internMu sync.Mutex
	interned = map[string]string{}
)

// lineSplitter cuts a listing's bytes into lines, CR LF or LF, each at
// most maxListLine long.
type lineSplitter struct {
	buf  []byte
	each func(line string) error
}

func (l *lineSplitter) write(p []byte) error {
	for len(p) > 0 {
		i := bytes.IndexByte(p, '\n')
		if i < 0 {
			if len(l.buf)+len(p) > maxListLine {
				return errLongLine
			}
			l.buf = append(l.buf, p...)
			return nil
		}
		var line []byte
		if len(l.buf) > 0 {
			if len(l.buf)+i > maxListLine {
				return errLongLine
			}
			l.buf = append(l.buf, p[:i]...)
			line, l.buf = l.buf, l.buf[:0]
		} else {
			line = p[:i]
		}
		p = p[i+1:]
		if err := l.each(string(bytes.TrimRight(line, "\r"))); err != nil {
			return err
		}
	}
	return nil
}

// end takes the last line, when the listing did not end with a newline.
func (l *lineSplitter) end() error {
	if len(l.buf) == 0 {
		return nil
	}
	line := string(bytes.TrimRight(l.buf, "\r"))
	l.buf = nil
	return l.each(line)
}

var errLongLine = fmt.Errorf("%w: a listing line longer than %d KiB", errBadListing, maxListLine>>10)

var errBadListing = errors.New("the server's listing cannot be read")
