package netlab

import "syscall"

// dieWithParent kills a command run in a namespace when the test process
// dies, so a crashed test leaves no server behind.
func dieWithParent() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
