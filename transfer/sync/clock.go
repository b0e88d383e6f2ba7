package syncplan

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"portside/transfer"
)

// MeasureClock finds how the server's listed times relate to the local
// clock: it uploads a small probe file into dir (or the nearest folder
// above it that exists), reads its time back from a listing, the way a
// walk reads times, and deletes it. precision is the listing's (see Walk).
//
// The difference splits in two: a whole number of quarter hours is a time
// zone (LIST in the server's local time, or a server that breaks MLSD's
// UTC rule), which shifts every listed time; the rest is the server's
// clock being off, which only shifts the times it stamps itself, so it
// widens the tolerance instead. A server where nothing can be written
// leaves the clock unmeasured, with a note that says why.
func MeasureClock(ctx context.Context, pool *Pool, dir string, precision time.Duration) Clock {
	return measureClock(ctx, pool, dir, precision, true)
}

// measureClock: unless proven, the precision is a guess from a walk that
// saw no times with seconds, and the probe's own listed time corrects it.
func measureClock(ctx context.Context, pool *Pool, dir string, precision time.Duration, proven bool) Clock {
	c := Clock{Precision: precision}
	fs, err := pool.Get(ctx)
	if err != nil {
		c.Note = "could not measure the server's clock: " + err.Error()
		c.noteWhy = Why{Code: "note_clock_failed", Detail: err.Error(), Text: c.Note}
		return c
	}
	raw, listed, err := probe(ctx, fs, dir)
	pool.Put(fs, err)
	if err != nil {
		c.Note = "could not measure the server's clock (times are compared as listed): " + err.Error()
		c.noteWhy = Why{Code: "note_clock_failed", Detail: err.Error(), Text: c.Note}
		return c
	}
	if !proven {
		precision = time.Minute
		if listed.Second() != 0 || listed.Nanosecond() != 0 {
			precision = time.Second
		}
		c.Precision = precision
	}
	// A listed time is cut to its precision: on average half of it is
	// missing.
	raw += precision / 2
	c.Zone = raw.Round(15 * time.Minute)
	c.Skew = (raw - c.Zone).Round(time.Second)
	if abs(c.Skew) <= max(precision, time.Second) {
		c.Skew = 0 // within what the listing can tell apart
	}
	c.Measured = true
	return c
}

// probe writes a probe file and returns its listed time minus the local
// time it was written at, and the listed time.
func probe(ctx context.Context, fs transfer.FS, dir string) (time.Duration, time.Time, error) {
	var tag [6]byte
	rand.Read(tag[:])
	name := probePrefix + hex.EncodeToString(tag[:]) + ".tmp"
	for {
		p := fs.Join(dir, name)
		before := time.Now()
		w, err := fs.Create(ctx, p, 0)
		if err == nil {
			_, err = io.WriteString(w, "Portside measures the server's clock with this file; it is deleted at once.\n")
			err = errors.Join(err, w.Close())
		}
		if err != nil && fs.Dir(dir) != dir {
			// Servers refuse a file in a missing folder in many words
			// (vsftpd "553 Could not create file", pure-ftpd "553 Can't
			// open that file"): if the folder is missing, try its parent.
			if _, serr := fs.Stat(ctx, dir); serr != nil && errors.Is(serr, transfer.ErrNotFound) {
				dir = fs.Dir(dir) // the sync's folder does not exist yet
				continue
			}
		}
		if err != nil {
			return 0, time.Time{}, err
		}
		after := time.Now()
		local := before.Add(after.Sub(before) / 2)
		entries, lerr := fs.List(ctx, dir)
		rerr := fs.Remove(ctx, p)
		if lerr != nil {
			return 0, time.Time{}, lerr
		}
		for _, e := range entries {
			if e.Name == name && !e.ModTime.IsZero() {
				return e.ModTime.Sub(local), e.ModTime, rerr
			}
		}
		if rerr != nil {
			return 0, time.Time{}, rerr
		}
		return 0, time.Time{}, fmt.Errorf("the probe file %s was not listed with a time", strings.TrimPrefix(p, dir))
	}
}

// zoneSamples is how many existing files zoneFromFiles asks the server
// about: one MDTM each; three that agree rule out a file touched between
// the listing and the question.
const zoneSamples = 3

