package ftp_test

// Network scenarios for data connections: real NAT routers and firewalls
// built from network namespaces (package netlab), Portside's embedded server
// in one namespace and Portside's client in another, each a re-executed copy
// of this test binary (TestNetnsHelper). Every scenario is built so that
// only Portside's own logic can make it pass:
//
//   - The control port is 2121, not 21, and no rule attaches a conntrack
//     helper (automatic assignment is off by default since Linux 4.7
//     and gone since 6.0), so
//     nf_conntrack_ftp/nf_nat_ftp never read or rewrite the commands. With
//     FTPS they could not anyway.
//   - Firewalls accept ESTABLISHED only, never RELATED: a data connection
//     "expected" by a helper would be RELATED.
//   - Each scenario has a negative control that fails without the Portside
//     feature under test (the address policy, the external address, the
//     fallback), so a pass cannot come from the network being too open.
//   - The checks see a helper if one sneaks in: with `-j CT --helper ftp`
//     on the router, nf_nat_ftp rewrites the PASV reply to the public
//     address before Portside sees it, and ServerBehindNAT fails because
//     the log no longer shows Portside replacing the private address.
//
// All traffic stays inside the namespaces: "public" addresses are in
// 198.18.0.0/15 (reserved for benchmarks), private ones in 192.168.77.0/24
// and 10.77.0.0/24.

import (
	"bytes"
	"cmp"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"portside/transfer"
	"portside/transfer/ftp"
	"portside/transfer/ftpd"
	"portside/transfer/internal/netlab"
	"portside/transfer/transport"
)

const (
	netnsCtlPort     = 2121
	netnsDataTimeout = 2 * time.Second
	// The server's own timeout for its active-mode connect, on purpose
	// longer than the client's data timeout: servers take their time
	// (vsftpd's connect_timeout is 60 s), and the client's data timeout,
	// not the server's, must bound how long a blocked active connection
	// keeps the user (and auto mode's probe) waiting.
	netnsServerConnTimeout = 5 * time.Second
	// How much later than the data timeout a failure may come: process
	// and scheduling noise on a busy CI machine, never a second timeout.
	netnsSlack = 1500 * time.Millisecond
	// A server's passive listeners take ports from the namespace's local
	// port range (ftpd has no passive range setting, and ftpserverlib
	// listens on ":0" without one); narrowing the range lets the NAT router
	// forward a realistic, small passive range.
	netnsPasvLo, netnsPasvHi = 30000, 30019
	netnsActLo, netnsActHi   = 40000, 40009
	netnsFileSize            = 48 << 10
	// A job is a few seconds at most; this only ends a hang.
	netnsJobTimeout = 20 * time.Second
)

// netnsServerSpec is one embedded server for the server role.
type netnsServerSpec struct {
	Addr       string
	PublicHost string // what PASV replies announce
	MaxConns   int    // 421 beyond this many control connections; 0: no cap
	NoPassive  bool   // nothing listens on the passive ports
	Refuse     bool   // answer EPSV and PASV with 550
	NoMLST     bool   // like vsftpd
}

// netnsJob is one client run: connect, upload, list, download, compare.
type netnsJob struct {
	Name     string
	Host     string
	Port     int
	Mode     string // auto, passive, active
	Known    string // auto mode: the method a profile remembers, tried first
	UseSent  bool
	External string
	PortMin  int
	PortMax  int
	File     string
	MaxConns int           // the site's connection limit
	Timeout  time.Duration // the data timeout; 0: netnsDataTimeout
	ListOnly bool          // connect and list only: the time to the first listing
	Pause    time.Duration // wait before starting (a server that counts connections sees the last one close)
	Methods  string        // a folder for sites.Methods: start with the method remembered there, and remember
	Files    int           // upload this many files through the queue (see batch_netns_test.go)
	Folder   bool          // … as one folder item into /up/tree, else as file items into /up
}

type netnsAttempt struct {
	Method  string
	Err     string
	DataErr bool
	Lost    bool // stopped because another method won
}

type netnsLogLine struct {
	At   time.Duration // since the job started
	Kind transport.EventKind
	Text string
}

