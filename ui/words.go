package ui

import (
	"encoding/json"
	"errors"
	"strings"
	"time"

	"fyne.io/fyne/v2/lang"

	"portside/i18n"
	"portside/transfer"
	"portside/transfer/queue"
	"portside/transfer/sites"
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
	return err.Error()
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

// problemsText words what keeps a site from being saved: each
// *sites.Problem of a joined error by its code, other errors as they are.
func problemsText(err error) string {
	var lines []string
	var walk func(error)
	walk = func(e error) {
		if j, ok := e.(interface{ Unwrap() []error }); ok {
			for _, x := range j.Unwrap() {
				walk(x)
			}
			return
		}
		var p *sites.Problem
		if errors.As(e, &p) {
			lines = append(lines, problemText(p))
			return
		}
		lines = append(lines, e.Error())
	}
	walk(err)
	return strings.Join(lines, "\n")
}

func problemText(p *sites.Problem) string {
	d := map[string]any{"Text": p.Text}
	for k, v := range p.Args {
		d[k] = v
	}
	switch p.Code {
	case "name_missing":
		return lang.X("site.problem.name_missing", "Give the site a name.")
	case "name_lines":
		return lang.X("site.problem.name_lines", "Write the site's name on one line.")
	case "host_missing":
		return lang.X("site.problem.host_missing", "Enter the server's host name or address, such as ftp.example.com.")
	case "host_scheme":
		return lang.X("site.problem.host_scheme", "Enter only the server's name in Host, without {{.Scheme}}: choose the encryption below instead.", d)
	case "host_user":
		return lang.X("site.problem.host_user", "Enter the user name in User, not in Host.")
	case "host_brackets":
		return lang.X("site.problem.host_brackets", "Enter an IPv6 address without the brackets.")
	case "host_invalid":
		return lang.X("site.problem.host_invalid", "{{.Host}} is not a host name; enter a name such as ftp.example.com, or an address such as 192.0.2.10.", d)
	case "port":
		return lang.X("site.problem.port", "The port must be a number from 1 to 65535, or empty for the usual port (21, or 990 for implicit TLS, or 22 for SFTP).")
	case "protocol_missing":
		return lang.X("site.problem.protocol_missing", "Choose an encryption: plain FTP, explicit or implicit FTP over TLS, or SFTP.")
	case "keyfile_not_sftp":
		return lang.X("site.problem.keyfile_not_sftp", "Key files log in to SFTP servers only: choose SFTP, or another logon type.")
	case "keyfile_path":
		return lang.X("site.problem.keyfile_path", "Choose the private key file, as a full path such as {{.Example}}.", d)
	case "sftp_anonymous":
		return lang.X("site.problem.sftp_anonymous", "SFTP servers have no anonymous login: choose Normal, Ask for password or Key file.")
	case "logon_missing":
		return lang.X("site.problem.logon_missing", "Choose a logon type: Anonymous, Normal, Ask for password or Key file.")
	case "user_missing":
		return lang.X("site.problem.user_missing", "Enter the user name, or choose Anonymous as the logon type.")
	case "mode_missing":
		return lang.X("site.problem.mode_missing", "Choose a transfer mode: Default, Passive or Active.")
	case "ports_half":
		return lang.X("site.problem.ports_half", "Give both ends of the active port range (for example 50000 to 50100), or leave both empty to let the system pick.")
	case "ports_order":
		return lang.X("site.problem.ports_order", "The active port range {{.Low}}–{{.High}} must run from a lower to a higher port between 1 and 65535, for example 50000 to 50100.", d)
	case "external_invalid":
		return lang.X("site.problem.external_invalid", "The external address {{.Address}} is not an IP address or a host name; enter the address the server should connect to, such as 203.0.113.7 or home.example.net.", d)
	case "charset_unknown":
		return lang.X("site.problem.charset_unknown", "Portside does not know the charset {{.Charset}}; use an encoding name such as {{.Examples}}.", d)
	case "connections":
		return lang.X("site.problem.connections", "Allow from {{.Min}} to {{.Max}} connections at once (the usual is {{.Default}}).", d)
	case "timeout":
		return lang.X("site.problem.timeout", "The timeout must be from 1 to {{.Max}} seconds, or empty for the usual {{.Default}}.", d)
	case "settings_language":
		return lang.X("settings.problem.language", "Unknown language {{.Language}}.", d)
	case "settings_external":
		return lang.X("settings.problem.external", "The external address {{.Address}} is not an IP address or a host name.", d)
	case "settings_connections":
		return lang.X("settings.problem.connections", "Allow from {{.Min}} to {{.Max}} connections at once.", d)
	case "settings_timeouts":
		return lang.X("settings.problem.timeouts", "Timeouts are from 1 to {{.Max}} seconds.", d)
	case "settings_retries":
		return lang.X("settings.problem.retries", "Retries are from 1 to {{.Max}}.", d)
	case "settings_speed":
		return lang.X("settings.problem.speed", "A speed limit cannot be negative.")
	case "settings_exists":
		return lang.X("settings.problem.exists", "Unknown file-exists action {{.Action}}.", d)
	case "import_tls_if_available":
		return lang.X("import.tls_if_available", "{{.Text}}", d)
	case "import_readable":
		return lang.X("import.readable", "{{.Text}}", d)
	case "import_protocol":
		return lang.X("import.protocol", "it uses FileZilla protocol {{.Value}}, which is neither FTP nor SFTP", d)
	case "import_logon":
		return lang.X("import.logon", "it uses FileZilla logon type {{.Value}}, which Portside does not know", d)
	case "import_server_type":
		return lang.X("import.server_type", "{{.Site}}: FileZilla's server type ({{.Value}}) is not carried over; Portside reads the listing formats it knows by itself", d)
	case "import_account":
		return lang.X("import.account", "{{.Site}}: the account (FileZilla's “Account” logon) is not sent; Portside logs in with user and password only", d)
	case "import_master_password":
		return lang.X("import.master_password", "{{.Site}}: the password is protected by FileZilla's master password, which Portside cannot open; Portside will ask for it", d)
	case "import_mode":
		return lang.X("import.mode", "{{.Site}}: the transfer mode {{.Value}} is unknown; Portside finds one that works (Default)", d)
	case "import_charset":
		return lang.X("import.charset", "{{.Site}}: the charset {{.Value}} is unknown to Portside; it uses UTF-8 until you choose another in the Charset tab", d)
	case "import_encoding":
		return lang.X("import.encoding", "{{.Site}}: the encoding {{.Value}} is unknown; Portside uses UTF-8", d)
	case "import_localdir":
		return lang.X("import.localdir", "{{.Site}}: the default local folder {{.Value}} is not a folder on this computer, so it was left empty", d)
	case "import_remotedir":
		return lang.X("import.remotedir", "{{.Site}}: the default remote folder {{.Value}} could not be read, so it was left empty", d)
	case "import_no_keychain":
		return lang.X("import.no_keychain", "{{.Text}}", d)
	case "segments":
		return lang.X("site.problem.segments", "Split a big download into at most {{.Max}} parts, 1 for never, or leave it empty for the usual.", d)
	case "bookmarks_many":
		return lang.X("site.problem.bookmarks_many", "A site keeps at most {{.Max}} bookmarks; this one has {{.Count}}.", d)
	case "bookmark_name":
		return lang.X("site.problem.bookmark_name", "Give bookmark {{.Number}} a name.", d)
	case "bookmark_lines":
		return lang.X("site.problem.bookmark_lines", "Write the name of bookmark {{.Number}} on one line.", d)
	case "bookmark_twice":
		return lang.X("site.problem.bookmark_twice", "Two bookmarks are named {{.Name}}: rename one.", d)
	case "bookmark_empty":
		return lang.X("site.problem.bookmark_empty", "The bookmark {{.Name}} opens no folder: enter a local folder, a remote one or both.", d)
	case "bookmark_local":
		return lang.X("site.problem.bookmark_local", "The bookmark {{.Name}}: the local folder must be a full path.", d)
	case "bookmark_remote":
		return lang.X("site.problem.bookmark_remote", "The bookmark {{.Name}}: the remote folder must start with /.", d)
	case "bookmark_sync":
		return lang.X("site.problem.bookmark_sync", "The bookmark {{.Name}}: synchronized browsing needs both folders.", d)
	case "settings_double_click":
		return lang.X("settings.problem.double_click", "Unknown double-click action {{.Action}}.", d)
	case "import_bookmark_remote":
		return lang.X("import.bookmark_remote", "{{.Site}}: the bookmark {{.Value}} has a remote folder Portside cannot read, so it was left out", d)
	case "import_bookmarks_many":
		return lang.X("import.bookmarks_many", "{{.Site}}: only the first {{.Value}} bookmarks were imported", d)
	case "import_bookmark_left_out":
		return lang.X("import.bookmark_left_out", "{{.Site}}: the bookmark {{.Value}} was left out: it is not a valid bookmark here", d)
	case "localdir_relative":
		return lang.X("site.problem.localdir_relative", "The default local folder must be a full path, such as {{.Example}}.", d)
	}
	return p.Text
}

// settingsProblems words what keeps the Settings from being saved.
func settingsProblems(ps []*sites.Problem) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = problemText(p)
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
		return lang.X("log.auto_chose", "Auto mode chose {{.Method}}: {{.Reason}}", d)
	}
	return transfer.Escape(e.Text)
}
