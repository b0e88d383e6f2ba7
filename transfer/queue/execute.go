package queue

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
	"sync"
	"time"

	"portside/transfer"
	"portside/transfer/localpath"
)

type writerOnly struct{ io.Writer }

// buffers are the copy buffers: a fresh 256 KiB per file would cost a
// queue of small files more in allocation and zeroing than in copying.
var buffers = sync.Pool{New: func() any { b := make([]byte, 256<<10); return &b }}

// errDiskFull is a local or remote disk with no room: retrying cannot help,
// and the part file stays for a resume once there is space.
var errDiskFull = errors.New("no space left on the destination")

// errDiskFullServer is errDiskFull on the server (FTP 452, 552); errJournal
// the queue's journal that cannot be written (its own disk full).
var (
	errDiskFullServer = fmt.Errorf("%w on the server", errDiskFull)
	errJournal        = errors.New("cannot write the queue journal")
)

// execute runs one item on a pooled session of its site.
func (q *Queue) execute(ctx context.Context, it Item, m *meter) (err error) {
	if it.Dst == "" { // added failed: its name cannot be one on the destination
		return fmt.Errorf("%w: %s has no name on the destination", transfer.ErrBadName, it.Src)
	}
	if it.Dir == Download {
		// Made by localpath when the item was planned, perhaps by an
		// earlier run: still no link where we would write?
		if err := localpath.Check(it.Dst); err != nil {
			return err
		}
	}
	q.mu.Lock()
	p := q.pool(it.Site)
	q.mu.Unlock()
	remote, err := p.Get(ctx)
	if err != nil {
		return err
	}
	defer func() {
		// A session that failed on the network is not trusted again; one
		// whose file was refused or skipped is fine.
		if err != nil && !transient(err) || errors.Is(err, errSkipped) {
			p.Put(remote, nil)
		} else {
			p.Put(remote, err)
		}
	}()
	src, dst := remote, q.cfg.Local
	if it.Dir == Upload {
		src, dst = q.cfg.Local, remote
	}
	if it.IsDir {
		return q.expand(ctx, it, src, dst)
	}
	return q.copyFile(ctx, it, src, dst, m)
}

// expandBatch is how many items of a folder are added at once: big
// enough that the journal's commit (an fsync) is shared by many, small
// enough that the queue's lock is held for a few milliseconds.
const expandBatch = 5000

// expand makes the destination folder and queues the folder's contents,
// with what the destination already holds of each.
func (q *Queue) expand(ctx context.Context, it Item, src, dst transfer.FS) error {
	ls, err := q.survey(ctx, src, it)
	if err != nil {
		return err
	}
	if seen(it.Seen, ls.sum) {
		return &CutError{Reason: "not copied: the folder lists the same as a folder it is in (a loop on the server)", Code: "loop"}
	}
	var there map[string]transfer.Entry // nil: the folder is new, so empty
	if it.DstKnown && it.DstSize < 0 {
		// The parent's listing said it is not there: make it, no stat.
		if err := dst.Mkdir(ctx, it.Dst); err != nil {
			if _, err := mkdirAll(ctx, dst, it.Dst); err != nil {
				return err
			}
			there = map[string]transfer.Entry{}
		}
	} else if created, err := mkdirAll(ctx, dst, it.Dst); err != nil {
		return err
	} else if !created {
		list, err := dst.List(ctx, it.Dst)
		if err != nil {
			return err
		}
		there = make(map[string]transfer.Entry, len(list))
		for _, e := range list {
			there[e.Name] = e
		}
	}
	// Every part file name either side shows here: a part file name must
	// be none of them, or a real file called "NAME.portside-part" (left by
	// someone's interrupted upload, or just named so) would be taken for
	// ours, resumed from and lost. Only names with the suffix can clash,
	// so a folder of a million files keeps no second million names.
	taken := ls.taken
	for n := range there {
		if strings.HasSuffix(n, partSuffix) {
			taken[n] = true
		}
	}
	// Children are added in batches, each its own journal transaction
	// under the queue's lock for a moment only, and past a window they
	// wait in the journal only (see window.go): a folder of a million
	// files neither holds a million items in memory nor stops the queue
	// (and the window's queue panel) while it is written.
	children := make([]Item, 0, min(ls.n, expandBatch))
	have, err := q.expanding(it, ls.n > expandBatch)
	if err != nil {
		return err
	}
	push := func(child Item) error {
		if have[srcHash(child.Src)] {
			return nil // added by an earlier run that was stopped half-way
		}
		children = append(children, child)
		if len(children) < expandBatch {
			return nil
		}
		// A run stopped meanwhile (paused, the batch's data path gone)
		// adds no more: Expanded lets the next run add the rest.
		if err := context.Cause(ctx); err != nil {
			return err
		}
		_, err := q.add(children, true)
		children = children[:0]
		return err
	}
	each := func(e transfer.Entry, refused error) error {
		return push(q.child(it, src, dst, e, refused, ls.sum, taken, there))
	}
	if ls.head != nil || ls.n == 0 {
		for _, l := range ls.head {
			if err := each(l.e, l.refused); err != nil {
				return err
			}
		}
	} else if err := src.(transfer.StreamLister).ListEach(ctx, it.Src, each); err != nil {
		// The second pass over a huge folder: its entries go to the
		// queue as they arrive.
		return err
	}
	if err := context.Cause(ctx); err != nil {
		return err
	}
	_, err = q.add(children, true)
	return err
}

