package syncplan

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/bmatcuk/doublestar/v4"

	"portside/transfer"
	"portside/transfer/namefilter"
)

// Direction says which side is the source: the destination is made to
// match it.
type Direction int

const (
	Upload   Direction = iota // local → remote
	Download                  // remote → local
)

var directionNames = []string{"upload", "download"}

func (d Direction) String() string { return enumName(directionNames, int(d), "Direction") }

// ParseDirection reads a direction as String writes it.
func ParseDirection(s string) (Direction, error) {
	i, err := enumParse(directionNames, s, "direction")
	return Direction(i), err
}

func (d Direction) MarshalText() ([]byte, error) { return []byte(d.String()), nil }
func (d *Direction) UnmarshalText(b []byte) (err error) {
	*d, err = ParseDirection(string(b))
	return err
}

// Compare is how two files of the same path are judged the same.
type Compare int

const (
	SizeTime Compare = iota // same size and modification time (within the tolerance)
	SizeOnly                // same size
	Always                  // never the same: copy every file
)

var compareNames = []string{"size-time", "size", "always"}

func (c Compare) String() string { return enumName(compareNames, int(c), "Compare") }

// ParseCompare reads a criterion as String writes it.
func ParseCompare(s string) (Compare, error) {
	i, err := enumParse(compareNames, s, "comparison")
	return Compare(i), err
}

func (c Compare) MarshalText() ([]byte, error) { return []byte(c.String()), nil }
func (c *Compare) UnmarshalText(b []byte) (err error) {
	*c, err = ParseCompare(string(b))
	return err
}

func enumName(names []string, i int, typ string) string {
	if i >= 0 && i < len(names) {
		return names[i]
	}
	return fmt.Sprintf("%s(%d)", typ, i)
}

func enumParse(names []string, s, what string) (int, error) {
	for i, n := range names {
		if n == s {
			return i, nil
		}
	}
	return 0, fmt.Errorf("unknown %s %q: want %s", what, s, strings.Join(names, " or "))
}

// DefaultMaxDelete caps deletes when Options.MaxDelete is zero: a source
// folder that is empty by mistake (an unmounted disk, a wrong path) must
// not empty the destination.
const DefaultMaxDelete = 100

// Options are a sync's rules. The zero value uploads, comparing size and
// time, deleting nothing, following no links.
type Options struct {
	Direction Direction `json:"direction"`
	Compare   Compare   `json:"compare"`
	// OnlyNewer never replaces a destination file that is newer than its
	// source (beyond the tolerance).
	OnlyNewer bool `json:"only_newer,omitempty"`
	// Delete removes destination files and folders that are gone from the
	// source, at most MaxDelete of them (0: DefaultMaxDelete; negative: no
	// cap); a plan beyond the cap is refused whole.
	Delete    bool `json:"delete,omitempty"`
	MaxDelete int  `json:"max_delete,omitempty"`
	// Exclude and Include are glob patterns (doublestar: *, **, ?, [a-z],
	// {a,b}). A pattern without a slash matches a name at any depth; one
	// with a slash matches the path from the sync's root. Excludes win;
	// when Include is set, only files that match one are synced (folders
	// are walked regardless). An excluded folder is not walked.
	Exclude []string `json:"exclude,omitempty"`
	Include []string `json:"include,omitempty"`
	// NameFilter is the window's filename filter set, when the user applies
	// it to transfers: names or globs (namefilter) of files and folders,
	// matched in any case at any depth, left out like excludes.
	NameFilter namefilter.Set `json:"name_filter,omitempty"`
	// FollowLinks syncs what symbolic links point to; otherwise links are
	// skipped.
	FollowLinks bool `json:"follow_links,omitempty"`
	// Tolerance is how far two times may differ and still be the same; the
	// server's time precision (1 s with MLSD, 1 min with LIST) is the
	// floor, and a measured clock skew widens it.
	Tolerance Duration `json:"tolerance,omitempty"`
	// Parallel is how many sessions walk the remote tree (and, in a run,
	// how many transfers run at once); 0 means 2.
	Parallel int `json:"parallel,omitempty"`
	// MaxDepth bounds how many folders deep the walk goes below the root;
	// 0 means transfer.DefaultMaxDepth. A folder deeper, or one that lists
	// the same as a folder it is in (a loop), is not walked: the plan skips
	// it, on both sides, and says why.
	MaxDepth int `json:"max_depth,omitempty"`
}

func (o Options) maxDepth() int {
	if o.MaxDepth > 0 {
		return o.MaxDepth
	}
	return transfer.DefaultMaxDepth
}

// maxDelete is the effective cap; -1 is none.
func (o Options) maxDelete() int {
	switch {
	case o.MaxDelete == 0:
		return DefaultMaxDelete
	case o.MaxDelete < 0:
		return -1
	}
	return o.MaxDelete
}

// OptionError is one thing Validate refuses, as a code for a front end to
// word (Detail: the pattern, or the filename filter's error) and the
// sentence in English.
type OptionError struct {
	// Code is "direction", "compare", "only_newer_always", "tolerance",
	// "depth", "parallel", "name_filter" or "pattern".
	Code   string
	Detail string
	Text   string
	Err    error // name_filter: namefilter.Check's
}

