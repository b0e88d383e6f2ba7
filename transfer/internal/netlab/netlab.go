// Package netlab builds small networks out of Linux network namespaces for
// tests: namespaces joined by veth pairs, routes, sysctls and iptables rules
// (NAT, firewalls), and processes running inside them.
//
// Everything a Lab makes lives inside namespaces it created itself, named
// with the test process's id, and is deleted in the test's cleanup even when
// the test fails: a Lab never touches the root namespace's interfaces, routes
// or firewall. Every command it runs has a time limit.
//
// Code runs inside a namespace as a separate process (`ip netns exec`),
// usually the test binary itself re-executed with -test.run choosing a helper
// test (see Self). That is sturdier than setns(2) on a locked OS thread: the
// Go runtime starts threads of its own, and a thread that wanders into
// another namespace takes sockets with it.
package netlab

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// prefix starts the name of every namespace a Lab creates; the test
// process's id follows, so that leftovers of a killed run can be told apart
// from namespaces of a run still going (see removeStale).
const prefix = "psl"

// cmdTimeout bounds each ip/iptables/sysctl command; they take milliseconds.
const cmdTimeout = 10 * time.Second

var labSeq atomic.Int64

// Lab is a set of namespaces and the processes in them, all removed when
// the test ends.
type Lab struct {
	t    testing.TB
	base string // prefix + pid + lab number, e.g. "psl4242x3"

	mu    sync.Mutex
	nss   []*NS
	procs []*Proc
	links int
}

// SkipEnv, set to "skip", skips every lab test even as root: for a
// developer machine where they are not wanted.
const SkipEnv = "PORTSIDE_NETLAB"

// Require skips the test when labs cannot run here, saying why: not root
// (the only thing a test cannot install), SkipEnv set, or no permission to
// create a namespace (a container without CAP_SYS_ADMIN). As root with ip(8)
// or iptables(8) missing it fails instead: CI runs as root, and there a
// skipped scenario would hide that scripts/deps.sh did not install them.
func Require(t testing.TB) {
	t.Helper()
	if os.Getenv(SkipEnv) == "skip" {
		t.Skipf("network lab tests skipped: %s=skip", SkipEnv)
	}
	if os.Geteuid() != 0 {
		t.Skip("network lab tests need root (network namespaces, veth, iptables); run them as root, as CI does")
	}
	for _, tool := range []string{"ip", "iptables"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("network lab: %s is not installed: run scripts/deps.sh (Debian: apt-get install iproute2 iptables), or set %s=skip", tool, SkipEnv)
		}
	}
	name := fmt.Sprintf("%s%dprobe%d", prefix, os.Getpid(), labSeq.Add(1))
	if out, err := run("ip", "netns", "add", name); err != nil {
		t.Skipf("network lab tests skipped: cannot create a network namespace here: %v: %s", err, strings.TrimSpace(out))
	}
	if out, err := run("ip", "netns", "del", name); err != nil {
		t.Fatalf("network lab: delete namespace %s: %v: %s", name, err, out)
	}
}

// New makes an empty lab (see Require for when it skips instead).
// Namespaces left by earlier runs that were killed are removed first.
func New(t testing.TB) *Lab {
	t.Helper()
	Require(t)
	removeStale(t)
	l := &Lab{t: t, base: fmt.Sprintf("%s%dx%d", prefix, os.Getpid(), labSeq.Add(1))}
	t.Cleanup(l.destroy)
	return l
}

var staleName = regexp.MustCompile(`^` + prefix + `(\d+)x\d+-`)

