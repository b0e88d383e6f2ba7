package ui_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"portside/transfer/transport"
	"portside/ui"
)

func newLog(t *testing.T) (*ui.LogView, *uiLoop) {
	t.Helper()
	test.NewTempApp(t)
	loop := newUILoop()
	v := ui.NewLogView()
	v.Do = loop.Do
	w := test.NewTempWindow(t, v)
	w.Resize(fyne.NewSize(600, 200))
	return v, loop
}

func TestLogViewShowsWhatItGets(t *testing.T) {
	v, loop := newLog(t)
	at := time.Date(2026, 11, 24, 14, 5, 6, 789e6, time.UTC)
	events := []transport.Event{
		{Time: at, Kind: transport.Info, Text: "Connecting to 127.0.0.1:21"},
		{Time: at, Kind: transport.Sent, Text: "USER ann"},
		// Masking is the transport's job: the view must not hide, alter
		// or drop anything it is given.
		{Time: at, Kind: transport.Sent, Text: "PASS s3cret"},
		{Time: at, Kind: transport.Sent, Text: "PASS ****"},
		{Time: at, Kind: transport.Received, Text: "230 Logged in"},
		{Time: at, Kind: transport.Failure, Text: "list /x: not found"},
	}
	for _, e := range events {
		v.Add(e)
	}
	loop.drain()
	want := []string{
		"14:05:06.789  Status:   Connecting to 127.0.0.1:21",
		"14:05:06.789  Command:  USER ann",
		"14:05:06.789  Command:  PASS s3cret",
		"14:05:06.789  Command:  PASS ****",
		"14:05:06.789  Response: 230 Logged in",
		"14:05:06.789  Error:    list /x: not found",
	}
	if got := v.Lines(); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("lines:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestLogViewKeepsTheNewest(t *testing.T) {
	v, loop := newLog(t)
	v.MaxLines = 100
	for i := range 250 {
		v.Add(transport.Event{Time: time.Now(), Kind: transport.Received, Text: fmt.Sprintf("line %d", i)})
		if i%7 == 0 {
			loop.drain() // several batches, as in a real session
		}
	}
	loop.until(t, "the last line shown", func() bool { return v.List.Length() == 100 && v.List.GetScrollOffset() > 0 })
	lines := v.Lines()
	if len(lines) != 100 {
		t.Fatalf("kept %d lines, want 100", len(lines))
	}
	if !strings.HasSuffix(lines[0], "line 150") || !strings.HasSuffix(lines[99], "line 249") {
		t.Errorf("kept %q … %q, want lines 150 to 249", lines[0], lines[99])
	}
	// The newest line is in view.
	if off := v.List.GetScrollOffset(); off <= 0 {
		t.Errorf("scroll offset %v: the log did not follow the newest line", off)
	}
}

func TestLogViewAddFromManyGoroutines(t *testing.T) {
	v, loop := newLog(t)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 50 {
				v.Add(transport.Event{Time: time.Now(), Kind: transport.Info, Text: fmt.Sprintf("g%d-%d", g, i)})
			}
		}()
	}
	wg.Wait()
	loop.until(t, "400 lines", func() bool { return len(v.Lines()) == 400 })
}

// A server's reply or a file name shows its control characters and bidi
// overrides as escapes, never raw (#20 item 11).
func TestLogViewEscapesServerText(t *testing.T) {
	v, loop := newLog(t)
	at := time.Date(2026, 11, 24, 14, 5, 6, 789e6, time.UTC)
	cases := []struct{ text, want string }{
		{"530 \x1b]0;pwned\a\x1b[2J", `530 \x1b]0;pwned\x07\x1b[2J`},
		{"150 Opening \u202etxt.exe", `150 Opening \u202etxt.exe`},
		{"550 a\rb\u009bc", `550 a\rb\u009bc`},
	}
	for _, tc := range cases {
		v.Add(transport.Event{Time: at, Kind: transport.Received, Text: tc.text})
	}
	loop.drain()
	got := v.Lines()
	for i, tc := range cases {
		if want := "14:05:06.789  Response: " + tc.want; got[i] != want {
			t.Errorf("line %d = %q, want %q", i, got[i], want)
		}
	}
}

// TestLogViewBurstFlushesFewTimes: a burst of lines (a batch of small
// files logs hundreds a second) is shown a few times a second, not once
// per line: each flush draws a frame of new line textures (issue #12).
// The window's loop runs each flush at once here, as an idle window does.
func TestLogViewBurstFlushesFewTimes(t *testing.T) {
	test.NewTempApp(t)
	v := ui.NewLogView()
	var mu sync.Mutex
	flushes := 0
	v.Do = func(f func()) {
		mu.Lock()
		defer mu.Unlock()
		flushes++
		f()
	}
	w := test.NewTempWindow(t, v)
	w.Resize(fyne.NewSize(600, 200))
	start := time.Now()
	for i := range 2000 {
		v.Add(transport.Event{Time: time.Now(), Kind: transport.Sent, Text: fmt.Sprintf("STOR part_%06d.dat", i)})
	}
	elapsed := time.Since(start)
	deadline := time.Now().Add(10 * time.Second)
	for {
		mu.Lock()
		n := v.List.Length()
		mu.Unlock()
		if n == 2000 || time.Now().After(deadline) {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	mu.Lock()
	defer mu.Unlock()
	if n := v.List.Length(); n != 2000 {
		t.Fatalf("%d lines shown, want 2000", n)
	}
	// One at once, then one per 200 ms of the burst, and the last.
	if most := 2 + int(elapsed/(200*time.Millisecond)); flushes > most {
		t.Errorf("%d flushes for 2,000 lines added in %v; at most %d", flushes, elapsed, most)
	}
}
