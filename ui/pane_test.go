package ui_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"portside/transfer"
	"portside/ui"
)

// paneFixture is a pane on fs in a test window, opened at fs's home.
type paneFixture struct {
	t    *testing.T
	loop *uiLoop
	pane *ui.Pane
	win  fyne.Window
}

func newPane(t *testing.T, fs transfer.FS) *paneFixture {
	t.Helper()
	test.NewTempApp(t)
	loop := newUILoop()
	m := ui.NewPaneModel()
	m.Do = loop.Do
	p := ui.NewPane("Local site", ui.LocalSide, m)
	w := test.NewTempWindow(t, p)
	w.Resize(fyne.NewSize(720, 420))
	f := &paneFixture{t: t, loop: loop, pane: p, win: w}
	if fs != nil {
		m.SetFS(fs, "")
		f.settle()
	}
	return f
}

func (f *paneFixture) settle() {
	f.t.Helper()
	settle(f.t, f.loop, f.pane.Model)
}

// settleSort waits for a click's sort, which runs off the UI goroutine.
func (f *paneFixture) settleSort() {
	f.t.Helper()
	f.loop.until(f.t, "the sort", func() bool { s := f.pane.Model.State(); return !s.Sorting && !s.Loading })
}

// rows are the file rows on screen, top to bottom, each with the texts of
// its cells (name, size, modified, permissions).
func (f *paneFixture) rows() (objs []fyne.CanvasObject, texts [][]string) {
	return listRows(f.pane.List)
}

// shownNames are the names in the rows on screen, top to bottom.
func (f *paneFixture) shownNames() []string {
	_, texts := f.rows()
	out := make([]string, len(texts))
	for i, cells := range texts {
		out[i] = cells[0]
	}
	return out
}

// row is the on-screen row showing name.
func (f *paneFixture) row(name string) fyne.CanvasObject {
	f.t.Helper()
	return rowOf(f.t, f.pane.List, name)
}

func (f *paneFixture) key(name fyne.KeyName) {
	f.win.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: name})
}

// click presses and releases the primary button on the row showing name,
// with modifiers held.
func (f *paneFixture) click(name string, mods fyne.KeyModifier) {
	f.t.Helper()
	click(f.row(name), mods)
}

// selected are the names of the selected entries.
func (f *paneFixture) selected() []string { return names(f.pane.Selected()) }

// walk visits o and the objects drawn inside it; visit returns false to
// skip an object's children.
func walk(o fyne.CanvasObject, visit func(fyne.CanvasObject) bool) {
	if !visit(o) {
		return
	}
	switch c := o.(type) {
	case fyne.Widget:
		for _, child := range test.WidgetRenderer(c).Objects() {
			walk(child, visit)
		}
	case *fyne.Container:
		for _, child := range c.Objects {
			walk(child, visit)
		}
	}
}

func TestPaneShowsEntries(t *testing.T) {
	f := newPane(t, demoFS())
	_, texts := f.rows()
	want := [][]string{
		{"current", "", "2026-11-20 08:30", "rwxrwxrwx"},
		{"docs", "", "2026-11-20 09:30", "rwxr-x---"},
		{"photos", "", "2026-11-18 09:30", "rwxr-xr-x"},
		{"a.bin", "12 B", "2026-11-20 10:30", "rwxr-xr-x"},
		{"Archive.tar.gz", "5.0 MiB", "2026-11-19 09:30", "rw-------"},
		{"notes.txt", "1.5 KiB", "2026-11-20 07:30", "rw-r--r--"},
	}
	if !slices.EqualFunc(texts, want, slices.Equal) {
		t.Errorf("rows:\n got %q\nwant %q", texts, want)
	}
	if got := f.pane.Path.Text; got != "/home/ann" {
		t.Errorf("path bar = %q", got)
	}
	if got := f.pane.Footer.Text; got != "3 files and 3 folders. Total size: 5.0 MiB" {
		t.Errorf("footer = %q", got)
	}
}

