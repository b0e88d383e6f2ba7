package main

import (
	"fmt"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	rpprof "runtime/pprof"
	"syscall"
	"time"
)

// servePprof serves net/http/pprof on addr, which must be a loopback
// address: the profiles show file names and paths, so they are not for
// the network. It is for measuring the window's memory (docs/ARCHITECTURE.md,
// "Performance"); users never need it.
func servePprof(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("--pprof %q: %w", addr, err)
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return fmt.Errorf("--pprof %q: only a loopback address is allowed", addr)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("--pprof: %w", err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	fmt.Fprintf(os.Stderr, "portside: pprof on http://%s/debug/pprof/\n", ln.Addr())
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	return nil
}

// heapOnSignal writes a heap profile into the temporary folder at every
// SIGUSR1 (after a GC, so it shows what is live), for a window started
// without --pprof.
func heapOnSignal() {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, syscall.SIGUSR1)
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
