package main

import (
	"context"
	"errors"
	"flag"
	"fmt"

	"portside/transfer"
)

// cmdChmod sets permissions with SITE CHMOD: one path, or with -R the tree
// below it (--only files or folders narrows it, as FileZilla's dialog).
// Every entry that fails is printed; the exit code says whether any did.
func cmdChmod(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("chmod", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	recursive := fs.Bool("R", false, "also change everything below a folder")
	only := fs.String("only", "", `with -R, change below the folder only "files" or only "folders"`)
	verbose := fs.Bool("v", false, "print each path changed")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	if len(pos) != 2 {
		return fmt.Errorf("%w: chmod takes MODE URL, e.g. chmod 644 ftp://alice@example.com/site/index.html", errUsage)
	}
	mode, err := transfer.ParseMode(pos[0])
	if err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	rec := transfer.RecurseNone
	if *recursive {
		switch *only {
		case "":
			rec = transfer.RecurseAll
		case "files":
			rec = transfer.RecurseFiles
		case "folders":
			rec = transfer.RecurseFolders
		default:
			return fmt.Errorf("%w: --only takes files or folders", errUsage)
		}
	} else if *only != "" {
		return fmt.Errorf("%w: --only needs -R", errUsage)
	}
	s, p, err := connect(ctx, e, pos[1])
	if err != nil {
		return err
	}
	defer s.Close()
	if p == "" {
		return fmt.Errorf("%w: give the path of a file or folder in the URL", errUsage)
	}
	isDir := false
	if rec != transfer.RecurseNone {
		st, err := s.Stat(ctx, p)
		if err != nil {
			return err
		}
		isDir = st.IsDir && !st.IsLink
	}
	var failed, done int
	err = transfer.ChmodTree(ctx, s, p, isDir, mode, rec, func(r transfer.ChmodResult) {
		if r.Err != nil {
			failed++
			if !errors.Is(r.Err, transfer.ErrUnsupported) { // returned, and printed once, below
				fmt.Fprintf(e.stderr, "portside-cli: %v\n", r.Err)
			}
			return
		}
		done++
		if *verbose {
			fmt.Fprintf(e.stdout, "%04o %s\n", mode, r.Path)
		}
	})
	if err != nil {
		return err
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d entries not changed", failed, failed+done)
	}
	return nil
}
