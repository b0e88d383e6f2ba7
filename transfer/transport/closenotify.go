package transport

import (
	"crypto/tls"
	"net"
	"strings"
)

// A TLS download's end, against vsftpd, traced at 100 ms (docs/ARCHITECTURE.md,
// "Over distance"): the server sends the file's last bytes and its
// close_notify, then waits — its second SSL_shutdown reads — for the
// client's close_notify before it closes the socket, and answers 226 only
// once its FIN is acknowledged (SO_LINGER). A client that sends its
// close_notify when it has read the server's pays a round trip for it on
// every file. In TLS 1.3 close_notify closes only the sender's direction
// (RFC 8446 §6.1), and a download's client never sends data, so it can say
// so as soon as its handshake is over: the alert waits in the server's
// socket, the server's SSL_shutdown finds it there, and its FIN follows
// its data at once.
//
// Nothing about detecting a truncated download changes: the client still
// reads until the server's close_notify (a TCP end without one is
// io.ErrUnexpectedEOF) and then waits for the 226.
//
// Only for servers known to read the alert. One that closes the socket
// with it unread makes the kernel answer with a reset, which throws away
// whatever the server had not sent yet: a large download would fail.
// Traced: proftpd (mod_tls) and pure-ftpd send their close_notify and
// close without reading the client's (proftpd reset every such connection),
// and so does the embedded Go server (a 1 MiB download, given the alert
// early, lost its last 48 KiB to the reset — which the client reported as
// an error, not as a whole file), so they get it when the client has read
// theirs, as before.

// awaitsCloseNotify says whether the server's greeting names one that
// reads a download's close_notify before it ends the transfer: vsftpd,
// whose default banner is "(vsFTPd 3.0.3)". A banner the admin changed
// hides it, and costs only the round trip.
func awaitsCloseNotify(greeting string) bool {
	return strings.Contains(greeting, "(vsFTPd ")
}

// endWriteEarly sends close_notify on a download's TLS data connection as
// soon as its handshake is over (TLS 1.3 only: in TLS 1.2 the alert asks
// the peer to close at once, dropping what it has not sent). Called on the
// first read; an error is left for the read to report.
func (d *dataConn) endWriteEarly(conn net.Conn) {
	tc, ok := conn.(*tls.Conn)
	if !ok || d.wrote.Load() {
		return
	}
	if err := tc.Handshake(); err != nil {
		return
	}
	if tc.ConnectionState().Version != tls.VersionTLS13 {
		return
	}
	if tc.CloseWrite() == nil {
		d.note("close_notify_early", nil, "Data connection: TLS close_notify sent with the handshake (the server waits for it before its 226)")
	}
}
