package ui

import (
	"strings"

	"portside/transfer/sites"
)

// The queue's site column. With several tabs, transfers to several servers
// share the one queue; the column says whose each is. The queue knows a
// site by its Key ("site:ID" for a saved site, else a URL without the
// password), which is also what survives a restart in the journal.

// SiteColumn is the column's text for the queue key of a site: a saved
// site's name (nameOf finds it; nil or not found: the key), else the server
// as the tabs name it, "alice@ftp.example.com".
func SiteColumn(key string, nameOf func(id string) (string, bool)) string {
	if id, ok := strings.CutPrefix(key, "site:"); ok {
		if nameOf != nil {
			if name, ok := nameOf(id); ok && name != "" {
				return name
			}
		}
		return key
	}
	s, err := ParseSiteURL(key)
	if err != nil {
		return key
	}
	return ServerName(s)
}

// siteColumnName is the window's nameOf for SiteColumn: the saved sites'
// names, looked up as rows are drawn (a rename shows at the next draw).
func siteColumnName(store *sites.Store) func(string) (string, bool) {
	if store == nil {
		return nil
	}
	return func(id string) (string, bool) {
		s, ok := store.Site(id)
		return s.Name, ok
	}
}
