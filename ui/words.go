package ui

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"syscall"
	"time"

	"fyne.io/fyne/v2/lang"

	"portside/i18n"
	"portside/transfer"
	"portside/transfer/queue"
	syncplan "portside/transfer/sync"
	"portside/transfer/transport"
)

// choiceLabel words one of the Site Manager's fixed choices (the tables
// in transfer/sites, and the Charset tab's) in the window's language. The
// tables keep FileZilla's English labels, which sites.json never stores
// and the editor maps back through englishLabel; a label not listed here
// is shown as it is.
func choiceLabel(en string) string {
	switch en {
	case "Only use plain FTP (insecure)":
		return lang.X("site.protocol.ftp", "Only use plain FTP (insecure)")
	case "Require explicit FTP over TLS":
		return lang.X("site.protocol.ftpes", "Require explicit FTP over TLS")
	case "Require implicit FTP over TLS":
		return lang.X("site.protocol.ftps", "Require implicit FTP over TLS")
	case "SFTP - SSH File Transfer Protocol":
		return lang.X("site.protocol.sftp", "SFTP - SSH File Transfer Protocol")
	case "Anonymous":
		return lang.X("site.logon.anonymous", "Anonymous")
	case "Normal":
		return lang.X("site.logon.normal", "Normal")
	case "Ask for password":
		return lang.X("site.logon.ask", "Ask for password")
	case "Key file":
		return lang.X("site.logon.key", "Key file")
	case "Default":
		return lang.X("site.mode.auto", "Default")
	case "Active":
		return lang.X("site.mode.active", "Active")
	case "Passive":
		return lang.X("site.mode.passive", "Passive")
	case "Use the server's own address":
		return lang.X("site.pasv.server", "Use the server's own address")
	case "Use the address the server sends":
		return lang.X("site.pasv.sent", "Use the address the server sends")
	case charsetAuto:
		return lang.X("site.charset.auto", "Autodetect")
	case charsetUTF8:
		return lang.X("site.charset.utf8", "Force UTF-8")
	case charsetCustom:
		return lang.X("site.charset.custom", "Use custom charset")
	case findAny:
		return lang.X("find.any", "Files and folders")
	case findFiles:
		return lang.X("find.files", "Files only")
	case findFolders:
		return lang.X("find.folders", "Folders only")
	case scopeAll:
		return lang.X("chmod.scope.all", "Apply to all files and folders")
	case scopeFiles:
		return lang.X("chmod.scope.files", "Apply to files only")
	case scopeFolders:
		return lang.X("chmod.scope.folders", "Apply to folders only")
	}
	return en
}

// localLabels words a list of choices.
func localLabels(en []string) []string {
	out := make([]string, len(en))
	for i, s := range en {
		out[i] = choiceLabel(s)
	}
	return out
}

// englishLabel is the English label of the choice shown as shown, for the
// tables' ByLabel; "" when none is.
func englishLabel(en []string, shown string) string {
	for _, s := range en {
		if choiceLabel(s) == shown {
			return s
		}
	}
	return ""
}

// Counts with the language's plural forms, for messages that name them.
func countFiles(n int) string {
	return lang.XN("count.files", english(n, "1 file", "{{.Count}} files"), n, map[string]any{"Count": n})
}

func countFolders(n int) string {
	return lang.XN("count.folders", english(n, "1 folder", "{{.Count}} folders"), n, map[string]any{"Count": n})
}

func countItems(n int) string {
	return lang.XN("count.items", english(n, "1 item", "{{.Count}} items"), n, map[string]any{"Count": n})
}

