//go:build !linux

package realftpd

import (
	"os"
	"syscall"
)

// The servers are Debian's Linux binaries and Start skips elsewhere (it
// needs root, which os.Geteuid never reports on Windows), so these only
// let the tests that use this package compile for Windows (under Wine) and
// macOS (go vet): they are never reached there.

func serverProcAttr(bool) *syscall.SysProcAttr { return nil }

func signalAll(pid int, tree []int, sig syscall.Signal) {
	for _, p := range append([]int{pid}, tree...) {
		signalOne(p, sig)
	}
}

func signalOne(pid int, _ syscall.Signal) {
	if p, err := os.FindProcess(pid); err == nil {
		p.Kill()
	}
}

func fileUID(os.FileInfo) int { return -1 }
