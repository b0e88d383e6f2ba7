package check

import (
	"testing"
	"time"
)

func TestParseLine(t *testing.T) {
	cases := []struct {
		line    string
		ok      bool
		name    string
		size    int64
		hasTime bool
	}{
		{"-rw-r--r--    1 1000     1000       102400 Nov 30 13:05 report.pdf", true, "report.pdf", 102400, true},
		{"-rw-r--r-- 1 ftp ftp 12 Jan 02  2024 old notes.txt", true, "old notes.txt", 12, false},
		{"drwxr-xr-x 2 ftp ftp 4096 Jan 02 10:00 folder", false, "", 0, false},
		{"lrwxrwxrwx 1 ftp ftp 4 Jan 02 10:00 link -> x", false, "", 0, false},
		{"11-30-26  01:05PM               204800 报告.pdf", true, "报告.pdf", 204800, true},
		{"11-30-26  01:05PM       <DIR>          web", false, "", 0, false},
		{"total 12", false, "", 0, false},
		{"-rw-r--r-- 1 a b notanumber Jan 02 10:00 x", false, "", 0, false},
	}
	for _, c := range cases {
		f, ok := parseLine(c.line, 2026)
		if ok != c.ok || (ok && (f.name != c.name || f.size != c.size || f.hasTime != c.hasTime)) {
			t.Errorf("%q: %+v %v, want %q %d time %v ok %v", c.line, f, ok, c.name, c.size, c.hasTime, c.ok)
		}
	}
}

func TestZoneOffset(t *testing.T) {
	mdtm := time.Date(2026, 11, 30, 5, 5, 31, 0, time.UTC)
	cases := []struct {
		shown time.Time
		want  string
	}{
		{time.Date(2026, 11, 30, 5, 5, 0, 0, time.UTC), "UTC+00:00"},
		{time.Date(2026, 11, 30, 13, 5, 0, 0, time.UTC), "UTC+08:00"},  // Beijing time
		{time.Date(2026, 11, 30, 0, 5, 0, 0, time.UTC), "UTC-05:00"},   // New York
		{time.Date(2026, 11, 30, 10, 35, 0, 0, time.UTC), "UTC+05:30"}, // India
	}
	for _, c := range cases {
		if got := formatZone(zoneOffset(c.shown, mdtm)); got != c.want {
			t.Errorf("%s: %s, want %s", c.shown, got, c.want)
		}
	}
	// A listing without a year near New Year: the year that fits is taken.
	got := zoneOffset(time.Date(2027, 1, 1, 7, 0, 0, 0, time.UTC), time.Date(2026, 12, 31, 23, 0, 0, 0, time.UTC))
	if got != 8*time.Hour {
		t.Errorf("across the new year: %s, want 8h", got)
	}
}

func TestSuggestRange(t *testing.T) {
	cases := []struct {
		ports  []int
		lo, hi int
	}{
		{[]int{50012, 50031, 50047}, 50000, 50049},
		{[]int{30003, 30017, 30011}, 30000, 30019},
		{[]int{21000}, 21000, 21009},
		{[]int{40100, 40390}, 40100, 40499},
		{[]int{40160, 40170}, 40160, 40179},
		{[]int{33121, 46719}, 0, 0}, // the system's ephemeral range: nothing configured
		{nil, 0, 0},
	}
	for _, c := range cases {
		if lo, hi := suggestRange(c.ports); lo != c.lo || hi != c.hi {
			t.Errorf("%v: %d–%d, want %d–%d", c.ports, lo, hi, c.lo, c.hi)
		}
	}
}

func TestReplyWords(t *testing.T) {
	cases := []struct {
		rep            reply
		tls, too, safe bool
	}{
		{reply{530, []string{"530 Non-anonymous sessions must use encryption."}}, true, false, true},
		{reply{421, []string{"421 TLS is required"}}, true, false, true},
		{reply{550, []string{"550 SSL/TLS required on the control channel"}}, true, false, true},
		{reply{534, []string{"534 Policy requires SSL."}}, true, false, true},
		{reply{530, []string{"530 Login incorrect."}}, false, false, true},
		{reply{530, []string{"530 Sorry, the maximum number of clients (1) from your host are already connected."}}, false, true, true},
		{reply{421, []string{"421 Too many users logged in."}}, false, true, true},
	}
	for _, c := range cases {
		if got := wantsTLS(c.rep); got != c.tls {
			t.Errorf("wantsTLS(%q) = %v", c.rep, got)
		}
		if got := tooMany(c.rep); got != c.too {
			t.Errorf("tooMany(%q) = %v", c.rep, got)
		}
	}
	if got := safe("220 hi\x1b[31m\xff"); got != "220 hi\\x1b[31m\uFFFD" {
		t.Errorf("safe: %q", got)
	}
}
