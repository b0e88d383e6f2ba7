package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"strings"

	"portside/i18n"
	"portside/i18n/checktext"
	"portside/transfer/check"
)

// errNoWay is the check's "nothing works" (exit 1, the report said why).
var errNoWay = errors.New("no way to the server works (see the report)")

// cmdCheck runs the connection check on a URL or the --site and prints the
// report, in the system's language or --lang's; --json prints the
// report's data for scripts.
func cmdCheck(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	asJSON := fs.Bool("json", false, "print the report as JSON")
	lang := fs.String("lang", "", "language of the report: en or zh-Hans (default: the system's)")
	upload := fs.String("upload-dir", "", "also upload and delete a small test file in this remote folder")
	plain := fs.Bool("compare-plain", false, "a TLS site: try failed ways over plain FTP too (sends the password unencrypted)")
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, "usage: portside-cli [flags] check [--json] [--lang en|zh-Hans] [--upload-dir DIR] [--compare-plain] URL\n"+
			"       portside-cli --site NAME check [...]\n\nExit code 0: some way to the server works; 1: none does; 2: usage.")
		fs.PrintDefaults()
	}
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	target := ""
	switch {
	case len(pos) == 1:
		target = pos[0]
	case len(pos) == 0 && (e.flags.site != "" || e.flags.demo):
	default:
		fs.Usage()
		return fmt.Errorf("%w: check takes one URL (or --site NAME)", errUsage)
	}
	if *lang == "" {
		*lang = i18n.System(e.getenv)
	} else if l := strings.ToLower(*lang); l != "en" && l != "zh-hans" && l != "zh" {
		return fmt.Errorf("%w: --lang %q: want en or zh-Hans", errUsage, *lang)
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
		return errNoWay
	}
	return nil
}
