package find

import (
	"testing"
	"time"
)

func TestParseTime(t *testing.T) {
	berlin := time.FixedZone("CET", 3600)
	now := time.Date(2026, 12, 2, 12, 0, 0, 0, time.UTC)
	cases := []struct {
		in   string
		want time.Time // zero: an error
	}{
		{"2026-11-24", time.Date(2026, 11, 24, 0, 0, 0, 0, berlin)},
		{" 2026-11-24 14:30 ", time.Date(2026, 11, 24, 14, 30, 0, 0, berlin)},
		{"2026-11-24T14:30:15", time.Date(2026, 11, 24, 14, 30, 15, 0, berlin)},
		{"2026-11-24T14:30:00Z", time.Date(2026, 11, 24, 14, 30, 0, 0, time.UTC)},
		{"36h", now.Add(-36 * time.Hour)},
		{"90m", now.Add(-90 * time.Minute)},
		{"7d", now.Add(-7 * 24 * time.Hour)},
		{"1.5d", now.Add(-36 * time.Hour)},
		{"2w", now.Add(-14 * 24 * time.Hour)},
		{"", time.Time{}},
		{"yesterday", time.Time{}},
		{"2026-13-01", time.Time{}},
		{"-3d", time.Time{}},
		{"-3h", time.Time{}},
		{"1000000d", time.Time{}},
		{"d", time.Time{}},
	}
	for _, c := range cases {
		got, err := ParseTime(c.in, now, berlin)
		if c.want.IsZero() {
			if err == nil {
				t.Errorf("%q: %v, want an error", c.in, got)
			}
			continue
		}
		if err != nil || !got.Equal(c.want) {
			t.Errorf("%q: %v (%v), want %v", c.in, got, err, c.want)
		}
	}
}
