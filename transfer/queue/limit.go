package queue

// A "421 Too many connections" lowers a site's live limit at once to the
// connections that are running (queue.go, finish). The cap behind it is
// often not firm: another client of the same address logged out, or the
// server was busy for a while. So the limit climbs back, one connection
// at a time, up to the site's own limit: after raiseFirst files done
// without a 421, one more connection is tried; when that one is refused
// too, the next try waits for twice as many files (at most raiseMost), so
// a firm cap costs a refused login now and then, never one per file.
// Counting files, not time, keeps a slow link from trying more often
// than a fast one does per file moved, and needs no timer.
const (
	raiseFirst = 8
	raiseMost  = 512
)

// raise is one site's climb back to its limit.
type raise struct {
	done  int  // files done since the limit was last changed
	need  int  // files done before the next try
	tried bool // the limit is one above what worked: a 421 now doubles need
}

// lowerLimit runs site with what is running now (at least one), after a
// 421; it returns the new live limit. q.mu is held.
func (q *Queue) lowerLimit(site string, running int) int {
	l := max(running, 1)
	q.live[site] = l
	r := q.raising[site]
	switch {
	case r.need == 0:
		r.need = raiseFirst
	case r.tried:
		r.need = min(r.need*2, raiseMost)
	}
	r.done, r.tried = 0, false
	q.raising[site] = r
	return l
}

// calmed counts a file done on site; once enough were done since the last
// change, a lowered limit goes up by one (back to the site's own limit,
// which then applies again as configured). q.mu is held.
func (q *Queue) calmed(site string) {
	l, lowered := q.live[site]
	if !lowered {
		return
	}
	r := q.raising[site]
	if r.done++; r.done < r.need {
		q.raising[site] = r
		return
	}
	r.done, r.tried = 0, true
	q.raising[site] = r
	delete(q.live, site) // q.limit says the site's own limit now
	if own := q.limit(site); l+1 < own {
		q.live[site] = l + 1
	}
}
