package freeport

import (
	"net"
	"strconv"
	"testing"
)

// Ranges come from below the ephemeral range, can be bound, and never
// overlap one handed out before.
func TestRange(t *testing.T) {
	low := ephemeralLow()
	seen := map[int]bool{}
	for _, n := range []int{1, 1, 5, 20, 1, 20} {
		r, err := Range(n)
		if err != nil {
			t.Fatal(err)
		}
		if r[1]-r[0]+1 != n {
			t.Fatalf("Range(%d) = %v", n, r)
		}
		for p := r[0]; p <= r[1]; p++ {
			if p >= low {
				t.Errorf("port %d is in the ephemeral range (from %d)", p, low)
			}
			if seen[p] {
				t.Errorf("port %d handed out twice", p)
			}
			seen[p] = true
			l, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(p)))
			if err != nil {
				t.Errorf("port %d: %v", p, err)
				continue
			}
			l.Close()
		}
	}
	if _, err := Range(0); err == nil {
		t.Error("Range(0) gave a range")
	}
}
