// Command portside-cli is Portside without a window: the same transfer
// packages driven from a terminal, a script or cron. It needs no display
// and no OpenGL libraries.
//
//	portside-cli [flags] ls URL
//	portside-cli --demo ls /
//
// The password comes from PORTSIDE_PASSWORD or a prompt, never from argv.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sync/atomic"

	"portside/buildinfo"
	"portside/i18n"
	"portside/transfer"
	"portside/transfer/ftpd"
	"portside/transfer/queue"
)

// Exit codes scripts can rely on.
const (
	exitOK    = 0
	exitFail  = 1 // the operation failed; stderr says why
	exitUsage = 2 // the command line was wrong
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv))
}

// usage is the help before the flags, worded by the catalogue "cli"
// (i18n/lang/cli.*.json) in the language of the user's locale.
func usage(l *i18n.Localizer) string { return l.T("cli.usage", nil) }

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	// Everything printed passes through one escaping writer: server
	// replies and file names reach the terminal with their control
	// characters and bidi overrides shown, never acted on. Only the
	// progress line's own "\r\033[K" goes to the raw stdout.
	rawOut := stdout
	outE, errE := &transfer.EscapeWriter{W: stdout}, &transfer.EscapeWriter{W: stderr}
	defer outE.Flush()
	defer errE.Flush()
	stdout, stderr = outE, errE
	words := i18n.For(cliLang(getenv))
	fs := newFlagSet("portside-cli", stderr, words, usage(words))
	var o siteFlags
	o.register(fs.FlagSet, words)
	version := fs.Bool("version", false, words.T("cli.flag.version", nil))
	if err := fs.parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK // the help was asked for, and printed
		}
		return exitUsage
	}
	if *version {
		fmt.Fprint(stdout, buildinfo.Read().Text("portside-cli"))
		return exitOK
	}
	if fs.NArg() < 1 {
		fs.usage()
		return exitUsage
	}
	o.set = map[string]bool{}
	fs.Visit(func(f *flag.Flag) { o.set[f.Name] = true })
	if o.demo && o.site != "" {
		fmt.Fprintln(stderr, "portside-cli: "+words.T("cli.demo_and_site", nil))
		return exitUsage
	}
	cmd, rest := fs.Arg(0), fs.Args()[1:]
	env := &env{stdin: stdin, stdout: stdout, stderr: stderr, rawOut: rawOut, getenv: getenv, flags: o, words: words}
	defer func() {
		if env.demo != nil {
			env.demo.Close()
		}
	}()
	var err error
	switch cmd {
	case "ls":
		err = cmdLs(ctx, env, rest)
	case "get":
		err = cmdTransfer(ctx, env, queue.Download, rest)
	case "put":
		err = cmdTransfer(ctx, env, queue.Upload, rest)
	case "sync":
		err = cmdSync(ctx, env, rest)
	case "check":
		err = cmdCheck(ctx, env, rest)
	case "chmod":
		err = cmdChmod(ctx, env, rest)
	case "find":
		err = cmdFind(ctx, env, rest)
	default:
		fmt.Fprintf(stderr, "portside-cli: %s\n\n", words.T("cli.unknown_command", map[string]string{"Command": fmt.Sprintf("%q", cmd)}))
		fs.usage()
		return exitUsage
	}
	if errors.Is(err, flag.ErrHelp) {
		return exitOK // "ls -h": the help is printed already
	}
	if errors.Is(err, errShown) {
		return exitUsage // a bad flag: its error and the help are printed already
	}
	if err != nil {
		// A failed step's facts, a refused certificate, a local file's
		// error are worded in the user's language; English keeps the
		// error's own sentence, which scripts may match.
		fmt.Fprintf(stderr, "portside-cli: %s\n", errorText(words, err))
		if errors.Is(err, errUsage) {
			return exitUsage
		}
		return exitFail
	}
	return exitOK
}

var errUsage = errors.New("usage")

type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer // escaping (transfer.EscapeWriter)
	rawOut         io.Writer // stdout itself, for the progress line's terminal codes
	getenv         func(string) string
	flags          siteFlags
	demo           *ftpd.Server // started by --demo, once
	// words is the catalogue "cli" in the language of the locale
	// (LC_ALL, LC_MESSAGES, LANG…), for what people read; JSON output
	// keeps its English keys.
	words *i18n.Localizer
	// rejected is the last SFTP host key refused, for the error's words.
	rejected atomic.Pointer[rejectedKey]
}
