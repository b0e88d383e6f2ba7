package check_test

// Network scenarios for the connection check, one per finding: NAT routers
// and firewalls built from network namespaces (package netlab), Portside's
// embedded server in one namespace and the check in another, each a
// re-executed copy of this test binary (TestCheckNetnsHelper). They are
// built like transfer/ftp's (see netns_test.go there): the control port is
// 2121, so no conntrack helper reads it unless a scenario attaches one on
// purpose (the ALG scenario), and firewalls accept ESTABLISHED only.
//
// Each scenario asserts the findings by code and the recommended method,
// and compares the report's text in English and Chinese with its golden
// files in testdata/report (go test -run TestCheckNetns -update rewrites
// them; read them before committing).

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"portside/i18n"
	"portside/i18n/checktext"
	"portside/transfer/check"
	"portside/transfer/ftp"
	"portside/transfer/ftpd"
	"portside/transfer/internal/netlab"
	"portside/transfer/transport"
)

var update = flag.Bool("update", false, "rewrite the golden report files")

const (
	labPort        = 2121
	labDataTimeout = 2 * time.Second
	labPasvLo      = 30000
	labPasvHi      = 30019
	labActLo       = 40000
	labActHi       = 40009
	reportPrefix   = "CHECK-REPORT "
)

type labServer struct {
	Addr       string
	PublicHost string
	Passive    [2]int
	Max        int
	TLS        ftpd.TLSMode
	Reuse      bool
}

type labClient struct {
	Host     string
	TLS      transport.TLSMode
	External string
	PortMin  int
	PortMax  int
}

