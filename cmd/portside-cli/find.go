package main

import (
	"context"
	"errors"
	"fmt"
	"path"
	"strconv"
	"time"

	"portside/transfer/find"
)

// cmdFind prints the path of every entry below URL whose name matches
// PATTERN, one a line: a glob when it holds * ? or [, else a part of the
// name, in any case unless --case.
func cmdFind(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("find", e.stderr, e.words, e.words.T("cli.find.usage", nil)+"\n")
	caseSens := fs.Bool("case", false, e.words.T("cli.find.flag.case", nil))
	depth := fs.Int("depth", 0, e.words.T("cli.find.flag.depth", nil))
	kind := fs.String("type", "", e.words.T("cli.find.flag.type", nil))
	minSize := fs.Int64("min-size", 0, e.words.T("cli.find.flag.min_size", nil))
	maxSize := fs.Int64("max-size", 0, e.words.T("cli.find.flag.max_size", nil))
	newer := fs.String("newer", "", e.words.T("cli.find.flag.newer", nil))
	older := fs.String("older", "", e.words.T("cli.find.flag.older", nil))
	pos, err := fs.parseInterleaved(args)
	if err != nil {
		return err // -h: ErrHelp, exit 0
	}
	if len(pos) != 2 {
		return e.usageErr(e.words.T("cli.find.args", nil))
	}
	q := find.Query{Pattern: pos[1], CaseSensitive: *caseSens, MaxDepth: *depth, MinSize: *minSize, MaxSize: *maxSize}
	switch *kind {
	case "":
	case "f":
		q.Kind = find.Files
	case "d":
		q.Kind = find.Folders
	default:
		return e.usageErr(e.words.T("cli.find.type", nil))
	}
	for _, b := range []struct {
		flag, text string
		dst        *time.Time
	}{{"--newer", *newer, &q.After}, {"--older", *older, &q.Before}} {
		if b.text == "" {
			continue
		}
		t, err := find.ParseTime(b.text, time.Now(), time.Local)
		if err != nil {
			return e.usageErr(e.words.T("cli.find.time", map[string]any{"Flag": b.flag, "Text": strconv.Quote(b.text)}))
		}
		*b.dst = t
	}
	if _, err := find.Compile(q); err != nil {
		// Compile's two refusals, worded by what they are.
		if errors.Is(err, path.ErrBadPattern) {
			return e.usageErr(e.words.T("cli.find.pattern", map[string]any{"Pattern": strconv.Quote(q.Pattern)}))
		}
		if q.MaxSize > 0 && q.MinSize > q.MaxSize {
			return e.usageErr(e.words.T("cli.find.sizes", map[string]any{"Min": q.MinSize, "Max": q.MaxSize}))
		}
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	s, root, err := connect(ctx, e, pos[0])
	if err != nil {
		return err
	}
	defer s.Close()
	if root == "" {
		if root, err = s.Home(ctx); err != nil {
			return err
		}
	}
	st, err := find.Run(ctx, s, root, q, func(m find.Match) {
		fmt.Fprintln(e.stdout, m.Path) // through the escaping writer: a name cannot drive the terminal
	})
	for _, u := range st.Unreadable {
		fmt.Fprintln(e.stderr, "portside-cli: "+e.words.T("cli.find.skipped", map[string]any{"Err": e.errText(u)}))
	}
	if err != nil && !errors.Is(err, find.ErrTooMany) {
		return err
	}
	if err != nil {
		fmt.Fprintln(e.stderr, "portside-cli: "+e.words.T("cli.find.too_many", map[string]any{"Limit": limitOf(q)}))
	}
	if len(st.Unreadable) > 0 {
		return e.failErr(nil, e.words.TN("cli.find.unreadable", len(st.Unreadable), nil))
	}
	return nil
}

// limitOf is the number of matches after which find.Run stops.
func limitOf(q find.Query) int {
	if q.MaxResults > 0 {
		return q.MaxResults
	}
	return find.DefaultResults
}
