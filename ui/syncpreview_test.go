package ui_test

import (
	"errors"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	syncplan "portside/transfer/sync"
	"portside/ui"
)

var syncStamp = time.Date(2026, 11, 20, 9, 30, 0, 0, time.UTC)

// samplePlan is an upload with a bit of everything: new folders and
// files, a changed file, a newer one, deletes, excluded and unchanged
// files.
func samplePlan(t *testing.T, opts syncplan.Options) *syncplan.Plan {
	t.Helper()
	f := func(p string, size int64, age time.Duration) syncplan.File {
		return syncplan.File{Path: p, Size: size, ModTime: syncStamp.Add(-age)}
	}
	d := func(p string) syncplan.File { return syncplan.File{Path: p, IsDir: true} }
	local := []syncplan.File{
		f("index.html", 2048, 0), f("about.html", 1536, 3*time.Hour), d("css"), f("css/site.css", 4200, 2*time.Hour),
		d("img"), f("img/logo.svg", 812, 48*time.Hour), f("img/hero.jpg", 734_003, 0), d("img/2026"),
		f("img/2026/trip-01.jpg", 2_400_000, 0), f("img/2026/trip-02.jpg", 2_100_000, 0), f("draft.tmp", 10, 0),
	}
	remote := []syncplan.File{
		f("index.html", 1990, 26*time.Hour), f("about.html", 1536, 3*time.Hour), d("css"), f("css/site.css", 4200, 4*time.Hour),
		d("img"), f("img/logo.svg", 812, 48*time.Hour), f("old-page.html", 900, 400*time.Hour), d("tmp"), f("tmp/upload.bin", 12, 90*time.Hour),
	}
	syncplan.Sort(local)
	syncplan.Sort(remote)
	p, err := syncplan.Build(syncplan.Listing{Files: local},
		syncplan.Listing{Files: remote, Clock: syncplan.Clock{Precision: time.Second, Measured: true}}, opts, nil)
	if err != nil && !errors.Is(err, syncplan.ErrTooManyDeletes) {
		t.Fatal(err)
	}
	return p
}

var sampleOpts = syncplan.Options{Delete: true, Exclude: []string{"*.tmp"}}

func newPreview(t *testing.T, plan *syncplan.Plan, notes []string, refused error) (*ui.SyncPreview, fyne.Window) {
	t.Helper()
	test.NewTempApp(t)
	p := ui.NewSyncPreview("Upload /home/ann/site to ann@example.org:21/www")
	p.SetPlan(plan, notes, refused)
	w := test.NewTempWindow(t, p)
	w.Resize(fyne.NewSize(860, 480))
	return p, w
}

func TestSyncPreviewShowsThePlan(t *testing.T) {
	p, _ := newPreview(t, samplePlan(t, sampleOpts), nil, nil)
	want := []string{
		"upload css/site.css: newer here by 2 h",
		"mkdir img/2026: folder not on server",
		"upload img/2026/trip-01.jpg: not on server",
		"upload img/2026/trip-02.jpg: not on server",
		"upload img/hero.jpg: not on server",
		"upload index.html: size differs: 2.0 KiB here, 1.9 KiB there",
		"delete old-page.html: gone from here",
		"delete tmp: gone from here",
		"delete tmp/upload.bin: gone from here",
	}
	got := p.Rows()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("rows:\n  %s", strings.Join(got, "\n  "))
	}
	if s := p.Summary.Text; s != "1 folder to make, 5 files to upload (5.0 MiB), 3 items to delete; 3 unchanged or skipped." {
		t.Errorf("summary %q", s)
	}
	if p.Run.Disabled() || p.Notes.Visible() {
		t.Errorf("run disabled %v, notes shown %v", p.Run.Disabled(), p.Notes.Visible())
	}

	test.Tap(p.ShowSkipped)
	rows := strings.Join(p.Rows(), "\n")
	for _, want := range []string{"skip about.html: same size and time", "skip draft.tmp: excluded by *.tmp",
		"skip img/logo.svg: same size and time"} {
		if !strings.Contains(rows, want) {
			t.Errorf("with skipped shown, no %q in:\n%s", want, rows)
		}
	}
}