// TestCheckNetnsHelper is the server or client role of a scenario, run
// inside a namespace; run directly, it skips.
func TestCheckNetnsHelper(t *testing.T) {
	switch os.Getenv("CHECK_ROLE") {
	case "":
		t.Skip("helper process for TestCheckNetns")
	case "server":
		var sp labServer
		if err := json.Unmarshal([]byte(os.Getenv("CHECK_SERVER")), &sp); err != nil {
			t.Fatal(err)
		}
		srv, err := ftpd.Start(ftpd.Config{Addr: sp.Addr, Root: os.Getenv("CHECK_ROOT"), InNamespace: true,
			PublicHost: sp.PublicHost, PassivePorts: sp.Passive, MaxConnections: sp.Max, TLS: sp.TLS,
			RequireReuse: sp.Reuse, ConnTimeout: 5 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		defer srv.Close()
		fmt.Println("ready")
		select {}
	case "client":
		var c labClient
		if err := json.Unmarshal([]byte(os.Getenv("CHECK_CLIENT")), &c); err != nil {
			t.Fatal(err)
		}
		site := ftp.Config{Config: transport.Config{Host: c.Host, Port: labPort, TLS: c.TLS,
			DialTimeout: 5 * time.Second, DataTimeout: labDataTimeout, TrustCertificate: trustAll,
			ExternalAddress: c.External, ActivePortMin: c.PortMin, ActivePortMax: c.PortMax},
			User: "demo", Password: "demo"}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		r := check.Run(ctx, check.Config{Site: site})
		b, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Println(reportPrefix + string(b))
	}
}

type bed struct {
	t    *testing.T
	lab  *netlab.Lab
	root string
}

func newBed(t *testing.T) *bed {
	root := t.TempDir()
	// A file to download (more than 64 KiB, so the download stops early),
	// dated a known time (the listing shows it with a time of day).
	p := filepath.Join(root, "report.pdf")
	os.WriteFile(p, make([]byte, 200<<10), 0o644)
	when := time.Now().Add(-48 * time.Hour)
	os.Chtimes(p, when, when)
	return &bed{t: t, lab: netlab.New(t), root: root}
}

func (b *bed) serve(ns *netlab.NS, sp labServer) {
	b.t.Helper()
	js, _ := json.Marshal(sp)
	p := ns.Start([]string{"CHECK_ROLE=server", "CHECK_SERVER=" + string(js), "CHECK_ROOT=" + b.root},
		netlab.Self("TestCheckNetnsHelper", 5*time.Minute)...)
	if _, err := p.WaitLine("ready", 20*time.Second); err != nil {
		b.t.Fatal(err)
	}
}

func (b *bed) check(ns *netlab.NS, c labClient) *check.Report {
	b.t.Helper()
	js, _ := json.Marshal(c)
	out, errOut, err := ns.Exec(3*time.Minute, []string{"CHECK_ROLE=client", "CHECK_CLIENT=" + string(js)},
		netlab.Self("TestCheckNetnsHelper", 150*time.Second)...)
	for _, line := range strings.Split(out, "\n") {
		if rest, ok := strings.CutPrefix(line, reportPrefix); ok {
			var r check.Report
			if err := json.Unmarshal([]byte(rest), &r); err != nil {
				b.t.Fatal(err)
			}
			logReport(b.t, &r)
			b.t.Logf("the check took %s", r.Took.Round(time.Millisecond))
			return &r
		}
	}
	b.t.Fatalf("client: %v\nstdout:\n%s\nstderr:\n%s", err, out, errOut)
	return nil
}

func rule(ns *netlab.NS, args ...string) { ns.IPTables(args...) }

// homeRouter forwards the LAN out (masqueraded) and answers back; from
// outside only DNAT'ed connections pass (ESTABLISHED, never RELATED,
// unless related is set: a router whose FTP helper opens data connections).
func homeRouter(r *netlab.NS, lan, wan, lanNet string, related bool) {
	r.Forward()
	rule(r, "-t", "nat", "-A", "POSTROUTING", "-s", lanNet, "-o", wan, "-j", "MASQUERADE")
	rule(r, "-P", "FORWARD", "DROP")
	state := "ESTABLISHED"
	if related {
		state = "ESTABLISHED,RELATED"
	}
	rule(r, "-A", "FORWARD", "-m", "conntrack", "--ctstate", state, "-j", "ACCEPT")
	rule(r, "-A", "FORWARD", "-i", lan, "-o", wan, "-j", "ACCEPT")
	rule(r, "-A", "FORWARD", "-m", "conntrack", "--ctstate", "DNAT", "-j", "ACCEPT")
}

// inboundFirewall drops every new inbound connection but to ports open.
func inboundFirewall(ns *netlab.NS, open string) {
	rule(ns, "-A", "INPUT", "-i", "lo", "-j", "ACCEPT")
	rule(ns, "-A", "INPUT", "-m", "conntrack", "--ctstate", "ESTABLISHED", "-j", "ACCEPT")
	if open != "" {
		rule(ns, "-A", "INPUT", "-p", "tcp", "--dport", open, "-j", "ACCEPT")
	}
	rule(ns, "-P", "INPUT", "DROP")
}

// serverBehindNAT: client 198.18.0.1 — router 198.18.0.2 | 192.168.77.1 —
// server 192.168.77.2, the control port forwarded.
func serverBehindNAT(b *bed) (cli, rtr, srv *netlab.NS, wan string) {
	return serverBehindNATHelper(b, false)
}

// serverBehindNATHelper is serverBehindNAT; with helper, the router runs
// the kernel's FTP helper on the forwarded control port, which opens (and
// forwards) each passive port it reads in a plain reply.
func serverBehindNATHelper(b *bed, helper bool) (cli, rtr, srv *netlab.NS, wan string) {
	cli, rtr, srv = b.lab.Namespace("client"), b.lab.Namespace("router"), b.lab.Namespace("server")
	_, wan = b.lab.Link(cli, "198.18.0.1/24", rtr, "198.18.0.2/24")
	lan, _ := b.lab.Link(rtr, "192.168.77.1/24", srv, "192.168.77.2/24")
	cli.Route("default", "198.18.0.2")
	srv.Route("default", "192.168.77.1")
	homeRouter(rtr, lan, wan, "192.168.77.0/24", helper)
	rule(rtr, "-t", "nat", "-A", "PREROUTING", "-i", wan, "-d", "198.18.0.2", "-p", "tcp",
		"--dport", fmt.Sprint(labPort), "-j", "DNAT", "--to-destination", "192.168.77.2")
	if helper {
		rule(rtr, "-t", "raw", "-A", "PREROUTING", "-i", wan, "-p", "tcp", "--dport", fmt.Sprint(labPort),
			"-j", "CT", "--helper", "ftp")
	}
	return cli, rtr, srv, wan
}

func forwardPassive(rtr *netlab.NS, wan string, lo, hi int, to string) {
	rule(rtr, "-t", "nat", "-A", "PREROUTING", "-i", wan, "-d", "198.18.0.2", "-p", "tcp",
		"--dport", fmt.Sprintf("%d:%d", lo, hi), "-j", "DNAT", "--to-destination", to)
}

// clientBehindNAT: client 10.77.0.2 — router 10.77.0.1 | 198.18.3.1 —
// server 198.18.3.2.
func clientBehindNAT(b *bed, helper bool) (cli, rtr, srv *netlab.NS, wan string) {
	cli, rtr, srv = b.lab.Namespace("client"), b.lab.Namespace("router"), b.lab.Namespace("server")
	lan, _ := b.lab.Link(rtr, "10.77.0.1/24", cli, "10.77.0.2/24")
	wan, _ = b.lab.Link(rtr, "198.18.3.1/24", srv, "198.18.3.2/24")
	cli.Route("default", "10.77.0.1")
	srv.Route("default", "198.18.3.1")
	homeRouter(rtr, lan, wan, "10.77.0.0/24", helper)
	if helper {
		// The kernel's FTP helper on the control port: it reads PORT and
		// EPRT, rewrites the private address to the router's and expects
		// the server's connection (RELATED). It cannot read FTPS.
		rule(rtr, "-t", "raw", "-A", "PREROUTING", "-i", lan, "-p", "tcp", "--dport", fmt.Sprint(labPort),
			"-j", "CT", "--helper", "ftp")
	}
	return cli, rtr, srv, wan
}

type scenario struct {
	name    string
	build   func(b *bed) *check.Report
	want    []string
	absent  []string
	method  transport.Method
	works   bool
	noSteps bool // the steps' outcomes vary from run to run (ports at random)
}

var scenarios = []scenario{
	{name: "server-nat-private-pasv", method: transport.EPSV, works: true,
		want:   []string{check.FPasvAddress},
		absent: []string{check.FPassiveDropped, check.FPassiveRefused, check.FPassivePartial, check.FActiveBlocked},
		build: func(b *bed) *check.Report {
			cli, rtr, srv, wan := serverBehindNAT(b)
			forwardPassive(rtr, wan, labPasvLo, labPasvHi, "192.168.77.2")
			b.serve(srv, labServer{Addr: "192.168.77.2:2121", PublicHost: "192.168.77.2", Passive: [2]int{labPasvLo, labPasvHi}})
			return b.check(cli, labClient{Host: "198.18.0.2"})
		}},
	{name: "server-firewall-drops-passive", method: transport.EPRT, works: true,
		want: []string{check.FPassiveDropped}, absent: []string{check.FActiveBlocked},
		build: func(b *bed) *check.Report {
			cli, srv := b.lab.Namespace("client"), b.lab.Namespace("server")
			b.lab.Link(cli, "198.18.2.1/24", srv, "198.18.2.2/24")
			inboundFirewall(srv, fmt.Sprint(labPort))
			b.serve(srv, labServer{Addr: "198.18.2.2:2121", Passive: [2]int{labPasvLo, labPasvHi}})
			return b.check(cli, labClient{Host: "198.18.2.2"})
		}},
	{name: "server-nat-forwards-part", method: transport.EPRT, works: true, noSteps: true,
		want: []string{check.FPassivePartial}, absent: []string{check.FPassiveDropped, check.FPassiveRefused},
		build: func(b *bed) *check.Report {
			cli, rtr, srv, wan := serverBehindNAT(b)
			forwardPassive(rtr, wan, labPasvLo, labPasvLo+9, "192.168.77.2") // half the range
			b.serve(srv, labServer{Addr: "192.168.77.2:2121", PublicHost: "198.18.0.2", Passive: [2]int{labPasvLo, labPasvHi}})
			return b.check(cli, labClient{Host: "198.18.0.2"})
		}},
	{name: "server-nat-forward-to-nothing", method: transport.EPRT, works: true,
		want: []string{check.FPassiveRefused}, absent: []string{check.FPassiveDropped, check.FPassivePartial},
		build: func(b *bed) *check.Report {
			cli, rtr, srv, wan := serverBehindNAT(b)
			// Forwarded to other ports than the server's passive range.
			forwardPassive(rtr, wan, labPasvLo, labPasvHi, fmt.Sprintf("192.168.77.2:%d-%d", labPasvLo+1000, labPasvHi+1000))
			b.serve(srv, labServer{Addr: "192.168.77.2:2121", PublicHost: "198.18.0.2", Passive: [2]int{labPasvLo, labPasvHi}})
			return b.check(cli, labClient{Host: "198.18.0.2"})
		}},
	{name: "client-firewall-drops-inbound", method: transport.EPSV, works: true,
		want: []string{check.FActiveBlocked}, absent: []string{check.FActiveNAT, check.FPassiveDropped},
		build: func(b *bed) *check.Report {
			cli, srv := b.lab.Namespace("client"), b.lab.Namespace("server")
			b.lab.Link(cli, "198.18.1.1/24", srv, "198.18.1.2/24")
			inboundFirewall(cli, "")
			b.serve(srv, labServer{Addr: "198.18.1.2:2121"})
			return b.check(cli, labClient{Host: "198.18.1.2", PortMin: labActLo, PortMax: labActHi})
		}},
	{name: "client-nat-no-external", method: transport.EPSV, works: true,
		want: []string{check.FActiveNAT}, absent: []string{check.FActiveBlocked},
		build: func(b *bed) *check.Report {
			cli, rtr, srv, wan := clientBehindNAT(b, false)
			rule(rtr, "-t", "nat", "-A", "PREROUTING", "-i", wan, "-d", "198.18.3.1", "-p", "tcp",
				"--dport", fmt.Sprintf("%d:%d", labActLo, labActHi), "-j", "DNAT", "--to-destination", "10.77.0.2")
			b.serve(srv, labServer{Addr: "198.18.3.2:2121"})
			return b.check(cli, labClient{Host: "198.18.3.2", PortMin: labActLo, PortMax: labActHi})
		}},
	{name: "client-nat-with-external", method: transport.EPSV, works: true,
		absent: []string{check.FActiveNAT, check.FActiveBlocked},
		build: func(b *bed) *check.Report {
			cli, rtr, srv, wan := clientBehindNAT(b, false)
			rule(rtr, "-t", "nat", "-A", "PREROUTING", "-i", wan, "-d", "198.18.3.1", "-p", "tcp",
				"--dport", fmt.Sprintf("%d:%d", labActLo, labActHi), "-j", "DNAT", "--to-destination", "10.77.0.2")
			b.serve(srv, labServer{Addr: "198.18.3.2:2121"})
			return b.check(cli, labClient{Host: "198.18.3.2", External: "198.18.3.1", PortMin: labActLo, PortMax: labActHi})
		}},
	{name: "router-ftp-helper-ftps", method: transport.EPSV, works: true,
		want: []string{check.FALG, check.FTLSOffered}, absent: []string{check.FActiveNAT},
		build: func(b *bed) *check.Report {
			cli, _, srv, _ := clientBehindNAT(b, true)
			b.serve(srv, labServer{Addr: "198.18.3.2:2121"})
			return b.check(cli, labClient{Host: "198.18.3.2"})
		}},
	{name: "server-router-ftp-helper-ftps", method: transport.EPSV, works: true,
		want: []string{check.FALG}, absent: []string{check.FPassiveDropped, check.FPassiveRefused, check.FPassivePartial},
		build: func(b *bed) *check.Report {
			// No passive port is forwarded: only the helper opens them.
			cli, _, srv, _ := serverBehindNATHelper(b, true)
			b.serve(srv, labServer{Addr: "192.168.77.2:2121", PublicHost: "192.168.77.2", Passive: [2]int{labPasvLo, labPasvHi}})
			return b.check(cli, labClient{Host: "198.18.0.2"})
		}},
	{name: "connection-limit-1", method: transport.EPSV, works: true,
		want: []string{check.FConnLimit},
		build: func(b *bed) *check.Report {
			cli, srv := b.lab.Namespace("client"), b.lab.Namespace("server")
			b.lab.Link(cli, "198.18.4.1/24", srv, "198.18.4.2/24")
			b.serve(srv, labServer{Addr: "198.18.4.2:2121", Max: 1})
			return b.check(cli, labClient{Host: "198.18.4.2"})
		}},
	{name: "tls-required", method: transport.EPSV, works: true,
		want: []string{check.FTLSRequired, check.FReuse},
		build: func(b *bed) *check.Report {
			cli, srv := b.lab.Namespace("client"), b.lab.Namespace("server")
			b.lab.Link(cli, "198.18.5.1/24", srv, "198.18.5.2/24")
			b.serve(srv, labServer{Addr: "198.18.5.2:2121", TLS: ftpd.TLSExplicit, Reuse: true})
			return b.check(cli, labClient{Host: "198.18.5.2"})
		}},
}

// TestCheckNetns runs every scenario (root, ip and iptables needed; see
// netlab.Require).
func TestCheckNetns(t *testing.T) {
	netlab.Require(t)
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			r := sc.build(newBed(t))
			for _, c := range sc.want {
				if !r.Has(c) {
					t.Errorf("no finding %s; got %s", c, codes(r))
				}
			}
			for _, c := range sc.absent {
				if r.Has(c) {
					t.Errorf("finding %s, want none; got %s", c, codes(r))
				}
			}
			if r.Recommend.Works != sc.works {
				t.Fatalf("works = %v, want %v", r.Recommend.Works, sc.works)
			}
			if sc.works && r.Recommend.Settings.Method != sc.method {
				t.Errorf("recommended %s, want %s", r.Recommend.Settings.Method, sc.method)
			}
			for _, lang := range i18n.Languages {
				golden(t, sc, r, lang)
			}
		})
	}
}

