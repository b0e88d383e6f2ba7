package ftp_test

import (
	"fmt"
	"strings"
	"testing"

	"portside/transfer/ftp"
	"portside/transfer/internal/netlab"
	"portside/transfer/sites"
	"portside/transfer/transport"
)

// raceCase is one network of auto mode's race: how each side's firewall
// treats new connections, what the server refuses, and what auto mode
// must end with.
type raceCase struct {
	name         string
	serverDrop   bool // the server's firewall silently drops all but the control port
	serverReject bool // … or answers them with a reset
	clientDrop   bool // the client's firewall silently drops inbound connections
	server       netnsServerSpec
	known        string // the method a profile remembers
	siteLimit    int    // the site's connection limit
	noRange      bool   // no active port range set
	want         string // the method that must win; "" when none can
	tried        string // the methods tried, in order
	lost         string // those stopped because another won
	log          string // a line the log must show
	cause        string // no method works: the one cause the error names
	quick        bool   // the first method fails at once: the next starts before the stagger
}

var raceCases = []raceCase{{
	// EPSV's stall is evidence about PASV (same host and port range), so
	// EPRT starts beside it after the stagger and wins; PASV is never tried.
	name: "server-drop", serverDrop: true,
	want: "EPRT", tried: "EPSV,EPRT", lost: "EPSV", log: "EPSV has carried no listing after",
}, {
	// A reset is as much evidence about the range as a drop, only sooner.
	name: "server-reject", serverReject: true,
	want: "EPRT", tried: "EPSV,EPRT", log: "Auto mode: EPSV failed after", quick: true,
}, {
	// The profile remembered EPRT, which a client firewall now drops: EPSV
	// starts beside it and wins.
	name: "client-drop-known-eprt", clientDrop: true, known: "EPRT",
	want: "EPSV", tried: "EPRT,EPSV", lost: "EPRT", log: "EPRT has carried no listing after",
}, {
	// A server that refuses passive mode: both passive refusals are quick
	// and say nothing about the network, so they are tried, then EPRT.
	name: "server-refuses-passive", server: netnsServerSpec{Refuse: true},
	want: "EPRT", tried: "EPSV,PASV,EPRT", log: "Auto mode: PASV failed after", quick: true,
}, {
	// One connection allowed: the second racer gets 421, and the probe goes
	// on one method at a time with the short probe timeout.
	name: "server-drop-max-1", serverDrop: true, server: netnsServerSpec{MaxConns: 1},
	want: "EPRT", tried: "EPSV,EPRT", log: "probing one method at a time",
}, {
	// The site's own limit of 1: sequential from the start, no 421 needed.
	name: "server-drop-site-limit-1", serverDrop: true, siteLimit: 1,
	want: "EPRT", tried: "EPSV,EPRT", log: "Auto mode: EPSV failed after",
}, {
	name: "both-drop", serverDrop: true, clientDrop: true,
	tried: "EPSV,EPRT,PASV,PORT", cause: "a firewall in front of the server blocks its passive ports",
}, {
	// Passive refused, active dropped, no active port range set: the
	// advice is the range, not an external address.
	name: "refuses-passive-client-drop", server: netnsServerSpec{Refuse: true}, clientDrop: true, noRange: true,
	tried: "EPSV,PASV,EPRT,PORT", cause: "the server allows only active mode, and its connections to this computer do not arrive: set an active port range",
}}

// TestNetnsRace runs auto mode's race in each network of raceCases and
// checks which method won, which were tried, and which lost.
func TestNetnsRace(t *testing.T) {
	netlab.Require(t)
	for _, c := range raceCases {
		t.Run(c.name, func(t *testing.T) {
			b := netnsNew(t)
			o := b.raceRun(c, netnsJobFor("race-"+c.name, "198.18.5.2", "auto"))
			var tried, lost []string
			for _, a := range o.Attempts {
				tried = append(tried, a.Method)
				if a.Lost {
					lost = append(lost, a.Method)
					if !a.DataErr {
						t.Errorf("%s lost without a data-connection error: %s", a.Method, a.Err)
					}
				}
			}
			if c.want == "" {
				if o.Stage != "connect" || !o.DataErr {
					t.Fatalf("%s; want auto mode to fail with a data-connection error\nlog:\n%s", o.summary(), o.logText())
				}
				// One summary, then one cause and its fix: none of the
				// per-method hints that contradict each other.
				if n := strings.Count(o.Err, "Most likely"); n != 1 || !strings.Contains(o.Err, c.cause) {
					t.Errorf("the error names %d causes, want one: %q", n, c.cause)
				}
				for _, hint := range []string{"try active mode", "try passive mode", "set the external address"} {
					if strings.Contains(o.Err, hint) {
						t.Errorf("the error still gives the per-method hint %q", hint)
					}
				}
				for _, m := range strings.Split(c.tried, ",") {
					if !strings.Contains(o.Err, m+" ") {
						t.Errorf("the error does not say what %s did", m)
					}
				}
				t.Logf("error (%d characters): %s", len(o.Err), o.Err)
				return
			}
			b.wantOK(o, c.want)
			if !o.hasLog("Auto mode chose " + c.want) {
				t.Errorf("the log does not show the choice\nlog:\n%s", o.logText())
			}
			// Where a quick failure should start the next method, a
			// machine so loaded that the 300 ms stagger fired first may
			// legitimately race another order: said, not failed.
			if c.quick && o.hasLog("has carried no listing after") {
				t.Logf("the stagger fired before a quick failure (a loaded machine): tried %v, not checked", tried)
				return
			}
			if got := strings.Join(tried, ","); got != c.tried {
				t.Errorf("auto mode tried %s, want %s\nlog:\n%s", got, c.tried, o.logText())
			}
			if got := strings.Join(lost, ","); got != c.lost {
				t.Errorf("lost: %q, want %q", got, c.lost)
			}
			if !o.hasLog(c.log) {
				t.Errorf("the log does not show %q\nlog:\n%s", c.log, o.logText())
			}
		})
	}
}

