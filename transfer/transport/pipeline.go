package transport

import (
	"errors"
	"fmt"
	"strconv"
	"time"
)

// Pipelining: the EPSV for a download's next file goes out while the
// current file's 226 is awaited, saving one round trip per file (of four,
// against vsftpd: see docs/ARCHITECTURE.md, "Over distance"). The server
// reads it from its socket once it has answered the transfer, so the 229
// follows the 226 on the same round trip. Only with servers that have
// shown they take a command before the last reply (cameras, PLCs and some
// routers' servers do not): ProbePipelining sends two NOOPs in one write
// and wants both replies, in time; anything else closes the connection
// (a late reply would answer the next command) and the caller dials again
// without it. A speculative EPSV whose reply is not used (the next
// command is not EPSV) is read and dropped before that command goes out.
//
// RNFR and RNTO ("land whole": the part file renamed into place) go out
// together, with the next file's EPSV after them: the library gets a
// made-up 350 for RNFR at once, then the server's replies to both as
// RNTO's (RNFR's when it failed: the server then refuses the lone RNTO
// with a 503 and renames nothing). Two round trips of an upload's seven.

// Pipelining says whether a control connection may pipeline.
type Pipelining int

const (
	PipelineOff   Pipelining = iota // never (the zero value)
	PipelineProbe                   // after ProbePipelining says the server takes it
	PipelineOn                      // the server took it before (the site's memory)
)

// ErrPipelining is a server that did not answer pipelined commands: the
// connection was closed; dial again with PipelineOff.
var ErrPipelining = errors.New("the server does not answer pipelined commands")

// pipelineWait bounds the probe's wait for its two replies.
func (c *Conn) pipelineWait() time.Duration {
	return max(2*time.Second, 8*c.rtt)
}

// ProbePipelining sends two NOOPs in one write and enables pipelining on
// this connection if both replies come, in order, in time. Without them
// the connection is closed and the error wraps ErrPipelining.
func (c *Conn) ProbePipelining() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cfg.Pipelining == PipelineOn {
		c.pipeline = true
		return nil
	}
	c.log(Sent, "NOOP")
	c.log(Sent, "NOOP")
	if _, err := c.conn.Write([]byte("NOOP\r\nNOOP\r\n")); err != nil {
		return c.fail(&StepError{Step: StepControl, Addr: c.cfg.Addr(), Err: err})
	}
	c.raw.SetReadDeadline(time.Now().Add(c.pipelineWait()))
	r1, err := c.readReply()
	var r2 Reply
	if err == nil {
		r2, err = c.readReply()
	}
	c.raw.SetReadDeadline(time.Time{})
	if err == nil && r1.Code/100 == 2 && r2.Code/100 == 2 {
		c.pipeline = true
		c.note("pipelined", nil, "The server answers pipelined commands: a download's next EPSV goes out with the last one's end")
		return nil
	}
	c.raw.Close()
	why := fmt.Sprintf("replies %d and %d", r1.Code, r2.Code)
	if err != nil {
		why = err.Error()
	}
	return c.fail(fmt.Errorf("%w (%s): reconnecting without pipelining", ErrPipelining, why))
}

// Pipelined reports whether this connection pipelines.
func (c *Conn) Pipelined() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.pipeline
}

// noteReply follows a download: RETR sent, its 1xx read, then its final
// reply awaited (when the speculative EPSV goes out). c.mu is held.
func (c *Conn) noteReply(rep Reply) {
	switch {
	case c.retr == 1 && rep.Code < 200:
		c.retr = 2
	case rep.Code >= 200:
		c.retr = 0
	}
}

// speculate sends the next file's EPSV while the current download's final
// reply is awaited, when this connection pipelines and EPSV is its first
// method. c.mu is held.
func (c *Conn) speculate() {
	if c.retr != 2 || !c.pipeline || c.spec || c.noSpec || c.closed {
		return
	}
	c.retr = 0
	if ms := c.cfg.methods(); len(ms) == 0 || ms[0] != EPSV {
		return
	}
	// A command with the engine's note on why it went out early: its key
	// lets a front end word the note (the command itself stays "EPSV").
	c.logKey(Sent, "pipelined_epsv", nil, "EPSV (pipelined: for the next file, before this one's end)")
	if _, err := c.conn.Write([]byte("EPSV\r\n")); err != nil {
		return // the read that follows fails the same way
	}
	c.spec = true
}

