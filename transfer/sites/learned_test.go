package sites_test

import (
	"testing"

	"portside/transfer/ftp"
	"portside/transfer/transport"
)

// What sessions learn about a server survives a restart, an editor that
// saves other changes meanwhile, and feeds the next run's sessions; the
// user's switch wins over it, and it can be forgotten.
func TestStoreLearned(t *testing.T) {
	cases := []struct {
		name     string
		learn    []ftp.Finding
		noPipe   bool
		wantPipe transport.Pipelining
		wantLied bool
	}{
		{"nothing yet", nil, false, transport.PipelineProbe, false},
		{"pipelining works", []ftp.Finding{ftp.PipeliningWorks}, false, transport.PipelineOn, false},
		{"pipelining breaks", []ftp.Finding{ftp.PipeliningBreaks}, false, transport.PipelineOff, false},
		{"works, then broke", []ftp.Finding{ftp.PipeliningWorks, ftp.PipeliningBreaks}, false, transport.PipelineOff, false},
		{"works, but the user turned it off", []ftp.Finding{ftp.PipeliningWorks}, true, transport.PipelineOff, false},
		{"SIZE lied", []ftp.Finding{ftp.SizeLied}, false, transport.PipelineProbe, true},
		{"both", []ftp.Finding{ftp.SizeLied, ftp.PipeliningWorks, ftp.SizeLied}, false, transport.PipelineOn, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			store := openStore(t, dir, newMemKeychain())
			pw := ""
			s := normalSite("Work")
			s.NoPipelining = c.noPipe
			site, err := store.Save(s, &pw)
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range c.learn {
				if err := store.Learn(site.ID, f); err != nil {
					t.Fatal(err)
				}
			}
			// An editor that loaded the site before saves other changes.
			site.Comments = "edited meanwhile"
			if _, err := store.Save(site, nil); err != nil {
				t.Fatal(err)
			}
			got, _ := openStore(t, dir, newMemKeychain()).Site(site.ID)
			if got.Comments != "edited meanwhile" {
				t.Errorf("the edit was lost: %q", got.Comments)
			}
			if p := got.Pipelining(); p != c.wantPipe {
				t.Errorf("Pipelining() = %v after reopening, want %v (learned %+v)", p, c.wantPipe, got.Learned)
			}
			if l := got.FTPConfig("").SizeLied; l != c.wantLied {
				t.Errorf("FTPConfig().SizeLied = %v, want %v", l, c.wantLied)
			}
			if err := store.ForgetLearned(site.ID); err != nil {
				t.Fatal(err)
			}
			got, _ = openStore(t, dir, newMemKeychain()).Site(site.ID)
			want := transport.PipelineProbe
			if c.noPipe {
				want = transport.PipelineOff
			}
			if got.Learned != nil || got.Pipelining() != want || got.FTPConfig("").SizeLied {
				t.Errorf("after ForgetLearned: %+v, pipelining %v", got.Learned, got.Pipelining())
			}
		})
	}
}
