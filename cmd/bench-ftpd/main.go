// Command bench-ftpd is the embedded demo server on its own, for
// scripts/bench-ui.sh (issue #12): FileZilla, measured beside Portside, needs
// the same server Portside's --demo starts inside its own process, with the
// same code, the same explicit FTPS and the same folder, and no Portside
// window beside it taking memory and CPU.
//
//	bench-ftpd ROOT    serve ROOT on 127.0.0.1 (a free port), user demo,
//	                   password demo, explicit FTPS with a fresh self-signed
//	                   certificate; prints "bench-ftpd: on 127.0.0.1:PORT"
//	                   and serves until SIGTERM or SIGINT
//
// Like --demo it seeds the folder with the demo's files first, so both
// tools list the same entries.
package main

import (
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"portside/transfer/ftpd"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: bench-ftpd ROOT")
		os.Exit(2)
	}
	if err := ftpd.SeedDemo(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "bench-ftpd:", err)
		os.Exit(1)
	}
	srv, err := ftpd.Start(ftpd.Config{Root: os.Args[1], TLS: ftpd.TLSExplicit})
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench-ftpd:", err)
		os.Exit(1)
	}
	fmt.Printf("bench-ftpd: on %s\n", srv.Addr())
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGTERM, syscall.SIGINT)
	<-sig
	srv.Close()
}