func TestPaneHeaderSorts(t *testing.T) {
	tests := []struct {
		clicks []ui.Column
		want   []string
		arrow  fyne.Resource
	}{
		{[]ui.Column{ui.ColName}, []string{"photos", "docs", "current", "notes.txt", "Archive.tar.gz", "a.bin"}, theme.MenuDropDownIcon()},
		{[]ui.Column{ui.ColName, ui.ColName}, []string{"current", "docs", "photos", "a.bin", "Archive.tar.gz", "notes.txt"}, theme.MenuDropUpIcon()},
		{[]ui.Column{ui.ColSize}, []string{"current", "docs", "photos", "a.bin", "notes.txt", "Archive.tar.gz"}, theme.MenuDropUpIcon()},
		{[]ui.Column{ui.ColSize, ui.ColSize}, []string{"photos", "docs", "current", "Archive.tar.gz", "notes.txt", "a.bin"}, theme.MenuDropDownIcon()},
		{[]ui.Column{ui.ColModified}, []string{"photos", "current", "docs", "Archive.tar.gz", "notes.txt", "a.bin"}, theme.MenuDropUpIcon()},
		{[]ui.Column{ui.ColModified, ui.ColModified}, []string{"docs", "current", "photos", "a.bin", "notes.txt", "Archive.tar.gz"}, theme.MenuDropDownIcon()},
		{[]ui.Column{ui.ColPerm}, []string{"docs", "photos", "current", "Archive.tar.gz", "notes.txt", "a.bin"}, theme.MenuDropUpIcon()},
		{[]ui.Column{ui.ColSize, ui.ColPerm, ui.ColPerm}, []string{"current", "photos", "docs", "a.bin", "notes.txt", "Archive.tar.gz"}, theme.MenuDropDownIcon()},
	}
	for _, tt := range tests {
		last := tt.clicks[len(tt.clicks)-1]
		t.Run(strings.ReplaceAll(fmtColumns(tt.clicks), " ", "-"), func(t *testing.T) {
			f := newPane(t, demoFS())
			for _, c := range tt.clicks {
				test.Tap(f.pane.Header.Buttons[c])
			}
			f.settleSort()
			if got := f.shownNames(); !slices.Equal(got, tt.want) {
				t.Errorf("rows = %v, want %v", got, tt.want)
			}
			for c, b := range f.pane.Header.Buttons {
				want := fyne.Resource(nil)
				if ui.Column(c) == last {
					want = tt.arrow
				}
				if !sameIcon(b.Icon, want) {
					t.Errorf("header %v shows icon %v, want %v", ui.Column(c), iconName(b.Icon), iconName(want))
				}
			}
		})
	}
}

func fmtColumns(cs []ui.Column) string {
	s := make([]string, len(cs))
	for i, c := range cs {
		s[i] = c.String()
	}
	return strings.Join(s, " ")
}

func sameIcon(a, b fyne.Resource) bool { return iconName(a) == iconName(b) }

func iconName(r fyne.Resource) string {
	if r == nil {
		return "none"
	}
	return r.Name()
}

func TestPaneSortKeepsSelection(t *testing.T) {
	f := newPane(t, demoFS())
	f.click("notes.txt", 0)
	f.click("docs", fyne.KeyModifierShortcutDefault)
	test.Tap(f.pane.Header.Buttons[ui.ColName]) // reverse
	f.settleSort()
	if got := f.selected(); !slices.Equal(got, []string{"docs", "notes.txt"}) {
		t.Errorf("selected after sorting = %v, want docs and notes.txt", got)
	}
}

// The cursor's row stays in view when a sort moves it far: the list
// scrolls once the sorted entries (sorted off the UI goroutine) arrive.
func TestPaneSortKeepsCursorInView(t *testing.T) {
	fs := demoFS()
	var many []transfer.Entry
	for i := range 300 {
		many = append(many, transfer.Entry{Name: fmt.Sprintf("file_%03d.txt", i), Size: int64(i)})
	}
	fs.dirs["/home/ann"] = many
	f := newPane(t, fs)
	f.click("file_002.txt", 0)
	if off := f.pane.List.GetScrollOffset(); off != 0 {
		t.Fatalf("scrolled to %v before sorting", off)
	}
	test.Tap(f.pane.Header.Buttons[ui.ColName]) // reverse: the cursor goes near the end
	f.settleSort()
	cur := f.pane.List.Cursor()
	if e := f.pane.List.Entries(); cur < 0 || e[cur].Name != "file_002.txt" {
		t.Fatalf("cursor at %d after sorting, want file_002.txt's row", cur)
	}
	if off := f.pane.List.GetScrollOffset(); off <= 0 {
		t.Errorf("the list did not scroll to the cursor's row %d (offset %v)", cur, off)
	}
}

