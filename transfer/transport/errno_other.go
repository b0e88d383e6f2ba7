//go:build !windows

package transport

import "syscall"

// The errors the Is* functions sort (errno_windows.go has Winsock's
// numbers too).
var (
	errnoRefused     = []error{syscall.ECONNREFUSED}
	errnoUnreachable = []error{syscall.EHOSTUNREACH, syscall.ENETUNREACH}
	errnoTimedOut    = []error{syscall.ETIMEDOUT}
	errnoReset       = []error{syscall.ECONNRESET}
)
