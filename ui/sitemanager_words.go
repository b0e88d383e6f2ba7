package ui

import "fyne.io/fyne/v2/lang"

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