// planReason words a sync action's reason (syncplan.Why) in the window's
// language; a code without a message shows the plan's English.
func planReason(w syncplan.Why) string {
	d := map[string]any{"Detail": w.Detail, "Age": ageText(w.Age), "Here": HumanSize(w.Here), "There": HumanSize(w.There),
		"Skew": w.Age.String(), "Text": w.Text}
	switch w.Code {
	case "excluded":
		return lang.X("plan.excluded", "excluded by {{.Detail}}", d)
	case "not_included":
		return lang.X("plan.not_included", "not matched by an include pattern")
	case "refused":
		return lang.X("plan.refused", "cannot be copied: {{.Detail}}", d)
	case "cut_here":
		return lang.X("plan.cut_here", "{{.Detail}} here", d)
	case "cut_server":
		return lang.X("plan.cut_server", "{{.Detail}} on server", d)
	case "link_here":
		return lang.X("plan.link_here", "symbolic link here (links are not followed)")
	case "link_server":
		return lang.X("plan.link_server", "symbolic link on server (links are not followed)")
	case "broken_link_here":
		return lang.X("plan.broken_link_here", "broken or looping symbolic link here")
	case "broken_link_server":
		return lang.X("plan.broken_link_server", "broken or looping symbolic link on server")
	case "folder_file":
		return lang.X("plan.folder_file", "a folder here, a file on server: remove one by hand")
	case "file_folder":
		return lang.X("plan.file_folder", "a file here, a folder on server: remove one by hand")
	case "not_on_server":
		return lang.X("plan.not_on_server", "not on server")
	case "not_here":
		return lang.X("plan.not_here", "not here")
	case "folder_not_on_server":
		return lang.X("plan.folder_not_on_server", "folder not on server")
	case "folder_not_here":
		return lang.X("plan.folder_not_here", "folder not here")
	case "only_on_server":
		return lang.X("plan.only_on_server", "only on server (deleting is off)")
	case "only_here":
		return lang.X("plan.only_here", "only here (deleting is off)")
	case "gone_here":
		return lang.X("plan.gone_here", "gone from here")
	case "gone_server":
		return lang.X("plan.gone_server", "gone from server")
	case "holds_staying":
		return lang.X("plan.holds_staying", "not deleted: it holds files that stay")
	case "always":
		return lang.X("plan.always", "copy always")
	case "unchanged":
		return lang.X("plan.unchanged", "unchanged since the last sync")
	case "changed_here":
		return lang.X("plan.changed_here", "changed here since the last sync")
	case "changed_server":
		return lang.X("plan.changed_server", "changed on server since the last sync")
	case "newer_kept_here":
		return lang.X("plan.newer_kept_here", "newer here by {{.Age}} (only newer files are copied)", d)
	case "newer_kept_server":
		return lang.X("plan.newer_kept_server", "newer on server by {{.Age}} (only newer files are copied)", d)
	case "size_differs":
		return lang.X("plan.size_differs", "size differs: {{.Here}} here, {{.There}} there", d)
	case "same_size":
		return lang.X("plan.same_size", "same size")
	case "same_size_untimed":
		return lang.X("plan.same_size_untimed", "same size (no time to compare)")
	case "newer_here":
		return lang.X("plan.newer_here", "newer here by {{.Age}}", d)
	case "newer_server":
		return lang.X("plan.newer_server", "newer on server by {{.Age}}", d)
	case "time_differs_here":
		return lang.X("plan.time_differs_here", "time differs: newer here by {{.Age}}", d)
	case "time_differs_server":
		return lang.X("plan.time_differs_server", "time differs: newer on server by {{.Age}}", d)
	case "same_day":
		return lang.X("plan.same_day", "same size and day (the server lists only the date)")
	case "same_time":
		return lang.X("plan.same_time", "same size and time")
	case "by_hand":
		return lang.X("plan.by_hand", "left out by hand")
	case "note_manifest":
		return lang.X("plan.note_manifest", "{{.Text}}", d)
	case "note_clock_last":
		return lang.X("plan.note_clock_last", "the server's clock as the last sync measured it (a dry run writes nothing)")
	case "note_clock_unmeasured":
		return lang.X("plan.note_clock_unmeasured", "the server's clock was not measured: comparing writes nothing (a run measures it first)")
	case "note_clock_zone":
		return lang.X("plan.note_clock_zone", "the server's time zone ({{.Detail}}) was read from files that are there; its clock is measured "+
			"when a run starts (comparing writes nothing)", d)
	case "note_clock_failed":
		return lang.X("plan.note_clock_failed", "{{.Text}}", d)
	case "note_clock_measured":
		return lang.X("plan.note_clock_measured", "measured the server's clock for the run: zone {{.Detail}}, off by {{.Skew}}", d)
	}
	return w.Text
}

// ageText is a time difference as the plan says it (syncplan.Age), in
// the window's language.
func ageText(d time.Duration) string {
	d = d.Abs()
	n := map[string]any{}
	switch {
	case d < 90*time.Second:
		n["Count"] = int(d.Round(time.Second) / time.Second)
		return lang.X("age.seconds", "{{.Count}} s", n)
	case d < 90*time.Minute:
		n["Count"] = int(d.Round(time.Minute) / time.Minute)
		return lang.X("age.minutes", "{{.Count}} min", n)
	case d < 48*time.Hour:
		n["Count"] = int(d.Round(time.Hour) / time.Hour)
		return lang.X("age.hours", "{{.Count}} h", n)
	}
	n["Count"] = int(d.Round(24*time.Hour) / (24 * time.Hour)) // 2 or more
	return lang.X("age.days", "{{.Count}} days", n)
}