// netnsOutcome is what the client role reports for a job.
type netnsOutcome struct {
	Name     string
	Stage    string // where it failed: connect, upload, list, download, compare; "" for success
	Err      string
	DataErr  bool // errors.Is(err, transfer.ErrDataConn)
	Method   string
	Reason   string
	Attempts []netnsAttempt
	SHA      string // of the file uploaded
	DownSHA  string // of the file downloaded
	Listed   bool   // the listing showed the file with its size
	Elapsed  time.Duration
	Log      []netnsLogLine
	Items    []string // a queue job: each item's state and error
}

const netnsResultPrefix = "NETNS-RESULT "

// TestNetnsHelper is not a test of its own: the scenarios of TestNetns
// re-execute the test binary inside a namespace with
// -test.run=^TestNetnsHelper$, and NETNS_ROLE says what to do there. Run
// directly, it skips.
func TestNetnsHelper(t *testing.T) {
	switch role := os.Getenv("NETNS_ROLE"); role {
	case "":
		t.Skip("helper process for TestNetns; runs only when re-executed inside a namespace")
	case "server":
		netnsServe(t)
	case "client":
		netnsClient(t)
	default:
		t.Fatalf("unknown NETNS_ROLE %q", role)
	}
}

// netnsServe runs the servers NETNS_SERVERS asks for, serving NETNS_ROOT,
// until the test kills it (or its -test.timeout ends it).
func netnsServe(t *testing.T) {
	var specs []netnsServerSpec
	if err := json.Unmarshal([]byte(os.Getenv("NETNS_SERVERS")), &specs); err != nil {
		t.Fatal(err)
	}
	// Warnings (a failed active connect, a broken transfer) go to stderr,
	// which the test shows when a scenario fails.
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	for _, sp := range specs {
		srv, err := ftpd.Start(ftpd.Config{
			Addr: sp.Addr, Root: os.Getenv("NETNS_ROOT"), InNamespace: true,
			PublicHost: sp.PublicHost, ConnTimeout: netnsServerConnTimeout, Logger: logger,
			MaxConnections: sp.MaxConns, NoPassive: sp.NoPassive, RefusePassive: sp.Refuse, NoMLST: sp.NoMLST,
		})
		if err != nil {
			t.Fatal(err)
		}
		defer srv.Close()
	}
	fmt.Println("ready")
	select {} // until killed; -test.timeout bounds it if the parent is gone
}

// netnsClient runs the jobs in NETNS_JOBS and prints one result line each.
func netnsClient(t *testing.T) {
	var jobs []netnsJob
	if err := json.Unmarshal([]byte(os.Getenv("NETNS_JOBS")), &jobs); err != nil {
		t.Fatal(err)
	}
	for _, j := range jobs {
		o := netnsRun(j)
		b, err := json.Marshal(o)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Println(netnsResultPrefix + string(b))
	}
}

