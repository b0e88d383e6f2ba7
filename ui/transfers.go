package ui

import (
	"context"
	"crypto/x509"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"portside/transfer"
	"portside/transfer/ftp"
	"portside/transfer/local"
	"portside/transfer/localpath"
	"portside/transfer/pool"
	"portside/transfer/queue"
	"portside/transfer/sftp"
	"portside/transfer/transport"
)

// Transfers is the window's side of the transfer queue. It opens the
// queue on its journal, dials the queue's own sessions (browsing keeps its
// session; a queue of big files must not stall a listing), holds the sites
// the window connected to, and runs queue commands off the UI goroutine.
//
// The queue knows a site by its Key, which has no password: the journal on
// disk holds no secret. The password and the user's certificate decision
// live here, in memory, for the sites connected to in this session.
type Transfers struct {
	Queue *queue.Queue

	dial     DialFunc
	trustFor func(Site) func([]*x509.Certificate, error) error
	hostKeys *sftp.HostKeys
	ssh      *SSHPrompt
	log      func(transport.Event)
	limit    *speedLimit // nil: no limit
	// down and up are the Settings window's download and upload limits
	// (rate 0: none), under the --speed-limit cap.
	down, up *speedLimit
	prefs    *Prefs
	tempDir  string // holds a temporary journal; removed by Close

	// learned keeps what a saved site's sessions found out about its
	// server (ftp.Finding) in its profile; nil: nobody keeps it.
	learned func(Site, ftp.Finding)

	mu    sync.Mutex
	sites map[string]Site
	// proven is shared by the queue's sessions to one site (by key): the
	// first proves auto mode's method and probes pipelining, the others
	// dial with what it found (ftp.Proven).
	proven map[string]*ftp.Proven
	certs  map[string]map[string]bool // by site key: DER of certificates the user accepted
	lent   map[string]*pool.Pool      // by site key: a sync's idle sessions, for the queue to take first
}

// transfersConfig is what openTransfers needs.
type transfersConfig struct {
	journal  string // empty: a temporary journal
	local    transfer.FS
	dial     DialFunc
	log      func(transport.Event)
	feed     func(queue.Event)
	onExists func(it queue.Item, src, dst transfer.Entry) (queue.Policy, bool)
	limit    int64 // bytes per second for all transfers together; 0: none
	// trustFor gives a saved site its own certificate decisions (its
	// pins), as for the window's connection; nil or a nil result: none.
	trustFor func(Site) func([]*x509.Certificate, error) error
	hostKeys *sftp.HostKeys // SFTP sites' host key decisions, shared with the window's connection
	ssh      *SSHPrompt     // and its passphrases
	prefs    *Prefs         // the Settings window's values; nil: defaults
	learned  func(Site, ftp.Finding)
}

// openTransfers opens the queue on cfg.journal. Items a crash or a quit
// left queued come back paused, because their sites' passwords are not
// known until the user connects again; it returns how many items wait,
// paused, from the last session.
func openTransfers(cfg transfersConfig) (*Transfers, int, error) {
	t := &Transfers{dial: cfg.dial, trustFor: cfg.trustFor, hostKeys: cfg.hostKeys, ssh: cfg.ssh, log: cfg.log, sites: map[string]Site{}, certs: map[string]map[string]bool{},
		down: newSpeedLimit(0), up: newSpeedLimit(0), prefs: cfg.prefs, learned: cfg.learned, proven: map[string]*ftp.Proven{}}
	localFS := cfg.local
	if localFS == nil {
		localFS = local.FS{}
	}
	localFS = limitFS(localFS, t.up) // uploads read here
	if cfg.limit > 0 {
		t.limit = newSpeedLimit(cfg.limit)
		localFS = limitFS(localFS, t.limit)
	}
	journal := cfg.journal
	if journal == "" {
		dir, err := os.MkdirTemp("", "portside-queue-")
		if err != nil {
			return nil, 0, fmt.Errorf("open the transfer queue: %w", err)
		}
		t.tempDir, journal = dir, filepath.Join(dir, "queue.db")
	} else if err := os.MkdirAll(filepath.Dir(journal), 0o700); err != nil {
		return nil, 0, fmt.Errorf("open the transfer queue: %w", err)
	}
	q, err := queue.Open(queue.Config{
		Journal:  journal,
		Dial:     t.dialSite,
		Limit:    t.siteLimit,
		Segments: t.siteSegments,
		Local:    localFS,
		OnExists: cfg.onExists,
		Retries:  cfg.prefs.Get().Retries, // read once: the queue is built with it
		Skip:     skipFiltered,            // the filename filters, when applied to transfers (filter_dialog.go)
		Paused:   true,
		// A folder a quit or crash left unfinished lists again when it
		// runs (see queue.Config.Replan): files added on the server since
		// come too, files deleted here come again, the rest stays done.
		Replan: true,
	})
	if err != nil {
		t.removeTemp()
		return nil, 0, err
	}
	t.Queue = q
	var left []uint64
	waiting := 0
	for _, it := range q.Items() {
		switch it.State {
		case queue.Queued:
			left = append(left, it.ID)
			waiting++
		case queue.Paused:
			waiting++
		}
	}
	if len(left) > 0 {
		q.Pause(left...)
	}
	if cfg.feed != nil {
		q.Subscribe(cfg.feed)
	}
	q.Start()
	return t, waiting, nil
}

