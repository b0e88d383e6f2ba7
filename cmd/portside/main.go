// Command portside is the desktop FTP/FTPS client.
//
//	portside                          open the window, not connected
//	portside --demo                   start the embedded demo server (explicit FTPS) and connect to it
//	portside --demo --demo-root DIR   the same, serving DIR (seeded with the demo files, kept afterwards)
//	portside --demo --demo-sftp       the demo folder over SFTP as well (loopback; password on stderr)
//	portside --speed-limit 600 …      cap all transfers together at 600 KiB/s
//	portside --version                print the version, commit, build date, Go and Fyne versions
//	portside ftp://user@host:21/dir   connect to a site; the password comes from
//	                                  $PORTSIDE_PASSWORD or the quick-connect bar
//
// Every remote listing is also printed to standard output as one line
// ("portside: remote listing DIR N entries: a, b, …"), and so is every
// transfer that ends ("portside: upload done SRC -> DST"), which scripts and
// the smoke tests read.
//
// The transfer queue is journaled in the user's config folder
// (portside/queue.db), so it survives a crash. The saved sites live there
// too (portside/sites.json, passwords in the system keychain). The demo
// uses a temporary folder for both, with one saved site, "Demo server",
// whose password is kept in memory: it never touches your own sites.
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
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/lang"

	"portside/assets"
	"portside/buildinfo"
	"portside/transfer"
	"portside/transfer/ftpd"
	"portside/transfer/queue"
	"portside/transfer/sites"
	"portside/ui"
)

const appID = "app.portside.Portside"

func main() {
	demo := flag.Bool("demo", false, "start the embedded demo server on a sample folder and connect to it")
	demoRoot := flag.String("demo-root", "", "with --demo: serve this folder instead of a temporary one, and keep it")
	demoSFTP := flag.Bool("demo-sftp", false, "with --demo: serve the demo folder over SFTP too, on a loopback port, with a password and host key new each run (printed on standard error), saved as a second site")
	localDir := flag.String("local", "", "folder the local pane opens (default: your home folder)")
	limit := flag.Int64("speed-limit", 0, "cap all transfers together at this many KiB/s (0: no limit)")
	version := flag.Bool("version", false, "print the version, commit and build date, and exit")
	probe := flag.Bool("frame-probe", false, "print every second how long the window could not draw at most (for scripts/bench-ui.sh)")
	pprofAddr := flag.String("pprof", "", "serve Go's profiles (net/http/pprof) on this loopback address, e.g. 127.0.0.1:6060")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: portside [--version] [--local DIR] [--speed-limit KIB/S] [--demo [--demo-root DIR] [--demo-sftp] | ftp://user@host:port/path]\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if *version { // before anything opens a display
		fmt.Print(buildinfo.Read().Text("portside"))
		return
	}
	if (*demoRoot != "" || *demoSFTP) && !*demo {
		fmt.Fprintln(os.Stderr, "portside: --demo-root and --demo-sftp need --demo")
		os.Exit(2)
	}
	heapOnSignal()
	probeOn = *probe
	if *pprofAddr != "" {
		if err := servePprof(*pprofAddr); err != nil {
			fmt.Fprintln(os.Stderr, "portside:", err)
			os.Exit(2)
		}
	}
	if err := run(demoOptions{on: *demo, root: *demoRoot, sftp: *demoSFTP}, *localDir, *limit*1024, flag.Args()); err != nil {
		fmt.Fprintln(os.Stderr, "portside:", err)
		os.Exit(1)
	}
}

// demoOptions are the --demo flags.
type demoOptions struct {
	on   bool   // --demo
	root string // --demo-root
	sftp bool   // --demo-sftp
}