func netnsRun(j netnsJob) (o netnsOutcome) {
	o.Name = j.Name
	time.Sleep(j.Pause)
	start := time.Now()
	// Log runs on the session's goroutines (an upload's runs on its own);
	// the lines are gathered under a lock and handed over at the end.
	var logMu sync.Mutex
	var logs []netnsLogLine
	defer func() {
		o.Elapsed = time.Since(start)
		logMu.Lock()
		o.Log = logs
		logMu.Unlock()
	}()
	ctx, cancel := context.WithTimeout(context.Background(), netnsJobTimeout)
	defer cancel()
	mode, err := transport.ParseMode(j.Mode)
	if err != nil {
		return netnsFailed(o, "connect", err)
	}
	cfg := ftp.Config{
		Config: transport.Config{
			Host: j.Host, Port: j.Port,
			DialTimeout: 5 * time.Second, DataTimeout: cmp.Or(j.Timeout, netnsDataTimeout),
			UseSentPassiveAddress: j.UseSent, ExternalAddress: j.External,
			ActivePortMin: j.PortMin, ActivePortMax: j.PortMax,
			Log: func(e transport.Event) {
				logMu.Lock()
				logs = append(logs, netnsLogLine{At: e.Time.Sub(start), Kind: e.Kind, Text: e.Text})
				logMu.Unlock()
			},
		},
		User: "demo", Password: "demo", Mode: mode, MaxConns: j.MaxConns,
	}
	if j.Known != "" {
		m, err := transport.ParseMethod(j.Known)
		if err != nil {
			return netnsFailed(o, "connect", err)
		}
		cfg.Known = &m
	}
	if j.Files > 0 {
		return netnsBatch(ctx, j, cfg, o)
	}
	if j.Methods != "" {
		netnsKnown(j.Methods, &cfg)
	}
	s, err := ftp.Connect(ctx, cfg)
	if err != nil {
		return netnsFailed(o, "connect", err)
	}
	if j.Methods != "" {
		netnsRemember(j.Methods, cfg, s)
	}
	defer s.Close()
	defer func() {
		o.Method = s.Method().String()
		if p := s.Probe(); p != nil {
			o.Reason = p.Reason
			for _, a := range p.Attempts {
				na := netnsAttempt{Method: a.Method.String(), Lost: a.Lost}
				if a.Err != nil {
					na.Err, na.DataErr = a.Err.Error(), errors.Is(a.Err, transfer.ErrDataConn)
				}
				o.Attempts = append(o.Attempts, na)
			}
		}
	}()

	if j.ListOnly {
		if _, err := s.List(ctx, "/"); err != nil {
			return netnsFailed(o, "list", err)
		}
		o.Listed = true
		return o
	}
	data := make([]byte, netnsFileSize)
	rand.Read(data)
	sum := sha256.Sum256(data)
	o.SHA = hex.EncodeToString(sum[:])
	w, err := s.Create(ctx, "/"+j.File, 0)
	if err != nil {
		return netnsFailed(o, "upload", err)
	}
	// Close's error is the one that tells why (the server's reply); a
	// Write fails only because the transfer ended.
	_, werr := io.Copy(w, bytes.NewReader(data))
	if cerr := w.Close(); cerr != nil || werr != nil {
		return netnsFailed(o, "upload", cmp.Or(cerr, werr))
	}

	list, err := s.List(ctx, "/")
	if err != nil {
		return netnsFailed(o, "list", err)
	}
	for _, e := range list {
		if e.Name == j.File && e.Size == int64(len(data)) {
			o.Listed = true
		}
	}
	if !o.Listed {
		return netnsFailed(o, "list", fmt.Errorf("%s (%d bytes) is not in the listing %+v", j.File, len(data), list))
	}

	r, err := s.Open(ctx, "/"+j.File, 0)
	if err != nil {
		return netnsFailed(o, "download", err)
	}
	got, rerr := io.ReadAll(r)
	if err := errors.Join(rerr, r.Close()); err != nil {
		return netnsFailed(o, "download", err)
	}
	down := sha256.Sum256(got)
	o.DownSHA = hex.EncodeToString(down[:])
	if o.DownSHA != o.SHA {
		return netnsFailed(o, "compare", fmt.Errorf("downloaded %d bytes, sha256 %s; uploaded sha256 %s", len(got), o.DownSHA, o.SHA))
	}
	return o
}

func netnsFailed(o netnsOutcome, stage string, err error) netnsOutcome {
	o.Stage, o.Err, o.DataErr = stage, err.Error(), errors.Is(err, transfer.ErrDataConn)
	return o
}

// netnsBed is one scenario's lab: its namespaces and the served folder.
type netnsBed struct {
	t    testing.TB
	lab  *netlab.Lab
	root string
}

func netnsNew(t testing.TB) *netnsBed {
	return &netnsBed{t: t, lab: netlab.New(t), root: t.TempDir()}
}

// serve starts the server role in ns and waits until it listens.
func (b *netnsBed) serve(ns *netlab.NS, specs ...netnsServerSpec) *netlab.Proc {
	b.t.Helper()
	js, _ := json.Marshal(specs)
	p := ns.Start([]string{"NETNS_ROLE=server", "NETNS_SERVERS=" + string(js), "NETNS_ROOT=" + b.root},
		netlab.Self("TestNetnsHelper", 3*time.Minute)...)
	if _, err := p.WaitLine("ready", 20*time.Second); err != nil {
		b.t.Fatal(err)
	}
	b.t.Cleanup(func() {
		if b.t.Failed() {
			b.t.Logf("server stderr in %s:\n%s", ns.Short, p.Stderr())
		}
	})
	return p
}