// itemError is a queue item's reason: worded from the facts the queue
// kept with it (Item.Why, a failed step's transport.Facts), else as the
// engine worded it.
func itemError(it queue.Item) string {
	var f transport.Facts
	if it.Why == "" || json.Unmarshal([]byte(it.Why), &f) != nil {
		return it.Err
	}
	if it.State == queue.Queued { // a transient failure, tried again
		return lang.X("queue.retrying", "retrying: {{.Reason}}", map[string]any{"Reason": factsText(f)})
	}
	return factsText(f)
}

// errorText words an error for the status bar and the dialogs. The
// engine's typed errors (transport.StepError, IdleError) are worded from
// the catalogue with their facts; a server's reply inside is shown as the
// server sent it, escaped.
func errorText(err error) string {
	if err == nil {
		return ""
	}
	if f, ok := transport.FactsOf(err); ok {
		return factsText(f)
	}
	if s, ok := localErrorText(err); ok {
		return s
	}
	return err.Error()
}

// localErrorText words the errors of this computer's own files that carry
// no facts of a step — no permission, a full disk, a name that is not
// there — with the path, in the window's language (the system's text, e.g.
// "open /x: permission denied", would be English).
func localErrorText(err error) (string, bool) {
	if i18n.System(nil) == i18n.English {
		return "", false // the system's sentence is English already, and names the operation
	}
	var p string
	var pe *fs.PathError
	var le *os.LinkError
	switch {
	case errors.As(err, &pe):
		p = pe.Path
	case errors.As(err, &le):
		p = le.New
	default:
		return "", false
	}
	d := map[string]any{"Path": transfer.Escape(p)}
	switch {
	case errors.Is(err, fs.ErrPermission), errors.Is(err, transfer.ErrPermission):
		return lang.X("err.local.permission", "{{.Path}}: permission denied", d), true
	case errors.Is(err, syscall.ENOSPC):
		return lang.X("err.local.no_space", "{{.Path}}: no space left on the disk", d), true
	case errors.Is(err, fs.ErrNotExist), errors.Is(err, transfer.ErrNotFound):
		return lang.X("err.local.not_found", "{{.Path}}: no such file or folder", d), true
	}
	return "", false
}

// factsText words a failed step's facts in the window's language
// (i18n.Localizer.Facts, which the command line uses too).
func factsText(f transport.Facts) string { return i18n.For(i18n.System(nil)).Facts(f) }

// barLabel words the quick-connect bar's TLS and mode names
// (transport.TLSMode and Mode's String, which Parse reads back through
// barName).
func barLabel(name string) string {
	switch name {
	case "none":
		return lang.X("bar.tls.none", "none")
	case "explicit":
		return lang.X("bar.tls.explicit", "explicit")
	case "implicit":
		return lang.X("bar.tls.implicit", "implicit")
	case "if-available":
		return lang.X("bar.tls.if_available", "if available")
	case "auto":
		return lang.X("bar.mode.auto", "auto")
	case "passive":
		return lang.X("bar.mode.passive", "passive")
	case "active":
		return lang.X("bar.mode.active", "active")
	}
	return name
}

// barName is the name whose label is shown.
func barName(shown string) string {
	for _, n := range []string{"none", "explicit", "implicit", "if-available", "auto", "passive", "active"} {
		if barLabel(n) == shown {
			return n
		}
	}
	return shown
}

func countTransfers(n int) string {
	return lang.XN("count.transfers", english(n, "1 transfer", "{{.Count}} transfers"), n, map[string]any{"Count": n})
}

// keyName words the mouse in a key of the keyboard help; key names stay
// as they are printed on the keys.
func keyName(k string) string {
	switch k {
	case "Ctrl+click, Shift+click":
		return lang.X("keys.click", "Ctrl+click, Shift+click")
	case "Right click":
		return lang.X("keys.right_click", "Right click")
	}
	return k
}

