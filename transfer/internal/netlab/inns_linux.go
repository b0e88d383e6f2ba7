package netlab

import (
	"fmt"
	"net"
	"os"
	"runtime"
	"syscall"
	"time"
)

// InNS runs fn on an OS thread that has entered the network namespace
// named name (as `ip netns` knows it). Sockets and devices fn creates
// belong to that namespace for good and can be used from any goroutine
// afterwards.
//
// This is the one place netlab uses setns(2) instead of a process of its
// own (see the package comment). The goroutine stays locked to its thread
// while the thread is in the other namespace, and the thread goes back to
// this process's namespace before it is unlocked. It must not simply die
// locked, as Go would arrange: a child process started with Pdeathsig
// (every server here) is signalled when the thread that forked it exits,
// and that thread may be this one. Only when going back fails is the
// thread left locked, so the runtime ends it rather than reuse it.
func InNS(name string, fn func() error) error {
	errc := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		home, err := os.Open("/proc/thread-self/ns/net")
		if err != nil {
			runtime.UnlockOSThread()
			errc <- err
			return
		}
		defer home.Close()
		f, err := os.Open("/var/run/netns/" + name)
		if err != nil {
			runtime.UnlockOSThread()
			errc <- err
			return
		}
		defer f.Close()
		if err := setns(f); err != nil {
			runtime.UnlockOSThread()
			errc <- fmt.Errorf("setns %s: %w", name, err)
			return
		}
		err = fn()
		if setns(home) == nil {
			runtime.UnlockOSThread()
		}
		errc <- err
	}()
	return <-errc
}

func setns(f *os.File) error {
	if _, _, e := syscall.RawSyscall(sysSetns, f.Fd(), syscall.CLONE_NEWNET, 0); e != 0 {
		return e
	}
	return nil
}

// Dial connects to addr over TCP from inside ns, within timeout.
func (ns *NS) Dial(addr string, timeout time.Duration) (net.Conn, error) {
	var c net.Conn
	err := InNS(ns.Name, func() (err error) {
		c, err = net.DialTimeout("tcp", addr, timeout)
		return err
	})
	return c, err
}

// Listen listens on addr over TCP inside ns.
func (ns *NS) Listen(addr string) (net.Listener, error) {
	var l net.Listener
	err := InNS(ns.Name, func() (err error) {
		l, err = net.Listen("tcp", addr)
		return err
	})
	return l, err
}
