package ui_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"portside/transfer/local"
	"portside/transfer/queue"
	"portside/transfer/sites"
	"portside/transfer/transport"
	"portside/ui"
)

// diskRemote is the local disk standing in for a server.
type diskRemote struct{ local.FS }

func (diskRemote) Method() transport.Method { return transport.EPSV }

// queueSite makes the window's queue able to dial a quick-connect site,
// whose sessions are the local disk.
func (sw *settingsWindow) queueSite() ui.Site {
	site := ui.Site{Host: "ftp.example.net", User: "ann", Password: "pw"}
	sw.mu.Lock()
	if sw.remote == nil {
		sw.remote = func() (ui.Remote, error) { return diskRemote{}, nil }
	}
	sw.mu.Unlock()
	sw.m.Transfers.Remember(site)
	return site
}

// run queues it and waits for it to end, or for a file-exists question
// when ask is set; it returns the item as it ended (zero when asked).
func (sw *settingsWindow) run(it queue.Item, ask bool) queue.Item {
	sw.t.Helper()
	added := make(chan error, 1)
	sw.m.Transfers.Add([]queue.Item{it}, true, func(err error) { added <- err })
	if err := <-added; err != nil {
		sw.t.Fatal(err)
	}
	var got queue.Item
	sw.loop.until(sw.t, "the transfer's end", func() bool {
		if ask && sw.w.Canvas().Overlays().Top() != nil {
			return true
		}
		for _, q := range sw.m.Transfers.Queue.Items() {
			if q.Src == it.Src && q.State.Final() {
				got = q
				return true
			}
		}
		return false
	})
	return got
}

// The default file-exists action answers the queue's question for its
// direction, so no dialog asks; "ask" still asks.
func TestSettingsExistsDefault(t *testing.T) {
	tests := []struct {
		name      string
		set       sites.Settings
		dir       queue.Direction
		wantState queue.State
		replaced  bool
		asks      bool
	}{
		{"download skip", sites.Settings{ExistsDownload: "skip", ExistsUpload: "overwrite"}, queue.Download, queue.Skipped, false, false},
		{"download overwrite", sites.Settings{ExistsDownload: "overwrite", ExistsUpload: "skip"}, queue.Download, queue.Done, true, false},
		{"upload skip", sites.Settings{ExistsDownload: "overwrite", ExistsUpload: "skip"}, queue.Upload, queue.Skipped, false, false},
		{"upload overwrite", sites.Settings{ExistsUpload: "overwrite"}, queue.Upload, queue.Done, true, false},
		{"ask", sites.Settings{ExistsDownload: "ask"}, queue.Download, 0, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			prefs := ui.NewPrefs("", sites.Settings{})
			sw := newSettingsWindow(t, prefs)
			site := sw.queueSite()
			if err := prefs.Set(tt.set); err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			src, dst := filepath.Join(dir, "new.txt"), filepath.Join(dir, "old.txt")
			os.WriteFile(src, []byte("the new contents, longer"), 0o644)
			os.WriteFile(dst, []byte("old"), 0o644)
			it := sw.run(queue.Item{Site: site.Key(), Dir: tt.dir, Src: src, Dst: dst, Size: -1}, tt.asks)
			if tt.asks {
				if sw.w.Canvas().Overlays().Top() == nil {
					t.Fatal("no question")
				}
				return
			}
			if it.State != tt.wantState {
				t.Errorf("state %s (%s), want %s", it.State, it.Err, tt.wantState)
			}
			b, _ := os.ReadFile(dst)
			if replaced := string(b) != "old"; replaced != tt.replaced {
				t.Errorf("destination %q, replaced %v, want %v", b, replaced, tt.replaced)
			}
		})
	}
}

// Retries is how many times a transfer runs before a transient error
// fails it: each run dials the server again.
func TestSettingsRetries(t *testing.T) {
	for _, retries := range []int{1, 2} {
		prefs := ui.NewPrefs("", sites.Settings{Retries: retries})
		sw := newSettingsWindow(t, prefs)
		site := sw.queueSite()
		sw.mu.Lock()
		sw.remote = func() (ui.Remote, error) { return nil, errors.New("connection reset by peer") }
		sw.mu.Unlock()
		dir := t.TempDir()
		src := filepath.Join(dir, "a.txt")
		os.WriteFile(src, []byte("a"), 0o644)
		it := sw.run(queue.Item{Site: site.Key(), Dir: queue.Download, Src: src, Dst: filepath.Join(dir, "b.txt"), Size: -1}, false)
		sw.mu.Lock()
		dials := len(sw.dialed)
		sw.mu.Unlock()
		if it.State != queue.Failed || dials != retries {
			t.Errorf("retries %d: %s after %d dials", retries, it.State, dials)
		}
	}
}

// The download and upload limits cap what one read moves (the rest waits
// its turn), and the status bar's switch turns them on and off for
// sessions already open.
func TestSettingsSpeedLimit(t *testing.T) {
	prefs := ui.NewPrefs("", sites.Settings{})
	sw := newSettingsWindow(t, prefs)
	site := sw.queueSite()
	dir := t.TempDir()
	src := filepath.Join(dir, "big.bin")
	os.WriteFile(src, bytes.Repeat([]byte("x"), 256<<10), 0o644)
	fs, err := sw.m.Transfers.DialSite(context.Background(), site.Key())
	if err != nil {
		t.Fatal(err)
	}
	read := func() int {
		r, err := fs.Open(context.Background(), src, 0)
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		n, err := r.Read(make([]byte, 64<<10)) // one read, as the queue's copy makes them
		if err != nil && err != io.EOF {
			t.Fatal(err)
		}
		return n
	}
	if n := read(); n != 64<<10 {
		t.Fatalf("with no limit one read moved %d bytes", n)
	}
	if sw.m.SpeedSwitch.Disabled() == false {
		t.Error("the switch is on offer with no limit set")
	}
	if err := prefs.Set(sites.Settings{SpeedDown: 100, SpeedUp: 10}); err != nil {
		t.Fatal(err)
	}
	sw.loop.drain()
	if n := read(); n != 64<<10 {
		t.Fatalf("with the switch off one read moved %d bytes", n)
	}
	if sw.m.SpeedSwitch.Disabled() {
		t.Fatal("the switch is off offer with limits set")
	}
	sw.m.SpeedSwitch.SetChecked(true) // as a click does
	sw.loop.drain()
	if n := read(); n != 100*1024/10 {
		t.Errorf("at 100 KiB/s one read moved %d bytes, want a tenth of a second's", n)
	}
	if !prefs.Get().SpeedOn {
		t.Error("the switch did not reach the settings")
	}
	sw.m.SpeedSwitch.SetChecked(false)
	sw.loop.drain()
	if n := read(); n != 64<<10 {
		t.Errorf("switched off, one read moved %d bytes", n)
	}
}