func TestPaneDoubleClick(t *testing.T) {
	tests := []struct {
		row      string
		wantPath string
	}{
		{"docs", "/home/ann/docs"},
		{"notes.txt", "/home/ann"}, // a file: nothing to enter
	}
	for _, tt := range tests {
		t.Run(tt.row, func(t *testing.T) {
			f := newPane(t, demoFS())
			test.DoubleTap(f.row(tt.row).(fyne.DoubleTappable))
			f.settle()
			if got := f.pane.Model.State().Path; got != tt.wantPath {
				t.Errorf("path = %q, want %q", got, tt.wantPath)
			}
			if got := f.pane.Path.Text; got != tt.wantPath {
				t.Errorf("path bar = %q, want %q", got, tt.wantPath)
			}
		})
	}
}

func TestPaneKeys(t *testing.T) {
	f := newPane(t, demoFS())
	f.click("current", 0) // selects and focuses the list
	f.key(fyne.KeyDown)   // selection follows the arrow keys
	if got := f.selected(); !slices.Equal(got, []string{"docs"}) {
		t.Fatalf("after Down the selection is %v, want docs", got)
	}
	f.key(fyne.KeyReturn)
	f.settle()
	if got := f.pane.Model.State().Path; got != "/home/ann/docs" {
		t.Fatalf("Enter: path = %q", got)
	}
	if got := f.shownNames(); !slices.Equal(got, []string{"report.pdf"}) {
		t.Errorf("in docs: rows %v", got)
	}
	if got := f.selected(); len(got) != 0 {
		t.Errorf("a new folder starts with %v selected", got)
	}
	f.key(fyne.KeyBackspace)
	f.settle()
	if got := f.pane.Model.State().Path; got != "/home/ann" {
		t.Errorf("Backspace: path = %q", got)
	}
}

func TestPaneButtons(t *testing.T) {
	fs := demoFS()
	f := newPane(t, fs)
	test.Tap(f.pane.UpButton)
	f.settle()
	if got := f.shownNames(); f.pane.Path.Text != "/home" || !slices.Equal(got, []string{"ann"}) {
		t.Errorf("after Up: path %q rows %v", f.pane.Path.Text, got)
	}
	fs.mu.Lock()
	fs.dirs["/home"] = append(fs.dirs["/home"], transfer.Entry{Name: "bob", IsDir: true})
	fs.mu.Unlock()
	test.Tap(f.pane.RefreshButton)
	f.settle()
	if got := f.shownNames(); !slices.Equal(got, []string{"ann", "bob"}) {
		t.Errorf("after Refresh: rows %v", got)
	}
}

func TestPanePathBar(t *testing.T) {
	tests := []struct {
		typed    string
		wantPath string
		wantErr  string
	}{
		{"/home/ann/photos", "/home/ann/photos", ""},
		{"/", "/", ""},
		{"/no/such/folder", "/home/ann", "not found"},
	}
	for _, tt := range tests {
		t.Run(tt.typed, func(t *testing.T) {
			f := newPane(t, demoFS())
			f.pane.Path.SetText("")
			test.Type(f.pane.Path, tt.typed)
			f.pane.Path.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
			f.settle()
			if got := f.pane.Path.Text; got != tt.wantPath {
				t.Errorf("path bar = %q, want %q", got, tt.wantPath)
			}
			if tt.wantErr == "" {
				if !f.pane.ErrorBar.Hidden {
					t.Errorf("error shown: %q", f.pane.ErrorText.Text)
				}
				return
			}
			if f.pane.ErrorBar.Hidden || !strings.Contains(f.pane.ErrorText.Text, tt.wantErr) {
				t.Errorf("error bar hidden=%v text %q, want it to say %q", f.pane.ErrorBar.Hidden, f.pane.ErrorText.Text, tt.wantErr)
			}
			if len(f.shownNames()) != 6 {
				t.Errorf("the old listing should stay; rows %v", f.shownNames())
			}
		})
	}
}

