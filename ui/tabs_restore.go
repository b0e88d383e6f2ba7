package ui

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"portside/transfer/transport"
)

// Tabs survive a restart: Config.TabsFile (tabs.json beside sites.json)
// lists each tab's server and folders. A saved site is kept by its ID, a
// quick connect by its URL without the password, so the file holds no
// secret; a restored tab comes back disconnected, its bar filled and its
// title marked, and its Connect reopens the same folders (a saved site's
// password comes from the keychain, a quick connect's is typed again).

// savedTab is one tab in TabsFile.
type savedTab struct {
	Site string         `json:"site,omitempty"` // a saved site's ID
	URL  string         `json:"url,omitempty"`  // a quick connect, without the password
	Mode transport.Mode `json:"mode,omitempty"` // the quick connect's data connection mode
	// TLS is the quick connect's TLS as asked ("none", "explicit",
	// "if-available"…): the URL's scheme cannot tell plain FTP the user
	// chose from "TLS if available", which ftp:// means when typed.
	TLS    string `json:"tls,omitempty"`
	Remote string `json:"remote,omitempty"`
	Local  string `json:"local,omitempty"`
}

type savedTabs struct {
	Current int        `json:"current"`
	Tabs    []savedTab `json:"tabs"`
}

// Bounds on what a tabs file may hold: a damaged or hostile file must not
// open thousands of tabs or read a huge file into memory.
const (
	maxRestoredTabs = 32
	maxTabsFile     = 1 << 20
)

// TabsState is what saveTabs writes: each tab's server and folders.
func (m *Main) tabsState() savedTabs {
	var out savedTabs
	for i, t := range m.Tabs {
		if t == m.Tab {
			out.Current = i
		}
		st := savedTab{Local: t.Local.Model.State().Path}
		site := t.site()
		switch {
		case site.Host == "":
		case t.savedID != "":
			st.Site = t.savedID
		default:
			st.URL, st.Mode = site.URL(), site.Mode // URL never holds the password
			st.TLS = site.TLS.String()
			if site.IfAvailable {
				st.TLS = transport.TLSIfAvailable.String()
			}
		}
		if site.Host != "" {
			st.Remote = t.lastRemote
			if t.Conn.Remote() != nil {
				st.Remote = t.Remote.Model.State().Path
			} else if st.Remote == "" {
				st.Remote = site.Path
			}
		}
		out.Tabs = append(out.Tabs, st)
	}
	return out
}

// saveTabs writes the tabs to Config.TabsFile (at a connect, a tab opened
// or closed, and when the window closes), atomically; a failure goes to
// the log, as the tabs are a convenience.
func (m *Main) saveTabs() {
	path := m.cfg.TabsFile
	if path == "" || m.DocTabs == nil {
		return
	}
	if err := writeTabs(path, m.tabsState()); err != nil {
		m.logFailure(fmt.Errorf("remember the open tabs: %w", err))
	}
}

func writeTabs(path string, st savedTabs) error {
	b, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, append(b, '\n'), 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// readTabs reads path; a missing file is no tabs.
func readTabs(path string) (savedTabs, error) {
	var st savedTabs
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return st, nil
	}
	if err != nil {
		return st, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxTabsFile+1))
	if err != nil {
		return st, err
	}
	if len(b) > maxTabsFile {
		return st, fmt.Errorf("%s is larger than %d bytes", filepath.Base(path), maxTabsFile)
	}
	if err := json.Unmarshal(b, &st); err != nil {
		return savedTabs{}, fmt.Errorf("%s could not be read: %w", filepath.Base(path), err)
	}
	if len(st.Tabs) > maxRestoredTabs {
		st.Tabs = st.Tabs[:maxRestoredTabs]
	}
	return st, nil
}

// restoreTabs opens the tabs of the last session: the first in the tab
// the window starts with, the others after it, the one in front last
// time in front again.
func (m *Main) restoreTabs() {
	if m.cfg.TabsFile == "" {
		return
	}
	st, err := readTabs(m.cfg.TabsFile)
	if err != nil {
		m.logFailure(fmt.Errorf("the tabs of the last session: %w", err))
		return
	}
	for i, saved := range st.Tabs {
		t := m.Tab
		if i > 0 {
			t = m.addTab()
			m.DocTabs.Append(t.Item)
		}
		m.restoreTab(t, saved, i == 0 && m.cfg.LocalDir != "")
	}
	if st.Current > 0 && st.Current < len(m.Tabs) {
		m.SelectTab(m.Tabs[st.Current])
	}
}

// restoreTab fills t from saved: the bar, the title with its mark, the
// local folder (unless the command line named one: keepLocal) and the
// remote folder its next connect opens.
func (m *Main) restoreTab(t *Tab, saved savedTab, keepLocal bool) {
	if saved.Local != "" && !keepLocal {
		t.Local.Model.SetFS(m.localFS, saved.Local)
		t.restored = true
	}
	var site Site
	switch {
	case saved.Site != "" && m.Sites != nil:
		s, ok := m.Sites.Site(saved.Site)
		if !ok {
			return // the site was deleted since
		}
		site = SiteOf(s, "")
		t.savedID = s.ID
	case saved.URL != "":
		var err error
		if site, err = ParseSiteURL(saved.URL); err != nil {
			t.logError(fmt.Errorf("the tabs of the last session: %w", err))
			return
		}
		site.Mode = saved.Mode
		if tls, err := transport.ParseTLSMode(saved.TLS); err == nil && !site.SFTP && site.TLS != transport.TLSImplicit {
			site.TLS, site.IfAvailable = tls, false // as asked; the bar shows it so
		}
	default:
		return
	}
	site.Password = "" // never from the file, should one hold it
	site.Path = saved.Remote
	t.resume = saved.Remote
	t.Bar.SetSite(site)
	t.last = site
	m.updateTabItem(t)
}

// FreeTab is a tab to connect a site named at start (the command line)
// in: the current one, unless it was restored with a server of its own;
// then a new one, so the restored tab keeps its server and folders.
func (m *Main) FreeTab() *Tab {
	if m.site().Host != "" {
		return m.NewTab()
	}
	return m.Tab
}
