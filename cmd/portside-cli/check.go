package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"portside/i18n/checktext"
	"portside/transfer/check"
)

// errNoWay is the check's "nothing works" (exit 1, the report said why).
var errNoWay = errors.New("no way to the server works")

// cmdCheck runs the connection check on a URL or the --site and prints the
// report, in the system's language or --lang's; --json prints the
// report's data for scripts.
func cmdCheck(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("check", e.stderr, e.words, e.words.T("cli.check.usage", nil)+"\n")
	asJSON := fs.Bool("json", false, e.words.T("cli.check.flag.json", nil))
	lang := fs.String("lang", "", e.words.T("cli.check.flag.lang", nil))
	upload := fs.String("upload-dir", "", e.words.T("cli.check.flag.upload_dir", nil))
	plain := fs.Bool("compare-plain", false, e.words.T("cli.check.flag.compare_plain", nil))
	pos, err := fs.parseInterleaved(args)
	if err != nil {
		return err // -h: ErrHelp, exit 0
	}
	target := ""
	switch {
	case len(pos) == 1:
		target = pos[0]
	case len(pos) == 0 && (e.flags.site != "" || e.flags.demo):
	default:
		fs.usage()
		return e.usageErr(e.words.T("cli.check.args", nil))
	}
	if *lang == "" {
		*lang = cliLang(e.getenv)
	} else if l := strings.ToLower(*lang); l != "en" && l != "zh-hans" && l != "zh" {
		return e.usageErr(e.words.T("cli.check.lang", map[string]any{"Lang": strconv.Quote(*lang)}))
	}
	words := checktext.For(*lang)
	var cc check.Config
	if scfg, _, ok, err := sftpSite(e, e.flags.site, target); err != nil {
		return err
	} else if ok {
		cc.SFTP = &scfg
	} else {
		cfg, _, err := siteConfig(e, target)
		if err != nil {
			return err
		}
		cc = check.Config{Site: cfg, UploadDir: *upload, ComparePlain: *plain}
	}
	cfg := cc.Site
	if !*asJSON {
		fmt.Fprintln(e.stderr, words.L.T("check.title", nil)+" …")
		cc.Progress = func(s check.Step) {
			if s.Status != "" {
				fmt.Fprintln(e.stderr, "  "+words.StepLine(s, cfg.TLS, false))
			}
		}
	}
	rep := check.Run(ctx, cc)
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rep); err != nil {
			return err
		}
	} else {
		fmt.Fprint(e.stdout, words.Text(rep, checktext.Options{Exchange: true}))
	}
	if !rep.Recommend.Works {
		return e.failErr(errNoWay, e.words.T("cli.check.no_way", nil))
	}
	return nil
}