// child is the item for entry e of folder item it (refused: a name the
// session refused as a local name). Names that cannot be copied become
// failed items with the reason, never dropped.
func (q *Queue) child(it Item, src, dst transfer.FS, e transfer.Entry, refused error, sum uint64, taken map[string]bool, there map[string]transfer.Entry) Item {
	if refused != nil {
		return Item{Batch: it.Batch, Site: it.Site, Dir: it.Dir, Src: src.Join(it.Src, e.Name),
			IsDir: e.IsDir, Size: e.Size, State: Failed, Err: refused.Error(), Why: whyOf(refused)}
	}
	childDst, err := destOf(it, dst, e.Name)
	if err != nil {
		return Item{Batch: it.Batch, Site: it.Site, Dir: it.Dir, Src: src.Join(it.Src, e.Name),
			IsDir: e.IsDir, Size: e.Size, State: Failed, Err: err.Error(), Why: whyOf(err)}
	}
	if q.cfg.Skip != nil {
		if why := q.cfg.Skip(it, e); why != "" {
			return Item{Batch: it.Batch, Site: it.Site, Dir: it.Dir, Src: src.Join(it.Src, e.Name), Dst: childDst,
				IsDir: e.IsDir, Size: e.Size, ModTime: e.ModTime, State: Skipped, Err: why}
		}
	}
	if e.IsLink && !e.IsDir && it.Dir == Download && e.Size == 0 {
		// A remote link's target is unknown: try it as a file.
		e.Size = -1
	}
	child := Item{
		Batch: it.Batch, Site: it.Site, Dir: it.Dir, Exists: it.Exists, Segments: it.Segments,
		Src: src.Join(it.Src, e.Name), Dst: childDst,
		IsDir: e.IsDir, Size: e.Size, ModTime: e.ModTime,
		DstKnown: true, DstSize: -1, PartSize: -1, PartOwned: true, Root: it.Root,
	}
	if child.Root == "" && it.Dir == Download {
		child.Root = it.Dst // the folder this expansion made or checked
	}
	if d, ok := there[e.Name]; ok {
		child.DstSize, child.DstTime = d.Size, d.ModTime
		if d.IsDir != e.IsDir {
			child.DstKnown = false // let the run find the clash and say so
		}
	}
	// A part file the listing shows is not ours: no journal says we
	// made it. The child's part gets a name free on both sides, so
	// whatever is at that name later was written by this item.
	if p := partName(e.Name, taken); p != e.Name+partSuffix {
		child.Part = dst.Join(it.Dst, p)
	}
	if child.IsDir {
		q.descend(it, sum, &child)
	}
	q.recall(&child, e, there)
	return child
}

// listed is one line of a listing: an entry, or a name refused.
type listed struct {
	e       transfer.Entry
	refused error
}

// survey is what expand needs of a folder's listing before it adds a
// child: its sum (is it a loop?), its names with the part suffix, its
// size, and, up to expandBatch entries, the entries themselves.
type survey struct {
	head  []listed // nil when over expandBatch: ListEach again
	n     int
	sum   uint64
	taken map[string]bool
}