func TestPaneMessages(t *testing.T) {
	permission := errors.New("550 Permission denied")
	tests := []struct {
		name        string
		setup       func(fs *fakeFS)
		wantMessage string
		wantFooter  string
		wantError   string
	}{
		{"not connected", nil, "Not connected", "Not connected", ""},
		{"empty folder", func(fs *fakeFS) { fs.home = "/home/ann/photos" }, "Empty folder", "Empty folder", ""},
		{"listing fails", func(fs *fakeFS) { fs.setFail("/home/ann", permission) }, "", "Listing failed", "550 Permission denied"},
		{"listing", func(fs *fakeFS) { fs.release = make(chan struct{}) }, "Listing…", "Listing…", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newPane(t, nil)
			if tt.setup != nil {
				fs := demoFS()
				tt.setup(fs)
				f.pane.Model.SetFS(fs, "")
				if fs.release == nil {
					f.settle()
				}
			}
			msg := f.pane.Message.Text
			if f.pane.Message.Hidden {
				msg = ""
			}
			if msg != tt.wantMessage || f.pane.Footer.Text != tt.wantFooter {
				t.Errorf("message %q footer %q, want %q and %q", msg, f.pane.Footer.Text, tt.wantMessage, tt.wantFooter)
			}
			connected := tt.setup != nil
			for _, w := range []fyne.Disableable{f.pane.Path, f.pane.UpButton, f.pane.RefreshButton} {
				if w.Disabled() == connected {
					t.Errorf("%T disabled=%v while connected=%v", w, w.Disabled(), connected)
				}
			}
			shownErr := ""
			if !f.pane.ErrorBar.Hidden {
				shownErr = f.pane.ErrorText.Text
			}
			if !strings.Contains(shownErr, tt.wantError) || (tt.wantError == "") != (shownErr == "") {
				t.Errorf("error bar %q, want %q", shownErr, tt.wantError)
			}
		})
	}
}

func TestPaneRendersToMarkup(t *testing.T) {
	tests := []struct {
		golden string
		act    func(f *paneFixture)
	}{
		{"pane/listing.xml", func(f *paneFixture) {}},
		{"pane/selected.xml", func(f *paneFixture) {
			f.click("Archive.tar.gz", 0)
			f.click("a.bin", fyne.KeyModifierShortcutDefault)
		}},
		{"pane/sorted_by_size_desc.xml", func(f *paneFixture) {
			test.Tap(f.pane.Header.Buttons[ui.ColSize])
			test.Tap(f.pane.Header.Buttons[ui.ColSize])
			f.settleSort()
		}},
		{"pane/error.xml", func(f *paneFixture) {
			f.pane.Model.Navigate("/forbidden")
			f.settle()
		}},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			f := newPane(t, demoFS())
			tt.act(f)
			test.AssertRendersToMarkup(t, tt.golden, f.win.Canvas())
		})
	}
}

// Header titles and row cells share one column layout; they must line up
// even though rows draw with a compact theme and the header does not.
func TestPaneColumnsLineUp(t *testing.T) {
	f := newPane(t, demoFS())
	f.pane.Header.Refresh()
	d := fyne.CurrentApp().Driver()
	objs, _ := f.rows()
	var cells []fyne.CanvasObject
	walk(objs[0], func(o fyne.CanvasObject) bool {
		if _, ok := o.(interface{ Text() string }); ok { // a row's cell (cell.go)
			cells = append(cells, o)
			return false
		}
		return true
	})
	if len(cells) != len(f.pane.Header.Buttons) {
		t.Fatalf("row has %d cells, header %d titles", len(cells), len(f.pane.Header.Buttons))
	}
	for i, b := range f.pane.Header.Buttons[1:] { // Name's label sits after the icon
		hx, cx := d.AbsolutePositionForObject(b).X, d.AbsolutePositionForObject(cells[i+1]).X
		if hx != cx || b.Size().Width != cells[i+1].Size().Width {
			t.Errorf("column %v: header at x=%v w=%v, cells at x=%v w=%v", ui.Column(i+1), hx, b.Size().Width, cx, cells[i+1].Size().Width)
		}
	}
}

// The window hands Shift+arrow to the list without its modifier; the list
// follows Shift through KeyDown and KeyUp.
func TestPaneShiftArrows(t *testing.T) {
	f := newPane(t, demoFS())
	f.click("docs", 0)
	list := f.win.Canvas().Focused().(desktop.Keyable)
	list.KeyDown(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
	f.key(fyne.KeyDown)
	f.key(fyne.KeyDown)
	list.KeyUp(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
	if got := f.selected(); !slices.Equal(got, []string{"docs", "photos", "a.bin"}) {
		t.Errorf("Shift+Down twice selected %v", got)
	}
	f.key(fyne.KeyEnd) // Shift is up again: the selection follows the cursor
	if got := f.selected(); !slices.Equal(got, []string{"notes.txt"}) {
		t.Errorf("End selected %v", got)
	}
	if !strings.HasPrefix(f.pane.Footer.Text, "Selected 1 file.") {
		t.Errorf("footer %q", f.pane.Footer.Text)
	}
}
