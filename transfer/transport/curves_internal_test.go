package transport

import (
	"crypto/tls"
	"slices"
	"testing"
)

// Data connections offer the control connection's group first, leaving out
// the groups Go would offer before it (the server declined them).
func TestDataTLSConfig(t *testing.T) {
	cases := []struct {
		name  string
		prefs []tls.CurveID // the site's own, if any
		st    tls.ConnectionState
		want  []tls.CurveID // nil: the control connection's config as it is
	}{
		{"vsftpd takes P-256 only", nil, tls.ConnectionState{Version: tls.VersionTLS13, CurveID: tls.CurveP256},
			[]tls.CurveID{tls.CurveP256, tls.CurveP384, tls.CurveP521}},
		{"X25519 after the hybrids", nil, tls.ConnectionState{Version: tls.VersionTLS13, CurveID: tls.X25519},
			[]tls.CurveID{tls.X25519, tls.CurveP256, tls.CurveP384, tls.CurveP521}},
		{"Go's first group: nothing to change", nil, tls.ConnectionState{Version: tls.VersionTLS13, CurveID: tls.X25519MLKEM768}, nil},
		{"TLS 1.2: no key share to save", nil, tls.ConnectionState{Version: tls.VersionTLS12, CurveID: tls.CurveP256}, nil},
		{"the site's own list is kept to", []tls.CurveID{tls.X25519, tls.CurveP256, tls.CurveP521},
			tls.ConnectionState{Version: tls.VersionTLS13, CurveID: tls.CurveP256}, []tls.CurveID{tls.CurveP256, tls.CurveP521}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			base := &tls.Config{CurvePreferences: c.prefs, ClientSessionCache: tls.NewLRUClientSessionCache(1)}
			got := dataTLSConfig(base, c.st)
			if c.want == nil {
				if got != base {
					t.Errorf("changed the config: %v", got.CurvePreferences)
				}
				return
			}
			if !slices.Equal(got.CurvePreferences, c.want) {
				t.Errorf("offers %v, want %v", got.CurvePreferences, c.want)
			}
			if got.ClientSessionCache != base.ClientSessionCache {
				t.Errorf("the data connections lost the control connection's session cache")
			}
		})
	}
}