// client runs jobs with the client role in ns and returns their outcomes.
func (b *netnsBed) client(ns *netlab.NS, jobs ...netnsJob) []netnsOutcome {
	b.t.Helper()
	js, _ := json.Marshal(jobs)
	limit := time.Duration(len(jobs))*netnsJobTimeout + 10*time.Second
	out, errOut, err := ns.Exec(limit+5*time.Second, []string{"NETNS_ROLE=client", "NETNS_JOBS=" + string(js)},
		netlab.Self("TestNetnsHelper", limit)...)
	var res []netnsOutcome
	for _, line := range strings.Split(out, "\n") {
		if rest, ok := strings.CutPrefix(line, netnsResultPrefix); ok {
			var o netnsOutcome
			if err := json.Unmarshal([]byte(rest), &o); err != nil {
				b.t.Fatalf("client result %q: %v", rest, err)
			}
			res = append(res, o)
		}
	}
	if err != nil || len(res) != len(jobs) {
		b.t.Fatalf("client in %s: %v; %d of %d results\nstdout:\n%s\nstderr:\n%s", ns.Short, err, len(res), len(jobs), out, errOut)
	}
	for _, o := range res {
		b.t.Logf("%s: %s", o.Name, o.summary())
	}
	return res
}

func (o netnsOutcome) summary() string {
	if o.Stage == "" {
		s := fmt.Sprintf("OK with %s in %s", o.Method, o.Elapsed.Round(time.Millisecond))
		if o.Reason != "" {
			s += " (auto: " + o.Reason + ")"
		}
		return s
	}
	return fmt.Sprintf("failed at %s after %s: %s", o.Stage, o.Elapsed.Round(time.Millisecond), o.Err)
}

func (o netnsOutcome) logText() string {
	var b strings.Builder
	for _, l := range o.Log {
		mark := map[transport.EventKind]string{transport.Sent: "> ", transport.Received: "< ", transport.Failure: "! "}[l.Kind]
		fmt.Fprintf(&b, "  %6dms %2s%s\n", l.At.Milliseconds(), mark, l.Text)
	}
	return b.String()
}

// hasLog reports whether a log line contains every one of parts.
func (o netnsOutcome) hasLog(parts ...string) bool {
	for _, l := range o.Log {
		all := true
		for _, p := range parts {
			all = all && strings.Contains(l.Text, p)
		}
		if all {
			return true
		}
	}
	return false
}

// wantOK checks a job that must transfer with method, and that the file the
// server stored is the one uploaded (read from its folder: the namespaces
// share the file system).
func (b *netnsBed) wantOK(o netnsOutcome, method string) {
	b.t.Helper()
	if o.Stage != "" {
		b.t.Errorf("%s: %s\nlog:\n%s", o.Name, o.summary(), o.logText())
		return
	}
	if o.Method != method {
		b.t.Errorf("%s: method %s, want %s\nlog:\n%s", o.Name, o.Method, method, o.logText())
	}
	if o.DownSHA != o.SHA {
		b.t.Errorf("%s: downloaded sha256 %s, uploaded %s", o.Name, o.DownSHA, o.SHA)
	}
	data, err := os.ReadFile(filepath.Join(b.root, o.fileName()))
	if sum := sha256.Sum256(data); err != nil || hex.EncodeToString(sum[:]) != o.SHA {
		b.t.Errorf("%s: the server stored %d bytes (%v), not the file uploaded", o.Name, len(data), err)
	}
}

func (o netnsOutcome) fileName() string { return o.Name + ".bin" }

// wantFail checks a job that must fail at stage with a data-connection
// error whose text contains every one of parts (the step, the mode, the
// address), within the time limit.
func (b *netnsBed) wantFail(o netnsOutcome, stage string, within time.Duration, parts ...string) {
	b.t.Helper()
	if o.Stage != stage {
		b.t.Errorf("%s: %s; want a failure at %s\nlog:\n%s", o.Name, o.summary(), stage, o.logText())
		return
	}
	if !o.DataErr {
		b.t.Errorf("%s: error is not transfer.ErrDataConn: %s", o.Name, o.Err)
	}
	for _, p := range parts {
		if !strings.Contains(o.Err, p) {
			b.t.Errorf("%s: error does not name %q: %s\nlog:\n%s", o.Name, p, o.Err, o.logText())
		}
	}
	if o.Elapsed > within {
		b.t.Errorf("%s: took %s to fail, want at most %s\nlog:\n%s", o.Name, o.Elapsed, within, o.logText())
	}
}