// zoneFromFiles reads the time zone of a LIST server's times from files
// that are there, writing nothing: MDTM (UTC by RFC 3659; Stat asks it on
// servers without MLST) against the time the listing showed. Only the
// newest files count, as LIST gives older ones without a time of day.
// The clock's skew cannot be read this way (the files were not stamped
// now); a run measures it with a probe. ok is false when there is nothing
// to read it from, or the files disagree.
func zoneFromFiles(ctx context.Context, pool *Pool, root string, files []File, precision time.Duration) (zone time.Duration, ok bool) {
	if precision < time.Minute {
		return 0, false // MLSD: UTC by definition, nothing to read
	}
	if !slices.ContainsFunc(files, zoneSample) {
		return 0, false
	}
	fs, err := pool.Get(ctx)
	if err != nil {
		return 0, false
	}
	zone, ok, err = ReadZone(ctx, fs, root, files, precision)
	pool.Put(fs, err)
	return zone, ok
}

// zoneSample: only a file's own time of day tells the zone.
func zoneSample(f File) bool { return !f.IsDir && !f.IsLink && !f.DateOnly && !f.ModTime.IsZero() }

// ReadZone is zoneFromFiles on one session: the time zone of a LIST
// listing of root (files' paths relative to it), from MDTM of its newest
// files. The window's directory comparison uses it on a pane's session. err
// is the session's failure, for a pool to judge; ok is false without one
// too when the files disagree or have no times.
func ReadZone(ctx context.Context, fs transfer.FS, root string, files []File, precision time.Duration) (zone time.Duration, ok bool, err error) {
	var newest []File
	for _, f := range files {
		if zoneSample(f) {
			newest = append(newest, f)
		}
	}
	slices.SortFunc(newest, func(a, b File) int { return b.ModTime.Compare(a.ModTime) })
	newest = newest[:min(len(newest), zoneSamples)]
	if len(newest) == 0 {
		return 0, false, nil
	}
	for i, f := range newest {
		var e transfer.Entry
		e, err = fs.Stat(ctx, fs.Join(root, f.Path))
		if err != nil || e.ModTime.IsZero() {
			return 0, false, err
		}
		z := (f.ModTime.Add(precision / 2).Sub(e.ModTime)).Round(15 * time.Minute)
		if i > 0 && z != zone {
			return 0, false, nil
		}
		zone = z
	}
	return zone, true, nil
}

// Remeasure measures the server's clock with a probe file, which is only
// done once the user has approved a run that writes (Compare writes
// nothing), and plans again with it. It reports whether the plan changed:
// then the user should see the new one before anything runs.
func (r *Runner) Remeasure(ctx context.Context, prep *Prepared) (changed bool, err error) {
	old := prep.Remote.Clock
	c := measureClock(ctx, r.Remote, r.RemoteRoot, old.Precision, prep.Remote.proven)
	if !c.Measured || c.Zone == old.Zone && c.Skew == old.Skew {
		if c.Measured {
			// The same clock, now measured: the manifest keeps it. The plan
			// (which the preview may be showing) is left alone.
			prep.Remote.Clock = c
		}
		return false, nil
	}
	prep.Remote.Clock = c
	plan, err := Build(prep.Local.Listing, prep.Remote.Listing, r.Options, prep.Manifest)
	if plan == nil {
		return true, err
	}
	changed = !sameActions(prep.Plan, plan)
	prep.Plan = plan
	prep.note(Why{Code: "note_clock_measured", Detail: fmt.Sprint(c.Zone), Age: c.Skew,
		Text: fmt.Sprintf("measured the server's clock for the run: zone %s, off by %s", c.Zone, c.Skew)})
	return changed, err
}

// sameActions reports whether two plans do the same things to the same
// paths.
func sameActions(a, b *Plan) bool {
	if a == nil || b == nil || len(a.Actions) != len(b.Actions) {
		return a == b
	}
	for i := range a.Actions {
		if a.Actions[i].Op != b.Actions[i].Op || a.Actions[i].Path != b.Actions[i].Path {
			return false
		}
	}
	return true
}
