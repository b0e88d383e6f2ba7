//go:build linux

// Package wanlab puts an emulated wide-area link between two network
// namespaces, for tests and benchmarks that need real round-trip times and
// rates: this kernel has no netem qdisc, so the link is a Go program.
//
// The layout (addresses fixed, every lab in namespaces of its own):
//
//	client 198.18.41.2 ── veth ── router ── veth ── server 198.18.42.2
//	                                 │
//	                             TUN "wan0" ⇄ the engine (this process)
//
// In the router, policy routing ("ip rule iif <veth> lookup 100", table 100
// = "default dev wan0") sends every packet that arrives from either veth
// into the TUN device. The engine reads it, holds it for the direction's
// delay and rate (see Dir), and writes it back into wan0; a packet coming
// in on wan0 matches no rule and takes the main table to the other veth.
// Everything is plain IP forwarding, so any protocol works end to end: FTP
// control and data connections in passive and active mode, TLS, ICMP.
//
// The engine runs inside the test process (its TUN descriptor was opened
// on a thread that entered the router namespace), so it ends with the test
// — its cleanup, or the process dying — and with the namespace.
package wanlab

import (
	"fmt"
	"io"
	"net/netip"
	"os"
	"testing"
	"time"

	"portside/transfer/internal/netlab"
)

// Config is the link: one Dir for each direction.
type Config struct {
	Up   Dir // client → server
	Down Dir // server → client
	// MaxPackets bounds each direction's packets held at once (queue and
	// delay line); more are dropped. 0: DefaultMaxPackets.
	MaxPackets int
	// Trace, if set, gets a line per packet entering the link (time,
	// direction, addresses, TCP flags, payload length): the lab's tcpdump.
	Trace io.Writer
}

// Symmetric is a link with rtt split evenly between the directions and
// the same rate (bits per second, 0: none) both ways.
func Symmetric(rtt time.Duration, rate int64) Config {
	d := Dir{Delay: rtt / 2, Rate: rate}
	return Config{Up: d, Down: d}
}

// The addresses of every WAN lab.
const (
	ClientIP = "198.18.41.2"
	ServerIP = "198.18.42.2"
)

var (
	clientNet = netip.MustParsePrefix("198.18.41.0/24")
	serverNet = netip.MustParsePrefix("198.18.42.0/24")
)

// WAN is a running emulated link between Client and Server.
type WAN struct {
	Client, Router, Server *netlab.NS
	eng                    *engine
}

// New builds the three namespaces and starts the engine; both go away in
// the test's cleanup. It skips where netlab.Require does, and also where
// the kernel has no TUN device.
func New(t testing.TB, cfg Config) *WAN {
	t.Helper()
	netlab.Require(t)
	if _, err := os.Stat("/dev/net/tun"); err != nil {
		t.Skipf("wanlab: no TUN device here (%v)", err)
	}
	lab := netlab.New(t)
	w := &WAN{Client: lab.Namespace("wcli"), Router: lab.Namespace("wrtr"), Server: lab.Namespace("wsrv")}
	_, rc := lab.Link(w.Client, ClientIP+"/24", w.Router, "198.18.41.1/24")
	rs, _ := lab.Link(w.Router, "198.18.42.1/24", w.Server, ServerIP+"/24")
	w.Client.Route("default", "198.18.41.1")
	w.Server.Route("default", "198.18.42.1")
	w.Router.Forward()
	// Packets come back in on wan0 with addresses that route out of the
	// veths: reverse-path filtering would drop them (the kernel uses the
	// larger of "all" and the device's value).
	w.Router.Sysctl("net/ipv4/conf/all/rp_filter", "0")
	w.Router.Sysctl("net/ipv4/conf/default/rp_filter", "0")

	var tun *os.File
	if err := netlab.InNS(w.Router.Name, func() (err error) {
		tun, err = openTUN("wan0")
		return err
	}); err != nil {
		t.Fatalf("wanlab: TUN device in the router: %v", err)
	}
	w.Router.MustRun("ip", "link", "set", "wan0", "mtu", fmt.Sprint(mtu), "up")
	w.Router.Sysctl("net/ipv4/conf/wan0/rp_filter", "0")
	w.Router.MustRun("ip", "route", "add", "default", "dev", "wan0", "table", "100")
	w.Router.MustRun("ip", "rule", "add", "iif", rc, "lookup", "100", "pref", "100")
	w.Router.MustRun("ip", "rule", "add", "iif", rs, "lookup", "100", "pref", "101")
	var tr *tracer
	if cfg.Trace != nil {
		tr = &tracer{w: cfg.Trace, start: time.Now()}
	}
	w.eng = newEngine(tun, clientNet, serverNet, cfg.Up, cfg.Down, cfg.MaxPackets, tr)
	// Registered after the lab's cleanup, so it runs first: the engine
	// stops before its namespace is deleted.
	t.Cleanup(w.eng.close)
	return w
}

// Stats counts the packets of one direction.
type Stats struct {
	Passed, Dropped, Bytes int64
}

// Stats returns the counts so far for client→server and server→client.
func (w *WAN) Stats() (up, down Stats) {
	s := func(d *direction) Stats {
		return Stats{Passed: d.passed.Load(), Dropped: d.dropped.Load(), Bytes: d.bytes.Load()}
	}
	return s(w.eng.dirs[0]), s(w.eng.dirs[1])
}