// wantPackets checks that a rule counted traffic: the path a test meant
// (a port forward, a firewall drop) was really taken.
func (b *netnsBed) wantPackets(ns *netlab.NS, table, chain, comment string) int64 {
	b.t.Helper()
	n, err := ns.Packets(table, chain, comment)
	if err != nil {
		b.t.Fatal(err)
	}
	if n == 0 {
		b.t.Errorf("rule %q in %s %s/%s counted no packets", comment, ns.Short, table, chain)
	}
	return n
}

func netnsJobFor(name, host, mode string) netnsJob {
	return netnsJob{Name: name, Host: host, Port: netnsCtlPort, Mode: mode, File: name + ".bin"}
}

// TestNetns runs the NAT and firewall scenarios. It needs root, ip(8) and
// iptables(8) (scripts/deps.sh installs them); netlab.Require says what
// happens without them.
func TestNetns(t *testing.T) {
	netlab.Require(t)
	t.Run("ServerBehindNAT", netnsServerBehindNAT)
	t.Run("ClientFirewall", netnsClientFirewall)
	t.Run("ServerFirewall", netnsServerFirewall)
	t.Run("ClientBehindNAT", netnsClientBehindNAT)
}

// netnsRule adds an iptables rule in ns; a non-empty name becomes its comment,
// for Packets.
func netnsRule(ns *netlab.NS, name string, args ...string) {
	if name != "" {
		args = append(args, "-m", "comment", "--comment", name)
	}
	ns.IPTables(args...)
}

// netnsHomeRouter makes r a home router between lan and wan: it forwards
// the LAN's connections out (masqueraded), the answers to them, and the
// port forwards that DNAT rules add; everything else from outside is
// dropped. ESTABLISHED only, never RELATED: no FTP helper may open a way
// for a data connection.
func netnsHomeRouter(r *netlab.NS, lan, wan, lanNet string) {
	r.Forward()
	netnsRule(r, "", "-t", "nat", "-A", "POSTROUTING", "-s", lanNet, "-o", wan, "-j", "MASQUERADE")
	netnsRule(r, "", "-P", "FORWARD", "DROP")
	netnsRule(r, "", "-A", "FORWARD", "-m", "conntrack", "--ctstate", "ESTABLISHED", "-j", "ACCEPT")
	netnsRule(r, "", "-A", "FORWARD", "-i", lan, "-o", wan, "-j", "ACCEPT")
	netnsRule(r, "", "-A", "FORWARD", "-m", "conntrack", "--ctstate", "DNAT", "-j", "ACCEPT")
	netnsRule(r, "", "-A", "FORWARD", "-j", "DROP")
}

// netnsInboundFirewall makes ns drop every new inbound connection except to
// the TCP ports in open ("" for none), counting drops as "in-dropped".
func netnsInboundFirewall(ns *netlab.NS, open string) {
	netnsRule(ns, "", "-A", "INPUT", "-i", "lo", "-j", "ACCEPT")
	netnsRule(ns, "", "-A", "INPUT", "-m", "conntrack", "--ctstate", "ESTABLISHED", "-j", "ACCEPT")
	if open != "" {
		netnsRule(ns, "open", "-A", "INPUT", "-p", "tcp", "--dport", open, "-j", "ACCEPT")
	}
	netnsRule(ns, "in-dropped", "-A", "INPUT", "-j", "DROP")
	netnsRule(ns, "", "-P", "INPUT", "DROP")
}

func netnsTook(t *testing.T) func() {
	start := time.Now()
	return func() { t.Logf("scenario took %s", time.Since(start).Round(time.Millisecond)) }
}

