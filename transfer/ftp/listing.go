package ftp

import "strings"

// selfEntries counts, by name, the MLSD lines that name the listed folder
// itself (type=cdir) or its parent (type=pdir). jlaffaye/ftp parses both
// as folders, so a listing with "type=cdir; tmp" (RFC 3659's own example)
// would show "tmp" as its own subfolder, and a recursive copy would go
// into it forever, the tree doubling at each level. Names are cut as the
// library cuts them (after the first space), so they match its entries;
// counting lets a real child of the same name through.
func selfEntries(text string) map[string]int {
	var self map[string]int
	// Line by line without splitting the text first: a listing may hold
	// a million lines (see eachPerm).
	for text != "" {
		var line string
		line, text, _ = strings.Cut(text, "\n")
		facts, name, ok := strings.Cut(strings.TrimRight(line, "\r"), " ")
		if !ok || !strings.Contains(facts, "=") {
			continue
		}
		for _, fact := range strings.Split(facts, ";") {
			k, v, _ := strings.Cut(fact, "=")
			if strings.EqualFold(k, "type") && (strings.EqualFold(v, "cdir") || strings.EqualFold(v, "pdir")) {
				if self == nil {
					self = map[string]int{}
				}
				self[name]++
			}
		}
	}
	return self
}