// survey lists it's source folder. A huge folder is listed twice, as it
// streams by, rather than held: first for its sum and part-like names
// (a child's part name and a loop cut must be known before any child is
// added), then to add its children.
func (q *Queue) survey(ctx context.Context, src transfer.FS, it Item) (survey, error) {
	ls := survey{taken: map[string]bool{}}
	note := func(e transfer.Entry, refused error) {
		ls.n++
		if refused == nil {
			ls.sum += transfer.EntrySum(e)
			if strings.HasSuffix(e.Name, partSuffix) {
				ls.taken[e.Name] = true
			}
		}
	}
	if sl, ok := src.(transfer.StreamLister); ok && it.Dir == Download {
		err := sl.ListEach(ctx, it.Src, func(e transfer.Entry, refused error) error {
			note(e, refused)
			if ls.n <= expandBatch {
				ls.head = append(ls.head, listed{e, refused})
			} else {
				ls.head = nil
			}
			return nil
		})
		return ls, err
	}
	entries, refused, err := list(ctx, src, it)
	if err != nil {
		return ls, err
	}
	ls.head = make([]listed, 0, len(refused)+len(entries))
	for _, r := range refused { // counted and named as failed, never dropped
		note(r.Entry, r.Err)
		ls.head = append(ls.head, listed{r.Entry, r.Err})
	}
	for _, e := range entries {
		note(e, nil)
		ls.head = append(ls.head, listed{e, nil})
	}
	return ls, nil
}

// recall applies what an earlier run knew of child (Config.Earlier): a
// file it finished, unchanged on the source and still at the destination
// with its size, stays done; a part file it made is resumed from.
func (q *Queue) recall(child *Item, e transfer.Entry, there map[string]transfer.Entry) {
	if q.cfg.Earlier == nil || child.IsDir {
		return
	}
	prev, ok := q.cfg.Earlier(child.Dir, child.Src, child.Dst)
	if !ok {
		return
	}
	if prev.State == Done {
		if prev.Size == e.Size && prev.ModTime.Equal(e.ModTime) && child.DstKnown && child.DstSize == e.Size {
			child.State = Done
		}
		return
	}
	// The earlier item's part is ours: the journal says we made it.
	part := partOf(prev, prev.Dst)
	child.Part = ""
	if part != child.Dst+partSuffix {
		child.Part = part
	}
	if p, ok := there[lastName(part)]; ok && !p.IsDir && p.Size <= e.Size {
		child.PartSize = p.Size
		child.Ranges = prev.Ranges // a part that ranges wrote: its size is not how far it got
	}
}