// (a) The server is on a private LAN behind a NAT router that forwards the
// control port and the passive port range from its public address. The
// server announces its private address in PASV. EPSV names no address, so
// it passes NAT as is; PASV passes only because Portside's address policy
// replaces the announced address with the control connection's peer.
func netnsServerBehindNAT(t *testing.T) {
	defer netnsTook(t)()
	b := netnsNew(t)
	cli, rtr, srv := b.lab.Namespace("client"), b.lab.Namespace("router"), b.lab.Namespace("server")
	_, wan := b.lab.Link(cli, "198.18.0.1/24", rtr, "198.18.0.2/24")
	lan, _ := b.lab.Link(rtr, "192.168.77.1/24", srv, "192.168.77.2/24")
	cli.Route("default", "198.18.0.2") // the client's way to "the internet"
	srv.Route("default", "192.168.77.1")
	srv.Sysctl("net/ipv4/ip_local_port_range", fmt.Sprintf("%d %d", netnsPasvLo, netnsPasvHi))
	netnsHomeRouter(rtr, lan, wan, "192.168.77.0/24")
	netnsRule(rtr, "fwd-control", "-t", "nat", "-A", "PREROUTING", "-i", wan, "-d", "198.18.0.2", "-p", "tcp",
		"--dport", "2121:2122", "-j", "DNAT", "--to-destination", "192.168.77.2")
	netnsRule(rtr, "fwd-passive", "-t", "nat", "-A", "PREROUTING", "-i", wan, "-d", "198.18.0.2", "-p", "tcp",
		"--dport", fmt.Sprintf("%d:%d", netnsPasvLo, netnsPasvHi), "-j", "DNAT", "--to-destination", "192.168.77.2")
	// 198.18.9.9 stands for a public address that leads nowhere (a stale
	// PublicHost): its packets vanish beyond the router, without an ICMP
	// error, so only the data timeout ends a connect to it.
	rtr.Blackhole("198.18.9.0/24")
	netnsRule(cli, "to-stale", "-A", "OUTPUT", "-d", "198.18.9.9", "-p", "tcp", "--syn", "-j", "ACCEPT")

	b.serve(srv,
		netnsServerSpec{Addr: "192.168.77.2:2121", PublicHost: "192.168.77.2"},
		netnsServerSpec{Addr: "192.168.77.2:2122", PublicHost: "198.18.9.9"})

	pasv := func(name string, port int, useSent bool) netnsJob {
		j := netnsJobFor(name, "198.18.0.2", "auto")
		j.Port, j.Known, j.UseSent = port, "PASV", useSent
		return j
	}
	res := b.client(cli,
		netnsJobFor("a-auto", "198.18.0.2", "auto"),
		netnsJobFor("a-passive", "198.18.0.2", "passive"),
		pasv("a-pasv", 2121, false),
		pasv("a-pasv-sent-private", 2121, true),
		pasv("a-pasv-stale", 2122, false),
		pasv("a-pasv-sent-stale", 2122, true),
	)
	// EPSV names no address: the data connection goes to the control
	// peer, the router, whose port forward takes it to the server.
	for _, o := range res[:2] {
		b.wantOK(o, "EPSV")
		if !o.hasLog("Data connection (EPSV) to 198.18.0.2:") {
			t.Errorf("%s: no EPSV data connection to the router's public address\nlog:\n%s", o.Name, o.logText())
		}
	}

	// PASV to the private address: replaced by the peer, and it works.
	for _, o := range res[2:5] {
		b.wantOK(o, "PASV")
		if len(o.Attempts) != 1 {
			t.Errorf("%s: auto mode made %d attempts, want PASV only: %+v", o.Name, len(o.Attempts), o.Attempts)
		}
		if !o.hasLog("Data connection (PASV) to 198.18.0.2:") {
			t.Errorf("%s: no PASV data connection to the router's public address\nlog:\n%s", o.Name, o.logText())
		}
	}
	if o := res[2]; !o.hasLog("Passive address replaced", "192.168.77.2", "198.18.0.2") {
		t.Errorf("%s: the log does not say the private address was replaced\nlog:\n%s", o.Name, o.logText())
	}
	// "Use the address as sent" still refuses a private address that came
	// over a public control connection: it cannot be right from here.
	if o := res[3]; !o.hasLog("Passive address replaced", "private address 192.168.77.2", "behind NAT") {
		t.Errorf("%s: the log does not say why the sent private address was not used\nlog:\n%s", o.Name, o.logText())
	}
	if o := res[4]; !o.hasLog("Passive address replaced", "198.18.9.9", "198.18.0.2") {
		t.Errorf("%s: the log does not say the stale address was replaced\nlog:\n%s", o.Name, o.logText())
	}

	// Used as sent, a public address that leads nowhere stalls; EPSV,
	// started beside it after the stagger, wins and PASV is stopped.
	o := res[5]
	b.wantOK(o, "EPSV")
	if len(o.Attempts) != 2 || o.Attempts[0].Method != "PASV" || !o.Attempts[0].DataErr || !o.Attempts[0].Lost {
		t.Errorf("%s: attempts %+v, want PASV losing with a data-connection error, then EPSV", o.Name, o.Attempts)
	} else {
		o.wantNamed(t, o.Attempts[0], "open a data connection", "PASV", "passive mode", "198.18.9.9:", "stopped when EPSV won")
	}
	// The client really tried 198.18.9.9 (and the drop was silent).
	n := b.wantPackets(cli, "filter", "OUTPUT", "to-stale")
	t.Logf("the client sent %d SYNs to 198.18.9.9", n)
	b.wantPackets(rtr, "nat", "PREROUTING", "fwd-passive")
	b.wantPackets(rtr, "nat", "PREROUTING", "fwd-control")
}

