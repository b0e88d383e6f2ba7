package main

import (
	"net"
	"sync/atomic"
	"testing"
	"time"

	"portside/internal/hostile"
)

// failures are servers that fail a client in the ways the command line
// must word in a person's language: a transfer dropped once (retried) or
// always or refused, an upload's folder whose name a file holds, no data
// connection method allowed, a login dropped or refused, a server that wants TLS, a TLS peer
// that ends the handshake with an alert, and an address nothing listens on.
type failures struct {
	dropOnce, dropAlways, dropLogin, wrongPassword, wantsTLS, refusesRetr, fileInWay, noData *hostile.Server
	tlsAlert, closed                                                                         string // host:port
}

func failingServers(t *testing.T) failures {
	var retrs atomic.Int64
	file := map[string]string{"/pub/a": "aaaa"}
	reply := func(line string) hostile.Handler { return func(c *hostile.Conn, _ string) { c.Write(line + "\r\n") } }
	drop := func(c *hostile.Conn, _ string) { c.Close() }
	return failures{
		dropOnce: hostile.Start(t, hostile.Script{Files: file, Handlers: map[string]hostile.Handler{"RETR": func(c *hostile.Conn, arg string) {
			if retrs.Add(1) == 1 {
				c.Close()
				return
			}
			c.Default("RETR", arg)
		}}}),
		dropAlways:    hostile.Start(t, hostile.Script{Files: file, Handlers: map[string]hostile.Handler{"RETR": drop}}),
		dropLogin:     hostile.Start(t, hostile.Script{Handlers: map[string]hostile.Handler{"PASS": drop}}),
		wrongPassword: hostile.Start(t, hostile.Script{Handlers: map[string]hostile.Handler{"PASS": reply("530 Login incorrect.")}}),
		wantsTLS:      hostile.Start(t, hostile.Script{Handlers: map[string]hostile.Handler{"PASS": reply("530 Non-anonymous sessions must use encryption.")}}),
		refusesRetr:   hostile.Start(t, hostile.Script{Files: file, Handlers: map[string]hostile.Handler{"RETR": reply("550 gone")}}),
		fileInWay:     hostile.Start(t, hostile.Script{Files: map[string]string{"/up/photos": "not a folder"}}),
		noData: hostile.Start(t, hostile.Script{Handlers: map[string]hostile.Handler{
			"EPSV": reply("502 not here"), "PASV": reply("502 not here"), "EPRT": reply("502 not here"), "PORT": reply("502 not here")}}),
		tlsAlert: alertPeer(t, 40), // handshake_failure
		closed:   closedAddr(t),
	}
}

// alertPeer listens on loopback and answers every TLS ClientHello with a
// fatal alert of code, as a server that shares no version or cipher with
// the client does.
func alertPeer(t *testing.T, code byte) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				c.SetDeadline(time.Now().Add(hostile.Timeout))
				c.Read(make([]byte, 4096)) // the ClientHello
				c.Write([]byte{0x15, 0x03, 0x03, 0x00, 0x02, 0x02, code})
			}()
		}
	}()
	return ln.Addr().String()
}

// closedAddr is a loopback address nothing listens on: port 1 (tcpmux),
// which no test server gets (they take ephemeral ports, and a port just
// freed can be handed to the next one: a test saw its "closed" port
// answer SSH) and no system runs a service on.
func closedAddr(*testing.T) string { return "127.0.0.1:1" }
