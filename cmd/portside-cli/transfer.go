package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/term"

	"portside/i18n"
	"portside/transfer"
	"portside/transfer/local"
	"portside/transfer/localpath"
	"portside/transfer/pool"
	"portside/transfer/queue"
)

// cmdTransfer runs get or put through the same queue the window uses: a
// journal on disk (so the same command run again after a crash resumes),
// part files, retries, and a connection limit.
func cmdTransfer(ctx context.Context, e *env, dir queue.Direction, args []string) error {
	head := e.words.T("cli.get.usage", nil)
	if dir == queue.Upload {
		head = e.words.T("cli.put.usage", nil)
	}
	fs := newFlagSet(dir.String(), e.stderr, e.words, head+"\n")
	parallel := fs.Int("parallel", 2, e.words.T("cli.transfer.flag.parallel", nil))
	segments := fs.Int("segments", 0, e.words.T("cli.transfer.flag.segments", nil))
	exists := fs.String("exists", "overwrite", e.words.T("cli.transfer.flag.exists", nil))
	asJSON := fs.Bool("json", false, e.words.T("cli.transfer.flag.json", nil))
	journal := fs.String("journal", "", e.words.T("cli.transfer.flag.journal", nil))
	keepResized := fs.Bool("keep-resized", false, e.words.T("cli.transfer.flag.keep_resized", nil))
	if err := fs.parse(args); err != nil {
		return err // -h: ErrHelp, which run answers with exit 0
	}
	policy, err := queue.ParsePolicy(*exists)
	if err != nil || policy == queue.Ask {
		return e.usageErr(e.words.T("cli.exists", map[string]any{"Exists": strconv.Quote(*exists)}))
	}
	if *parallel < 1 || *parallel > 10 {
		return e.usageErr(e.words.T("cli.parallel", nil))
	}
	if *segments < 0 || *segments > 10 {
		return e.usageErr(e.words.T("cli.segments", nil))
	}
	if *segments > *parallel {
		*parallel = *segments // the ranges need the connections
	}
	var remoteArg string
	var locals []string
	switch {
	case dir == queue.Download && fs.NArg() == 2:
		remoteArg, locals = fs.Arg(0), []string{fs.Arg(1)}
	case dir == queue.Upload && fs.NArg() >= 2:
		remoteArg, locals = fs.Arg(fs.NArg()-1), fs.Args()[:fs.NArg()-1]
	default:
		return e.usageErr(e.words.T("cli.transfer.args", nil))
	}
	ep, err := remote(e, remoteArg)
	rpath := ep.path
	if err != nil {
		return err
	}
	if *journal == "" {
		if *journal, err = journalFor(append([]string{dir.String(), remoteArg}, locals...)); err != nil {
			return err
		}
	}
	// The session that plans the run becomes the queue's first connection:
	// a login costs a server tens of milliseconds of password hashing, as
	// much as a thousand small files' commands.
	sessions := pool.New(ep.dial, *parallel)
	defer sessions.Close()
	warm := &warmup{}
	defer warm.close()
	dial := func(ctx context.Context, _ string) (transfer.FS, error) { return warm.get(ctx, sessions) }
	// A journal left by an earlier run of this command (interrupted, or
	// with failures) is read, then replaced by a new plan: the server is
	// listed anew, so files added since are fetched and files deleted
	// here are fetched again, while what that run finished (unchanged,
	// still here) stays done and its part files are resumed.
	earlier, err := readEarlier(*journal)
	if err != nil {
		return err
	}
	defer earlier.close()
	if earlier.Len() > 0 {
		fmt.Fprintln(e.stderr, e.words.T("cli.resuming", map[string]any{"Journal": *journal}))
	}
	q, err := queue.Open(queue.Config{Journal: *journal, Dial: dial, Limit: func(string) int { return *parallel }, Paused: true,
		Segments:    func(string) int { return *segments },
		KeepResized: *keepResized,
		Earlier:     earlier.Lookup})
	if err != nil {
		return err
	}
	defer q.Close()
	// Asked for more connections outright: log them in beside the first
	// (they wait for its proof of the data connection method: ftp.Proven).
	asked := false
	fs.Visit(func(f *flag.Flag) {
		asked = asked || f.Name == "segments" && *segments > 1 || f.Name == "parallel" && *parallel > 2
	})
	early := dir == queue.Download && asked && *segments != 1
	if early {
		warm.start(ctx, ep.dial, *parallel-1)
	}
	remote, err := sessions.Get(ctx)
	if err != nil {
		return err
	}
	items, err := plan(ctx, remote, dir, rpath, locals, policy)
	if err == nil {
		for i, it := range items {
			// A file's part: the one the earlier run made, else one no
			// existing file has (a folder's items get theirs as it expands).
			if it.IsDir || it.State == queue.Failed {
				continue
			}
			dst := transfer.FS(local.FS{})
			if dir == queue.Upload {
				dst = remote
			}
			if prev, ok := earlier.Lookup(it.Dir, it.Src, it.Dst); ok && prev.State != queue.Done {
				items[i].Part, items[i].PartOwned = prev.Part, prev.PartOwned
				items[i].Ranges = prev.Ranges // what a segmented download landed, range by range
			} else {
				items[i].Part, items[i].PartOwned = queue.PartFor(ctx, dst, it.Dst), true
			}
		}
	}
	sessions.Put(remote, err)
	if err != nil {
		return err
	}
	if !early && wantsConnections(items, *parallel, *segments) {
		warm.start(ctx, ep.dial, *parallel-1)
	}
	if _, err := q.Add(items...); err != nil {
		return err
	}
	rep := newReporter(e, *asJSON)
	q.Subscribe(rep.event)
	q.Start()
	bad, werr := q.Wait(ctx)
	rep.finish(q.Stats())
	if werr != nil {
		return e.failErr(nil, e.words.T("cli.interrupted", nil))
	}
	if len(bad) > 0 {
		var b strings.Builder
		b.WriteString(e.words.T("cli.failed", map[string]any{"Failed": len(bad), "Total": q.Len()}))
		for i, it := range bad {
			if i == 20 {
				b.WriteString("\n  " + e.words.T("cli.more", map[string]any{"Count": len(bad) - 20}))
				break
			}
			fmt.Fprintf(&b, "\n  %s: %s", it.Src, itemReason(e.words, it))
		}
		return e.failErr(nil, b.String())
	}
	q.Close()
	os.Remove(*journal) // all done: the next run of this command starts afresh
	return nil
}