var (
	portNum   = regexp.MustCompile(`\b[1-6][0-9]{4}\b`)
	portRange = regexp.MustCompile(`\b[1-6][0-9]{4}–[1-6][0-9]{4}\b`)
	portRuns  = regexp.MustCompile(`(^|[^:])#(, #)*`) // a list of ports, of one or many: how many varies
	// Ranges that are the same every run: the advice's example and the
	// active port range the scenarios set.
	keptRanges = []string{"50000–50049", fmt.Sprintf("%d–%d", labActLo, labActHi)}
)

// stable masks what changes between runs: port numbers the kernel or the
// server picks, how many of them there are, and the ranges they suggest.
func stable(s string) string {
	s = portRange.ReplaceAllStringFunc(s, func(r string) string {
		for i, k := range keptRanges {
			if r == k {
				return fmt.Sprintf("\x01%d\x01", i)
			}
		}
		return "\x00"
	})
	s = portNum.ReplaceAllString(s, "#")
	s = portRuns.ReplaceAllString(s, "${1}#…")
	s = strings.ReplaceAll(s, "#…, …", "#…") // a long list is cut
	s = strings.ReplaceAll(s, "\x00", "#–#")
	for i, k := range keptRanges {
		s = strings.ReplaceAll(s, fmt.Sprintf("\x01%d\x01", i), k)
	}
	return s
}

func golden(t *testing.T, sc scenario, r *check.Report, lang string) {
	t.Helper()
	text := checktext.For(lang).Text(r, checktext.Options{Stable: true})
	if sc.noSteps {
		text, _, _ = strings.Cut(text, "== "+i18n.For(lang).T("hdr.steps", nil))
	}
	text = stable(text)
	path := filepath.Join("testdata", "report", sc.name+"."+lang+".txt")
	if *update {
		os.MkdirAll(filepath.Dir(path), 0o755)
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to write it)", err)
	}
	if string(want) != text {
		got := filepath.Join(t.TempDir(), "got.txt")
		os.WriteFile(got, []byte(text), 0o644)
		out, _ := exec.Command("diff", "-u", path, got).CombinedOutput()
		t.Errorf("%s differs from the report:\n%s", path, out)
	}
}
