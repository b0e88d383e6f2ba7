package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"sort"
	"strconv"
	"time"

	"portside/transfer"
)

// cmdLs lists a remote folder, folders first, like ls -l; --json prints one
// object per line for scripts.
func cmdLs(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("ls", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	asJSON := fs.Bool("json", false, "one JSON object per entry")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("%w: %w", errUsage, err) // -h: ErrHelp, which run answers with exit 0
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("%w: ls takes one URL (or, with --demo, one path)", errUsage)
	}
	s, dir, err := connect(ctx, e, fs.Arg(0))
	if err != nil {
		return err
	}
	defer s.Close()
	if dir == "" {
		if dir, err = s.Home(ctx); err != nil {
			return err
		}
	}
	entries, err := s.List(ctx, dir)
	if err != nil {
		return err
	}
	sort.Slice(entries, func(i, j int) bool {
		if entries[i].IsDir != entries[j].IsDir {
			return entries[i].IsDir
		}
		return entries[i].Name < entries[j].Name
	})
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		for _, en := range entries {
			if err := enc.Encode(jsonEntry(en)); err != nil {
				return err
			}
		}
		return nil
	}
	// Columns by hand, not text/tabwriter: it holds every cell until the
	// end, which for a folder of a million files was hundreds of MB.
	width := 1
	for _, en := range entries {
		width = max(width, len(strconv.FormatInt(en.Size, 10)))
	}
	w := bufio.NewWriterSize(e.stdout, 64<<10)
	for _, en := range entries {
		kind, name := "-", en.Name
		switch {
		case en.IsDir:
			kind, name = "d", name+"/"
		case en.IsLink:
			kind = "l"
		}
		fmt.Fprintf(w, "%s  %*d  %16s  %s\n", kind, width, en.Size, stamp(en.ModTime), name)
	}
	return w.Flush()
}

func stamp(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Local().Format("2006-01-02 15:04")
}

type lsJSON struct {
	Name     string    `json:"name"`
	Size     int64     `json:"size"`
	Modified time.Time `json:"modified,omitzero"`
	Dir      bool      `json:"dir,omitempty"`
	Link     bool      `json:"link,omitempty"`
}

func jsonEntry(e transfer.Entry) lsJSON {
	return lsJSON{Name: e.Name, Size: e.Size, Modified: e.ModTime, Dir: e.IsDir, Link: e.IsLink}
}