// Unticking a row leaves it out of the run; a ticked file keeps the folder
// it needs; Run hands over the plan as it would run.
func TestSyncPreviewUntickAndRun(t *testing.T) {
	plan := samplePlan(t, sampleOpts)
	p, w := newPreview(t, plan, nil, nil)
	var ran *syncplan.Plan
	p.OnRun = func(sel *syncplan.Plan) { ran = sel }

	// Untick the second listed row, the new folder, by tapping its box as
	// a user would.
	test.Tap(previewCheck(t, w.Canvas().Content(), 1))
	// And everything under img/2026 but one file, through the API.
	for i, a := range plan.Actions {
		if a.Path == "img/2026/trip-02.jpg" || strings.HasPrefix(a.Path, "tmp") {
			p.SetChecked(i, false)
		}
	}
	if s := p.Summary.Text; !strings.HasPrefix(s, "4 files to upload (3.0 MiB), 1 item to delete") {
		t.Errorf("summary after unticking: %q", s)
	}
	test.Tap(p.Run)
	if ran == nil {
		t.Fatal("OnRun was not called")
	}
	var got []string
	for _, a := range ran.Actions {
		if a.Op != syncplan.OpSkip {
			got = append(got, a.Op.String()+" "+a.Path)
		}
	}
	// The mkdir was unticked, but trip-01.jpg needs its folder.
	want := "upload css/site.css\nmkdir img/2026\nupload img/2026/trip-01.jpg\nupload img/hero.jpg\nupload index.html\ndelete old-page.html"
	if strings.Join(got, "\n") != want {
		t.Errorf("ran:\n%s\nwant:\n%s", strings.Join(got, "\n"), want)
	}

	test.Tap(p.All) // untick all
	if !p.Run.Disabled() || p.Summary.Text != "Nothing ticked." {
		t.Errorf("with nothing ticked: run disabled %v, summary %q", p.Run.Disabled(), p.Summary.Text)
	}
	cancelled := false
	p.OnCancel = func() { cancelled = true }
	test.Tap(p.Cancel)
	if !cancelled {
		t.Error("Cancel did not call OnCancel")
	}
}

func TestSyncPreviewRefusedAndEmpty(t *testing.T) {
	plan := samplePlan(t, syncplan.Options{Delete: true, MaxDelete: 1})
	refused := &syncplan.TooManyDeletesError{Count: 3, Max: 1, Where: "on the server"}
	p, _ := newPreview(t, plan, []string{"the server's clock was not measured"}, refused)
	if !p.Run.Disabled() || !p.Notes.Visible() || !strings.Contains(p.Notes.Text, "more than the limit of 1") ||
		p.Notes.Importance != widget.DangerImportance {
		t.Errorf("refused plan: run disabled %v, notes %q", p.Run.Disabled(), p.Notes.Text)
	}

	same := []syncplan.File{{Path: "a", Size: 1, ModTime: syncStamp}}
	empty, err := syncplan.Build(syncplan.Listing{Files: same}, syncplan.Listing{Files: same}, syncplan.Options{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	p.SetPlan(empty, nil, nil)
	if !p.Run.Disabled() || p.Summary.Text != "Nothing to do: the folders match (1 item unchanged or skipped)." || len(p.Rows()) != 0 {
		t.Errorf("empty plan: run disabled %v, summary %q, rows %v", p.Run.Disabled(), p.Summary.Text, p.Rows())
	}
	p.SetPlan(nil, nil, nil)
	if !p.Run.Disabled() || !strings.HasPrefix(p.Summary.Text, "Comparing") {
		t.Errorf("no plan yet: %q", p.Summary.Text)
	}
}

func TestSyncPreviewRendersToMarkup(t *testing.T) {
	_, w := newPreview(t, samplePlan(t, sampleOpts), []string{"Server times: zone +0, precision 1 s."}, nil)
	test.AssertRendersToMarkup(t, "syncpreview/plan.xml", w.Canvas())
}

// PORTSIDE_SCREENSHOTS=1 go test ./ui -run SyncPreviewScreenshot writes
// docs/screenshots/sync-preview.png with the software painter.
func TestSyncPreviewScreenshot(t *testing.T) {
	if os.Getenv("PORTSIDE_SCREENSHOTS") == "" {
		t.Skip("set PORTSIDE_SCREENSHOTS=1 to write docs/screenshots/sync-preview.png")
	}
	p, w := newPreview(t, samplePlan(t, sampleOpts), []string{"Server times: precision 1 s, zone +0, skew 0 s (measured); times within 1 s are the same."}, nil)
	test.Tap(p.ShowSkipped)
	w.Canvas().Unfocus()
	w.Resize(fyne.NewSize(860, 540))
	img := w.Canvas().Capture()
	f, err := os.Create(filepath.Join("..", "docs", "screenshots", "sync-preview.png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
}

// previewCheck finds the tick box of the listed row n.
func previewCheck(t *testing.T, root fyne.CanvasObject, n int) *widget.Check {
	t.Helper()
	var boxes []*widget.Check
	var visit func(o fyne.CanvasObject)
	visit = func(o fyne.CanvasObject) {
		if c, ok := o.(*widget.Check); ok && c.Text == "" && c.Visible() {
			boxes = append(boxes, c)
			return
		}
		switch x := o.(type) {
		case *fyne.Container:
			for _, c := range x.Objects {
				visit(c)
			}
		case fyne.Widget:
			r := test.TempWidgetRenderer(t, x)
			for _, c := range r.Objects() {
				visit(c)
			}
		}
	}
	visit(root)
	if n >= len(boxes) {
		t.Fatalf("row %d has no tick box (%d found)", n, len(boxes))
	}
	return boxes[n]
}
