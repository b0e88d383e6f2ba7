package ftp

import (
	"context"
	"fmt"
	"io"

	"portside/transfer"
)

var _ transfer.Ranger = (*Session)(nil)

// OpenRange reads length bytes of p from offset (length < 0: to the end):
// REST and RETR, then the data connection is closed as soon as the range's
// bytes have come, or when the caller closes the reader early. FTP has no
// way to ask for a range's end, so every server sends on to the end of the
// file; the reader stops at the range, whatever the server sends.
//
// Closing the data connection early makes the server end the transfer
// with an error reply (vsftpd: "426 Failure writing network stream."),
// and some servers send a second reply later (an ABOR's 226): the control
// channel is then not trusted, and the session reconnects at its next use.
// A range that ends where the file ends closes as any download does.
func (s *Session) OpenRange(ctx context.Context, p string, offset, length int64) (io.ReadCloser, error) {
	if offset < 0 {
		return nil, fmt.Errorf("download %s: bad offset %d", p, offset)
	}
	rc, err := s.Open(ctx, p, offset)
	if err != nil {
		return nil, err
	}
	return &rangeReader{r: rc.(*reader), left: length, end: offset + length}, nil
}

type rangeReader struct {
	r    *reader
	left int64 // bytes of the range not yet read; < 0: to the end
	end  int64
	eof  bool // the server's stream ended
}

func (rr *rangeReader) Read(p []byte) (int, error) {
	if rr.left == 0 {
		return 0, io.EOF
	}
	if rr.left > 0 && int64(len(p)) > rr.left {
		p = p[:rr.left]
	}
	n, err := rr.r.Read(p)
	if rr.left > 0 {
		rr.left -= int64(n)
	}
	if err == io.EOF {
		rr.eof = true
		if rr.left > 0 {
			return n, fmt.Errorf("download %s: %w: the server's stream ended %d bytes before %d", rr.r.path, transfer.ErrDataConn, rr.left, rr.end)
		}
	}
	if err == nil && rr.left == 0 {
		err = io.EOF
	}
	return n, err
}

// Close ends the range. A range the server was still sending is cut (read
// whole, or closed early by the caller): any reply then ends it, and the
// session reconnects at its next use. A stream that ended, or failed,
// closes as a download does.
func (rr *rangeReader) Close() error {
	r := rr.r
	if rr.eof || r.done || r.err != nil {
		return r.Close()
	}
	r.done = true
	defer r.s.mu.Unlock()
	err := r.resp.Close()
	r.stop()
	if err != nil {
		// What was read is the server's; how it took the cut does not
		// change that. Its next reply is unknown: start afresh.
		r.s.drop(fmt.Errorf("the download of %s was cut: %w", r.path, err))
		r.s.note("range_closed", map[string]string{"Path": r.path}, "Closed the download of %s at the end of its range; reconnecting at the next use", r.path)
	}
	return nil
}

// DataTLS counts the live control connection's TLS data connections:
// handshakes, those that resumed its session, and those that needed a
// HelloRetryRequest (see transport's curves.go).
func (s *Session) DataTLS() (handshakes, resumed, retried int64) {
	if c := s.live.Load(); c != nil {
		return c.DataTLS()
	}
	return 0, 0, 0
}
