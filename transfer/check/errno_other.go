//go:build !windows

package check

import "syscall"

// The errors netKind sorts (errno_windows.go has Winsock's numbers too).
var (
	errnoRefused     = []error{syscall.ECONNREFUSED}
	errnoUnreachable = []error{syscall.EHOSTUNREACH, syscall.ENETUNREACH}
	errnoTimedOut    = []error{syscall.ETIMEDOUT}
	errnoReset       = []error{syscall.ECONNRESET}
)
