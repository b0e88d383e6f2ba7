package main

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"portside/i18n"
	"portside/transfer"
)

// cmdChmod sets permissions with SITE CHMOD: one path, or with -R the tree
// below it (--only files or folders narrows it, as FileZilla's dialog).
// Every entry that fails is printed; the exit code says whether any did.
func cmdChmod(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("chmod", e.stderr, e.words, e.words.T("cli.chmod.usage", nil)+"\n")
	recursive := fs.Bool("R", false, e.words.T("cli.chmod.flag.r", nil))
	only := fs.String("only", "", e.words.T("cli.chmod.flag.only", nil))
	verbose := fs.Bool("v", false, e.words.T("cli.chmod.flag.v", nil))
	pos, err := fs.parseInterleaved(args)
	if err != nil {
		return err // -h: ErrHelp, exit 0
	}
	if len(pos) != 2 {
		return e.usageErr(e.words.T("cli.chmod.args", nil))
	}
	mode, err := transfer.ParseMode(pos[0])
	if err != nil {
		if e.words.Lang() == i18n.English {
			return fmt.Errorf("%w: %v", errUsage, err)
		}
		return e.usageErr(e.words.T("cli.chmod.mode", map[string]any{"Mode": strconv.Quote(pos[0])}))
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
			return e.usageErr(e.words.T("cli.chmod.only", nil))
		}
	} else if *only != "" {
		return e.usageErr(e.words.T("cli.chmod.only_needs_r", nil))
	}
	s, p, err := connect(ctx, e, pos[1])
	if err != nil {
		return err
	}
	defer s.Close()
	if p == "" {
		return e.usageErr(e.words.T("cli.chmod.no_path", nil))
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
				fmt.Fprintf(e.stderr, "portside-cli: %s\n", e.errText(r.Err))
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
		return e.failErr(nil, e.words.TN("cli.chmod.failed", failed+done, map[string]any{"Failed": failed}))
	}
	return nil
}
