package queue

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"time"

	"portside/transfer"
	"portside/transfer/localpath"
	"portside/transfer/transport"
)

// When a data connection cannot be opened at all (transfer.ErrDataPath),
// the fault is the path to the server, not the file: every other item of
// the batch would wait out the same data timeout, three tries each.
// Measured through a silently dropping router before this rule: 20 files
// took 305 s to fail, 200 files against an active-only server 134 s. So
// the batch stops at once, each item saying why in the same words; Retry
// runs them again once the path is fixed.
//
// In auto mode the session does not report a failure of its method as
// ErrDataPath: the item is retried on a fresh session, which probes again,
// and only a probe that finds no method stops the batch ("re-probe once").

// pathStopped is the cause given to the batch's running items.
type pathStopped struct {
	first uint64 // the item whose failure stopped the batch
	err   error
}

func (p *pathStopped) Error() string {
	return fmt.Sprintf("stopped: no data connection opens to the server (item %d: %v)", p.first, p.err)
}

func (p *pathStopped) Unwrap() []error { return []error{transfer.ErrDataPath, p.err} }

// stopBatch fails the items of it's batch and site that have not finished,
// and stops the running ones. q.mu is held.
func (q *Queue) stopBatch(it *Item, err error) {
	var ps *pathStopped
	if p, ok := err.(*pathStopped); ok {
		ps = p // a running item that was stopped: the batch is done already
	} else {
		ps = &pathStopped{first: it.ID, err: err}
	}
	q.unspill(nil) // those in the journal only fail too
	var changed []*Item
	for _, id := range q.order {
		o := q.items[id]
		if o == nil || o.ID == it.ID || o.Batch != it.Batch || o.Site != it.Site || o.State.Final() {
			continue
		}
		switch o.State {
		case Running:
			q.active[id].cancel(ps)
			continue
		case Queued:
			q.pending[o.Batch]--
		}
		o.State, o.Ended, o.Err, o.Why = Failed, time.Now(), ps.Error(), whyOf(ps)
		o.Rev++
		changed = append(changed, o)
	}
	q.commit(changed)
}

// queueFacts is the queue's own reason in err as a code (Facts.Code),
// for a window that words it in its own language.
func queueFacts(err error) (transport.Facts, bool) {
	var cut *CutError
	var kept keptResized
	sc, isResized := resized(err)
	switch {
	case errors.As(err, &cut) && cut.Code != "":
		return transport.Facts{Code: cut.Code, N: cut.N}, true
	case errors.As(err, &kept):
		return transport.Facts{Code: "size_kept", N: kept.Listed, M: kept.Received}, true
	case isResized:
		return transport.Facts{Code: "size_changed", N: sc.Listed, M: sc.Received}, true
	case errors.Is(err, errDiskFullServer):
		return transport.Facts{Code: "disk_full_server"}, true
	case errors.Is(err, errDiskFull):
		return transport.Facts{Code: "disk_full"}, true
	case errors.Is(err, errJournal):
		return transport.Facts{Code: "journal"}, true
	}
	var way *inTheWayError
	if errors.As(err, &way) {
		if way.Folder {
			return transport.Facts{Code: "folder_in_way", Path: way.Path}, true
		}
		return transport.Facts{Code: "file_in_way", Path: way.Path}, true
	}
	// A name refused: the rule it breaks, for the front end's words.
	var ne *transfer.NameError
	var we *transfer.WindowsNameError
	switch {
	case errors.As(err, &we):
		return transport.Facts{Code: "bad_name", Name: we.Name, Rule: "win_" + we.Rule, Detail: we.Detail}, true
	case errors.As(err, &ne):
		return transport.Facts{Code: "bad_name", Name: ne.Name, Rule: ne.Rule}, true
	case errors.Is(err, localpath.ErrLink):
		return transport.Facts{Code: "bad_name", Rule: "link"}, true
	case errors.Is(err, localpath.ErrOutside):
		return transport.Facts{Code: "bad_name", Rule: "outside"}, true
	case errors.Is(err, transfer.ErrBadName):
		return transport.Facts{Code: "bad_name"}, true
	}
	// A server's refusal of an operation: its kind and its reply. Not a
	// network's error inside one (a dropped connection): that is its cause.
	var op *transfer.OpError
	var re *transfer.ReplyError
	if errors.As(err, &op) && op.Op != "" {
		reply := ""
		if errors.As(err, &re) {
			reply = fmt.Sprintf("%d %s", re.Code, re.Msg)
		}
		if kind := transfer.KindOf(err); kind != "" || reply != "" {
			return transport.Facts{Code: "remote", Name: op.Op, Detail: op.Verb, Path: op.Path, Rule: kind, Reply: reply}, true
		}
	}
	// A file's own error (local.FS keeps these an *fs.PathError): its
	// path and the system's words, for a front end to word the rest.
	var pe *fs.PathError
	if errors.As(err, &pe) {
		switch {
		case errors.Is(err, fs.ErrPermission), errors.Is(err, transfer.ErrPermission):
			return transport.Facts{Code: "permission", Path: pe.Path, CauseText: pe.Err.Error()}, true
		case errors.Is(err, fs.ErrNotExist), errors.Is(err, transfer.ErrNotFound):
			return transport.Facts{Code: "not_found", Path: pe.Path, CauseText: pe.Err.Error()}, true
		}
	}
	return transport.Facts{}, false
}

// WhyOf is err's facts as Item.Why keeps them ("" when it has none), for
// a front end that makes a failed item itself (a name it refused).
func WhyOf(err error) string { return whyOf(err) }

// whyOf is err's facts for Item.Why (JSON), or "" when it has none: a
// failed step (transport.StepError) or an idle timeout, the queue's own
// reason, or else how the network answered (a connection dropped in the
// middle of a transfer, a TLS alert) when it is one the front ends word.
func whyOf(err error) string {
	f, ok := transport.FactsOf(err)
	if !ok {
		if f, ok = queueFacts(err); !ok {
			if f = transport.CauseOf(err); f.Cause == "" {
				return ""
			}
		}
	}
	b, err := json.Marshal(f)
	if err != nil {
		return ""
	}
	return string(b)
}
