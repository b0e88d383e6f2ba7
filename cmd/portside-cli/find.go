package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"time"

	"portside/transfer/find"
)

// cmdFind prints the path of every entry below URL whose name matches
// PATTERN, one a line: a glob when it holds * ? or [, else a part of the
// name, in any case unless --case.
func cmdFind(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("find", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	caseSens := fs.Bool("case", false, "match the case of PATTERN")
	depth := fs.Int("depth", 0, "search at most this many folder levels (1: the folder's own entries); 0: 64")
	kind := fs.String("type", "", `"f" for files only, "d" for folders only`)
	minSize := fs.Int64("min-size", 0, "files of at least this many bytes")
	maxSize := fs.Int64("max-size", 0, "files of at most this many bytes")
	newer := fs.String("newer", "", "modified at or after this time: 2026-11-24, \"2026-11-24 14:30\" (local time), or an age: 36h, 7d")
	older := fs.String("older", "", "modified before this time (as --newer)")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	if len(pos) != 2 {
		return fmt.Errorf("%w: find takes URL PATTERN, e.g. find ftp://alice@example.com/www '*.php'", errUsage)
	}
	q := find.Query{Pattern: pos[1], CaseSensitive: *caseSens, MaxDepth: *depth, MinSize: *minSize, MaxSize: *maxSize}
	switch *kind {
	case "":
	case "f":
		q.Kind = find.Files
	case "d":
		q.Kind = find.Folders
	default:
		return fmt.Errorf("%w: --type takes f or d", errUsage)
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
			return fmt.Errorf("%w: %s: %v", errUsage, b.flag, err)
		}
		*b.dst = t
	}
	if _, err := find.Compile(q); err != nil {
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
		fmt.Fprintf(e.stderr, "portside-cli: skipped: %v\n", u)
	}
	if err != nil && !errors.Is(err, find.ErrTooMany) {
		return err
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "portside-cli: %v\n", err)
	}
	if len(st.Unreadable) > 0 {
		return fmt.Errorf("%d folders could not be searched", len(st.Unreadable))
	}
	return nil
}