// removeStale deletes namespaces of ours whose process is gone (a run killed
// before its cleanup). Only names this package makes are considered, and
// only when their pid no longer exists, so parallel runs are left alone.
func removeStale(t testing.TB) {
	out, err := run("ip", "netns", "list")
	if err != nil {
		return
	}
	for _, line := range strings.Split(out, "\n") {
		name, _, _ := strings.Cut(strings.TrimSpace(line), " ")
		m := staleName.FindStringSubmatch(name)
		if m == nil {
			continue
		}
		pid, _ := strconv.Atoi(m[1])
		if pid == os.Getpid() {
			continue
		}
		if _, err := os.Stat(fmt.Sprintf("/proc/%d", pid)); err == nil {
			continue
		}
		if out, err := run("ip", "netns", "del", name); err != nil {
			t.Logf("netlab: removing stale namespace %s: %v: %s", name, err, out)
		} else {
			t.Logf("netlab: removed stale namespace %s (process %d is gone)", name, pid)
		}
	}
}

// destroy stops every process, then deletes every namespace (which deletes
// their veths and firewall rules with them).
func (l *Lab) destroy() {
	l.mu.Lock()
	procs, nss := l.procs, l.nss
	l.procs, l.nss = nil, nil
	l.mu.Unlock()
	for i := len(procs) - 1; i >= 0; i-- {
		procs[i].Stop()
	}
	for i := len(nss) - 1; i >= 0; i-- {
		if out, err := run("ip", "netns", "del", nss[i].Name); err != nil {
			l.t.Errorf("netlab: delete namespace %s: %v: %s", nss[i].Name, err, out)
		}
	}
}

// NS is one namespace of a lab.
type NS struct {
	lab   *Lab
	Short string // the name the test gave
	Name  string // the namespace's real name, unique to this process and lab
}

// Namespace creates a namespace with its loopback up. short names it within
// the lab, e.g. "client" or "router".
func (l *Lab) Namespace(short string) *NS {
	l.t.Helper()
	ns := &NS{lab: l, Short: short, Name: l.base + "-" + short}
	l.must("ip", "netns", "add", ns.Name)
	l.mu.Lock()
	l.nss = append(l.nss, ns)
	l.mu.Unlock()
	l.must("ip", "-n", ns.Name, "link", "set", "lo", "up")
	return ns
}

// Link joins a and b with a veth pair, gives each end its address (CIDR
// notation, e.g. "198.18.0.1/24") and brings both up. It returns the
// interface names in a and in b.
//
// The pair is created directly inside the two namespaces (`ip -n a link add
// … netns a … peer … netns b`), so it never exists in the root namespace,
// even for an instant; names need to be unique only within each namespace.
func (l *Lab) Link(a *NS, cidrA string, b *NS, cidrB string) (ifA, ifB string) {
	l.t.Helper()
	l.mu.Lock()
	l.links++
	n := l.links
	l.mu.Unlock()
	ifA, ifB = fmt.Sprintf("v%d%s", n, shortName(b.Short)), fmt.Sprintf("v%d%s", n, shortName(a.Short))
	l.must("ip", "-n", a.Name, "link", "add", ifA, "netns", a.Name, "type", "veth",
		"peer", "name", ifB, "netns", b.Name)
	l.must("ip", "-n", a.Name, "addr", "add", cidrA, "dev", ifA)
	l.must("ip", "-n", b.Name, "addr", "add", cidrB, "dev", ifB)
	l.must("ip", "-n", a.Name, "link", "set", ifA, "up")
	l.must("ip", "-n", b.Name, "link", "set", ifB, "up")
	return ifA, ifB
}

// shortName keeps interface names within IFNAMSIZ (15 characters).
func shortName(s string) string {
	if len(s) > 8 {
		return s[:8]
	}
	return s
}

// Route adds a route in ns: dst ("default", "10.0.0.0/8") via a gateway.
func (ns *NS) Route(dst, via string) {
	ns.lab.t.Helper()
	ns.lab.must("ip", "-n", ns.Name, "route", "add", dst, "via", via)
}

