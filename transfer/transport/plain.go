package transport

import (
	"errors"
	"sync"
	"time"
)

// "Explicit TLS if available" (TLSIfAvailable) is the quick connect's and
// the command line's ftp:// default: the password is encrypted wherever the
// server can, and a server without TLS still works, but only after someone
// agreed to send the password readable (Config.ConfirmPlain). Until that
// answer nothing but the greeting and AUTH TLS has crossed the network.

// ErrPlainRefused is the answer of a ConfirmPlain that does not want to log
// in without encryption.
var ErrPlainRefused = errors.New("the server does not support encryption (TLS), and logging in without it was refused")

// refusesAuth tells a server that does not do TLS from one that failed:
// 500/502/504 (unknown or unimplemented command: pure-ftpd and proftpd
// without TLS), 530 (vsftpd with ssl_enable=NO: "Please login with USER
// and PASS."), 534 (refused by policy) and 431 (RFC 2228: no such
// security mechanism here). Anything else (421 closing, a malformed
// reply) is a failure, not a reason to go on in plain text.
func refusesAuth(rep Reply) bool {
	switch {
	case rep.Code >= 500 && rep.Code < 600:
		return true
	case rep.Code == 431:
		return true
	}
	return false
}

// confirmPlain asks Config.ConfirmPlain whether to go on without TLS, with
// the connect deadline lifted while it runs: a person may be reading.
func (c *Conn) confirmPlain() error {
	c.note("no_tls", nil, "The server does not support TLS (AUTH TLS refused): the login would cross the network unencrypted")
	ask := c.cfg.ConfirmPlain
	if ask == nil {
		return nil
	}
	c.raw.SetDeadline(time.Time{})
	defer c.raw.SetDeadline(time.Now().Add(c.cfg.dialTimeout()))
	if err := ask(c.cfg.Addr()); err != nil {
		return c.fail(&StepError{Step: StepTLS, Addr: c.cfg.Addr(), Err: err})
	}
	c.note("plain_agreed", nil, "Going on without encryption, as agreed")
	return nil
}

// Secure reports whether the control connection is encrypted (implicit
// TLS, or AUTH TLS that the server accepted). Data connections follow it
// (PROT P after login).
func (c *Conn) Secure() bool { return c.secure }

// Effective is the mode the connection ended up in: TLSIfAvailable becomes
// TLSExplicit or TLSNone; the others are what was asked.
func (c *Conn) Effective() TLSMode {
	if c.cfg.TLS != TLSIfAvailable {
		return c.cfg.TLS
	}
	if c.secure {
		return TLSExplicit
	}
	return TLSNone
}

// AskOnce wraps a ConfirmPlain so that it runs at most once: later and
// concurrent calls wait for, and get, the first answer. Auto mode probes
// on several control connections at once and the queue opens more; one
// connect must raise one question.
func AskOnce(ask func(addr string) error) func(addr string) error {
	if ask == nil {
		return nil
	}
	var (
		once   sync.Once
		answer error
	)
	return func(addr string) error {
		once.Do(func() { answer = ask(addr) })
		return answer
	}
}
