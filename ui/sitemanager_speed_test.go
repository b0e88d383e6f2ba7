package ui_test

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"portside/transfer/ftp"
	"portside/transfer/sites"
)

// The Transfer Settings tab shows and saves the parts per big download and
// the pipelining switch, shows what sessions learned about the server, and
// forgets it on request; a save keeps or forgets it as the store says.
func TestSiteManagerSpeedSettings(t *testing.T) {
	cases := []struct {
		name     string
		learn    []ftp.Finding
		segments string // typed
		pipe     bool   // left checked
		shows    []string
		forget   bool
	}{
		{"nothing learned; 6 parts, pipelining off", nil, "6", false, []string{"Nothing yet"}, false},
		{"pipelining and a lie learned; forgotten", []ftp.Finding{ftp.PipeliningWorks, ftp.SizeLied}, "", true,
			[]string{"Takes pipelined commands", "every upload's size is checked"}, true},
		{"breaks learned; kept through a save", []ftp.Finding{ftp.PipeliningBreaks}, "1", true, []string{"Breaks on pipelined commands"}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var site sites.Site
			f := newSMFixture(t, newSMKeychain(), func(s *sites.Store) {
				site = smSave(t, s, smSite("Work", "ftp.example.com"), "pw")
				for _, x := range c.learn {
					if err := s.Learn(site.ID, x); err != nil {
						t.Fatal(err)
					}
				}
			})
			f.m.SelectSite(site.ID)
			e := f.m.Editor
			if !e.Pipelining.Checked || e.Segments.Text != "" {
				t.Errorf("a new site: pipelining %v, parts %q; want on and empty", e.Pipelining.Checked, e.Segments.Text)
			}
			for _, w := range c.shows {
				if !strings.Contains(e.LearnedText.Text, w) {
					t.Errorf("learned text %q lacks %q", e.LearnedText.Text, w)
				}
			}
			if e.ForgetLearned.Disabled() != (len(c.learn) == 0) {
				t.Errorf("Forget enabled: %v with %d findings", !e.ForgetLearned.Disabled(), len(c.learn))
			}
			if c.forget {
				test.Tap(e.ForgetLearned)
				if got := f.mustSite("Work"); got.Learned != nil {
					t.Errorf("still learned after Forget: %+v", got.Learned)
				}
			}
			test.Type(e.Segments, c.segments)
			e.Pipelining.SetChecked(c.pipe)
			test.Tap(f.m.Save)
			got := f.mustSite("Work")
			want := map[string]int{"": 0, "1": 1, "6": 6}[c.segments]
			if got.Segments != want || got.NoPipelining == c.pipe {
				t.Errorf("saved parts %d, no pipelining %v; want %d, %v (status %q)", got.Segments, got.NoPipelining, want, !c.pipe, f.m.Status.Text)
			}
			if kept := got.Learned != nil; kept != (len(c.learn) > 0 && !c.forget) {
				t.Errorf("after saving, learned %+v", got.Learned)
			}
			// Loaded again, the fields say what was saved.
			f.m.SelectSite(site.ID)
			if e.Segments.Text != c.segments || e.Pipelining.Checked != c.pipe {
				t.Errorf("reloaded: parts %q, pipelining %v", e.Segments.Text, e.Pipelining.Checked)
			}
		})
	}
}
