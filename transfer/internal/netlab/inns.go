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
// afterwards; the thread itself never runs other goroutines.
//
// This is the one place netlab uses setns(2) instead of a process of its
// own (see the package comment): the thread stays locked and is not
// unlocked, so the runtime ends it when fn returns instead of handing a
// thread in a foreign namespace to other goroutines, and the runtime starts
// new threads from its template thread, not from a locked one.
func InNS(name string, fn func() error) error {
	errc := make(chan error, 1)
	go func() {
		runtime.LockOSThread() // never unlocked: the thread dies with this goroutine
		f, err := os.Open("/var/run/netns/" + name)
		if err != nil {
			errc <- err
			return
		}
		defer f.Close()
		if _, _, e := syscall.RawSyscall(sysSetns, f.Fd(), syscall.CLONE_NEWNET, 0); e != 0 {
			errc <- fmt.Errorf("setns %s: %w", name, e)
			return
		}
		errc <- fn()
	}()
	return <-errc
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
