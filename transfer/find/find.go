// Package find searches a folder tree on either side by name, size and
// time: the engine behind "Find files…" and `portside-cli find`. It walks
// with List only, breadth first, never follows links, and stops at a depth
// limit, a result limit or the context's end.
package find

import (
	"context"
	"errors"
	"fmt"
	"path"
	"strings"
	"time"

	"portside/transfer"
)

// Kind narrows the matches to files or folders.
type Kind int

const (
	Any Kind = iota
	Files
	Folders
)

// Query says what to find.
type Query struct {
	// Pattern is a glob ("*.log", "img_??.jpg") when it holds *, ? or [,
	// else a part of the name. Empty matches every name.
	Pattern       string
	CaseSensitive bool
	Kind          Kind
	MinSize       int64     // files of at least this many bytes; 0: no limit
	MaxSize       int64     // files of at most this many bytes; 0: no limit
	After, Before time.Time // modified in this span; zero: open
	// MaxDepth is how many folder levels below the root are searched:
	// 1 is the root's own entries. 0 means DefaultDepth.
	MaxDepth int
	// MaxResults stops the search after this many matches; 0: DefaultResults.
	MaxResults int
}

// DefaultDepth bounds a search that names no depth: a server that lists a
// folder inside itself must not keep us walking.
const DefaultDepth = 64

// DefaultResults bounds the matches kept: a pattern of "" on a big server
// would otherwise fill memory with a listing of everything.
const DefaultResults = 100_000

// ErrTooMany ends a search that reached MaxResults.
var ErrTooMany = errors.New("too many matches")

// Match is one entry found.
type Match struct {
	Path  string
	Entry transfer.Entry
	Depth int // 1: in the root
}

// Stats count what a search did.
type Stats struct {
	Folders    int // folders listed
	Entries    int // entries looked at
	Matches    int
	Unreadable []error // folders that could not be listed; the search went on
}

// Matcher is a compiled Query's name and entry test.
type Matcher struct {
	q       Query
	pattern string
	glob    bool
}

// Compile checks q's pattern.
func Compile(q Query) (*Matcher, error) {
	m := &Matcher{q: q, pattern: q.Pattern, glob: strings.ContainsAny(q.Pattern, "*?[")}
	if !q.CaseSensitive {
		m.pattern = strings.ToLower(m.pattern)
	}
	if m.glob {
		if _, err := path.Match(m.pattern, ""); err != nil {
			return nil, fmt.Errorf("pattern %q: %w", q.Pattern, err)
		}
	}
	if q.MaxSize > 0 && q.MinSize > q.MaxSize {
		return nil, fmt.Errorf("the smallest size (%d) is above the largest (%d)", q.MinSize, q.MaxSize)
	}
	return m, nil
}

// Match reports whether e is a match.
func (m *Matcher) Match(e transfer.Entry) bool {
	isDir := e.IsDir && !e.IsLink
	switch {
	case m.q.Kind == Files && isDir, m.q.Kind == Folders && !isDir:
		return false
	}
	if !isDir {
		if m.q.MinSize > 0 && e.Size < m.q.MinSize || m.q.MaxSize > 0 && e.Size > m.q.MaxSize {
			return false
		}
	}
	if !m.q.After.IsZero() && (e.ModTime.IsZero() || e.ModTime.Before(m.q.After)) {
		return false
	}
	if !m.q.Before.IsZero() && (e.ModTime.IsZero() || !e.ModTime.Before(m.q.Before)) {
		return false
	}
	name := e.Name
	if !m.q.CaseSensitive {
		name = strings.ToLower(name)
	}
	if m.glob {
		ok, _ := path.Match(m.pattern, name)
		return ok
	}
	return strings.Contains(name, m.pattern)
}

// Run searches below root and calls found for each match, in the order
// the walk meets them (breadth first, so near matches come first). A
// folder that cannot be listed is counted and skipped. It returns the
// context's error when cancelled, ErrTooMany at MaxResults.
func Run(ctx context.Context, fsys transfer.FS, root string, q Query, found func(Match)) (Stats, error) {
	var st Stats
	m, err := Compile(q)
	if err != nil {
		return st, err
	}
	depth, limit := q.MaxDepth, q.MaxResults
	if depth <= 0 {
		depth = DefaultDepth
	}
	if limit <= 0 {
		limit = DefaultResults
	}
	type folder struct {
		path  string
		depth int
	}
	queue := []folder{{root, 1}}
	for len(queue) > 0 {
		if err := ctx.Err(); err != nil {
			return st, err
		}
		dir := queue[0]
		queue = queue[1:]
		entries, err := fsys.List(ctx, dir.path)
		if err != nil {
			if ctx.Err() != nil {
				return st, ctx.Err()
			}
			st.Unreadable = append(st.Unreadable, err)
			continue
		}
		st.Folders++
		for _, e := range entries {
			if err := ctx.Err(); err != nil {
				return st, err // a cancel stops the matches at once, not after the folder
			}
			st.Entries++
			p := fsys.Join(dir.path, e.Name)
			if m.Match(e) {
				st.Matches++
				found(Match{Path: p, Entry: e, Depth: dir.depth})
				if st.Matches >= limit {
					return st, fmt.Errorf("%w: stopped after %d", ErrTooMany, limit)
				}
			}
			if e.IsDir && !e.IsLink && dir.depth < depth {
				queue = append(queue, folder{p, dir.depth + 1})
			}
		}
	}
	return st, nil
}
