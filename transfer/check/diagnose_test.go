package check_test

import (
	"testing"

	"portside/transfer/check"
	"portside/transfer/transport"
)

func dataStep(method string, status check.Status, kind string, facts map[string]string) check.Step {
	return check.Step{ID: check.StepData, Method: method, Action: "list", Status: status, Error: kind, Facts: facts}
}

// TestDiagnose covers the rules on reports made by hand: the cases the
// lab cannot build cheaply (a server full from the start, nothing working
// at all) and the advice taken from the site's own settings.
func TestDiagnose(t *testing.T) {
	login := []check.Step{{ID: check.StepConnect, Status: check.OK}, {ID: check.StepGreeting, Status: check.OK},
		{ID: check.StepLogin, Status: check.OK}, {ID: check.StepFeat, Status: check.OK}}
	cases := []struct {
		name   string
		steps  []check.Step
		now    check.Settings
		want   []string
		works  bool
		rng    [2]int
		others int // fixes for the other mode, at least
	}{
		{name: "server full", steps: []check.Step{{ID: check.StepConnect, Status: check.OK},
			{ID: check.StepGreeting, Status: check.Failed, Error: check.ErrReply, Exchange: []string{"< 421 Too many connections (2) from this IP"}}},
			want: []string{check.FServerFull}},
		{name: "connect timeout", steps: []check.Step{{ID: check.StepConnect, Status: check.Failed, Error: check.ErrTimeout}},
			want: []string{check.FConnTimeout}},
		{name: "nothing works behind NAT with a closed passive range",
			steps: append(append([]check.Step(nil), login...),
				dataStep("EPSV", check.Failed, check.ErrTimeout, map[string]string{"port": "50012"}),
				dataStep("PASV", check.Failed, check.ErrTimeout, map[string]string{"port": "50031", "sent_addr": "203.0.113.7", "addr": "203.0.113.7:50031"}),
				dataStep("EPRT", check.Failed, check.ErrNoConnect, map[string]string{"announced": "192.168.1.5:41234"}),
				dataStep("PORT", check.Failed, check.ErrNoConnect, map[string]string{"announced": "192.168.1.5:41235"})),
			want: []string{check.FPassiveDropped, check.FActiveNAT, check.FNothingWorks}, rng: [2]int{50000, 50049}, others: 4},
		{name: "active blocked with a range and an external address set",
			now: check.Settings{ExternalAddress: "home.example.net", ActivePortMin: 52000, ActivePortMax: 52009},
			steps: append(append([]check.Step(nil), login...),
				dataStep("EPSV", check.OK, "", map[string]string{"port": "50012"}),
				dataStep("EPRT", check.Failed, check.ErrNoConnect, map[string]string{"announced": "198.51.100.4:52003"})),
			want: []string{check.FActiveBlocked}, works: true, rng: [2]int{50000, 50019}, others: 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := &check.Report{Host: "203.0.113.7", Port: 21, Steps: c.steps}
			var rec check.Recommendation
			r.Findings, rec = check.Diagnose(r, c.now)
			for _, code := range c.want {
				if !r.Has(code) {
					t.Errorf("no finding %s; got %+v", code, r.Findings)
				}
			}
			if rec.Works != c.works {
				t.Errorf("works %v, want %v", rec.Works, c.works)
			}
			if c.works && rec.Settings.Mode != transport.ModePassive {
				t.Errorf("mode %s, want passive", rec.Settings.Mode)
			}
			if r.PassiveRange != c.rng {
				t.Errorf("passive range %v, want %v", r.PassiveRange, c.rng)
			}
			if len(rec.Other) < c.others {
				t.Errorf("other-mode fixes %+v, want at least %d", rec.Other, c.others)
			}
		})
	}
}
