package ui

import (
	"testing"

	"portside/transfer/sites"
)

// The queue runs as many transfers at once as a saved site allows; other
// sites get the queue's default.
func TestSiteLimit(t *testing.T) {
	saved := sites.NewSite("Work")
	saved.ID, saved.MaxConnections = "abc123", 5
	tests := []struct {
		name string
		site Site
		want int
	}{
		{"quick connect", Site{Host: "example.com"}, 2},
		{"saved site", Site{Host: "example.com", Saved: &saved}, 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr := &Transfers{sites: map[string]Site{}}
			if got := tr.siteLimit(tt.site.Key()); got != 2 {
				t.Errorf("before connecting: limit %d, want 2", got)
			}
			tr.Remember(tt.site)
			if got := tr.siteLimit(tt.site.Key()); got != tt.want {
				t.Errorf("limit %d, want %d", got, tt.want)
			}
		})
	}
}