// keyWords words what a key of the keyboard help does.
func keyWords(en string) string {
	switch en {
	case "Site Manager":
		return lang.X("sm.title", "Site Manager")
	case "directory comparison on or off":
		return lang.X("keys.compare", "directory comparison on or off")
	case "synchronized browsing on or off":
		return lang.X("keys.sync_browse", "synchronized browsing on or off")
	case "the other pane":
		return lang.X("keys.other_pane", "the other pane")
	case "open a folder, or transfer the selected files":
		return lang.X("keys.enter", "open a folder, or transfer the selected files")
	case "the parent folder":
		return lang.X("keys.parent", "the parent folder")
	case "refresh":
		return lang.X("keys.refresh", "refresh")
	case "rename":
		return lang.X("keys.rename", "rename")
	case "delete (asks first)":
		return lang.X("keys.delete", "delete (asks first)")
	case "select all":
		return lang.X("keys.select_all", "select all")
	case "select several":
		return lang.X("keys.select_several", "select several")
	case "copy the path of the selection":
		return lang.X("keys.copy", "copy the path of the selection")
	case "find files on the server":
		return lang.X("keys.find", "find files on the server")
	case "filter the names in both panes":
		return lang.X("keys.filter", "filter the names in both panes")
	case "everything else":
		return lang.X("keys.else", "everything else")
	}
	return en
}

// eventLabel is FileZilla's word for a kind of log line, which its users
// read at a glance.
func eventLabel(k transport.EventKind) string {
	switch k {
	case transport.Info:
		return lang.X("log.status", "Status:")
	case transport.Sent:
		return lang.X("log.command", "Command:")
	case transport.Received:
		return lang.X("log.response", "Response:")
	case transport.Failure:
		return lang.X("log.error", "Error:")
	}
	return eventLabels[k]
}

// planNotes words a sync's notes (syncplan.Prepared.NoteWhys).
func planNotes(ws []syncplan.Why) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = planReason(w)
	}
	return out
}

