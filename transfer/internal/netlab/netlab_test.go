package netlab_test

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
	osexec "os/exec"
	"strings"
	"testing"
	"time"

	"portside/transfer/internal/netlab"
)

// TestNetlabHelper is not a test of its own: TestLab re-executes the test
// binary with -test.run=^TestNetlabHelper$ inside a namespace, and the
// NETLAB_SELFTEST variable says what to do there. Run directly, it skips.
func TestNetlabHelper(t *testing.T) {
	role, addr := os.Getenv("NETLAB_SELFTEST"), os.Getenv("NETLAB_ADDR")
	switch role {
	case "":
		t.Skip("helper process for TestLab; runs only when re-executed inside a namespace")
	case "listen":
		// Accept one connection, report the peer address it came from (to
		// see NAT at work), greet it.
		ln, err := net.Listen("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Println("ready", ln.Addr())
		ln.(*net.TCPListener).SetDeadline(time.Now().Add(20 * time.Second))
		c, err := ln.Accept()
		if err != nil {
			t.Fatal(err)
		}
		fmt.Println("peer", c.RemoteAddr())
		c.Write([]byte("hello from " + c.LocalAddr().String()))
		c.Close()
	case "dial":
		c, err := net.DialTimeout("tcp", addr, 2*time.Second)
		if err != nil {
			fmt.Println("error", err)
			return
		}
		c.SetDeadline(time.Now().Add(5 * time.Second))
		b, err := io.ReadAll(c)
		c.Close()
		if err != nil {
			fmt.Println("error", err)
			return
		}
		fmt.Println("got", string(b))
	default:
		t.Fatalf("unknown role %q", role)
	}
}

// TestLab builds a client, a NAT router and a LAN host, and checks that the
// lab really isolates, routes and translates: a connection from the LAN is
// masqueraded, a port forward reaches the LAN host, a private address is
// unreachable from outside, the rule counters see it, and everything is gone
// after cleanup while the root namespace is unchanged.
func TestLab(t *testing.T) {
	netlab.Require(t)
	rootBefore := rootState(t)
	var names []string
	t.Run("nat", func(t *testing.T) {
		lab := netlab.New(t)
		out, pub, lan := lab.Namespace("out"), lab.Namespace("rtr"), lab.Namespace("lan")
		names = []string{out.Name, pub.Name, lan.Name}
		_, rPub := lab.Link(out, "198.18.10.1/24", pub, "198.18.10.2/24")
		lab.Link(pub, "10.77.1.1/24", lan, "10.77.1.2/24")
		lan.Route("default", "10.77.1.1")
		pub.Forward()
		pub.IPTables("-t", "nat", "-A", "POSTROUTING", "-s", "10.77.1.0/24", "-o", rPub, "-j", "MASQUERADE",
			"-m", "comment", "--comment", "masq")
		pub.IPTables("-t", "nat", "-A", "PREROUTING", "-i", rPub, "-p", "tcp", "--dport", "8000",
			"-j", "DNAT", "--to-destination", "10.77.1.2", "-m", "comment", "--comment", "fwd")
		t.Logf("iptables: %s", strings.TrimSpace(out.MustRun("iptables", "-V")))

		// Outbound from the LAN: the outside host sees the router's address.
		srv := out.Start([]string{"NETLAB_SELFTEST=listen", "NETLAB_ADDR=198.18.10.1:7000"}, netlab.Self("TestNetlabHelper", 30*time.Second)...)
		if _, err := srv.WaitLine("ready", 15*time.Second); err != nil {
			t.Fatal(err)
		}
		got := dial(t, lan, "198.18.10.1:7000")
		if !strings.HasPrefix(got, "got hello from 198.18.10.1:7000") {
			t.Fatalf("LAN to outside: %q", got)
		}
		if peer, err := srv.WaitLine("peer", 5*time.Second); err != nil || !strings.HasPrefix(peer, "peer 198.18.10.2:") {
			t.Errorf("outside saw %q (%v), want the router's address 198.18.10.2 (masquerade)", peer, err)
		}

		// Inbound through the port forward: the LAN host sees the client.
		fwd := lan.Start([]string{"NETLAB_SELFTEST=listen", "NETLAB_ADDR=10.77.1.2:8000"}, netlab.Self("TestNetlabHelper", 30*time.Second)...)
		if _, err := fwd.WaitLine("ready", 15*time.Second); err != nil {
			t.Fatal(err)
		}
		if got := dial(t, out, "198.18.10.2:8000"); !strings.HasPrefix(got, "got hello from 10.77.1.2:8000") {
			t.Fatalf("outside to forwarded port: %q", got)
		}
		if peer, err := fwd.WaitLine("peer", 5*time.Second); err != nil || !strings.HasPrefix(peer, "peer 198.18.10.1:") {
			t.Errorf("LAN host saw %q (%v), want the outside client 198.18.10.1", peer, err)
		}
		for _, c := range []string{"masq", "fwd"} {
			if n, err := pub.Packets("nat", map[string]string{"masq": "POSTROUTING", "fwd": "PREROUTING"}[c], c); err != nil || n == 0 {
				t.Errorf("rule %s counted %d packets (%v), want > 0", c, n, err)
			}
		}

		// The LAN's private addresses are not reachable from outside.
		if got := dial(t, out, "10.77.1.2:8000"); !strings.HasPrefix(got, "error") {
			t.Errorf("outside reached a private address directly: %q", got)
		}
	})
	list, err := runRoot("ip", "netns", "list")
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		if strings.Contains(list, n) {
			t.Errorf("namespace %s still exists after cleanup", n)
		}
	}
	if after := rootState(t); after != rootBefore {
		t.Errorf("the root namespace changed:\nbefore:\n%s\nafter:\n%s", rootBefore, after)
	}
}

func dial(t *testing.T, ns *netlab.NS, addr string) string {
	t.Helper()
	out, errOut, err := ns.Exec(20*time.Second, []string{"NETLAB_SELFTEST=dial", "NETLAB_ADDR=" + addr}, netlab.Self("TestNetlabHelper", 15*time.Second)...)
	if err != nil {
		t.Fatalf("dial %s from %s: %v\n%s%s", addr, ns.Short, err, out, errOut)
	}
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "got ") || strings.HasPrefix(line, "error ") {
			return line
		}
	}
	t.Fatalf("dial %s from %s: no result in %q", addr, ns.Short, out)
	return ""
}

// rootState is what a lab must never change in the root namespace: its
// interfaces, addresses and routes. (Its firewall is not even listed: with
// the nf_tables backend a listing may create an empty table.)
func rootState(t *testing.T) string {
	t.Helper()
	var b strings.Builder
	for _, args := range [][]string{
		{"ip", "-br", "link", "show"},
		{"ip", "-br", "addr", "show"},
		{"ip", "route", "show", "table", "main"},
	} {
		out, err := runRoot(args...)
		if err != nil {
			t.Fatalf("%v: %v: %s", args, err, out)
		}
		b.WriteString(out)
	}
	return b.String()
}

func runRoot(args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	out, err := osexec.CommandContext(ctx, args[0], args[1:]...).CombinedOutput()
	return string(out), err
}
