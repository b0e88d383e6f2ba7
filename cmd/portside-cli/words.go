package main

import (
	"encoding/json"
	"errors"
	"strings"
	"time"

	"portside/i18n"
	"portside/transfer"
	"portside/transfer/ftp"
	"portside/transfer/queue"
	syncplan "portside/transfer/sync"
	"portside/transfer/transport"
)

// wordedError is an error worded whole from a catalogue message: its
// text is the user's language, and errors.Is still finds the sentinel
// (errUsage, errNoWay) that picks the exit code.
type wordedError struct {
	base error
	text string
}

func (w wordedError) Error() string { return w.text }
func (w wordedError) Unwrap() error { return w.base }

// refuseWith is a flag's refusal: the English error as it is (scripts
// match it) when w is English or absent, else the catalogue's words with
// the English error kept for errors.Is.
func refuseWith(w *i18n.Localizer, english error, worded func(*i18n.Localizer) string) error {
	if w == nil || w.Lang() == i18n.English {
		return english
	}
	return wordedError{english, worded(w)}
}

// usageErr is a usage error (exit 2) saying text, a worded message:
// "usage: …" in English, as before, so scripts that match it still do.
func (e *env) usageErr(text string) error {
	return wordedError{errUsage, e.words.T("cli.usage_error", map[string]any{"Text": text})}
}

// failErr is a failure (exit 1) saying text, a worded message, with base
// as its cause for errors.Is (nil: none).
func (e *env) failErr(base error, text string) error {
	if base == nil {
		base = errors.New(text)
	}
	return wordedError{base, text}
}

// errText words err for a line of its own, as run words the final error:
// a failed step's facts in the user's language, else the error's text.
func (e *env) errText(err error) string { return errorText(e.words, err) }

// itemReason is why a queue item failed: worded from the facts the
// queue kept with it (Item.Why: a failed step, the queue's own reason,
// the network's answer) in another language than English, else as the
// engine worded it — framed in the user's language when it has no facts.
func itemReason(w *i18n.Localizer, it queue.Item) string {
	if w.Lang() == i18n.English {
		return it.Err
	}
	var f transport.Facts
	if it.Why == "" || json.Unmarshal([]byte(it.Why), &f) != nil {
		return w.T("cli.err.other", map[string]any{"Detail": transfer.Escape(it.Err)})
	}
	return w.Facts(f)
}

// problemsText words a sync's failures (syncplan.ProblemsError): a copy
// by its queue item's facts, a delete or the manifest by its error, the
// first 20, and that nothing was deleted when a copy failed.
func problemsText(w *i18n.Localizer, pe *syncplan.ProblemsError) string {
	res := pe.Result
	var b strings.Builder
	b.WriteString(w.T("cli.sync.problems", map[string]any{"Problems": w.TN("cli.count.problems", len(res.Problems), nil)}))
	for i, p := range res.Problems {
		if i == 20 {
			b.WriteString("\n  " + w.T("cli.more", map[string]any{"Count": len(res.Problems) - 20}))
			break
		}
		why := ""
		if p.Item != nil {
			why = itemReason(w, *p.Item)
		} else if p.Err != nil {
			why = errorText(w, p.Err)
		}
		if p.Path != "" {
			why = p.Path + ": " + why
		}
		b.WriteString("\n  " + why)
	}
	if res.DeletesHeld {
		b.WriteString("\n" + w.T("cli.sync.deletes_held", nil))
	}
	return b.String()
}

// retryLine is -v's line for an item the queue runs again after a
// transient error: English keeps the queue's words ("retrying in 2s:
// …"); another language words its facts (Item.Why) when it has them, else
// frames the error's own text (the queue's "retrying in 2s: " prefix,
// which only repeats the English, left out).
func (r *reporter) retryLine(it queue.Item) string {
	reason := it.Err
	if r.words.Lang() != i18n.English {
		var f transport.Facts
		if it.Why != "" && json.Unmarshal([]byte(it.Why), &f) == nil {
			reason = r.words.Facts(f)
		} else {
			if _, rest, ok := strings.Cut(it.Err, ": "); ok && strings.HasPrefix(it.Err, "retrying in ") {
				reason = rest
			}
			reason = r.words.T("cli.err.other", map[string]any{"Detail": reason})
		}
	}
	return r.words.T("cli.line.retrying", map[string]any{"Path": it.Src, "Reason": reason})
}

// stateLine is the line a finished item prints when the output is not a
// terminal: "done PATH" in English, as scripts read it.
func (r *reporter) stateLine(s queue.State, path string) string {
	d := map[string]any{"Path": path}
	switch s {
	case queue.Done:
		return r.words.T("cli.line.done", d)
	case queue.Failed:
		return r.words.T("cli.line.failed", d)
	case queue.Skipped:
		return r.words.T("cli.line.skipped", d)
	case queue.Cancelled:
		return r.words.T("cli.line.cancelled", d)
	}
	return s.String() + " " + path
}

// probeText is -v's line on what auto mode chose and why. English keeps
// the engine's reason; another language words it from the attempts: the
// winner's time, and each other method's fate (its error worded as any).
func (e *env) probeText(p *ftp.Probe) string {
	if e.words.Lang() == i18n.English {
		return e.words.T("cli.auto.chose", map[string]any{"Method": p.Method.String(), "Reason": p.Reason})
	}
	var why []string
	for _, a := range p.Attempts {
		d := map[string]any{"Method": a.Method.String(), "Took": a.Took.Round(time.Millisecond).String(),
			"Won": (a.Start + a.Took).Round(time.Millisecond).String()}
		switch {
		case a.Err == nil:
			why = append([]string{e.words.T("cli.auto.won", d)}, why...)
		case a.Lost:
			why = append(why, e.words.T("cli.auto.lost", d))
		default:
			d["Err"] = e.errText(a.Err)
			why = append(why, e.words.T("cli.auto.failed", d))
		}
	}
	if len(why) == 0 { // proven by another connection of this run
		why = append(why, e.words.T("cli.auto.proven", nil))
	}
	return e.words.T("cli.auto.chose", map[string]any{"Method": p.Method.String(), "Reason": strings.Join(why, e.words.T("cli.list_sep", nil))})
}

// cliLang is the language of the locale, as gettext picks it: the locale
// is the first of LC_ALL, LC_MESSAGES and LANG that is set, and when it
// is C or POSIX the messages are English whatever LANGUAGE says — so a
// script that runs "LC_ALL=C portside-cli …" reads the English lines it
// parses ("done PATH") in any user's session. Otherwise i18n.System.
func cliLang(getenv func(string) string) string {
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		s := getenv(v)
		if s == "" {
			continue
		}
		if s == "C" || s == "POSIX" || strings.HasPrefix(s, "C.") {
			return i18n.English
		}
		break
	}
	return i18n.System(getenv)
}
