package check

import (
	"crypto/x509"
	"sync"
	"time"

	"portside/transfer/sites"
	"portside/transfer/transport"
)

// Apply writes a recommendation's settings into a site profile: what the
// window's "apply recommended settings" saves. Only what the check found
// is changed; a recommendation that found no way changes nothing.
func Apply(s sites.Site, r Recommendation) sites.Site {
	if !r.Works {
		return s
	}
	set := r.Settings
	s.DataMode = set.Mode
	s.UseSentPassiveAddress = set.UseSentPassiveAddress
	// The method found is what auto mode would try first; a fixed mode
	// keeps it too, for the record.
	s.Probe = &sites.Probe{Method: set.Method, When: time.Now(), Reason: "connection check"}
	switch set.TLS {
	case transport.TLSExplicit:
		if s.Protocol == sites.FTP {
			s.Protocol = sites.FTPSExplicit // the server required TLS
		}
	case transport.TLSImplicit:
		s.Protocol = sites.FTPSImplicit
	}
	if set.MaxConnections > 0 && (s.MaxConnections == 0 || s.MaxConnections > set.MaxConnections) {
		s.MaxConnections = set.MaxConnections
	}
	return s
}

// onceTrust asks trust about each certificate once per check: the check
// makes a dozen TLS connections, and a person asked must not be asked a
// dozen times.
func onceTrust(trust func([]*x509.Certificate, error) error) func([]*x509.Certificate, error) error {
	if trust == nil {
		return nil
	}
	var mu sync.Mutex
	seen := map[string]error{}
	return func(chain []*x509.Certificate, verr error) error {
		fp := transport.Fingerprint(chain[0])
		mu.Lock()
		defer mu.Unlock()
		if err, ok := seen[fp]; ok {
			return err
		}
		err := trust(chain, verr)
		seen[fp] = err
		return err
	}
}