// Remember makes site dialable by the queue (connect time).
func (t *Transfers) Remember(site Site) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.sites[site.Key()] = site
}

// siteLimit is how many transfers run at once for a site: a saved site's
// "maximum number of connections", else the queue's default.
func (t *Transfers) siteLimit(key string) int {
	t.mu.Lock()
	defer t.mu.Unlock()
	if s, ok := t.sites[key]; ok && s.Saved != nil && s.Saved.MaxConnections > 0 {
		return s.Saved.MaxConnections
	}
	return t.prefs.Get().SiteConnections()
}

// siteSegments is a saved site's setting for segmented downloads (0: the
// queue's usual).
func (t *Transfers) siteSegments(key string) int {
	t.mu.Lock()
	defer t.mu.Unlock()
	if s, ok := t.sites[key]; ok && s.Saved != nil {
		return s.Saved.Segments
	}
	return 0
}

// Trusted records that the user accepted the certificate der for site.
func (t *Transfers) Trusted(site Site, der []byte) {
	t.mu.Lock()
	defer t.mu.Unlock()
	k := site.Key()
	if t.certs[k] == nil {
		t.certs[k] = map[string]bool{}
	}
	t.certs[k][string(der)] = true
}

// DialSite is dialSite for a sync's own sessions: the same settings and
// certificate decisions as the queue's.
func (t *Transfers) DialSite(ctx context.Context, key string) (transfer.FS, error) {
	return t.dialSite(ctx, key)
}

// Lend offers the queue p's idle sessions for site key until the returned
// func is called: a sync's walk sessions carry its copies, and the server
// is not asked for more connections (and logins) than the sync needs.
func (t *Transfers) Lend(key string, p *pool.Pool) (end func()) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.lent == nil {
		t.lent = map[string]*pool.Pool{}
	}
	t.lent[key] = p
	return func() {
		t.mu.Lock()
		defer t.mu.Unlock()
		if t.lent[key] == p {
			delete(t.lent, key)
		}
	}
}

// dialSite opens a session for the queue, with the settings, password and
// certificate decision of the window's connection to that site; a session
// lent by a sync goes first.
func (t *Transfers) dialSite(ctx context.Context, key string) (transfer.FS, error) {
	t.mu.Lock()
	site, ok := t.sites[key]
	lender := t.lent[key]
	t.mu.Unlock()
	if lender != nil {
		if fs, ok := lender.TakeIdle(); ok {
			return fs, nil
		}
	}
	if !ok {
		// Not retried: it cannot cure itself. Connecting and Retry can.
		return nil, fmt.Errorf("connect to %s: %w: not connected to it since Portside started; connect, then retry", key, transfer.ErrLogin)
	}
	if site.SFTP {
		cfg := site.sftpConfig(t.hostKeys, t.ssh)
		t.prefs.Get().ApplySFTP(&cfg)
		r, err := DialSFTP(ctx, cfg)
		if err != nil {
			return r, err
		}
		return t.limited(r), nil
	}
	trust := func(chain []*x509.Certificate, verifyErr error) error {
		if verifyErr == nil {
			return nil // the system vouches for it, as for the window's connection
		}
		t.mu.Lock()
		defer t.mu.Unlock()
		if len(chain) > 0 && t.certs[key][string(chain[0].Raw)] {
			return nil
		}
		return fmt.Errorf("the certificate was not accepted for %s in this session: %w", key, verifyErr)
	}
	if t.trustFor != nil {
		if own := t.trustFor(site); own != nil {
			trust = own
		}
	}
	dial := t.dial
	if dial == nil {
		dial = DialFTP
	}
	cfg := site.ftpConfig(trust, t.log)
	t.prefs.applyFTP(&cfg, site)
	t.pipelining(&cfg, key, site)
	r, err := dial(ctx, cfg)
	if err != nil {
		return r, err
	}
	return t.limited(r), nil
}

