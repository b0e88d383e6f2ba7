package ui

// pathLabel shows a path that may be wider than its column by cutting it
// at the start, "…/photos/img_0001.jpg": the end, the file's name, is what
// a reader scans a queue for, and an ellipsis at the end would cut it off.
// It is a cell (cell.go) that fits with FitPath.
type pathLabel = cell

func newPathLabel() *pathLabel {
	c := newCell(0) // leading
	c.fit = FitPath
	return c
}

// SetPath shows path, fitted to the column.
func (c *cell) SetPath(path string) { c.SetText(path) }

// Path is the whole path, before any fitting.
func (c *cell) Path() string { return c.full }

// FitPath shortens path from the start until fits accepts it, cutting at
// a separator where it can: "/home/ann/photos/a.jpg" becomes
// "…/photos/a.jpg", then "…/a.jpg", then "….jpg".
func FitPath(path string, fits func(string) bool) string {
	if fits(path) {
		return path
	}
	for i := 1; i < len(path); i++ {
		if path[i] == '/' || path[i] == '\\' {
			if s := "…" + path[i:]; fits(s) {
				return s
			}
		}
	}
	runes := []rune(path)
	for i := 1; i < len(runes); i++ {
		if s := "…" + string(runes[i:]); fits(s) {
			return s
		}
	}
	return "…"
}
