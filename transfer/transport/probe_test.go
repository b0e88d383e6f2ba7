package transport

import (
	"testing"
	"time"
)

func TestStagger(t *testing.T) {
	cases := []struct {
		rtt, want time.Duration
	}{
		{100 * time.Microsecond, 300 * time.Millisecond}, // a LAN: the floor
		{50 * time.Millisecond, 300 * time.Millisecond},
		{100 * time.Millisecond, 400 * time.Millisecond}, // four round trips
		{600 * time.Millisecond, time.Second},            // a satellite: the cap
	}
	for _, c := range cases {
		if got, why := Stagger(c.rtt); got != c.want || why == "" {
			t.Errorf("Stagger(%s) = %s (%q), want %s", c.rtt, got, why, c.want)
		}
	}
}

func TestProbeTimeout(t *testing.T) {
	cases := []struct {
		rtt, full, want time.Duration
	}{
		{time.Millisecond, 10 * time.Second, 1500 * time.Millisecond}, // one lost SYN still connects
		{300 * time.Millisecond, 10 * time.Second, 3 * time.Second},   // ten round trips
		{2 * time.Second, 10 * time.Second, 10 * time.Second},         // never past the data timeout
		{time.Millisecond, time.Second, time.Second},                  // a short data timeout stays
		{100 * time.Millisecond, 1200 * time.Millisecond, 1200 * time.Millisecond},
	}
	for _, c := range cases {
		if got, why := ProbeTimeout(c.rtt, c.full); got != c.want || why == "" {
			t.Errorf("ProbeTimeout(%s, %s) = %s (%q), want %s", c.rtt, c.full, got, why, c.want)
		}
	}
}
