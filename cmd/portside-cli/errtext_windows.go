package main

import (
	"errors"
	"syscall"
)

// noSpace reports a full disk or quota in Windows' own codes (syscall's
// ENOSPC is an invented value there that no call returns).
func noSpace(err error) bool {
	for _, e := range []syscall.Errno{112, 39, 1295} { // ERROR_DISK_FULL, ERROR_HANDLE_DISK_FULL, ERROR_DISK_QUOTA_EXCEEDED
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}
