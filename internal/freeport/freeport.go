// Package freeport hands test harnesses loopback ports for the servers and
// proxies they start as separate processes.
//
// The usual trick, bind(0) then close and hand the port to the child, races:
// between the close and the child's bind, any process's next connection or
// bind(0) can take that port, since both draw from the kernel's ephemeral
// range. The child then fails to bind ("Address already in use", "Could not
// create listening sockets") while a readiness dial may still succeed, against
// whoever took the port. The test packages run in parallel, so CI met this in
// pure-ftpd and in tinyproxy. Ports below the ephemeral range are handed out by
// nobody but harnesses like this one.
package freeport

import (
	"errors"
	"math/rand/v2"
	"net"
	"os"
	"strconv"
	"strings"
	"sync"
)

// reserved holds the ports this process handed out, so that two servers
// started in parallel never get the same one.
var reserved = struct {
	sync.Mutex
	ports map[int]bool
}{ports: map[int]bool{}}

// Range finds n consecutive free loopback ports below the kernel's ephemeral
// range and returns the first and the last. The start is random, so that
// parallel test processes (which do not share reserved) rarely pick the same.
func Range(n int) ([2]int, error) {
	if n < 1 {
		return [2]int{}, errors.New("freeport: a range of no ports")
	}
	reserved.Lock()
	defer reserved.Unlock()
	lo, hi := 10000, ephemeralLow()
	if hi-lo < 10*n {
		lo, hi = 1024, 65535-n
	}
	for try := 0; try < 50; try++ {
		base := lo + rand.IntN(hi-lo-n)
		if free(base, n) {
			for p := base; p < base+n; p++ {
				reserved.ports[p] = true
			}
			return [2]int{base, base + n - 1}, nil
		}
	}
	return [2]int{}, errors.New("freeport: no free range of " + strconv.Itoa(n) + " ports below the ephemeral range")
}

// free reports whether nobody here holds any of n ports from base and each
// can be bound now.
func free(base, n int) bool {
	for p := base; p < base+n; p++ {
		if reserved.ports[p] {
			return false
		}
		l, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(p)))
		if err != nil {
			return false
		}
		l.Close()
	}
	return true
}

// ephemeralLow is the first port of the kernel's ephemeral range.
func ephemeralLow() int {
	data, err := os.ReadFile("/proc/sys/net/ipv4/ip_local_port_range")
	if err == nil {
		if f := strings.Fields(string(data)); len(f) == 2 {
			if n, err := strconv.Atoi(f[0]); err == nil {
				return n
			}
		}
	}
	return 32768
}
