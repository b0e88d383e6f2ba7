// Command portside is the desktop FTP/FTPS client.
//
//	portside                          open the window, not connected
//	portside --demo                   start the embedded demo server (explicit FTPS) and connect to it
//	portside ftp://user@host:21/dir   connect to a site; the password comes from
//	                                  $PORTSIDE_PASSWORD or the quick-connect bar
//
// Every remote listing is also printed to standard output as one line
// ("portside: remote listing DIR N entries: a, b, …"), which scripts and the
// smoke test read.
package main

import (
	"bytes"
	"context"
	"crypto/x509"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"portside/assets"
	"portside/transfer"
	"portside/transfer/ftpd"
	"portside/transfer/transport"
	"portside/ui"
)

const appID = "app.portside.Portside"

func main() {
	demo := flag.Bool("demo", false, "start the embedded demo server on a sample folder and connect to it")
	localDir := flag.String("local", "", "folder the local pane opens (default: your home folder)")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: portside [--local DIR] [--demo | ftp://user@host:port/path]\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if err := run(*demo, *localDir, flag.Args()); err != nil {
		fmt.Fprintln(os.Stderr, "portside:", err)
		os.Exit(1)
	}
}

func run(demo bool, localDir string, args []string) error {
	var (
		site    *ui.Site
		connect bool
		trust   func([]*x509.Certificate, error) error
	)
	switch {
	case len(args) > 1 || demo && len(args) > 0:
		flag.Usage()
		return errors.New("give either --demo or one site address")
	case demo:
		srv, stop, err := startDemo()
		if err != nil {
			return err
		}
		defer stop()
		site = &ui.Site{Host: "127.0.0.1", Port: srv.Port(), User: "demo", Password: "demo", TLS: transport.TLSExplicit}
		trust, connect = trustOnly(srv.Certificate().Certificate[0]), true
	case len(args) == 1:
		s, err := ui.ParseSiteURL(args[0])
		if err != nil {
			return err
		}
		if s.Password != "" {
			fmt.Fprintln(os.Stderr, "portside: a password in the address is visible to other users; prefer PORTSIDE_PASSWORD")
		} else {
			s.Password = os.Getenv("PORTSIDE_PASSWORD")
		}
		// Without a password, fill the bar and let the user type it.
		site, connect = &s, s.Password != "" || s.User == "" || s.User == "anonymous"
	}

	a := app.NewWithID(appID)
	a.SetIcon(assets.Icon)
	w := a.NewWindow("Portside")
	w.SetIcon(assets.Icon)
	m := ui.NewMain(w, ui.Config{LocalDir: localDir, TrustCertificate: trust})
	m.OnRemoteListed = func(dir string, entries []transfer.Entry) { printListing(os.Stdout, dir, entries) }
	w.Resize(fyne.NewSize(1280, 800))

	a.Lifecycle().SetOnStarted(func() {
		switch {
		case connect:
			m.Connect(*site)
		case site != nil:
			m.Bar.SetSite(*site)
			w.Canvas().Focus(m.Bar.Password)
		}
	})
	// A SIGTERM (the smoke test, a logout) closes the window normally, so
	// the deferred clean-up of the demo server still runs.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		fyne.Do(a.Quit)
	}()
	w.ShowAndRun()
	return nil
}

// startDemo serves a freshly seeded temporary folder; stop removes it.
func startDemo() (*ftpd.Server, func(), error) {
	dir, err := os.MkdirTemp("", "portside-demo-")
	if err != nil {
		return nil, nil, fmt.Errorf("start demo: %w", err)
	}
	if err := ftpd.SeedDemo(dir); err != nil {
		os.RemoveAll(dir)
		return nil, nil, err
	}
	// Explicit FTPS, as most servers today want it; the app trusts the
	// server's self-signed certificate by comparing it byte for byte.
	srv, err := ftpd.Start(ftpd.Config{Root: dir, TLS: ftpd.TLSExplicit})
	if err != nil {
		os.RemoveAll(dir)
		return nil, nil, err
	}
	fmt.Fprintf(os.Stderr, "portside: demo server on %s serving %s (user demo, password demo)\n", srv.Addr(), dir)
	return srv, func() { srv.Close(); os.RemoveAll(dir) }, nil
}

// trustOnly accepts exactly the certificate der: the demo server's own,
// self-signed one, and nothing else.
func trustOnly(der []byte) func([]*x509.Certificate, error) error {
	return func(chain []*x509.Certificate, verifyErr error) error {
		if len(chain) > 0 && bytes.Equal(chain[0].Raw, der) {
			return nil
		}
		return fmt.Errorf("not the demo server's certificate: %w", verifyErr)
	}
}

func printListing(w io.Writer, dir string, entries []transfer.Entry) {
	names := make([]string, len(entries))
	for i, e := range entries {
		names[i] = e.Name
	}
	fmt.Fprintf(w, "portside: remote listing %s %d entries: %s\n", dir, len(entries), strings.Join(names, ", "))
}