func run(demoOpt demoOptions, localDir string, limit int64, args []string) error {
	demo := demoOpt.on
	var (
		site    *ui.Site
		connect bool
		trust   func([]*x509.Certificate, error) error
		journal string // empty: a temporary queue journal
		store   *sites.Store
		saved   *sites.Site // the demo's saved site, connected to at start
		warn    error       // shown once the window is up
	)
	var tabsFile string // the open tabs, for the next start; empty (the demo): not kept
	switch {
	case len(args) > 1 || demo && len(args) > 0:
		flag.Usage()
		return errors.New("give either --demo or one site address")
	case demo:
		srv, dir, stop, err := startDemo(demoOpt.root)
		if err != nil {
			return err
		}
		defer stop()
		trust = trustOnly(srv.Certificate().Certificate[0])
		if store, saved, err = demoSites(srv); err != nil {
			return err
		}
		defer os.RemoveAll(store.Dir())
		if demoOpt.sftp {
			sd, err := startDemoSFTP(dir)
			if err != nil {
				return err
			}
			defer sd.srv.Close()
			if err := sd.saveSite(store); err != nil {
				return err
			}
		}
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
	if !demo {
		dir, err := sites.DefaultDir()
		if err != nil {
			return fmt.Errorf("find the config folder for the transfer queue: %w", err)
		}
		journal = filepath.Join(dir, "queue.db")
		tabsFile = filepath.Join(dir, "tabs.json")
		// A damaged sites.json is moved aside and the store starts empty:
		// say so, but open the window.
		store, warn = sites.Open(dir, sites.SystemKeychain{})
		var ce *sites.CorruptError
		if warn != nil && !errors.As(warn, &ce) {
			store = nil // the window works without saved sites
		}
	}

	prefs := ui.NewPrefs("", sites.Settings{}) // the demo's: not saved
	if !demo {
		if dir, err := sites.DefaultDir(); err == nil {
			st, err := sites.LoadSettings(dir)
			if err != nil {
				fmt.Fprintln(os.Stderr, "portside: settings:", err) // the defaults, then
			}
			prefs = ui.NewPrefs(dir, st)
		}
	}
	a := app.NewWithID(appID)
	a.SetIcon(assets.Icon)
	if probeOn {
		frameProbe()
	}
	// Portside's catalogues, for lang.L/lang.X across the window (issue #14
	// grows them); the connection check words its report with them too.
	// The Settings window's language applies from here (see UseLanguage).
	if err := ui.UseLanguage(prefs.Get().Language); err != nil {
		fmt.Fprintln(os.Stderr, "portside: translations:", err)
	}
	w := a.NewWindow("Portside")
	w.SetIcon(assets.Icon)
	m := ui.NewMain(w, ui.Config{LocalDir: localDir, TrustCertificate: trust, Journal: journal, SpeedLimit: limit, Sites: store, Prefs: prefs, TabsFile: tabsFile})
	// Closing the window stops the queue cleanly; the journal keeps what
	// was left for the next start.
	w.SetOnClosed(m.Close)
	defer m.Close()
	m.OnRemoteListed = func(dir string, entries []transfer.Entry) { printListing(os.Stdout, dir, entries) }
	m.OnTransferEnded = func(it queue.Item) { printTransfer(os.Stdout, it) }
	w.SetOnDropped(m.HandleOSDrop)
	w.Resize(fyne.NewSize(1280, 800))
	printPlacementsOnSignal(w, os.Stdout)

	a.Lifecycle().SetOnStarted(func() {
		if warn != nil {
			m.Warn(lang.X("warn.sites", "Saved sites"), warn)
		}
		switch {
		case saved != nil:
			if err := store.Touch(saved.ID); err != nil {
				fmt.Fprintln(os.Stderr, "portside:", err)
			}
			m.ConnectSaved(*saved, "demo")
		case connect:
			m.FreeTab() // not over a tab restored from the last session
			m.Connect(*site)
		case site != nil:
			m.FreeTab()
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

// startDemo serves root, or a temporary folder, freshly seeded, and
// returns the folder; stop removes the temporary folder.
func startDemo(root string) (*ftpd.Server, string, func(), error) {
	dir, keep := root, root != ""
	if !keep {
		var err error
		if dir, err = os.MkdirTemp("", "portside-demo-"); err != nil {
			return nil, "", nil, fmt.Errorf("start demo: %w", err)
		}
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, "", nil, fmt.Errorf("start demo: %w", err)
	}
	cleanup := func() {
		if !keep {
			os.RemoveAll(dir)
		}
	}
	if err := ftpd.SeedDemo(dir); err != nil {
		cleanup()
		return nil, "", nil, err
	}
	// Explicit FTPS, as most servers today want it; the app trusts the
	// server's self-signed certificate by comparing it byte for byte.
	srv, err := ftpd.Start(ftpd.Config{Root: dir, TLS: ftpd.TLSExplicit})
	if err != nil {
		cleanup()
		return nil, "", nil, err
	}
	fmt.Fprintf(os.Stderr, "portside: demo server on %s serving %s (user demo, password demo)\n", srv.Addr(), dir)
	return srv, dir, func() { srv.Close(); cleanup() }, nil
}

// demoSites is a site store in a temporary folder holding one site, the
// demo server, with its password in memory and its certificate pinned.
func demoSites(srv *ftpd.Server) (*sites.Store, *sites.Site, error) {
	dir, err := os.MkdirTemp("", "portside-demo-config-")
	if err != nil {
		return nil, nil, fmt.Errorf("start demo: %w", err)
	}
	store, err := sites.Open(dir, sites.NewMemoryKeychain()) // the demo never touches the real keychain
	if err != nil {
		os.RemoveAll(dir)
		return nil, nil, fmt.Errorf("start demo: %w", err)
	}
	s := sites.NewSite("Demo server")
	s.Host, s.Port, s.User = "127.0.0.1", srv.Port(), "demo"
	s.Comments = "The demo server Portside started; it goes away when Portside quits."
	pw := "demo"
	saved, err := store.Save(s, &pw)
	if err == nil {
		cert := srv.Certificate().Leaf
		if cert == nil {
			cert, err = x509.ParseCertificate(srv.Certificate().Certificate[0])
		}
		if err == nil {
			err = store.Pins.Pin(saved.ID, sites.CertInfoOf(cert, nil, time.Now()))
		}
	}
	if err != nil {
		os.RemoveAll(dir)
		return nil, nil, fmt.Errorf("start demo: %w", err)
	}
	return store, &saved, nil
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

// printListing is the line scripts wait for: "portside: remote listing
// DIR N entries: a, b, …". The names came from the server, so each is
// escaped (a name with ESC or CR must not drive the terminal), and only
// the first listedNames are printed: a folder of 20,000 made a 300 KB line
// per listing, written on the window's goroutine (issue #12).
func printListing(w io.Writer, dir string, entries []transfer.Entry) {
	names := make([]string, 0, min(len(entries), listedNames)+1)
	for _, e := range entries[:min(len(entries), listedNames)] {
		names = append(names, transfer.Escape(e.Name))
	}
	if more := len(entries) - listedNames; more > 0 {
		names = append(names, fmt.Sprintf("… %d more", more))
	}
	fmt.Fprintf(w, "portside: remote listing %s %d entries: %s\n", transfer.Escape(dir), len(entries), strings.Join(names, ", "))
}

// listedNames is how many names printListing prints at most.
const listedNames = 200

// printTransfer is one line per ended transfer: "portside: upload done
// /home/ann/a.txt -> /incoming/a.txt", with the reason when it failed.
func printTransfer(w io.Writer, it queue.Item) {
	line := fmt.Sprintf("portside: %s %s %s -> %s", it.Dir, it.State, it.Src, it.Dst)
	if it.Err != "" {
		line += ": " + it.Err
	}
	fmt.Fprintln(w, line)
}
