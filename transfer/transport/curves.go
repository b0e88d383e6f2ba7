package transport

import (
	"crypto/tls"
	"slices"
	"sync/atomic"
)

// goCurves is crypto/tls's default order of key exchanges (Go 1.26). The
// order of tls.Config.CurvePreferences is ignored since Go 1.24: it only
// filters this list, and the client sends a key share for the first left.
var goCurves = []tls.CurveID{tls.X25519MLKEM768, tls.SecP256r1MLKEM768, tls.SecP384r1MLKEM1024,
	tls.X25519, tls.CurveP256, tls.CurveP384, tls.CurveP521}

// dataTLSConfig is the control connection's TLS config for its data
// connections, with the key exchange the control connection's handshake
// settled on offered first.
//
// Why: a TLS 1.3 client sends a key share for its first group only
// (X25519MLKEM768, with X25519, by Go's default). vsftpd accepts P-256
// only, so it answers every such ClientHello with a HelloRetryRequest and
// the client sends a second ClientHello: one more round trip on every data
// connection, that is per file. The control connection has paid it once
// and learned the group (ConnectionState.CurveID); a data connection goes
// to the same server, so it offers that group and the ones after it in
// Go's order (the groups before it, which the server just declined, are
// left out: that is the only way to put a group first). The clone keeps
// the control connection's session cache (a pointer), so data connections
// still resume its session (vsftpd require_ssl_reuse).
func dataTLSConfig(base *tls.Config, st tls.ConnectionState) *tls.Config {
	if st.Version < tls.VersionTLS13 || st.CurveID == 0 {
		return base // TLS 1.2 has no key-share round trip to save
	}
	i := slices.Index(goCurves, st.CurveID)
	if i <= 0 {
		return base // already first, or a group this table does not know
	}
	var prefs []tls.CurveID
	for _, id := range goCurves[i:] {
		if len(base.CurvePreferences) == 0 || slices.Contains(base.CurvePreferences, id) {
			prefs = append(prefs, id)
		}
	}
	c := base.Clone()
	c.CurvePreferences = prefs
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
