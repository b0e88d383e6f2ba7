package transport

import (
	"crypto/tls"
	"slices"
	"sync/atomic"
)

// defaultCurves is Go's own order of key exchanges (crypto/tls's default
// CurvePreferences as of Go 1.24+), used after the one the control
// connection settled on.
var defaultCurves = []tls.CurveID{tls.X25519MLKEM768, tls.X25519, tls.CurveP256, tls.CurveP384, tls.CurveP521}

// dataTLSConfig is the control connection's TLS config for its data
// connections, offering first the key exchange the control connection's
// handshake settled on.
//
// Why: a TLS 1.3 client sends a key share for its first preferred group
// only (X25519MLKEM768 with X25519, by Go's default). vsftpd accepts P-256
// only, so it answers every such ClientHello with a HelloRetryRequest and
// the client sends a second ClientHello: one more round trip on every data
// connection, that is per file. The control connection has already paid
// it once and learned the group (ConnectionState.CurveID); a data
// connection is to the same server, so it offers that group first. The
// rest stay after it: a server that changed its mind still finds one.
// The clone keeps the control connection's session cache (a pointer), so
// data connections still resume its session (vsftpd require_ssl_reuse).
func dataTLSConfig(base *tls.Config, st tls.ConnectionState) *tls.Config {
	if st.Version < tls.VersionTLS13 || st.CurveID == 0 {
		return base // TLS 1.2 has no key-share round trip to save
	}
	prefs := base.CurvePreferences
	if len(prefs) == 0 {
		prefs = defaultCurves
	}
	if len(prefs) > 0 && prefs[0] == st.CurveID {
		return base
	}
	c := base.Clone()
	c.CurvePreferences = append([]tls.CurveID{st.CurveID}, slices.DeleteFunc(slices.Clone(prefs), func(id tls.CurveID) bool { return id == st.CurveID })...)
	return c
}

// TLSStats counts a control connection's TLS data connections: how many
// completed a handshake, how many of those resumed the control
// connection's session, and how many needed a HelloRetryRequest (an extra
// round trip each).
type TLSStats struct {
	Handshakes, Resumed, Retried atomic.Int64
}

func (s *TLSStats) count(st tls.ConnectionState) {
	if s == nil || !st.HandshakeComplete {
		return
	}
	s.Handshakes.Add(1)
	if st.DidResume {
		s.Resumed.Add(1)
	}
	if st.HelloRetryRequest {
		s.Retried.Add(1)
	}
}

// DataTLS is the count of this control connection's TLS data connections
// so far.
func (c *Conn) DataTLS() (handshakes, resumed, retried int64) {
	return c.tlsStats.Handshakes.Load(), c.tlsStats.Resumed.Load(), c.tlsStats.Retried.Load()
}
