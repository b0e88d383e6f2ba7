package ui_test

import (
	"slices"
	"testing"

	"fyne.io/fyne/v2"

	"portside/ui"
)

func TestSelection(t *testing.T) {
	keys := []string{"a", "b", "c", "d", "e", "f"}
	plain, ctrl, shift := ui.Modifiers{}, ui.Modifiers{Toggle: true}, ui.Modifiers{Extend: true}
	ctrlShift := ui.Modifiers{Toggle: true, Extend: true}
	type step func(s *ui.Selection)
	click := func(i int, m ui.Modifiers) step {
		return func(s *ui.Selection) { s.Press(keys, i, m); s.Release(false) }
	}
	drag := func(i int) step { return func(s *ui.Selection) { s.Press(keys, i, plain); s.Release(true) } }
	move := func(to int, extend bool) step { return func(s *ui.Selection) { s.Move(keys, to, extend) } }
	secondary := func(i int) step { return func(s *ui.Selection) { s.PressSecondary(keys, i) } }
	all := func(s *ui.Selection) { s.All(keys) }

	tests := []struct {
		name       string
		steps      []step
		want       []int
		wantCursor int
	}{
		{"nothing", nil, nil, -1},
		{"click", []step{click(2, plain)}, []int{2}, 2},
		{"click replaces", []step{click(2, plain), click(4, plain)}, []int{4}, 4},
		{"ctrl adds", []step{click(1, plain), click(3, ctrl)}, []int{1, 3}, 3},
		{"ctrl toggles off", []step{click(1, plain), click(3, ctrl), click(1, ctrl)}, []int{3}, 1},
		{"shift range down", []step{click(1, plain), click(4, shift)}, []int{1, 2, 3, 4}, 4},
		{"shift range up", []step{click(4, plain), click(1, shift)}, []int{1, 2, 3, 4}, 1},
		{"shift keeps its anchor", []step{click(1, plain), click(4, shift), click(2, shift)}, []int{1, 2}, 2},
		{"shift with nothing selected", []step{click(2, shift)}, []int{2}, 2},
		{"ctrl+shift adds a range from the last ctrl-click", []step{click(0, plain), click(3, ctrl), click(5, ctrlShift)}, []int{0, 3, 4, 5}, 5},
		{"click inside a selection collapses it on release", []step{click(1, plain), click(3, shift), click(2, plain)}, []int{2}, 2},
		{"drag from inside a selection keeps it", []step{click(1, plain), click(3, shift), drag(2)}, []int{1, 2, 3}, 2},
		{"drag from outside a selection takes the row", []step{click(1, plain), click(3, shift), drag(5)}, []int{5}, 5},
		{"arrow moves the selection", []step{click(1, plain), move(2, false)}, []int{2}, 2},
		{"shift+arrow extends", []step{click(1, plain), move(2, true), move(3, true)}, []int{1, 2, 3}, 3},
		{"shift+arrow back over the anchor", []step{click(2, plain), move(3, true), move(1, true), move(0, true)}, []int{0, 1, 2}, 0},
		{"arrow past the end stops at the last row", []step{click(4, plain), move(10, false)}, []int{5}, 5},
		{"arrow with nothing selected", []step{move(-1, false)}, []int{0}, 0},
		{"select all", []step{click(2, plain), all}, []int{0, 1, 2, 3, 4, 5}, 2},
		{"right-click outside the selection takes the row", []step{click(1, plain), click(2, ctrl), secondary(4)}, []int{4}, 4},
		{"right-click inside the selection keeps it", []step{click(1, plain), click(2, ctrl), secondary(1)}, []int{1, 2}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var s ui.Selection
			for _, st := range tt.steps {
				st(&s)
			}
			if got := s.Indices(keys); !slices.Equal(got, tt.want) {
				t.Errorf("selected %v, want %v", got, tt.want)
			}
			if got := s.Cursor(keys); got != tt.wantCursor {
				t.Errorf("cursor %d, want %d", got, tt.wantCursor)
			}
		})
	}
}

// The selection follows names, not rows: a re-sort moves it along and a
// refresh without a file drops that file from it.
func TestSelectionSurvivesReorder(t *testing.T) {
	var s ui.Selection
	keys := []string{"a", "b", "c", "d"}
	s.Press(keys, 1, ui.Modifiers{})
	s.Release(false)
	s.Press(keys, 3, ui.Modifiers{Toggle: true})
	s.Release(false)

	tests := []struct {
		name string
		keys []string
		want []int
	}{
		{"reversed", []string{"d", "c", "b", "a"}, []int{0, 2}},
		{"b deleted", []string{"a", "c", "d"}, []int{2}},
		{"all gone", []string{"x"}, nil},
	}
	for _, tt := range tests {
		if got := s.Indices(tt.keys); !slices.Equal(got, tt.want) {
			t.Errorf("%s: selected %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestSelectionDragged(t *testing.T) {
	keys := []string{"a", "b", "c", "d"}
	tests := []struct {
		name  string
		press []struct {
			i int
			m ui.Modifiers
		}
		from int
		want []int
	}{
		{"one row", nil, 2, []int{2}},
		{"the selection it is in", []struct {
			i int
			m ui.Modifiers
		}{{0, ui.Modifiers{}}, {2, ui.Modifiers{Extend: true}}}, 1, []int{0, 1, 2}},
		{"a row just ctrl-unselected goes alone", []struct {
			i int
			m ui.Modifiers
		}{{0, ui.Modifiers{}}, {1, ui.Modifiers{Toggle: true}}, {1, ui.Modifiers{Toggle: true}}}, 1, []int{1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var s ui.Selection
			for _, p := range tt.press {
				s.Press(keys, p.i, p.m)
				s.Release(false)
			}
			if got := s.Dragged(keys, tt.from); !slices.Equal(got, tt.want) {
				t.Errorf("dragged %v, want %v", got, tt.want)
			}
		})
	}
}

func TestModifiersOf(t *testing.T) {
	tests := []struct {
		in   fyne.KeyModifier
		want ui.Modifiers
	}{
		{0, ui.Modifiers{}},
		{fyne.KeyModifierShortcutDefault, ui.Modifiers{Toggle: true}},
		{fyne.KeyModifierShift, ui.Modifiers{Extend: true}},
		{fyne.KeyModifierShift | fyne.KeyModifierShortcutDefault, ui.Modifiers{Toggle: true, Extend: true}},
		{fyne.KeyModifierAlt, ui.Modifiers{}},
	}
	for _, tt := range tests {
		if got := ui.ModifiersOf(tt.in); got != tt.want {
			t.Errorf("ModifiersOf(%v) = %+v, want %+v", tt.in, got, tt.want)
		}
	}
}
