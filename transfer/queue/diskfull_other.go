//go:build !windows

package queue

import "syscall"

// noSpace are the errors of a full disk or quota (diskfull_windows.go has
// Windows' numbers).
var noSpace = []error{syscall.ENOSPC, syscall.EDQUOT}