func (e *OptionError) Error() string { return e.Text }
func (e *OptionError) Unwrap() error { return e.Err }

// Validate checks the options and says what to change, in sentences: one
// *OptionError each, joined (errors.Join).
func (o Options) Validate() error {
	var errs []error
	bad := func(code, detail, text string) {
		errs = append(errs, &OptionError{Code: code, Detail: detail, Text: text})
	}
	if o.Direction != Upload && o.Direction != Download {
		bad("direction", "", "the direction must be upload or download")
	}
	if o.Compare < SizeTime || o.Compare > Always {
		bad("compare", "", "the comparison must be size-time, size or always")
	}
	if o.OnlyNewer && o.Compare == Always {
		bad("only_newer_always", "", "--only-newer needs a comparison by time: it cannot go with --compare always")
	}
	if o.Tolerance < 0 {
		bad("tolerance", "", "the time tolerance cannot be negative")
	}
	if o.MaxDepth < 0 {
		bad("depth", "", "the folder depth cannot be negative")
	}
	if o.Parallel < 0 || o.Parallel > 10 {
		bad("parallel", "", "parallel sessions must be between 1 and 10")
	}
	for _, r := range o.NameFilter {
		if err := namefilter.Check(r); err != nil {
			errs = append(errs, &OptionError{Code: "name_filter", Detail: err.Error(), Text: "filename filter: " + err.Error(), Err: err})
		}
	}
	for _, p := range append(append([]string(nil), o.Exclude...), o.Include...) {
		if p == "" || !doublestar.ValidatePattern(strings.TrimPrefix(strings.TrimSuffix(p, "/"), "/")) {
			bad("pattern", p, fmt.Sprintf("the pattern %q is not a valid glob (e.g. *.tmp, cache/**, **/node_modules)", p))
		}
	}
	return errors.Join(errs...)
}

// parallel is the number of sessions to use.
func (o Options) parallel() int {
	if o.Parallel <= 0 {
		return 2
	}
	return o.Parallel
}

// Duration is a time.Duration that reads and writes as "90s" in JSON.
type Duration time.Duration

func (d Duration) String() string { return time.Duration(d).String() }

func (d Duration) MarshalJSON() ([]byte, error) { return json.Marshal(time.Duration(d).String()) }

func (d *Duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		var n int64
		if err := json.Unmarshal(b, &n); err != nil {
			return fmt.Errorf("a duration is text like \"90s\" or \"2m\": %s", b)
		}
		*d = Duration(n)
		return nil
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return err
	}
	*d = Duration(v)
	return nil
}

// Filter applies the include and exclude patterns to paths relative to the
// sync's root ("a/b/c.txt").
type Filter struct {
	exclude, include []pattern
	names            namefilter.Set
}

type pattern struct {
	glob    string // as matched
	text    string // as the user wrote it, for reasons
	base    bool   // no slash: match the last element only
	dirOnly bool   // ends in a slash: match folders only
}

// NewFilter compiles the options' patterns.
func NewFilter(o Options) *Filter {
	return &Filter{exclude: compile(o.Exclude), include: compile(o.Include), names: o.NameFilter}
}

func compile(ps []string) []pattern {
	out := make([]pattern, 0, len(ps))
	for _, p := range ps {
		c := pattern{text: p}
		g := p
		if strings.HasSuffix(g, "/") {
			c.dirOnly = true
			g = strings.TrimSuffix(g, "/")
		}
		if strings.HasPrefix(g, "/") {
			g = strings.TrimPrefix(g, "/") // anchored at the root: a path pattern
		} else if !strings.Contains(g, "/") {
			c.base = true
		}
		c.glob = g
		out = append(out, c)
	}
	return out
}

func (p pattern) match(rel string, isDir bool) bool {
	if p.dirOnly && !isDir {
		return false
	}
	name := rel
	if p.base {
		name = rel[strings.LastIndexByte(rel, '/')+1:]
	}
	return doublestar.MatchUnvalidated(p.glob, name)
}

// Excluded says whether rel is left out, and why ("" when it is not). A
// folder is only tested against excludes: includes pick files, and the
// folders on the way to them are walked.
func (f *Filter) Excluded(rel string, isDir bool) string {
	if f == nil {
		return ""
	}
	for _, p := range f.exclude {
		if p.match(rel, isDir) {
			return "excluded by " + p.text
		}
	}
	if rule, ok := f.names.Match(rel[strings.LastIndexByte(rel, '/')+1:]); ok {
		return "filtered out by the filename filter " + rule
	}
	if isDir || len(f.include) == 0 {
		return ""
	}
	for _, p := range f.include {
		if p.match(rel, false) {
			return ""
		}
	}
	return "not matched by an include pattern"
}

// hasIncludes reports whether only some files are picked.
func (f *Filter) hasIncludes() bool { return f != nil && len(f.include) > 0 }