// raceRun builds c's network and runs job there.
func (b *netnsBed) raceRun(c raceCase, job netnsJob) netnsOutcome {
	b.t.Helper()
	jobs := []netnsJob{job}
	return b.client(b.raceNet(c, jobs), jobs...)[0]
}

// raceNet builds c's network (client 198.18.5.1, server 198.18.5.2),
// serves, gives jobs c's settings and returns the client's namespace.
func (b *netnsBed) raceNet(c raceCase, jobs []netnsJob) *netlab.NS {
	b.t.Helper()
	cli, srv := b.lab.Namespace("client"), b.lab.Namespace("server")
	b.lab.Link(cli, "198.18.5.1/24", srv, "198.18.5.2/24")
	switch {
	case c.serverDrop:
		netnsInboundFirewall(srv, fmt.Sprint(netnsCtlPort))
	case c.serverReject:
		netnsRule(srv, "", "-A", "INPUT", "-p", "tcp", "!", "--dport", fmt.Sprint(netnsCtlPort),
			"-m", "conntrack", "--ctstate", "NEW", "-j", "REJECT", "--reject-with", "tcp-reset")
	}
	if c.clientDrop {
		netnsInboundFirewall(cli, "")
	}
	spec := c.server
	spec.Addr = "198.18.5.2:2121"
	b.serve(srv, spec)
	for i := range jobs {
		jobs[i].Known, jobs[i].MaxConns = c.known, c.siteLimit
		if !c.noRange {
			jobs[i].PortMin, jobs[i].PortMax = netnsActLo, netnsActHi
		}
	}
	return cli
}

func netnsKnown(dir string, cfg *ftp.Config) {
	if m, _, ok := sites.OpenMethods(dir).Known(*cfg); ok {
		cfg.Known = &m
	}
}

func netnsRemember(dir string, cfg ftp.Config, s *ftp.Session) {
	if p := s.Probe(); p != nil {
		sites.OpenMethods(dir).Remember(cfg, *p)
	}
}

// TestNetnsRememberMethod: behind a server firewall that drops, the first
// run finds EPRT and remembers it; the second run (a new process, as a
// second portside-cli command is) starts with EPRT and never tries EPSV.
func TestNetnsRememberMethod(t *testing.T) {
	netlab.Require(t)
	b := netnsNew(t)
	dir := t.TempDir()
	first, second := netnsJobFor("remember-1", "198.18.5.2", "auto"), netnsJobFor("remember-2", "198.18.5.2", "auto")
	first.Methods, second.Methods = dir, dir
	first.ListOnly, second.ListOnly = true, true
	jobs := []netnsJob{first}
	cli := b.raceNet(raceCase{serverDrop: true}, jobs)
	o1 := b.client(cli, jobs...)[0]
	second.PortMin, second.PortMax = jobs[0].PortMin, jobs[0].PortMax
	o2 := b.client(cli, second)[0]
	for _, o := range []netnsOutcome{o1, o2} {
		if o.Stage != "" || o.Method != "EPRT" {
			t.Fatalf("%s; want EPRT\nlog:\n%s", o.summary(), o.logText())
		}
	}
	var tried []string
	for _, a := range o2.Attempts {
		tried = append(tried, a.Method)
	}
	sentEPSV := false
	for _, l := range o2.Log {
		sentEPSV = sentEPSV || l.Kind == transport.Sent && strings.HasPrefix(l.Text, "EPSV")
	}
	if strings.Join(tried, ",") != "EPRT" || sentEPSV {
		t.Errorf("the second run tried %v; want the remembered EPRT only\nlog:\n%s", tried, o2.logText())
	}
}
