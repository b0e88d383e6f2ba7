package ui_test

import (
	"testing"
	"time"

	"portside/transfer"
	"portside/ui"
)

func TestHumanSize(t *testing.T) {
	tests := []struct {
		n    int64
		want string
	}{
		{0, "0 B"},
		{1023, "1023 B"},
		{1024, "1.0 KiB"},
		{1536, "1.5 KiB"},
		{1024*1024 - 1, "1.0 MiB"}, // not "1024.0 KiB"
		{1258291, "1.2 MiB"},
		{5 << 30, "5.0 GiB"},
		{3 << 40, "3.0 TiB"},
	}
	for _, tt := range tests {
		if got := ui.HumanSize(tt.n); got != tt.want {
			t.Errorf("HumanSize(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
}

func TestFormatTime(t *testing.T) {
	if got := ui.FormatTime(time.Time{}); got != "" {
		t.Errorf("zero time = %q, want empty (the server did not say)", got)
	}
	if got := ui.FormatTime(stamp); got != "2026-11-20 09:30" {
		t.Errorf("FormatTime = %q", got)
	}
}

func TestSummary(t *testing.T) {
	tests := []struct {
		name    string
		entries []transfer.Entry
		want    string
	}{
		{"empty", nil, "Empty folder"},
		{"one file", []transfer.Entry{{Name: "a", Size: 10}}, "1 file. Total size: 10 B"},
		{"folders only", []transfer.Entry{{Name: "a", IsDir: true}, {Name: "b", IsDir: true}}, "2 folders"},
		{"mixed", []transfer.Entry{{Name: "a", Size: 1024}, {Name: "b", Size: 512}, {Name: "c", IsDir: true, Size: 4096}},
			"2 files and 1 folder. Total size: 1.5 KiB"},
	}
	for _, tt := range tests {
		if got := ui.Summary(tt.entries); got != tt.want {
			t.Errorf("%s: Summary = %q, want %q", tt.name, got, tt.want)
		}
	}
}
