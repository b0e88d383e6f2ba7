package realftpd

import (
	"os"
	"syscall"
)

// serverProcAttr starts a server in its own process group, so that stop
// reaches every process it forks. If the test binary dies without its
// cleanups (killed by go test's -timeout, or by hand), the server goes too
// (Pdeathsig) instead of staying behind with init as its parent; the
// daemons' main processes keep their credentials, which would otherwise
// clear it. With newMountNS, Go makes the new namespace's mounts private
// before it runs the syslog wrapper.
func serverProcAttr(newMountNS bool) *syscall.SysProcAttr {
	a := &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGTERM}
	if newMountNS {
		a.Unshareflags = syscall.CLONE_NEWNS
	}
	return a
}

func signalAll(pid int, tree []int, sig syscall.Signal) {
	syscall.Kill(-pid, sig) // the process group, set up by Setpgid
	for _, p := range tree {
		syscall.Kill(p, sig) // any that moved to a group or session of its own
	}
}

func signalOne(pid int, sig syscall.Signal) { syscall.Kill(pid, sig) }

func fileUID(fi os.FileInfo) int { return int(fi.Sys().(*syscall.Stat_t).Uid) }
