package syncplan

import (
	"fmt"
	"strings"
	"time"
)

// Why is an action's reason as a code and its facts, so that the window
// can word it in its own language; Text is the same reason in English
// (Action.Reason, which the command line, the JSON plan and the logs
// show). Codes are stable; a new one needs a message in the window's
// catalogue (ui words an unknown code with Text).
type Why struct {
	Code string
	// Detail is the filter's pattern, or the walk's own words for a name
	// it could not copy or a folder it did not enter.
	Detail string
	// Age is how much newer one side is (newer_*, time_differs_*,
	// newer_kept_*).
	Age time.Duration
	// Here and There are the two sizes of size_differs.
	Here, There int64
	Text        string
}

// WhyCodes are every Why.Code a plan can hold (a test holds the plans to
// it, and the window's test holds its catalogue to it).
var WhyCodes = []string{"excluded", "not_included", "refused", "cut_here", "cut_server",
	"link_here", "link_server", "broken_link_here", "broken_link_server", "folder_file", "file_folder",
	"not_on_server", "not_here", "folder_not_on_server", "folder_not_here", "only_on_server", "only_here",
	"gone_here", "gone_server", "holds_staying", "always", "unchanged", "changed_here", "changed_server",
	"newer_kept_here", "newer_kept_server", "size_differs", "same_size", "same_size_untimed",
	"newer_here", "newer_server", "time_differs_here", "time_differs_server", "same_day", "same_time", "by_hand",
	// Prepared.NoteWhys
	"note_manifest", "note_clock_last", "note_clock_unmeasured", "note_clock_zone", "note_clock_failed", "note_clock_measured"}

func why(code, text string) Why { return Why{Code: code, Text: text} }

// side is the code suffix for a side: "here" or "server".
func side(local bool) string {
	if local {
		return "here"
	}
	return "server"
}

// sideText is the English for a side.
func sideText(local bool) string {
	if local {
		return "here"
	}
	return "on server"
}

// excludedWhy is the filter's answer as a reason.
func excludedWhy(text string) Why {
	if p, ok := strings.CutPrefix(text, "excluded by "); ok {
		return Why{Code: "excluded", Detail: p, Text: text}
	}
	return why("not_included", text)
}

func refusedWhy(detail string) Why {
	return Why{Code: "refused", Detail: detail, Text: "cannot be copied: " + detail}
}

func cutWhy(detail string, local bool) Why {
	return Why{Code: "cut_" + side(local), Detail: detail, Text: detail + " " + sideText(local)}
}

// newerWhy: the side local is newer by age; code names the kind
// (newer, time_differs, newer_kept) and text is the English template.
func newerWhy(code string, local bool, age time.Duration, format string) Why {
	return Why{Code: code + "_" + side(local), Age: age, Text: fmt.Sprintf(format, sideText(local), Age(age))}
}
