package ui

import (
	"testing"

	"fyne.io/fyne/v2/test"
)

// In a narrow pane Name keeps roomyNameWidth while the fixed columns can
// still shrink (#11: at 800 px names were cut to "back…" while Modified
// kept its width); below that both give, Name down to minNameWidth.
func TestColumnWidthsKeepNameRoomy(t *testing.T) {
	test.NewTempApp(t)
	fixed := fixedColumnWidths()
	sum := fixed[0] + fixed[1] + fixed[2]
	full := roomyNameWidth + sum + 3*columnGap // the widest pane that shrinks a fixed column
	least := minNameWidth + minFixedShare*sum + 3*columnGap
	for _, tt := range []struct {
		name         string
		total        float32
		nameAtLeast  float32
		fixedShrunk  bool
		fixedAtLeast bool
	}{
		{"wide", full + 200, roomyNameWidth + 200, false, false},
		{"just wide enough", full, roomyNameWidth, false, false},
		{"a little narrower", full - 40, roomyNameWidth, true, false},
		{"narrower still", roomyNameWidth + minFixedShare*sum + 3*columnGap, roomyNameWidth, true, true},
		{"narrowest", least, minNameWidth, true, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			w := columnWidths(tt.total)
			if w[0] < tt.nameAtLeast-0.5 {
				t.Errorf("Name %.1f px, want at least %.1f", w[0], tt.nameAtLeast)
			}
			if got := w[1]+w[2]+w[3] < sum-0.5; got != tt.fixedShrunk {
				t.Errorf("fixed columns %.1f px of %.1f: shrunk %v, want %v", w[1]+w[2]+w[3], sum, got, tt.fixedShrunk)
			}
			if tt.fixedAtLeast && w[1] > fixed[0]*minFixedShare+0.5 {
				t.Errorf("Size %.1f px, want its least, %.1f", w[1], fixed[0]*minFixedShare)
			}
			if total := w[0] + w[1] + w[2] + w[3] + 3*columnGap; total > tt.total+0.5 {
				t.Errorf("the columns take %.1f px of %.1f", total, tt.total)
			}
		})
	}
}
