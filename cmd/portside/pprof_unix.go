//go:build unix

package main

import (
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	rpprof "runtime/pprof"
	"syscall"
	"time"
)

// heapOnSignal writes a heap profile into the temporary folder at every
// SIGUSR2 (after a GC, so it shows what is live), for a window started
// without --pprof. (SIGUSR1 is the all-dialogs script's: placements_unix.go.)
func heapOnSignal() {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, syscall.SIGUSR2)
	go func() {
		for range ch {
			runtime.GC()
			name := filepath.Join(os.TempDir(), fmt.Sprintf("portside-heap-%d-%s.pprof", os.Getpid(), time.Now().Format("150405")))
			f, err := os.Create(name)
			if err != nil {
				fmt.Fprintln(os.Stderr, "portside: heap profile:", err)
				continue
			}
			err = rpprof.WriteHeapProfile(f)
			if cerr := f.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				fmt.Fprintln(os.Stderr, "portside: heap profile:", err)
				continue
			}
			fmt.Fprintln(os.Stderr, "portside: heap profile written to", name)
		}
	}()
}