// earlier is an earlier run's journal, moved aside for the new run's plan
// (see queue.Earlier): Lookup and Len answer from it, nothing when there
// was none.
type earlier struct {
	*queue.Earlier
	path string
}

func (e *earlier) Len() int {
	if e.Earlier == nil {
		return 0
	}
	return e.Earlier.Len()
}

func (e *earlier) Lookup(dir queue.Direction, src, dst string) (queue.Item, bool) {
	if e.Earlier == nil {
		return queue.Item{}, false
	}
	return e.Earlier.Lookup(dir, src, dst)
}

// close removes the earlier journal.
func (e *earlier) close() {
	if e.Earlier != nil {
		os.Remove(e.path)
	}
}

// readEarlier moves an earlier run's journal aside, if there is one, and
// opens it to look its items up: the new run writes its own plan at the
// journal's path. It is removed when the run ends.
func readEarlier(journal string) (*earlier, error) {
	aside := journal + ".earlier"
	if err := os.Rename(journal, aside); err != nil {
		if os.IsNotExist(err) {
			return &earlier{}, nil
		}
		return nil, err
	}
	e, err := queue.OpenEarlier(aside)
	if err != nil {
		return nil, err
	}
	return &earlier{Earlier: e, path: aside}, nil
}

// plan turns the command line into the first queue items: a file, or a
// folder that the queue expands as it runs.
func plan(ctx context.Context, remote transfer.FS, dir queue.Direction, rpath string, locals []string, policy queue.Policy) ([]queue.Item, error) {
	var err error
	if rpath == "" {
		if rpath, err = remote.Home(ctx); err != nil {
			return nil, err
		}
	}
	var items []queue.Item
	if dir == queue.Download {
		// The server's PWD and the URL are both the server's words:
		// "/pub/.." is the root, never the folder above the destination.
		rpath = path.Clean(rpath)
		e, err := remote.Stat(ctx, rpath)
		if err != nil {
			return nil, err
		}
		dst, err := downloadDst(locals[0], rpath)
		if err != nil {
			return nil, err
		}
		// The folder the user named is the root every part file is
		// opened under (an os.Root): for a file, the folder it lands in.
		return []queue.Item{{Site: "cli", Dir: dir, Src: rpath, Dst: dst, IsDir: e.IsDir, Size: e.Size, ModTime: e.ModTime, Exists: policy,
			Root: filepath.Dir(dst)}}, nil
	}
	for _, l := range locals {
		abs, err := filepath.Abs(l)
		if err != nil {
			return nil, err
		}
		fi, err := os.Stat(abs)
		if err != nil {
			return nil, fmt.Errorf("upload %s: %w", l, err)
		}
		it := queue.Item{Site: "cli", Dir: dir, Src: abs, Dst: path.Join(rpath, filepath.Base(abs)),
			IsDir: fi.IsDir(), Size: fi.Size(), ModTime: fi.ModTime(), Exists: policy}
		if err := transfer.CheckRemoteName(filepath.Base(abs)); err != nil {
			it.Dst, it.State, it.Err, it.Why = "", queue.Failed, err.Error(), queue.WhyOf(err) // reported with the others
		}
		items = append(items, it)
	}
	return items, nil
}