// sortSpec takes, at an upload's end, the transfer's final reply and the
// speculative EPSV's, whichever came first (first is not a 229: that case
// is Read's). vsftpd reads the EPSV once the transfer is over: 226, then
// 229. A server that reads commands during a transfer may refuse it —
// proftpd "450 EPSV: data transfer in progress", pure-ftpd "500 Unknown
// command" — before the transfer's reply. Both replies come at once, so
// reading the second waits no round trip. The transfer's reply is then
// the one that is not an error, or the later one (the refusal came during
// the transfer), and the EPSV is not sent during a transfer again on this
// connection. Only uploads: a download cut short (a range) may get two
// replies of its own, and a download's end comes after the server's 226
// was sent, so its EPSV is never read during the transfer. c.mu is held.
func (c *Conn) sortSpec(first Reply) (Reply, error) {
	second, err := c.readTransferReply()
	if err != nil {
		c.spec = false
		return first, nil // the next command finds the connection broken
	}
	if second.Code == 229 {
		c.specGot = &second
		return first, nil
	}
	c.spec, c.noSpec = false, true
	xfer, refusal := second, first
	if first.Code/100 == 2 && second.Code/100 != 2 {
		xfer, refusal = first, second
	}
	c.note("pipelined_refused", map[string]string{"Code": strconv.Itoa(refusal.Code)},
		"The server refused the pipelined EPSV during a transfer (%d): not sent during a transfer again", refusal.Code)
	return xfer, nil
}

// specReply is the speculative EPSV's reply: read now if it has not come
// yet (it follows the transfer's final reply). c.mu is held.
func (c *Conn) specReply() (Reply, error) {
	c.spec = false
	if r := c.specGot; r != nil {
		c.specGot = nil
		return *r, nil
	}
	return c.readReply()
}

// dropSpec reads and drops an unused speculative EPSV's reply before
// another command goes out, so that every later reply answers its own
// command. c.mu is held.
func (c *Conn) dropSpec() error {
	if !c.spec {
		return nil
	}
	c.dropEarly()
	rep, err := c.specReply()
	if err == nil {
		c.note("pipelined_unneeded", map[string]string{"Code": strconv.Itoa(rep.Code)}, "The pipelined EPSV was not needed (%d)", rep.Code)
	}
	return err
}

// pipelineRename sends RNFR without waiting for its reply and answers the
// library with a made-up 350; it reports false when this connection does
// not pipeline. c.mu is held.
func (c *Conn) pipelineRename(line string) (bool, error) {
	if !c.pipeline {
		return false, nil
	}
	if err := c.send(line); err != nil {
		return true, err
	}
	c.rename = 1
	c.out.Write(newReply(350, "RNFR sent; its reply comes with RNTO's (pipelined)").Raw())
	return true, nil
}

// afterRNTO sends the next file's EPSV with RNTO, after a pipelined RNFR.
// c.mu is held.
func (c *Conn) afterRNTO() {
	if c.rename != 1 {
		return
	}
	c.rename = 2
	if ms := c.cfg.methods(); len(ms) > 0 && ms[0] == EPSV && !c.spec {
		c.log(Sent, "EPSV (pipelined: for the next file, with the rename)")
		if _, err := c.conn.Write([]byte("EPSV\r\n")); err == nil {
			c.spec = true
		}
	}
}

// renameReply reads RNFR's and RNTO's replies and gives the library one:
// RNTO's, or RNFR's failure. c.mu is held.
func (c *Conn) renameReply() (Reply, error) {
	c.rename = 0
	from, err := c.readReply()
	if err != nil {
		return from, err
	}
	to, err := c.readReply()
	if err != nil {
		return to, err
	}
	if from.Code != 350 {
		return from, nil
	}
	return to, nil
}

// SetMethods replaces the data connection methods of a connection that
// logged in before they were known (another connection was proving one).
func (c *Conn) SetMethods(m []Method) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.cfg.Methods = m
}
