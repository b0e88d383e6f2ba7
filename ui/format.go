package ui

import (
	"fmt"
	"time"

	"fyne.io/fyne/v2/lang"

	"portside/transfer"
)

// HumanSize formats a byte count the way file managers do: exact below
// 1 KiB, one decimal above, binary units because that is what disks and
// FileZilla's default show.
func HumanSize(n int64) string {
	if n < 1024 {
		return fmt.Sprintf("%d B", n)
	}
	units := []string{"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"}
	v := float64(n) / 1024
	u := 0
	for v >= 1024 && u < len(units)-1 {
		v /= 1024
		u++
	}
	// 1023.96 KiB would print as "1024.0 KiB"; carry it to the next unit.
	if v >= 1023.95 && u < len(units)-1 {
		v /= 1024
		u++
	}
	return fmt.Sprintf("%.1f %s", v, units[u])
}

// timeLayout is sortable and unambiguous in every locale.
const timeLayout = "2006-01-02 15:04"

// FormatTime shows a modification time in local time; a zero time (the
// server did not say) shows as nothing rather than as year 1.
func FormatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Local().Format(timeLayout)
}

// sizeText is the Size column: folders have no meaningful size.
func sizeText(e transfer.Entry) string {
	if e.IsDir {
		return ""
	}
	return HumanSize(e.Size)
}

// Summary is a pane's footer, like FileZilla's "3 files and 2 directories.
// Total size: 1.2 MiB".
func Summary(entries []transfer.Entry) string {
	var files, dirs int
	var total int64
	for _, e := range entries {
		if e.IsDir {
			dirs++
			continue
		}
		files++
		total += e.Size
	}
	if files == 0 && dirs == 0 {
		return lang.X("pane.empty", "Empty folder")
	}
	// Whole sentences with named parts, so a translation can order them;
	// the counts take the language's plural forms.
	data := map[string]any{"Size": HumanSize(total),
		"Files":   lang.XN("pane.files", english(files, "1 file", "{{.Count}} files"), files, map[string]any{"Count": files}),
		"Folders": lang.XN("pane.folders", english(dirs, "1 folder", "{{.Count}} folders"), dirs, map[string]any{"Count": dirs})}
	switch {
	case dirs == 0:
		return lang.X("pane.summary.files", "{{.Files}}. Total size: {{.Size}}", data)
	case files == 0:
		return lang.X("pane.summary.folders", "{{.Folders}}", data)
	}
	return lang.X("pane.summary.both", "{{.Files}} and {{.Folders}}. Total size: {{.Size}}", data)
}

// english is the English form for n, the fallback lang.XN shows when no
// catalogue is registered (tests); the catalogues hold every language's
// forms.
func english(n int, one, other string) string {
	if n == 1 {
		return one
	}
	return other
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// SelectionSummary is a pane's footer while rows are selected, like
// FileZilla's "Selected 2 files and 1 directory. Total size: 3.0 MiB".
func SelectionSummary(entries []transfer.Entry) string {
	if len(entries) == 0 {
		return ""
	}
	return lang.X("pane.selected", "Selected {{.Summary}}", map[string]any{"Summary": Summary(entries)})
}
