//go:build unix

package local

import "syscall"

// noFollow makes Create refuse a symbolic link in place of the file: a
// part file name planted as a link must not send a download elsewhere.
const noFollow = syscall.O_NOFOLLOW
