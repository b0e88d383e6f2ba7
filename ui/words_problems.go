package ui

import (
	"errors"
	"strings"

	"fyne.io/fyne/v2/lang"

	"portside/transfer/sites"
)

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
