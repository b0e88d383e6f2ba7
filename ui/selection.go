package ui

import "fyne.io/fyne/v2"

// Selection is a file manager's multi-selection over a list of unique keys
// (file names, queue item IDs), with the rules users know from FileZilla
// and their desktop: a click selects one row, Ctrl-click toggles a row,
// Shift-click selects the range from the anchor, Ctrl+Shift-click adds that
// range, and the arrow keys move a cursor that Shift extends from.
//
// It stores keys, not row numbers, so a refresh or a re-sort keeps what the
// user selected wherever the rows move. Every method that needs the rows'
// order takes the current keys, in display order. The zero value is an
// empty selection.
type Selection struct {
	set    map[string]bool
	anchor string // where a Shift range starts
	cursor string // the row the keys move from
	// pending is a plain press on a row that is already selected among
	// others: the press must not drop the others, because it may start a
	// drag of them all; if it ends as a click, the selection becomes just
	// that row.
	pending string
}

// Modifiers are the keys held during a click.
type Modifiers struct {
	Toggle bool // Ctrl (Cmd on macOS)
	Extend bool // Shift
}

// ModifiersOf reads a mouse event's modifiers, with the platform's
// shortcut key (Ctrl, or Cmd on macOS) as the toggle.
func ModifiersOf(m fyne.KeyModifier) Modifiers {
	return Modifiers{
		Toggle: m&fyne.KeyModifierShortcutDefault != 0,
		Extend: m&fyne.KeyModifierShift != 0,
	}
}

// Press is the primary button going down on row i.
func (s *Selection) Press(keys []string, i int, m Modifiers) {
	s.pending = ""
	if i < 0 || i >= len(keys) {
		return
	}
	k := keys[i]
	switch {
	case m.Extend:
		from := s.indexOf(keys, s.anchor, -1)
		if from < 0 { // nothing clicked yet: the range starts here
			from, s.anchor = i, k
		}
		if !m.Toggle {
			s.set = nil
		}
		s.addRange(keys, from, i)
		s.cursor = k
	case m.Toggle:
		if s.set[k] {
			delete(s.set, k)
		} else {
			s.add(k)
		}
		s.anchor, s.cursor = k, k
	case s.set[k] && len(s.set) > 1:
		s.pending = k
		s.anchor, s.cursor = k, k
	default:
		s.only(k)
	}
}

// Release is the primary button coming up; dragged tells whether the
// press turned into a drag.
func (s *Selection) Release(dragged bool) {
	if s.pending != "" && !dragged {
		s.only(s.pending)
	}
	s.pending = ""
}

// PressSecondary is a right-click on row i: a row outside the selection
// becomes the selection, so the context menu acts on what was clicked; a
// row inside it keeps the selection, so the menu acts on all of it.
func (s *Selection) PressSecondary(keys []string, i int) {
	s.pending = ""
	if i < 0 || i >= len(keys) {
		return
	}
	if !s.set[keys[i]] {
		s.only(keys[i])
	}
	s.cursor = keys[i]
}

// Move is the keyboard moving the cursor to row to (clamped to the list):
// without extend the selection follows the cursor, with it the selection
// is the range from the anchor to the cursor.
func (s *Selection) Move(keys []string, to int, extend bool) {
	s.pending = ""
	if len(keys) == 0 {
		return
	}
	to = min(max(to, 0), len(keys)-1)
	if !extend {
		s.only(keys[to])
		return
	}
	from := s.indexOf(keys, s.anchor, s.indexOf(keys, s.cursor, to))
	s.anchor = keys[from]
	s.set = nil
	s.addRange(keys, from, to)
	s.cursor = keys[to]
}

// All selects every row (Ctrl+A), keeping the cursor.
func (s *Selection) All(keys []string) {
	s.pending = ""
	s.set = make(map[string]bool, len(keys))
	for _, k := range keys {
		s.set[k] = true
	}
	if s.cursor == "" && len(keys) > 0 {
		s.anchor, s.cursor = keys[0], keys[0]
	}
}

// Clear selects nothing and forgets the cursor (a new folder).
func (s *Selection) Clear() { *s = Selection{} }

// Has reports whether key is selected.
func (s *Selection) Has(key string) bool { return s.set[key] }

// Indices are the selected rows among keys, in display order. Keys that
// left the list (a refresh after a delete) are not in it.
func (s *Selection) Indices(keys []string) []int {
	if len(s.set) == 0 {
		return nil
	}
	var out []int
	for i, k := range keys {
		if s.set[k] {
			out = append(out, i)
		}
	}
	return out
}

// Cursor is the cursor's row among keys, or -1.
func (s *Selection) Cursor(keys []string) int { return s.indexOf(keys, s.cursor, -1) }

// Dragged is what a drag that starts on row i carries: the selection when
// row i is in it, else row i alone (a Ctrl-press that just unselected it).
func (s *Selection) Dragged(keys []string, i int) []int {
	if i < 0 || i >= len(keys) {
		return nil
	}
	if !s.set[keys[i]] {
		return []int{i}
	}
	return s.Indices(keys)
}

func (s *Selection) only(k string) {
	s.set = map[string]bool{k: true}
	s.anchor, s.cursor = k, k
}

func (s *Selection) add(k string) {
	if s.set == nil {
		s.set = map[string]bool{}
	}
	s.set[k] = true
}

func (s *Selection) addRange(keys []string, from, to int) {
	if from > to {
		from, to = to, from
	}
	for _, k := range keys[from : to+1] {
		s.add(k)
	}
}

// indexOf is key's row, or def when it is not in the list.
func (s *Selection) indexOf(keys []string, key string, def int) int {
	if key == "" {
		return def
	}
	for i, k := range keys {
		if k == key {
			return i
		}
	}
	return def
}