// Blackhole makes ns drop packets to dst silently, with no ICMP error: like
// an address on the internet that never answers. Forwarded packets vanish;
// a connect from ns itself fails at once.
func (ns *NS) Blackhole(dst string) {
	ns.lab.t.Helper()
	ns.lab.must("ip", "-n", ns.Name, "route", "add", "blackhole", dst)
}

// Sysctl sets a per-namespace sysctl, e.g. ("net/ipv4/ip_forward", "1");
// dots work as separators too. It writes /proc/sys from inside ns, where
// the net/ tree is the namespace's own.
func (ns *NS) Sysctl(key, value string) {
	ns.lab.t.Helper()
	path := "/proc/sys/" + strings.ReplaceAll(strings.TrimPrefix(key, "/"), ".", "/")
	ns.lab.must("ip", "netns", "exec", ns.Name, "sh", "-c", `printf '%s\n' "$1" > "$2"`, "sh", value, path)
}

// Forward turns on IPv4 forwarding in ns (a router). New namespaces start
// with it off.
func (ns *NS) Forward() { ns.Sysctl("net/ipv4/ip_forward", "1") }

// IPTables runs iptables inside ns and fails the test on error.
func (ns *NS) IPTables(args ...string) {
	ns.lab.t.Helper()
	ns.lab.must(append([]string{"ip", "netns", "exec", ns.Name, "iptables", "-w", "5"}, args...)...)
}

// Packets is how many packets went through the rule of table/chain that
// carries `-m comment --comment` comment: proof that traffic took the path
// a test meant (a port forward, a firewall drop).
func (ns *NS) Packets(table, chain, comment string) (int64, error) {
	out, err := ns.Run("iptables", "-w", "5", "-t", table, "-L", chain, "-v", "-n", "-x")
	if err != nil {
		return 0, fmt.Errorf("iptables in %s: %v: %s", ns.Short, err, out)
	}
	for _, line := range strings.Split(out, "\n") {
		if !strings.Contains(line, "/* "+comment+" */") {
			continue
		}
		f := strings.Fields(line)
		if len(f) == 0 {
			break
		}
		return strconv.ParseInt(f[0], 10, 64)
	}
	return 0, fmt.Errorf("no rule with comment %q in %s %s of %s:\n%s", comment, table, chain, ns.Short, out)
}

// Run runs a command inside ns, bounded by cmdTimeout, and returns its
// combined output.
func (ns *NS) Run(args ...string) (string, error) {
	return run(append([]string{"ip", "netns", "exec", ns.Name}, args...)...)
}

// MustRun is Run that fails the test on error.
func (ns *NS) MustRun(args ...string) string {
	ns.lab.t.Helper()
	return ns.lab.must(append([]string{"ip", "netns", "exec", ns.Name}, args...)...)
}

func (l *Lab) must(args ...string) string {
	l.t.Helper()
	out, err := run(args...)
	if err != nil {
		l.t.Fatalf("netlab: %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

func run(args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), cmdTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, args[0], args[1:]...)
	cmd.WaitDelay = time.Second
	out, err := cmd.CombinedOutput()
	if ctx.Err() != nil {
		err = fmt.Errorf("timed out after %s: %w", cmdTimeout, err)
	}
	return string(out), err
}

// Self is the command that re-executes the running test binary so that it
// runs only the test named test (a helper that reads its role from the
// environment), bounded by timeout.
func Self(test string, timeout time.Duration) []string {
	return []string{os.Args[0], "-test.run=^" + regexp.QuoteMeta(test) + "$", "-test.count=1",
		"-test.timeout=" + timeout.String()}
}

// Exec runs args inside ns with env added to this process's environment,
// waits at most timeout, and returns what it wrote to stdout and stderr.
func (ns *NS) Exec(timeout time.Duration, env []string, args ...string) (stdout, stderr string, err error) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "ip", append([]string{"netns", "exec", ns.Name}, args...)...)
	cmd.Env = append(os.Environ(), env...)
	cmd.SysProcAttr = dieWithParent()
	cmd.WaitDelay = time.Second
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err = cmd.Run()
	if ctx.Err() != nil {
		err = fmt.Errorf("%s in %s timed out after %s: %w", args[0], ns.Short, timeout, err)
	}
	return o.String(), e.String(), err
}