// eventText is a log line's text: an Info line the engine gave a code
// (Event.Key) in the window's language, its facts escaped; anything else
// as the engine or the server wrote it, escaped.
func eventText(e transport.Event) string {
	d := map[string]any{}
	for k, v := range e.Args {
		d[k] = transfer.Escape(v)
	}
	// An error inside the line as its step's facts, and auto mode's other
	// methods by name: worded as the status bar words them.
	var f transport.Facts
	if e.Args["Facts"] != "" && json.Unmarshal([]byte(e.Args["Facts"]), &f) == nil {
		d["Error"] = factsText(f)
	}
	if e.Key == "auto_chose" && (e.Args["Lost"] != "" || e.Args["Failed"] != "") {
		d["Others"] = i18n.For(i18n.System(nil)).AutoOthers(e.Args["Lost"], e.Args["Failed"])
	}
	switch e.Key {
	case "connecting":
		return lang.X("log.connecting", "Connecting to {{.Addr}} (TLS: {{.TLS}})", d)
	case "through":
		return lang.X("log.through", "Through {{.Proxy}}", d)
	case "secured":
		return lang.X("log.secured", "Secured with {{.Version}}, cipher {{.Cipher}}", d)
	case "pasv_replaced":
		return lang.X("log.pasv_replaced", "Passive address replaced: {{.Reason}}", d)
	case "data_to":
		return lang.X("log.data_to", "Data connection ({{.Method}}) to {{.Addr}}", d)
	case "data_wait":
		return lang.X("log.data_wait", "Data connection ({{.Method}}): waiting for the server on {{.Addr}}", d)
	case "logged_in":
		return lang.X("log.logged_in", "Logged in to {{.Addr}} as {{.User}}", d)
	case "reconnecting":
		return lang.X("log.reconnecting", "Reconnecting after: {{.Error}}", d)
	case "auto_chose":
		if e.Args["Won"] != "" { // the facts, worded here (Reason is the engine's English)
			if e.Args["Others"] != "" {
				return lang.X("log.auto_chose_over", "Auto mode chose {{.Method}}: it carried a listing {{.Won}} after the probe began ({{.Others}})", d)
			}
			return lang.X("log.auto_chose_won", "Auto mode chose {{.Method}}: it carried a listing {{.Won}} after the probe began", d)
		}
		return lang.X("log.auto_chose", "Auto mode chose {{.Method}}: {{.Reason}}", d)
	case "auto_trying":
		return lang.X("log.auto_trying", "Auto mode: trying {{.Method}} at {{.At}}", d)
	case "auto_trying_stalled":
		return lang.X("log.auto_trying_stalled", "Auto mode: trying {{.Method}} at {{.At}} ({{.Prev}} has carried no listing after {{.After}})", d)
	case "auto_trying_after_failures":
		return lang.X("log.auto_trying_after_failures", "Auto mode: trying {{.Method}} at {{.At}} (the methods before it failed)", d)
	case "auto_next_floor":
		return lang.X("log.auto_next_floor", "Auto mode: next method in {{.Wait}} unless {{.Method}} carries a listing first (4 × round trip {{.RTT}} is under that floor)", d)
	case "auto_next_cap":
		return lang.X("log.auto_next_cap", "Auto mode: next method in {{.Wait}} unless {{.Method}} carries a listing first (4 × round trip {{.RTT}} is over that cap)", d)
	case "auto_next_rtt":
		return lang.X("log.auto_next_rtt", "Auto mode: next method in {{.Wait}} unless {{.Method}} carries a listing first (4 × round trip {{.RTT}})", d)
	case "auto_one_at_a_time":
		return lang.X("log.auto_one_at_a_time", "Auto mode: the server refused a second connection ({{.Error}}); probing one method at a time", d)
	case "auto_failed":
		return lang.X("log.auto_failed", "Auto mode: {{.Method}} failed after {{.Took}}: {{.Error}}", d)
	case "auto_wait_last":
		return lang.X("log.auto_wait_last", "Auto mode: {{.Method}} logged in (round trip {{.RTT}}); the last way left, so its data connection may take the full {{.Wait}}", d)
	case "auto_wait_full":
		return lang.X("log.auto_wait_full", "Auto mode: {{.Method}} logged in (round trip {{.RTT}}); its data connection may take the whole data timeout, {{.Wait}} (10 × round trip is not shorter)", d)
	case "auto_wait_floor":
		return lang.X("log.auto_wait_floor", "Auto mode: {{.Method}} logged in (round trip {{.RTT}}); its data connection may take {{.Wait}}, the floor (10 × round trip is less)", d)
	case "auto_wait_rtt":
		return lang.X("log.auto_wait_rtt", "Auto mode: {{.Method}} logged in (round trip {{.RTT}}); its data connection may take {{.Wait}}: 10 × round trip", d)
	case "auto_unclosed":
		return lang.X("log.auto_unclosed", "Auto mode: {{.Count}} probe connections did not close within 10 s", d)
	case "size_trusted":
		return lang.X("log.size_trusted", "SIZE agrees with the bytes sent: later uploads' 226 is trusted without SIZE", d)
	case "size_distrusted":
		return lang.X("log.size_distrusted", "SIZE of {{.Path}} says {{.Said}} bytes after {{.Sent}} were sent and confirmed: every upload to this server is checked from now on", d)
	case "pipelined":
		return lang.X("log.pipelined", "The server answers pipelined commands: a download's next EPSV goes out with the last one's end", d)
	case "pipelined_unneeded":
		return lang.X("log.pipelined_unneeded", "The pipelined EPSV was not needed ({{.Code}})", d)
	case "failed": // a Failure line: the step's facts, worded
		if s, ok := d["Error"].(string); ok {
			return s
		}
	case "pipelined_epsv": // a Sent line: the command and why it went early
		return lang.X("log.pipelined_epsv", "EPSV (pipelined: for the next file, before this one's end)", d)
	case "early_dial":
		return lang.X("log.early_dial", "Data connection for the next file: dialling {{.Addr}} early, while the rename is answered", d)
	case "early_dial_tls":
		return lang.X("log.early_dial_tls", "Data connection for the next file: dialling {{.Addr}} early, with its TLS hello, while the rename is answered", d)
	case "close_notify_early":
		return lang.X("log.close_notify_early", "Data connection: TLS close_notify sent with the handshake (the server waits for it before its 226)", d)
	case "pipelined_refused":
		return lang.X("log.pipelined_refused", "The server refused the pipelined EPSV during a transfer ({{.Code}}): not sent during a transfer again", d)
	case "no_tls":
		return lang.X("log.no_tls", "The server does not support TLS (AUTH TLS refused): the login would cross the network unencrypted", d)
	case "plain_agreed":
		return lang.X("log.plain_agreed", "Going on without encryption, as agreed", d)
	case "data_from":
		return lang.X("log.data_from", "Data connection ({{.Method}}) from {{.Addr}}", d)
	case "data_refused":
		return lang.X("log.data_refused", "Refused a data connection from {{.From}}: not the server ({{.Server}})", d)
	case "range_closed":
		return lang.X("log.range_closed", "Closed the download of {{.Path}} at the end of its range; reconnecting at the next use", d)
	case "using_proven":
		return lang.X("log.using_proven", "Using {{.Method}}: it carried a listing on another connection {{.Age}} ago", d)
	}
	return transfer.Escape(e.Text)
}
