// Command silentftpd runs silentftp on loopback for measurements by hand,
// e.g. the cost of listing or queueing a folder of a million files:
//
//	go run ./transfer/internal/silentftp/silentftpd -files 1000000
//	PORTSIDE_PASSWORD=demo /usr/bin/time -v portside-cli ls ftp://demo@127.0.0.1:PORT/big
package main

import (
	"flag"
	"fmt"
	"os"
	"os/signal"

	"portside/transfer/internal/silentftp"
)

func main() {
	files := flag.Int("files", 1000, "files in every folder")
	dir := flag.String("dir", "big", "a folder in every folder (it lists the same: a loop, cut at once)")
	flag.Parse()
	srv, err := silentftp.Start(silentftp.Config{Generate: *files, Dirs: []string{*dir}})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println(srv.Port())
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt)
	<-stop
	srv.Close()
}
