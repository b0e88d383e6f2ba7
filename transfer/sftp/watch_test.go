package sftp

import (
	"testing"
	"time"
)

// The watch sleeps until the silence can reach its next mark (a quarter of
// the idle timeout: ask for a sign of life; the timeout: give up), so an
// idle session wakes about once per sign of life instead of eight times
// per timeout, and never looks later than a mark.
func TestNextLook(t *testing.T) {
	const idle = 20 * time.Second
	for _, tc := range []struct {
		name        string
		quiet, want time.Duration
	}{
		{"just started: at the first sign-of-life mark", 0, 5 * time.Second},
		{"bytes came 2 s ago", 2 * time.Second, 3 * time.Second},
		{"asked at the mark: then at the timeout", 5 * time.Second, 15 * time.Second},
		{"silent 12 s, asked: at the timeout", 12 * time.Second, 8 * time.Second},
		{"almost at the mark: not sooner than 10 ms", 5*time.Second - time.Millisecond, 10 * time.Millisecond},
		{"almost at the timeout: not sooner than 10 ms", idle - time.Millisecond, 10 * time.Millisecond},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := nextLook(tc.quiet, idle); got != tc.want {
				t.Fatalf("nextLook(%v, %v) = %v, want %v", tc.quiet, idle, got, tc.want)
			}
		})
	}
}
