package check_test

import (
	"reflect"
	"testing"

	"portside/transfer/check"
	"portside/transfer/sites"
	"portside/transfer/transport"
)

func TestApply(t *testing.T) {
	base := sites.Site{Name: "w", Host: "h", Protocol: sites.FTP, MaxConnections: 4, DataMode: transport.ModeAuto}
	cases := []struct {
		name string
		rec  check.Recommendation
		want func(sites.Site) sites.Site
	}{
		{"nothing works: unchanged", check.Recommendation{Settings: check.Settings{Mode: transport.ModeActive}},
			func(s sites.Site) sites.Site { return s }},
		{"passive, TLS required, limit 1", check.Recommendation{Works: true, Settings: check.Settings{Mode: transport.ModePassive,
			Method: transport.EPSV, TLS: transport.TLSExplicit, MaxConnections: 1}},
			func(s sites.Site) sites.Site {
				s.DataMode, s.Protocol, s.MaxConnections = transport.ModePassive, sites.FTPSExplicit, 1
				return s
			}},
		{"active, limit above the site's", check.Recommendation{Works: true, Settings: check.Settings{Mode: transport.ModeActive,
			Method: transport.EPRT, MaxConnections: 10}},
			func(s sites.Site) sites.Site { s.DataMode = transport.ModeActive; return s }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := check.Apply(base, c.rec)
			want := c.want(base)
			if c.rec.Works {
				if got.Probe == nil || got.Probe.Method != c.rec.Settings.Method {
					t.Errorf("probe %+v, want method %s", got.Probe, c.rec.Settings.Method)
				}
				got.Probe = nil
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("got %+v\nwant %+v", got, want)
			}
		})
	}
}
