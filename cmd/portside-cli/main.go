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

	"portside/buildinfo"
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

const usage = `usage: portside-cli [flags] COMMAND [ARGS]

Commands:
  ls URL              list a remote folder, e.g. ftp://alice@example.com/pub
  get URL LOCAL       download a file or a folder (recursively) into LOCAL
  put LOCAL... URL    upload files or folders (recursively) into the remote folder URL
  sync URL LOCAL      make the remote folder URL match LOCAL, or LOCAL match it with
                      --direction download; --dry-run shows the plan (sync -h for more)
  check URL           test the server every way (passive, active, TLS) and say what is
                      wrong and what to change, on which side (check -h for more)
  chmod MODE URL      set permissions (SITE CHMOD), e.g. chmod 644 URL; -R for a tree
  find URL PATTERN    print the path of each entry below URL whose name matches
                      PATTERN (a glob such as '*.log', or a part of the name)

get and put resume where an interrupted run (even kill -9) stopped: run the same
command again. Exit code 0: all done; 1: something failed (a summary says what).

URLs: ftp:// (plain, or --tls explicit), ftpes:// (explicit TLS), ftps:// (implicit TLS),
sftp://user@host[:port]/path (SSH: --key FILE, the ssh-agent, or a password).
The password comes from PORTSIDE_PASSWORD, or a prompt on a terminal.
With --site NAME (a site saved in the window's Site Manager) URLs become paths on
that site, e.g. portside-cli --site Work ls /pub; its password comes from the keychain.

Flags:
`

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
	fs := flag.NewFlagSet("portside-cli", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o siteFlags
	o.register(fs)
	version := fs.Bool("version", false, "print the version, commit and build date, and exit")
	fs.Usage = func() {
		fmt.Fprint(stderr, usage)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
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
		fs.Usage()
		return exitUsage
	}
	o.set = map[string]bool{}
	fs.Visit(func(f *flag.Flag) { o.set[f.Name] = true })
	if o.demo && o.site != "" {
		fmt.Fprintln(stderr, "portside-cli: give --demo or --site, not both")
		return exitUsage
	}
	cmd, rest := fs.Arg(0), fs.Args()[1:]
	env := &env{stdin: stdin, stdout: stdout, stderr: stderr, rawOut: rawOut, getenv: getenv, flags: o}
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
		fmt.Fprintf(stderr, "portside-cli: unknown command %q\n\n", cmd)
		fs.Usage()
		return exitUsage
	}
	if errors.Is(err, flag.ErrHelp) {
		return exitOK // "ls -h": the flag package printed the help already
	}
	if err != nil {
		fmt.Fprintf(stderr, "portside-cli: %v\n", err)
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
}
