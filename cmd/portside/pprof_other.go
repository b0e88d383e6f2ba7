//go:build !unix

package main

// heapOnSignal: Windows has no SIGUSR2; --pprof serves the same profiles.
func heapOnSignal() {}
