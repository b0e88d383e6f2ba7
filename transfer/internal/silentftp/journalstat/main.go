// Command journalstat prints how many items a queue journal holds, by
// state, and its bytes per item: scripts/bench-huge.sh reads it after a
// run of portside-cli get against silentftpd.
//
//	go run ./transfer/internal/silentftp/journalstat JOURNAL
package main

import (
	"fmt"
	"os"

	"portside/transfer/queue"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: journalstat JOURNAL")
		os.Exit(2)
	}
	fi, err := os.Stat(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	q, err := queue.Open(queue.Config{Journal: os.Args[1], Paused: true})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer q.Close()
	n, st := q.Len(), q.Stats()
	fmt.Printf("items %d done %d queued %d failed %d journal %d B (%d B an item)\n",
		n, st.Counts[queue.Done], st.Counts[queue.Queued], st.Counts[queue.Failed], fi.Size(), fi.Size()/int64(max(n, 1)))
}
