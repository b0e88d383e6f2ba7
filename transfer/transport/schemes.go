package transport

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"time"
)

// Recognising the wrong URL scheme for a port. An implicit-TLS port
// (ftps://, usually 990) sends nothing until the client's TLS hello, so a
// client expecting a greeting (ftp://, ftpes://) used to wait out the whole
// connect timeout (15 s) and report a greeting timeout. An explicit port
// greets in plain text, which a TLS client reads as a broken record.

// quietGreeting is how long a missing greeting is just a slow server; then
// a second connection checks whether the port speaks TLS. A greeting is
// one round trip after the connect: four, at least a second.
func quietGreeting(rtt time.Duration) time.Duration { return max(time.Second, 4*rtt) }

// awaitGreeting waits a short while for the first byte of the greeting;
// when none comes, it asks the port, on a connection of its own, whether
// it answers a TLS hello. It consumes nothing of the greeting.
func (c *Conn) awaitGreeting(ctx context.Context) error {
	if c.cfg.TLS == TLSImplicit {
		return nil
	}
	start := time.Now()
	quiet := quietGreeting(c.rtt)
	c.raw.SetReadDeadline(start.Add(quiet))
	_, err := c.r.Peek(1)
	c.raw.SetReadDeadline(start.Add(c.cfg.dialTimeout()))
	if err == nil || !isTimeout(err) {
		return nil // a greeting (or a failure readReply will report)
	}
	if !c.speaksTLS(ctx, quiet) {
		return nil // a slow server: go on waiting, within the connect timeout
	}
	return c.fail(&StepError{Step: StepGreeting, Addr: c.cfg.Addr(),
		Err:  fmt.Errorf("no greeting within %s, and the port answers a TLS hello", quiet),
		Hint: "this port expects implicit TLS from the first byte: use ftps:// (implicit TLS)", HintKey: "implicit_port"})
}

func isTimeout(err error) bool {
	var ne interface{ Timeout() bool }
	return errors.As(err, &ne) && ne.Timeout()
}

// speaksTLS reports whether the port completes (or answers with a TLS
// alert) a TLS handshake on a separate connection. Nothing is sent but
// the hello; the certificate is not judged here, only the protocol.
func (c *Conn) speaksTLS(ctx context.Context, limit time.Duration) bool {
	ctx, cancel := context.WithTimeout(ctx, max(limit, 2*time.Second))
	defer cancel()
	conn, err := c.cfg.dial(ctx, c.cfg.Addr())
	if err != nil {
		return false
	}
	defer conn.Close()
	tc := tls.Client(conn, &tls.Config{ServerName: c.cfg.Host, InsecureSkipVerify: true, MinVersion: tls.VersionTLS12})
	err = tc.HandshakeContext(ctx)
	var alert tls.AlertError
	return err == nil || errors.As(err, &alert)
}

// tlsHint explains a TLS handshake that read a plain FTP greeting: the
// port is an explicit one (ftpes://). key names the hint for a front end
// ("plain_greeting"; the greeting's first bytes are only in the English).
func tlsHint(err error) (hint, key string) {
	var rh tls.RecordHeaderError
	if !errors.As(err, &rh) {
		return "", ""
	}
	h := rh.RecordHeader
	if h[0] >= '1' && h[0] <= '5' && h[1] >= '0' && h[1] <= '9' && h[2] >= '0' && h[2] <= '9' {
		return fmt.Sprintf("the port greeted in plain text (%q…), as explicit FTPS does: use ftpes:// (explicit TLS)", string(h[:])), "plain_greeting"
	}
	return "", ""
}
