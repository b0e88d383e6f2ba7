package i18n

import (
	"encoding/json"
	"strings"

	"portside/transfer"
	"portside/transfer/transport"
)

// Event words a message log line for a person: an Info line the engine
// gave a code (Event.Key) in this language, its facts escaped; anything
// else — commands, replies, lines without a code — as the engine or the
// server wrote it, escaped. The command line's -v log uses it; the window
// words its log with Fyne's lang (ui's eventText) from the same keys.
func (l *Localizer) Event(e transport.Event) string {
	d := map[string]any{}
	for k, v := range e.Args {
		d[k] = transfer.Escape(v)
	}
	var f transport.Facts
	if e.Args["Facts"] != "" && json.Unmarshal([]byte(e.Args["Facts"]), &f) == nil {
		d["Error"] = l.Facts(f) // a failed step, worded (Error is the engine's English)
	}
	if e.Key == "auto_chose" && (e.Args["Lost"] != "" || e.Args["Failed"] != "") {
		d["Others"] = l.AutoOthers(e.Args["Lost"], e.Args["Failed"])
	}
	switch e.Key {
	case "connecting":
		return l.T("log.connecting", d)
	case "through":
		return l.T("log.through", d)
	case "secured":
		return l.T("log.secured", d)
	case "pasv_replaced":
		return l.T("log.pasv_replaced", d)
	case "data_to":
		return l.T("log.data_to", d)
	case "data_wait":
		return l.T("log.data_wait", d)
	case "logged_in":
		return l.T("log.logged_in", d)
	case "reconnecting":
		return l.T("log.reconnecting", d)
	case "auto_chose":
		if e.Args["Won"] != "" { // the facts, worded here (Reason is the engine's English)
			if e.Args["Others"] != "" {
				return l.T("log.auto_chose_over", d)
			}
			return l.T("log.auto_chose_won", d)
		}
		return l.T("log.auto_chose", d)
	case "auto_trying":
		return l.T("log.auto_trying", d)
	case "auto_trying_stalled":
		return l.T("log.auto_trying_stalled", d)
	case "auto_trying_after_failures":
		return l.T("log.auto_trying_after_failures", d)
	case "auto_next_floor":
		return l.T("log.auto_next_floor", d)
	case "auto_next_cap":
		return l.T("log.auto_next_cap", d)
	case "auto_next_rtt":
		return l.T("log.auto_next_rtt", d)
	case "auto_one_at_a_time":
		return l.T("log.auto_one_at_a_time", d)
	case "auto_failed":
		return l.T("log.auto_failed", d)
	case "auto_wait_last":
		return l.T("log.auto_wait_last", d)
	case "auto_wait_full":
		return l.T("log.auto_wait_full", d)
	case "auto_wait_floor":
		return l.T("log.auto_wait_floor", d)
	case "auto_wait_rtt":
		return l.T("log.auto_wait_rtt", d)
	case "auto_unclosed":
		return l.T("log.auto_unclosed", d)
	case "size_trusted":
		return l.T("log.size_trusted", d)
	case "size_distrusted":
		return l.T("log.size_distrusted", d)
	case "pipelined":
		return l.T("log.pipelined", d)
	case "pipelined_unneeded":
		return l.T("log.pipelined_unneeded", d)
	case "failed": // a Failure line: the step's facts, worded
		if s, ok := d["Error"].(string); ok {
			return s
		}
	case "pipelined_epsv": // a Sent line: the command and why it went early
		return l.T("log.pipelined_epsv", d)
	case "early_dial":
		return l.T("log.early_dial", d)
	case "early_dial_tls":
		return l.T("log.early_dial_tls", d)
	case "close_notify_early":
		return l.T("log.close_notify_early", d)
	case "pipelined_refused":
		return l.T("log.pipelined_refused", d)
	case "no_tls":
		return l.T("log.no_tls", d)
	case "plain_agreed":
		return l.T("log.plain_agreed", d)
	case "data_from":
		return l.T("log.data_from", d)
	case "data_refused":
		return l.T("log.data_refused", d)
	case "range_closed":
		return l.T("log.range_closed", d)
	case "using_proven":
		return l.T("log.using_proven", d)
	}
	return transfer.Escape(e.Text)
}

// AutoOthers words auto mode's other methods when one won (the Lost and
// Failed of an "auto_chose" line): those it stopped and those that had
// failed (each failure has its own line above).
func (l *Localizer) AutoOthers(lost, failed string) string {
	var parts []string
	sep := l.T("log.method_sep", nil)
	if lost != "" {
		parts = append(parts, l.T("log.auto_others_lost", map[string]any{"Methods": strings.ReplaceAll(lost, ",", sep)}))
	}
	if failed != "" {
		parts = append(parts, l.T("log.auto_others_failed", map[string]any{"Methods": strings.ReplaceAll(failed, ",", sep)}))
	}
	return strings.Join(parts, l.T("log.others_sep", nil))
}
