package ui

import (
	"context"
	"errors"
	"os"
	"testing"
	"time"

	"portside/transfer"
	"portside/transfer/ftp"
	"portside/transfer/local"
	"portside/transfer/pool"
	"portside/transfer/queue"
	"portside/transfer/sites"
	"portside/transfer/transport"
)

// localRemote is the local file system standing in for a server.
type localRemote struct{ local.FS }

func (localRemote) Method() transport.Method { return transport.EPSV }

// The queue runs as many transfers at once as a saved site allows; other
// sites get the queue's default.
func TestSiteLimit(t *testing.T) {
	saved := sites.NewSite("Work")
	saved.ID, saved.MaxConnections = "abc123", 5
	tests := []struct {
		name string
		site Site
		want int
	}{
		{"quick connect", Site{Host: "example.com"}, 2},
		{"saved site", Site{Host: "example.com", Saved: &saved}, 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr := &Transfers{sites: map[string]Site{}}
			if got := tr.siteLimit(tt.site.Key()); got != 2 {
				t.Errorf("before connecting: limit %d, want 2", got)
			}
			tr.Remember(tt.site)
			if got := tr.siteLimit(tt.site.Key()); got != tt.want {
				t.Errorf("limit %d, want %d", got, tt.want)
			}
		})
	}
}

// openTestTransfers opens a queue on a temporary journal whose sessions are
// the local disk, and remembers one site; dialled is called at each dial.
func openTestTransfers(t *testing.T, dialled func()) (*Transfers, Site) {
	t.Helper()
	tr, _, err := openTransfers(transfersConfig{dial: func(context.Context, ftp.Config) (Remote, error) {
		dialled()
		return localRemote{}, nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tr.Close() })
	site := Site{Host: "example.com"}
	tr.Remember(site)
	return tr, site
}

// "Add to queue" adds items paused: none starts, however idle the queue,
// until Resume.
func TestAddPausedNeverStarts(t *testing.T) {
	dir := t.TempDir()
	src := dir + "/a.txt"
	os.WriteFile(src, []byte("tiny"), 0o644)
	dialled := make(chan struct{}, 1)
	tr, site := openTestTransfers(t, func() { dialled <- struct{}{} })
	tr.Queue.Start() // a queue already running, as after an earlier "Upload"
	added := make(chan error, 1)
	tr.Add([]queue.Item{{Site: site.Key(), Dir: queue.Upload, Src: src, Dst: dir + "/b.txt", Size: -1}}, false,
		func(err error) { added <- err })
	if err := <-added; err != nil {
		t.Fatal(err)
	}
	select {
	case <-dialled:
		t.Fatal("a paused item started")
	case <-time.After(200 * time.Millisecond):
	}
	for _, it := range tr.Queue.Items() {
		if it.State != queue.Paused {
			t.Errorf("%s is %s, want paused", it.Src, it.State)
		}
	}
}

// A sync lends its idle walk sessions: the queue takes them before it
// dials, and dials again once the loan ends.
func TestLentSessionsGoFirst(t *testing.T) {
	dials := 0
	tr, site := openTestTransfers(t, func() { dials++ })
	walked := &localRemote{}
	p := pool.New(func(context.Context) (transfer.FS, error) { return nil, errors.New("the pool must not dial") }, 2)
	p.Put(walked, nil)

	end := tr.Lend(site.Key(), p)
	if fs, err := tr.dialSite(context.Background(), site.Key()); err != nil || fs != transfer.FS(walked) || dials != 0 {
		t.Fatalf("got %v, %v after %d dials; want the lent session, no dial", fs, err, dials)
	}
	if _, err := tr.dialSite(context.Background(), site.Key()); err != nil || dials != 1 {
		t.Fatalf("with the loan used up: %v after %d dials, want one dial", err, dials)
	}
	p.Put(walked, nil)
	end()
	if fs, _ := tr.dialSite(context.Background(), site.Key()); fs == transfer.FS(walked) || dials != 2 {
		t.Fatalf("after the loan ended the queue still took the sync's session (%d dials)", dials)
	}
}

// A quick-connect site runs as many transfers at once as the Settings
// window's "connections per site"; a saved site keeps its own.
func TestSiteLimitFromSettings(t *testing.T) {
	saved := sites.NewSite("Work")
	saved.ID, saved.MaxConnections = "abc123", 5
	tests := []struct {
		name string
		site Site
		want int
	}{
		{"quick connect", Site{Host: "example.com"}, 4},
		{"saved site", Site{Host: "example.com", Saved: &saved}, 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr := &Transfers{sites: map[string]Site{}, prefs: NewPrefs("", sites.Settings{Connections: 4})}
			tr.Remember(tt.site)
			if got := tr.siteLimit(tt.site.Key()); got != tt.want {
				t.Errorf("limit %d, want %d", got, tt.want)
			}
		})
	}
}