// Proc is a long-running process inside a namespace (a server). It is
// stopped in the lab's cleanup, if the test did not stop it first.
type Proc struct {
	ns   *NS
	cmd  *exec.Cmd
	done chan struct{}
	err  error // after done

	mu     sync.Mutex
	lines  []string // stdout, line by line
	stderr bytes.Buffer
	change chan struct{} // closed and replaced when a line arrives
}

// Start starts args inside ns with env added to the environment.
//
// ip netns exec execs the command itself, so the pid is the command's; the
// process is killed if this test process dies (Pdeathsig), so a crashed
// test leaves no server behind.
func (ns *NS) Start(env []string, args ...string) *Proc {
	ns.lab.t.Helper()
	cmd := exec.Command("ip", append([]string{"netns", "exec", ns.Name}, args...)...)
	cmd.Env = append(os.Environ(), env...)
	cmd.SysProcAttr = dieWithParent()
	p := &Proc{ns: ns, cmd: cmd, done: make(chan struct{}), change: make(chan struct{})}
	cmd.Stderr = &lockedWriter{mu: &p.mu, w: &p.stderr}
	out, err := cmd.StdoutPipe()
	if err != nil {
		ns.lab.t.Fatalf("netlab: start in %s: %v", ns.Short, err)
	}
	if err := cmd.Start(); err != nil {
		ns.lab.t.Fatalf("netlab: start %s in %s: %v", args[0], ns.Short, err)
	}
	ns.lab.mu.Lock()
	ns.lab.procs = append(ns.lab.procs, p)
	ns.lab.mu.Unlock()
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			p.mu.Lock()
			p.lines = append(p.lines, sc.Text())
			close(p.change)
			p.change = make(chan struct{})
			p.mu.Unlock()
		}
		p.err = cmd.Wait()
		close(p.done)
	}()
	return p
}

// WaitLine waits up to timeout for a line of stdout that starts with
// prefix, and returns it. It fails early if the process exits.
func (p *Proc) WaitLine(prefix string, timeout time.Duration) (string, error) {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	seen := 0
	for {
		p.mu.Lock()
		for ; seen < len(p.lines); seen++ {
			if strings.HasPrefix(p.lines[seen], prefix) {
				line := p.lines[seen]
				p.mu.Unlock()
				return line, nil
			}
		}
		change := p.change
		p.mu.Unlock()
		select {
		case <-change:
		case <-p.done:
			p.mu.Lock()
			more := seen < len(p.lines)
			p.mu.Unlock()
			if !more {
				return "", fmt.Errorf("process in %s exited (%v) before printing %q; stderr:\n%s", p.ns.Short, p.err, prefix, p.Stderr())
			}
		case <-deadline.C:
			return "", fmt.Errorf("process in %s printed no %q within %s; stderr:\n%s", p.ns.Short, prefix, timeout, p.Stderr())
		}
	}
}

// Stderr is what the process wrote to stderr so far.
func (p *Proc) Stderr() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.stderr.String()
}

// Stop kills the process (by its own pid) and waits for it, at most 5 s.
func (p *Proc) Stop() {
	select {
	case <-p.done:
		return
	default:
	}
	p.cmd.Process.Kill()
	select {
	case <-p.done:
	case <-time.After(5 * time.Second):
		p.ns.lab.t.Errorf("netlab: process %d in %s did not exit after SIGKILL", p.cmd.Process.Pid, p.ns.Short)
	}
}

type lockedWriter struct {
	mu *sync.Mutex
	w  *bytes.Buffer
}

func (w *lockedWriter) Write(b []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.w.Write(b)
}
