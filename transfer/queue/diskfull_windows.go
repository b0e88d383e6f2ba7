package queue

import "syscall"

// noSpace are the errors of a full disk or quota. Windows returns its own
// numbers: Go's syscall.ENOSPC there is a made-up one no call returns, so a
// full disk was retried as if the next try could help.
var noSpace = []error{
	syscall.Errno(112),  // ERROR_DISK_FULL
	syscall.Errno(39),   // ERROR_HANDLE_DISK_FULL
	syscall.Errno(1295), // ERROR_DISK_QUOTA_EXCEEDED
}
