package find

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ParseTime reads a time bound of a search (the Find dialog's "modified
// after/before", portside-cli find --newer/--older): a date "2026-11-24"
// (its midnight), a date and time "2026-11-24 14:30" (or with a T, or
// with seconds), both in loc, an RFC 3339 time, or an age before now:
// "90m", "36h", "7d" (days), "2w" (weeks).
func ParseTime(s string, now time.Time, loc *time.Location) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, fmt.Errorf("no time given")
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	for _, layout := range []string{"2006-01-02", "2006-01-02 15:04", "2006-01-02T15:04", "2006-01-02 15:04:05", "2006-01-02T15:04:05"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, nil
		}
	}
	if age, ok := parseAge(s); ok {
		return now.Add(-age), nil
	}
	return time.Time{}, fmt.Errorf("%q is not a date (2026-11-24), a date and time (2026-11-24 14:30) or an age (36h, 7d, 2w)", s)
}

// maxAge bounds an age: a hundred years back is already before any file.
const maxAge = 100 * 365 * 24 * time.Hour

func parseAge(s string) (time.Duration, bool) {
	unit := map[byte]time.Duration{'d': 24 * time.Hour, 'w': 7 * 24 * time.Hour}
	if u, ok := unit[s[len(s)-1]]; ok {
		n, err := strconv.ParseFloat(s[:len(s)-1], 64)
		if err != nil || n < 0 || n*float64(u) > float64(maxAge) {
			return 0, false
		}
		return time.Duration(n * float64(u)), true
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 || d > maxAge {
		return 0, false
	}
	return d, true
}
