package transfer

import (
	"errors"
	"strings"
	"testing"
)

func TestCheckWindowsName(t *testing.T) {
	long := strings.Repeat("é", 250) + ".txt" // 254 UTF-16 units: fits
	cases := []struct {
		name, reason, suggestion string // reason "" means accepted
	}{
		{"report.pdf", "", ""},
		{"Rapports annuels", "", ""},
		{"日本語.txt", "", ""},
		{".htaccess", "", ""},
		{"CONSOLE.txt", "", ""}, // only the exact device names
		{"COM10", "", ""},
		{long, "", ""},
		{"CON", `"CON" is a device name`, "CON_"},
		{"con", `"con" is a device name`, "con_"},
		{"nul.txt", `"nul" is a device name`, "nul_.txt"},
		{"AUX .tar.gz", `"AUX" is a device name`, "AUX _.tar.gz"},
		{"COM1", "device name", "COM1_"},
		{"lpt9.log", "device name", "lpt9_.log"},
		{"COM¹", "device name", "COM¹_"},
		{"CONIN$", "device name", "CONIN$_"},
		{"a:b", `Windows does not allow ':'`, "a_b"},
		{"what?.txt", `Windows does not allow '?'`, "what_.txt"},
		{`say "hi"`, `Windows does not allow '"'`, "say _hi_"},
		{"a<b>c|d*e", `Windows does not allow '<'`, "a_b_c_d_e"},
		{"tab\there", "control character", "tab_here"},
		{"ends with a dot.", "drops a dot or space at the end", "ends with a dot_"},
		{"ends with space ", "drops a dot or space at the end", "ends with space_"},
		{"both. .", "drops a dot or space", "both___"},
		{strings.Repeat("x", 256), "256 characters long", strings.Repeat("x", 255)},
		{strings.Repeat("x", 300) + ".jpeg", "305 characters long", strings.Repeat("x", 250) + ".jpeg"},
	}
	for _, c := range cases {
		t.Run(c.name[:min(len(c.name), 20)], func(t *testing.T) {
			err := CheckWindowsName(c.name)
			if c.reason == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			var we *WindowsNameError
			if !errors.As(err, &we) || !errors.Is(err, ErrWindowsName) {
				t.Fatalf("CheckWindowsName = %v, want a WindowsNameError", err)
			}
			if !strings.Contains(we.Reason, c.reason) || we.Suggestion != c.suggestion {
				t.Errorf("reason %q, suggestion %q; want %q, %q", we.Reason, we.Suggestion, c.reason, c.suggestion)
			}
			if !strings.Contains(err.Error(), "cannot be saved on Windows") {
				t.Errorf("message %q does not say what happened", err)
			}
			if CheckWindowsName(we.Suggestion) != nil {
				t.Errorf("the suggestion %q is refused too: %v", we.Suggestion, CheckWindowsName(we.Suggestion))
			}
		})
	}
}

// CheckLocalName applies the Windows rules only where the file lands on
// Windows, and CheckName's everywhere.
func TestCheckLocalName(t *testing.T) {
	defer func(w bool) { onWindows = w }(onWindows)
	cases := []struct {
		name              string
		windows           bool
		wantBad, wantWinE bool
	}{
		{"a:b", false, false, false},
		{"a:b", true, false, true},
		{"CON", false, false, false},
		{"CON", true, false, true},
		{"../etc", false, true, false},
		{"../etc", true, true, false},
		{"ok.txt", true, false, false},
	}
	for _, c := range cases {
		onWindows = c.windows
		err := CheckLocalName(c.name)
		if errors.Is(err, ErrBadName) != c.wantBad || errors.Is(err, ErrWindowsName) != c.wantWinE {
			t.Errorf("windows=%v CheckLocalName(%q) = %v", c.windows, c.name, err)
		}
	}
}
