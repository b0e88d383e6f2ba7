package transfer

import (
	"testing"
	"time"
)

func TestListingSum(t *testing.T) {
	t0 := time.Date(2025, 1, 2, 0, 0, 0, 0, time.UTC)
	a := Entry{Name: "a", Size: 1, ModTime: t0}
	b := Entry{Name: "b", IsDir: true, ModTime: t0}
	cases := []struct {
		name string
		x, y []Entry
		same bool
	}{
		{"the same entries in another order", []Entry{a, b}, []Entry{b, a}, true},
		{"another size", []Entry{a, b}, []Entry{{Name: "a", Size: 2, ModTime: t0}, b}, false},
		{"another time", []Entry{a}, []Entry{{Name: "a", Size: 1, ModTime: t0.Add(time.Second)}}, false},
		{"a file, not a folder", []Entry{b}, []Entry{{Name: "b", ModTime: t0}}, false},
		{"an entry twice is not none", []Entry{a, a}, nil, false},
		{"names that run together", []Entry{{Name: "a1"}}, []Entry{{Name: "a", Size: 1}}, false},
	}
	for _, tc := range cases {
		if got := ListingSum(tc.x) == ListingSum(tc.y); got != tc.same {
			t.Errorf("%s: same = %v, want %v", tc.name, got, tc.same)
		}
	}
}