// pipelining lets the queue's sessions to site pipeline as its profile
// says (sites.Site.Pipelining: after a probe, at once, or never), a
// quick-connect site's after a probe on the window session's first
// connection; what a probe finds goes to the profile (t.learned). The
// window's browsing connection does not pipeline: it moves no runs of
// files.
func (t *Transfers) pipelining(cfg *ftp.Config, key string, site Site) {
	t.mu.Lock()
	p := t.proven[key]
	if p == nil {
		p = &ftp.Proven{}
		t.proven[key] = p
	}
	t.mu.Unlock()
	cfg.Proven, cfg.Pipelining = p, transport.PipelineProbe
	if site.Saved == nil {
		return
	}
	cfg.Pipelining = site.Saved.Pipelining()
	if t.learned != nil {
		cfg.Learned = func(f ftp.Finding) { t.learned(site, f) }
	}
}

// limited puts a remote side, which downloads read, under the download
// limit and the overall cap.
func (t *Transfers) limited(r transfer.FS) transfer.FS {
	r = limitFS(r, t.down)
	if t.limit != nil {
		r = limitFS(r, t.limit)
	}
	return r
}

// Add queues items in the background; start false leaves them paused
// ("Add to queue"). done gets the outcome, on the goroutine of the queue.
func (t *Transfers) Add(items []queue.Item, start bool, done func(error)) {
	if !start {
		// Added paused, not paused after adding: a tiny file on an idle
		// pooled session could otherwise start, or even finish, first.
		items = slices.Clone(items)
		for i := range items {
			items[i].State = queue.Paused
		}
	}
	go func() {
		_, err := t.Queue.Add(items...)
		if err == nil && start {
			// A "Pause all" earlier paused the queue; what the user asks
			// for now runs.
			t.Queue.Start()
		}
		done(err)
	}()
}

// Command runs c on ids (nil: all) in the background; done gets what
// Remove could not do.
func (t *Transfers) Command(c QueueCommand, ids []uint64, done func(error)) {
	go func() {
		var err error
		switch c {
		case CmdPause:
			t.Queue.Pause(ids...)
		case CmdResume:
			t.Queue.Resume(ids...)
		case CmdCancel:
			t.Queue.Cancel(ids...)
		case CmdRetry:
			t.Queue.Retry(ids...)
		case CmdRemove:
			err = t.Queue.Remove(ids...)
		}
		done(err)
	}()
}

// Close stops the queue; its items stay in the journal for the next start,
// unless the journal was temporary.
func (t *Transfers) Close() error {
	err := t.Queue.Close()
	t.removeTemp()
	return err
}

func (t *Transfers) removeTemp() {
	if t.tempDir != "" {
		os.RemoveAll(t.tempDir)
	}
}

// Source is a file or folder to transfer: its full path on its side and
// its entry there.
type Source struct {
	Path  string
	Entry transfer.Entry
}

// QueueItems are the items that move srcs into folder dstDir of dst, the
// other side, for the site with key site.
func QueueItems(dir queue.Direction, site string, dst transfer.FS, dstDir string, srcs []Source) []queue.Item {
	items := make([]queue.Item, 0, len(srcs))
	for _, s := range srcs {
		e := s.Entry
		size := e.Size
		// A folder's size is its contents'; a remote link's listing shows
		// the link, not its target. The queue finds out when it runs.
		if e.IsDir || e.IsLink && dir == queue.Download {
			size = -1
		}
		it := queue.Item{
			Site: site, Dir: dir, Src: s.Path, Dst: dst.Join(dstDir, e.Name),
			IsDir: e.IsDir, Size: size, ModTime: e.ModTime, Exists: queue.Ask,
		}
		// A download's path comes from localpath, the one builder of local
		// destination paths; one it refuses is queued failed, with why.
		if dir == queue.Download {
			p, err := localpath.Join(dstDir, e.Name)
			if err != nil {
				it.Dst, it.State, it.Err = "", queue.Failed, err.Error()
			} else {
				// The folder the user dropped on: the part file is opened
				// under an os.Root of it (see localpath.OpenIn).
				it.Dst, it.Root = p, dstDir
				if !e.IsDir {
					it.Part = queue.PartFor(context.Background(), dst, p) // local: no network
				}
			}
		}
		items = append(items, it)
	}
	return items
}

// baseName is the last element of p on fs: what Dir leaves off.
func baseName(fs transfer.FS, p string) string {
	return strings.TrimLeft(strings.TrimPrefix(p, fs.Dir(p)), `/\`)
}