// wantNamed checks that a failed attempt's error names every one of parts.
func (o netnsOutcome) wantNamed(t *testing.T, a netnsAttempt, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(a.Err, p) {
			t.Errorf("%s: the %s attempt's error does not name %q: %s", o.Name, a.Method, p, a.Err)
		}
	}
}

// (b) The client's firewall drops every inbound connection. Active mode
// cannot work and must say so; auto mode must end on passive, also when the
// profile remembered EPRT.
func netnsClientFirewall(t *testing.T) {
	defer netnsTook(t)()
	b := netnsNew(t)
	cli, srv := b.lab.Namespace("client"), b.lab.Namespace("server")
	b.lab.Link(cli, "198.18.1.1/24", srv, "198.18.1.2/24")
	netnsInboundFirewall(cli, "")
	b.serve(srv, netnsServerSpec{Addr: "198.18.1.2:2121"})

	active := netnsJobFor("b-active", "198.18.1.2", "active")
	active.PortMin, active.PortMax = netnsActLo, netnsActHi
	known := netnsJobFor("b-auto-known-eprt", "198.18.1.2", "auto")
	known.Known, known.PortMin, known.PortMax = "EPRT", netnsActLo, netnsActHi
	res := b.client(cli, active, netnsJobFor("b-auto", "198.18.1.2", "auto"), known)

	b.wantFail(res[0], "upload", netnsDataTimeout+netnsSlack,
		"open a data connection", "EPRT", "active mode", "198.18.1.1:",
		// advice from the settings: a range is set, the address is public
		"let ports 40000-40009 through this computer's firewall")
	if strings.Contains(res[0].Err, "external address") {
		t.Errorf("%s: advice about the external address for a public one: %s", res[0].Name, res[0].Err)
	}
	b.wantOK(res[1], "EPSV")
	if o := res[1]; len(o.Attempts) != 1 {
		t.Errorf("%s: attempts %+v, want EPSV at once", o.Name, o.Attempts)
	}
	o := res[2]
	b.wantOK(o, "EPSV")
	if len(o.Attempts) != 2 || o.Attempts[0].Method != "EPRT" || !o.Attempts[0].DataErr || !o.Attempts[0].Lost {
		t.Errorf("%s: attempts %+v, want EPRT losing with a data-connection error, then EPSV", o.Name, o.Attempts)
	} else {
		o.wantNamed(t, o.Attempts[0], "open a data connection", "EPRT", "active mode", "198.18.1.1:")
	}
	if !strings.Contains(o.Reason, "EPRT lost") {
		t.Errorf("%s: the probe's reason does not tell why EPRT was left: %q", o.Name, o.Reason)
	}
	if o.Elapsed > netnsDataTimeout+netnsSlack {
		t.Errorf("%s: the probe took %s; the failed EPRT try should end after the data timeout %s, not the server's connect timeout %s",
			o.Name, o.Elapsed, netnsDataTimeout, netnsServerConnTimeout)
	}
	b.wantPackets(cli, "filter", "INPUT", "in-dropped")
}

