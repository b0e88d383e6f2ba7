//go:build unix

package edit

import "syscall"

// alive reports whether process pid runs: signal 0 checks without
// signalling (EPERM: it runs, as another user).
func alive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || err == syscall.EPERM
}
