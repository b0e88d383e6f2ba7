package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"
	"time"

	"portside/transfer"
)

// cmdLs lists a remote folder, folders first, like ls -l; --json prints one
// object per line for scripts.
func cmdLs(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("ls", e.stderr, e.words, e.words.T("cli.ls.usage", nil)+"\n")
	asJSON := fs.Bool("json", false, e.words.T("cli.ls.flag.json", nil))
	if err := fs.parse(args); err != nil {
		return err // -h: ErrHelp, which run answers with exit 0
	}
	if fs.NArg() != 1 {
		return e.usageErr(e.words.T("cli.ls.args", nil))
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
	rows, err := listRows(ctx, s, dir)
	if err != nil {
		return err
	}
	sort.Slice(rows, func(i, j int) bool {
		if rows[i].dir != rows[j].dir {
			return rows[i].dir
		}
		return rows[i].name < rows[j].name
	})
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		for _, r := range rows {
			if err := enc.Encode(lsJSON{Name: r.name, Size: r.size, Modified: r.time(), Dir: r.dir, Link: r.link}); err != nil {
				return err
			}
		}
		return nil
	}
	// Columns by hand, not text/tabwriter: it holds every cell until the
	// end, which for a folder of a million files was hundreds of MB.
	width := 1
	for _, r := range rows {
		width = max(width, len(strconv.FormatInt(r.size, 10)))
	}
	w := bufio.NewWriterSize(e.stdout, 64<<10)
	for _, r := range rows {
		kind, name := "-", r.name
		switch {
		case r.dir:
			kind, name = "d", name+"/"
		case r.link:
			kind = "l"
		}
		fmt.Fprintf(w, "%s  %*d  %16s  %s\n", kind, width, r.size, stamp(r.time()), name)
	}
	return w.Flush()
}

// lsRow is what ls prints of an entry, in 40 bytes and the name: ls must
// hold a whole folder to sort it, and a million transfer.Entry values
// (72 B, in a slice grown by doubling) took 346 MB of RSS.
type lsRow struct {
	name      string
	size      int64
	unixNano  int64 // noTime when the server did not say
	dir, link bool
}

const noTime = math.MinInt64

func (r lsRow) time() time.Time {
	if r.unixNano == noTime {
		return time.Time{}
	}
	return time.Unix(0, r.unixNano)
}

// listRows lists dir into rows, streamed where the session can (FTP).
func listRows(ctx context.Context, s transfer.FS, dir string) ([]lsRow, error) {
	var rows []lsRow
	add := func(e transfer.Entry) {
		r := lsRow{name: e.Name, size: e.Size, unixNano: noTime, dir: e.IsDir, link: e.IsLink}
		if !e.ModTime.IsZero() {
			r.unixNano = e.ModTime.UnixNano()
		}
		rows = append(rows, r)
	}
	if sl, ok := s.(transfer.StreamLister); ok {
		err := sl.ListEach(ctx, dir, func(e transfer.Entry, refused error) error {
			if refused == nil { // as List: an unsafe name is not shown
				add(e)
			}
			return nil
		})
		return rows, err
	}
	entries, err := s.List(ctx, dir)
	for _, e := range entries {
		add(e)
	}
	return rows, err
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