// downloadDst is where a download of rpath lands: in the local folder
// the user named, under rpath's last name (checked by localpath), or the
// folder itself for the server's root; or the path the user named, when
// it is not a folder.
func downloadDst(local, rpath string) (string, error) {
	abs, err := filepath.Abs(local)
	if err != nil {
		return "", err
	}
	if fi, err := os.Stat(abs); err != nil || !fi.IsDir() {
		return abs, nil
	}
	if rpath == "/" {
		return abs, nil
	}
	dst, err := localpath.Join(abs, path.Base(rpath))
	if err != nil {
		return "", fmt.Errorf("download %s into %s: %w", rpath, local, err)
	}
	return dst, nil
}

// journalFor names a journal after the command line, so running the same
// command again finds the interrupted run.
func journalFor(words []string) (string, error) {
	dir, err := os.UserCacheDir()
	if err != nil {
		dir = os.TempDir()
	}
	dir = filepath.Join(dir, "portside", "cli")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	sum := sha256.Sum256([]byte(strings.Join(words, "\x00")))
	return filepath.Join(dir, hex.EncodeToString(sum[:8])+".db"), nil
}

// reporter prints progress: a status line on a terminal, a line per file
// otherwise, or JSON lines.
type reporter struct {
	mu    sync.Mutex
	out   io.Writer // escaping
	raw   io.Writer // the terminal itself, for "\r\033[K"
	json  *json.Encoder
	tty   bool
	start time.Time
	words *i18n.Localizer
	log   io.Writer // -v: an item run again after a transient error (nil: not shown)
}

func newReporter(e *env, asJSON bool) *reporter {
	r := &reporter{out: e.stdout, raw: e.rawOut, start: time.Now(), words: e.words}
	if r.raw == nil {
		r.raw = e.stdout
	}
	if asJSON {
		r.json = json.NewEncoder(e.stdout)
	} else if f, ok := r.raw.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		r.tty = true
	}
	if e.flags.verbose && !asJSON {
		r.log = e.stderr
	}
	return r
}

func (r *reporter) event(ev queue.Event) {
	r.mu.Lock()
	defer r.mu.Unlock()
	switch {
	case r.json != nil && ev.Stats != nil:
		r.json.Encode(map[string]any{"event": "progress", "bytes": ev.Stats.Bytes, "size": ev.Stats.Size,
			"speed": int64(ev.Stats.Speed), "eta_s": int64(ev.Stats.ETA.Seconds())})
	case r.json != nil:
		it := ev.Item
		r.json.Encode(map[string]any{"event": it.State.String(), "id": it.ID, "src": it.Src, "dst": it.Dst,
			"size": it.Size, "dir": it.IsDir, "error": it.Err})
	case r.log != nil && ev.Stats == nil && ev.Item.State == queue.Queued && ev.Item.Err != "":
		if r.tty {
			fmt.Fprint(r.raw, "\r\033[K")
		}
		fmt.Fprintln(r.log, r.retryLine(ev.Item))
	case r.tty && ev.Stats != nil:
		st := ev.Stats
		fmt.Fprint(r.raw, "\r\033[K")
		fmt.Fprint(r.out, r.words.T("cli.progress", map[string]any{"Bytes": human(st.Bytes), "Size": human(st.Size),
			"Speed": human(int64(st.Speed)), "ETA": eta(st.ETA), "Done": st.Counts[queue.Done],
			"Left": st.Counts[queue.Queued] + st.Counts[queue.Running]}))
	case !r.tty && ev.Stats == nil && !ev.Item.IsDir && ev.Item.State.Final():
		name := ev.Item.Dst
		if name == "" { // refused before it had a destination: name its source
			name = ev.Item.Src
		}
		fmt.Fprintln(r.out, r.stateLine(ev.Item.State, name))
	}
}

func (r *reporter) finish(st queue.Stats) {
	r.mu.Lock()
	defer r.mu.Unlock()
	secs := time.Since(r.start).Seconds()
	if r.json != nil {
		r.json.Encode(map[string]any{"event": "summary", "done": st.Counts[queue.Done], "failed": st.Counts[queue.Failed],
			"skipped": st.Counts[queue.Skipped], "bytes": st.Bytes, "seconds": secs})
		return
	}
	if r.tty {
		fmt.Fprint(r.raw, "\r\033[K")
	}
	fmt.Fprintln(r.out, r.words.T("cli.summary", map[string]any{"Done": st.Counts[queue.Done], "Skipped": st.Counts[queue.Skipped],
		"Failed": st.Counts[queue.Failed], "Size": human(st.Bytes), "Seconds": fmt.Sprintf("%.1f", secs)}))
}

func human(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTPE"[exp])
}

func eta(d time.Duration) string {
	if d < 0 {
		return "--:--"
	}
	d = d.Round(time.Second)
	return fmt.Sprintf("%d:%02d", int(d.Minutes()), int(d.Seconds())%60)
}