// lastName is the last element of a path on either side.
func lastName(p string) string {
	return p[strings.LastIndexAny(p, `/\`)+1:]
}

// partName is the name of name's part file in a folder whose listings
// hold taken: "NAME.portside-part", or when that is a real file,
// "NAME.1.portside-part", "NAME.2.portside-part"…
func partName(name string, taken map[string]bool) string {
	p := name + partSuffix
	for n := 1; taken[p]; n++ { // at most len(taken) steps
		p = fmt.Sprintf("%s.%d%s", name, n, partSuffix)
	}
	return p
}

// partOf is the part file of it landing on target.
func partOf(it Item, target string) string {
	if it.Part != "" && target == it.Dst {
		return it.Part
	}
	return target + partSuffix
}

// list lists a folder to expand, with the names a server's listing held
// that cannot be local names, when the source can say (a download).
func list(ctx context.Context, src transfer.FS, it Item) ([]transfer.Entry, []transfer.Refusal, error) {
	if rl, ok := src.(transfer.RefusingLister); ok && it.Dir == Download {
		return rl.ListRefusals(ctx, it.Src)
	}
	entries, err := src.List(ctx, it.Src)
	return entries, nil, err
}

// destOf is where the child name of folder item it lands. A local path
// comes from localpath, the one builder of local destination paths; a
// remote one refuses only what FTP cannot carry.
func destOf(it Item, dst transfer.FS, name string) (string, error) {
	if it.Dir == Download {
		return localpath.Join(it.Dst, name)
	}
	if err := transfer.CheckRemoteName(name); err != nil {
		return "", err
	}
	return dst.Join(it.Dst, name), nil
}

// inTheWayError is a name the other kind holds: a file where a folder is
// to be made, or a folder (Folder) where a file is to land. Its facts
// are the queue's reasons "file_in_way" and "folder_in_way" (Path).
type inTheWayError struct {
	Path   string
	Folder bool
}

func (e *inTheWayError) Error() string {
	if e.Folder {
		return e.Path + ": a folder of that name is in the way"
	}
	return "make folder " + e.Path + ": a file of that name is in the way"
}

// mkdirAll makes dir and its missing parents on fs, and says whether it
// made dir.
func mkdirAll(ctx context.Context, fs transfer.FS, dir string) (bool, error) {
	if fs.Dir(dir) == dir {
		return false, nil // the root is always there (and some servers cannot stat it)
	}
	if e, err := fs.Stat(ctx, dir); err == nil {
		if !e.IsDir {
			return false, &inTheWayError{Path: dir}
		}
		return false, nil
	} else if transient(err) {
		// The network or the data path failed (a server without MLST
		// lists the parent to stat): the folder may well be there, and
		// making it would only earn a misleading 550.
		return false, fmt.Errorf("make folder %s: %w", dir, err)
	}
	if _, err := mkdirAll(ctx, fs, fs.Dir(dir)); err != nil {
		return false, err
	}
	if err := fs.Mkdir(ctx, dir); err != nil {
		if e, serr := fs.Stat(ctx, dir); serr == nil && e.IsDir {
			return false, nil // made by a neighbouring worker meanwhile
		}
		return false, err
	}
	return true, nil
}

// copyFile moves one file into dst under a part name, resuming a part that
// is there, checks its size, and renames it into place.
func (q *Queue) copyFile(ctx context.Context, it Item, src, dst transfer.FS, m *meter) error {
	if it.Size < 0 || it.ModTime.IsZero() {
		e, err := src.Stat(ctx, it.Src)
		if err != nil {
			return err
		}
		if e.IsDir {
			return q.expand(ctx, it, src, dst)
		}
		it.Size, it.ModTime = e.Size, e.ModTime
		m.size.Store(it.Size)
	}
	if !it.DstKnown && !it.PartOwned {
		if err := q.ownPart(ctx, &it, dst); err != nil {
			return err
		}
	}
	target, err := q.decide(ctx, &it, src, dst)
	if err != nil {
		return err
	}
	part := partOf(it, target)

	handled := false
	if it.Dir == Download {
		handled, err = q.segmented(ctx, &it, src, dst, part, target, m)
	}
	if !handled && err == nil {
		var offset int64
		if spans := parseRanges(it.Ranges, it.Size); spans != nil && target == it.Dst {
			offset = prefix(spans) // ranges wrote it: the first gap, not its size
		} else if it.DstKnown {
			if it.PartSize > 0 && it.PartSize <= it.Size && target == it.Dst {
				offset = it.PartSize
			}
		} else if pe, err := dst.Stat(ctx, part); err == nil && !pe.IsDir && pe.Size <= it.Size {
			offset = pe.Size
		}
		m.begin(offset)
		err = q.transfer(ctx, it, src, dst, part, offset, m)
		if err != nil && madeParent(ctx, it, dst, err) {
			m.begin(0)
			err = q.transfer(ctx, it, src, dst, part, 0, m)
		}
	}
	if err != nil {
		if errors.Is(context.Cause(ctx), errCancelled) {
			// Cancelled for good: the part would only be litter. (Paused
			// and broken transfers keep theirs, to resume.)
			cctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			dst.Remove(cctx, part)
			cancel()
		}
		return err
	}
	// A transfer that ended early looks like success to some servers;
	// the size says.
	size, err := sizeOf(ctx, dst, part)
	if err != nil {
		return fmt.Errorf("check %s: %w", part, err)
	}
	var changed error
	if size != it.Size {
		sc := &SizeChangedError{Path: target, Listed: it.Size, Received: size}
		if !q.cfg.KeepResized {
			// Start over next time: what is there cannot be trusted.
			dst.Remove(ctx, part)
			return sc
		}
		// The source confirmed the copy complete (the server's 226): keep it.
		changed = keptResized{sc}
	}
	if err := q.land(ctx, it, dst, part, target); err != nil {
		return err
	}
	if target != it.Dst {
		m.landedAt(target) // "Rename: keep both": the item shows where it went
	}
	if ts, ok := dst.(transfer.TimeSetter); ok && !it.ModTime.IsZero() {
		ts.SetModTime(ctx, target, it.ModTime) // best effort: many servers cannot
	}
	return changed
}

// ownPart gives an item whose part name nobody chose free (a file dragged
// to the server, an item made before PartOwned) a part file name that no
// file has now, and journals it before the copy writes anything: a file
// already at the usual name is not this item's, and after a crash the
// journal says the part at the new name is.
func (q *Queue) ownPart(ctx context.Context, it *Item, dst transfer.FS) error {
	it.Part = PartFor(ctx, dst, it.Dst)
	it.PartOwned = true
	q.mu.Lock()
	live := q.items[it.ID]
	if live == nil {
		q.mu.Unlock()
		return nil
	}
	live.Part, live.PartOwned = it.Part, true
	live.Rev++
	snap := *live
	q.mu.Unlock()
	if err := q.j.save(&snap); err != nil {
		return fmt.Errorf("%w: %w", errJournal, err)
	}
	return nil
}

// sizeOf is a file's size, by the cheapest means fs has.
func sizeOf(ctx context.Context, fs transfer.FS, p string) (int64, error) {
	if sz, ok := fs.(transfer.Sizer); ok {
		if n, err := sz.Size(ctx, p); err == nil {
			return n, nil
		}
	}
	e, err := fs.Stat(ctx, p)
	return e.Size, err
}

// transfer copies src from offset onto part. A server that will not
// resume an upload (proftpd without AllowStoreRestart) gets the whole file
// again, at once.
func (q *Queue) transfer(ctx context.Context, it Item, src, dst transfer.FS, part string, offset int64, m *meter) error {
	err := q.copyFrom(ctx, it, src, dst, part, offset, m)
	if offset > 0 && (errors.Is(err, transfer.ErrNoResume) || errors.Is(err, transfer.ErrRefused)) && ctx.Err() == nil {
		m.begin(0)
		err = q.copyFrom(ctx, it, src, dst, part, 0, m)
	}
	return diskFull(err)
}

func (q *Queue) copyFrom(ctx context.Context, it Item, src, dst transfer.FS, part string, offset int64, m *meter) error {
	if up, ok := dst.(transfer.Uploader); ok {
		r, err := src.Open(ctx, it.Src, offset)
		if err != nil {
			return err
		}
		err = up.Upload(ctx, part, offset, counter{r, m})
		return errors.Join(err, r.Close())
	}
	// The source first: a server that refuses the file (550) must not
	// leave an empty part file behind.
	r, err := src.Open(ctx, it.Src, offset)
	if err != nil {
		return err
	}
	if testHookBeforeCreate != nil {
		testHookBeforeCreate(it)
	}
	var w io.WriteCloser
	if rl, ok := dst.(rootedLocal); ok && it.Root != "" && it.Dir == Download {
		w, err = rl.CreateIn(ctx, it.Root, part, offset)
	} else {
		w, err = dst.Create(ctx, part, offset)
	}
	if err != nil {
		r.Close()
		return err
	}
	buf := buffers.Get().(*[]byte)
	defer buffers.Put(buf)
	// writerOnly hides *os.File's ReadFrom, which would otherwise take
	// over and copy in 32 KiB steps whatever buffer is passed here.
	_, cerr := io.CopyBuffer(writerOnly{w}, counter{r, m}, *buf)
	rerr := r.Close()
	werr := w.Close()
	return errors.Join(cerr, werr, rerr)
}

// rootedLocal is the local side when it can write through an os.Root
// (local.FS): a download's part file cannot leave its item's Root.
type rootedLocal interface {
	CreateIn(ctx context.Context, root, path string, offset int64) (io.WriteCloser, error)
	RenameIn(ctx context.Context, root, from, to string) error
}

// testHookBeforeCreate, when set by a test, runs between a download's
// checks and its part file's open: where a local attacker would swap a
// folder for a link.
var testHookBeforeCreate func(Item)

// land renames a finished part onto target: through an os.Root of the
// item's Root for a download, else as replace does.
func (q *Queue) land(ctx context.Context, it Item, dst transfer.FS, part, target string) error {
	if rl, ok := dst.(rootedLocal); ok && it.Root != "" && it.Dir == Download {
		return rl.RenameIn(ctx, it.Root, part, target)
	}
	return replace(ctx, dst, part, target)
}

// decide applies the file-exists policy and returns the path to land on.
func (q *Queue) decide(ctx context.Context, it *Item, src, dst transfer.FS) (string, error) {
	var de transfer.Entry
	if it.DstKnown {
		if it.DstSize < 0 {
			return it.Dst, nil
		}
		de = transfer.Entry{Size: it.DstSize, ModTime: it.DstTime}
	} else {
		var err error
		if de, err = dst.Stat(ctx, it.Dst); err != nil {
			if errors.Is(err, transfer.ErrNotFound) {
				return it.Dst, nil
			}
			return "", err
		}
	}
	if de.IsDir {
		return "", &inTheWayError{Path: it.Dst, Folder: true}
	}
	pol := it.Exists
	if pol == Ask {
		pol = q.ask(*it, transfer.Entry{Name: path.Base(it.Src), Size: it.Size, ModTime: it.ModTime}, de)
	}
	switch pol {
	case Skip:
		return "", errSkipped
	case OverwriteNewer:
		if !it.ModTime.After(de.ModTime) {
			return "", errSkipped
		}
	case OverwriteSize:
		if de.Size == it.Size {
			return "", errSkipped
		}
	case Resume:
		if de.Size >= it.Size {
			return "", errSkipped
		}
		// Resume onto the existing file: it becomes the part.
		if err := replace(ctx, dst, it.Dst, partOf(*it, it.Dst)); err != nil {
			return "", err
		}
		it.PartSize = de.Size
	case Rename:
		return freeName(ctx, dst, it.Dst)
	}
	return it.Dst, nil
}

// ask answers the Ask policy through the front end, remembering "apply to
// all". Headless, it replaces files that differ in size or are older.
func (q *Queue) ask(it Item, src, dst transfer.Entry) Policy {
	q.mu.Lock()
	if p, ok := q.answered[it.Dir]; ok {
		q.mu.Unlock()
		return p
	}
	q.mu.Unlock()
	if q.cfg.OnExists == nil {
		if src.Size != dst.Size || src.ModTime.After(dst.ModTime) {
			return Overwrite
		}
		return Skip
	}
	p, all := q.cfg.OnExists(it, src, dst)
	if all {
		q.mu.Lock()
		q.answered[it.Dir] = p
		q.mu.Unlock()
	}
	return p
}

// freeName finds "name (1).ext", "name (2).ext"… that does not exist.
func freeName(ctx context.Context, fs transfer.FS, p string) (string, error) {
	dir, base := fs.Dir(p), p[len(fs.Dir(p)):]
	base = strings.TrimLeft(base, `/\`)
	ext := path.Ext(base)
	stem := strings.TrimSuffix(base, ext)
	for i := 1; i < 1000; i++ {
		cand := fs.Join(dir, fmt.Sprintf("%s (%d)%s", stem, i, ext))
		if _, err := fs.Stat(ctx, cand); errors.Is(err, transfer.ErrNotFound) {
			return cand, nil
		}
	}
	return "", fmt.Errorf("no free name next to %s", p)
}

// replace renames from onto to; servers that refuse to rename over an
// existing file (pure-ftpd, IIS) get it removed first.
func replace(ctx context.Context, fs transfer.FS, from, to string) error {
	err := fs.Rename(ctx, from, to)
	if err == nil {
		return nil
	}
	if _, serr := fs.Stat(ctx, to); serr != nil {
		return err
	}
	if rerr := fs.Remove(ctx, to); rerr != nil {
		return fmt.Errorf("%w (and removing the old file failed: %v)", err, rerr)
	}
	return fs.Rename(ctx, from, to)
}

// diskFull names a full disk in words, so it is not retried.
func diskFull(err error) error {
	if err == nil {
		return nil
	}
	for _, e := range noSpace {
		if errors.Is(err, e) {
			return fmt.Errorf("%w: %v", errDiskFull, err)
		}
	}
	// FTP's "insufficient storage" (452) and "exceeded storage allocation" (552).
	if msg := err.Error(); strings.Contains(msg, " 452 ") || strings.Contains(msg, " 552 ") {
		return fmt.Errorf("%w: %v", errDiskFullServer, err)
	}
	return err
}