// (c) The server's firewall opens only the control port. Passive mode
// cannot work and must say so; auto mode must end on active and transfer.
func netnsServerFirewall(t *testing.T) {
	defer netnsTook(t)()
	b := netnsNew(t)
	cli, srv := b.lab.Namespace("client"), b.lab.Namespace("server")
	b.lab.Link(cli, "198.18.2.1/24", srv, "198.18.2.2/24")
	netnsInboundFirewall(srv, fmt.Sprint(netnsCtlPort))
	b.serve(srv, netnsServerSpec{Addr: "198.18.2.2:2121"})

	auto := netnsJobFor("c-auto", "198.18.2.2", "auto")
	auto.PortMin, auto.PortMax = netnsActLo, netnsActHi
	port := netnsJobFor("c-auto-known-port", "198.18.2.2", "auto")
	port.Known, port.PortMin, port.PortMax = "PORT", netnsActLo, netnsActHi
	res := b.client(cli, netnsJobFor("c-passive", "198.18.2.2", "passive"), auto, port)

	b.wantFail(res[0], "upload", netnsDataTimeout+netnsSlack,
		"open a data connection", "EPSV", "passive mode", "198.18.2.2:")
	o := res[1]
	b.wantOK(o, "EPRT")
	var tried []string
	for _, a := range o.Attempts {
		tried = append(tried, a.Method)
		if a.Method == "EPRT" {
			continue
		}
		if !a.DataErr {
			t.Errorf("%s: %s failed without a data-connection error: %s", o.Name, a.Method, a.Err)
		}
		o.wantNamed(t, a, "open a data connection", a.Method, "passive mode", "198.18.2.2:")
	}
	// EPSV's stall is evidence about PASV (same host, same port range):
	// EPRT goes next, and wins.
	if strings.Join(tried, ",") != "EPSV,EPRT" {
		t.Errorf("%s: auto mode tried %v, want EPSV, then EPRT", o.Name, tried)
	}
	if !o.hasLog("Auto mode chose EPRT") {
		t.Errorf("%s: the log does not record the choice\nlog:\n%s", o.Name, o.logText())
	}
	b.wantOK(res[2], "PORT")
	b.wantPackets(srv, "filter", "INPUT", "open")
	b.wantPackets(srv, "filter", "INPUT", "in-dropped")
}

// (d) The client is on a private LAN behind a NAT router that forwards the
// active port range from its public address. Active mode works only when
// the client announces that public address (ExternalAddress); without it
// the server is told a private address and the transfer must fail clearly.
func netnsClientBehindNAT(t *testing.T) {
	defer netnsTook(t)()
	b := netnsNew(t)
	cli, rtr, srv := b.lab.Namespace("client"), b.lab.Namespace("router"), b.lab.Namespace("server")
	lan, _ := b.lab.Link(rtr, "10.77.0.1/24", cli, "10.77.0.2/24")
	wan, _ := b.lab.Link(rtr, "198.18.3.1/24", srv, "198.18.3.2/24")
	cli.Route("default", "10.77.0.1")
	// As on the internet, a server that tried the private 10.77.0.2 would
	// send it to its gateway, which drops it.
	srv.Route("default", "198.18.3.1")
	netnsHomeRouter(rtr, lan, wan, "10.77.0.0/24")
	netnsRule(rtr, "fwd-active", "-t", "nat", "-A", "PREROUTING", "-i", wan, "-d", "198.18.3.1", "-p", "tcp",
		"--dport", fmt.Sprintf("%d:%d", netnsActLo, netnsActHi), "-j", "DNAT", "--to-destination", "10.77.0.2")
	b.serve(srv, netnsServerSpec{Addr: "198.18.3.2:2121"})

	ext := netnsJobFor("d-active-external", "198.18.3.2", "active")
	ext.External, ext.PortMin, ext.PortMax = "198.18.3.1", netnsActLo, netnsActHi
	bare := netnsJobFor("d-active-no-external", "198.18.3.2", "active")
	bare.PortMin, bare.PortMax = netnsActLo, netnsActHi
	res := b.client(cli, ext, bare)

	o := res[0]
	b.wantOK(o, "EPRT")
	if !o.hasLog("EPRT |1|198.18.3.1|") {
		t.Errorf("%s: EPRT did not announce the router's public address\nlog:\n%s", o.Name, o.logText())
	}
	if !o.hasLog("Data connection (EPRT) from 198.18.3.2:") {
		t.Errorf("%s: no data connection from the server through the port forward\nlog:\n%s", o.Name, o.logText())
	}
	b.wantPackets(rtr, "nat", "PREROUTING", "fwd-active")

	b.wantFail(res[1], "upload", netnsDataTimeout+netnsSlack,
		"open a data connection", "EPRT", "active mode", "10.77.0.2",
		"set the external address to the router's public address and forward ports 40000-40009")
}
