package syncplan

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
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
		return c
	}
	raw, listed, err := probe(ctx, fs, dir)
	pool.Put(fs, err)
	if err != nil {
		c.Note = "could not measure the server's clock (times are compared as listed): " + err.Error()
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
