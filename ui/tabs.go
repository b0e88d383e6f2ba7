package ui

import (
	"context"
	"errors"
	"net"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"portside/transfer"
	"portside/transfer/dircompare"
	"portside/transfer/sftp"
	"portside/transfer/transport"
)

// Tab is one connection's part of the window, as in FileZilla's tabs: its
// own quick-connect bar, local and remote panes, message log, connection,
// directory comparison and synchronized browsing. The transfer queue, the
// toolbar and the status bar stay one for the window; the queue's site
// column tells whose transfers are whose.
//
// Main embeds the current tab, so m.Local, m.Conn… are the current tab's.
// A tab's own callbacks (its connection's, its panes') hold the tab, so a
// tab in the background never writes into the one in front.
type Tab struct {
	Bar     *ConnectBar
	Local   *Pane
	Remote  *Pane
	Log     *LogView
	Conn    *Connection
	Compare *DirCompare
	// Item is the tab's entry in Main.DocTabs.
	Item *container.TabItem

	refresh [2]*debounce // by Side
	trust   trustPrompt
	body    fyne.CanvasObject

	// last is the site the tab was last connected to (or restored with),
	// without its password: its title while down, and what the next start
	// restores; savedID is its saved site's ID, if any.
	last    Site
	savedID string
	// lastRemote is the remote folder shown when the connection went down.
	lastRemote string
	// resume is the remote folder a restored tab's first connect opens
	// (tabs_restore.go); restored says the tab's local folder was restored
	// too, so a saved site's own local folder does not replace it.
	resume   string
	restored bool
}

// logError puts err in the tab's message log.
func (t *Tab) logError(err error) {
	t.Log.Add(transport.Event{Time: time.Now(), Kind: transport.Failure, Text: err.Error()})
}

// site is what the tab is about: its connection's site, or the one it
// was restored with.
func (t *Tab) site() Site {
	if state, s, _ := t.Conn.State(); state != Disconnected || s.Host != "" {
		return s
	}
	return t.last
}

// newTab builds a tab: log, panes, connection, drag and refresh, and the
// comparison, laid out as the bar over the two panes with the comparison's
// legend under them.
func (m *Main) newTab() *Tab {
	t := &Tab{Log: NewLogView()}
	t.Log.Do = m.cfg.Do
	m.newPanes(t)
	m.newConnection(t)
	m.newDragAndRefresh(t)
	t.Compare = newDirCompare(m.Window, t.Local, t.Remote, m.do)
	t.Compare.OnStatus = func(msg string) { m.tabStatus(t, msg, false) }
	// FileZilla's default is by time: a file edited on one side usually
	// keeps its size for a while, and the newer copy is what people look for.
	t.Compare.Mode = dircompare.BySizeAndTime
	// A listing that fails because the session is gone marks the tab too.
	changed := t.Remote.Model.OnChanged
	t.Remote.Model.OnChanged = func() {
		if changed != nil {
			changed()
		}
		m.updateTabItem(t)
	}
	panes := container.NewHSplit(t.Local, t.Remote)
	t.body = container.NewBorder(container.NewVBox(t.Bar, widget.NewSeparator()), t.Compare.Legend, nil, nil, panes)
	t.Item = container.NewTabItem(newTabTitle(), t.body)
	return t
}

func newTabTitle() string { return lang.X("tabs.new", "New tab") }

// newDocTabs shows the tabs: a close button on each, and a + button that
// opens a new one, as File → New tab does.
func (m *Main) newDocTabs() {
	m.DocTabs = container.NewDocTabs(m.Tab.Item)
	m.DocTabs.CreateTab = func() *container.TabItem { return m.addTab().Item }
	m.DocTabs.CloseIntercept = func(item *container.TabItem) {
		if t := m.tabOf(item); t != nil {
			m.CloseTab(t)
		}
	}
	m.DocTabs.OnSelected = func(item *container.TabItem) {
		if t := m.tabOf(item); t != nil {
			m.switchTo(t)
		}
	}
	m.updateTabItem(m.Tab)
}

// addTab makes a tab whose local pane opens where the current one is.
func (m *Main) addTab() *Tab {
	here := m.Local.Model.State().Path
	t := m.newTab()
	m.Tabs = append(m.Tabs, t)
	t.Local.Model.SetFS(m.localFS, here)
	return t
}

// NewTab opens a new, unconnected tab and makes it the current one (File →
// New tab, Ctrl+T).
func (m *Main) NewTab() *Tab {
	t := m.addTab()
	m.DocTabs.Append(t.Item)
	m.DocTabs.Select(t.Item)
	m.switchTo(t) // Select does nothing when the item is selected already
	m.Window.Canvas().Focus(t.Bar.Host)
	m.saveTabs()
	return t
}

// CloseTab disconnects t and closes it (File → Close tab, Ctrl+W, its
// close button). The last tab stays open, disconnected: the window always
// has a bar and panes. Its transfers stay in the queue.
func (m *Main) CloseTab(t *Tab) {
	t.Conn.Disconnect()
	if len(m.Tabs) == 1 {
		m.setStatus(lang.X("tabs.last", "The last tab stays open; its connection is closed."), false)
		return
	}
	for _, d := range t.refresh {
		d.Stop()
	}
	for i, o := range m.Tabs {
		if o == t {
			m.Tabs = append(m.Tabs[:i:i], m.Tabs[i+1:]...)
			break
		}
	}
	m.DocTabs.Remove(t.Item)
	// Remove selects a neighbour without telling OnSelected.
	if next := m.tabOf(m.DocTabs.Selected()); next != nil {
		m.switchTo(next)
	}
	m.saveTabs()
}

// NextTab makes the tab after the current one current, the first after
// the last (Ctrl+Tab).
func (m *Main) NextTab() {
	for i, t := range m.Tabs {
		if t == m.Tab {
			next := m.Tabs[(i+1)%len(m.Tabs)]
			m.DocTabs.Select(next.Item)
			m.switchTo(next)
			return
		}
	}
}

// SelectTab makes t the current tab.
func (m *Main) SelectTab(t *Tab) {
	m.DocTabs.Select(t.Item)
	m.switchTo(t)
}

func (m *Main) tabOf(item *container.TabItem) *Tab {
	for _, t := range m.Tabs {
		if t.Item == item {
			return t
		}
	}
	return nil
}

// switchTo makes t the current tab: the log under the queue, the names the
// real-window script finds controls by, the title, the toolbar, the status
// bar and the View menu's checks become t's.
func (m *Main) switchTo(t *Tab) {
	if m.Tab == t {
		return
	}
	m.Tab = t
	m.logNow.Store(t.Log)
	m.logHost.Objects = []fyne.CanvasObject{t.Log}
	m.logHost.Refresh()
	nameTab(t)
	m.showConn(false)
	if m.viewSync != nil {
		m.viewSync()
	}
}

// nameTab names t's controls for Placements, as NewConnectBar and
// NewMain named the first tab's.
func nameTab(t *Tab) {
	b := t.Bar
	for name, o := range map[string]fyne.CanvasObject{"host": b.Host, "user": b.User, "password": b.Password,
		"port": b.Port, "tls": b.TLS, "mode": b.Mode, "connect": b.Button} {
		nameObject("bar."+name, o)
	}
	nameObject("pane.local", t.Local.List)
	nameObject("pane.remote", t.Remote.List)
}

// barConnect is t's Connect button. A tab that was connected to a saved
// site, and whose bar still names that server without a password, connects
// to the saved site again (its password from the keychain, or asked);
// anything else is a quick connect.
func (m *Main) barConnect(t *Tab, s Site) {
	if t.savedID != "" && m.Sites != nil && s.Password == "" && sameServer(s, t.last) {
		if _, ok := m.Sites.Site(t.savedID); ok {
			m.Manager = ConnectSaved(m.Sites, m.Window, t.savedID, m.ConnectSaved)
			return
		}
	}
	m.connectIn(t, s)
}

func sameServer(a, b Site) bool {
	return a.Host == b.Host && a.Addr() == b.Addr() && a.User == b.User && a.SFTP == b.SFTP
}

// tabChanged follows a change of t's connection: its bar and tab title
// always, the rest of the window when t is in front.
func (m *Main) tabChanged(t *Tab) {
	state, site, err := t.Conn.State()
	if site.Host != "" {
		site.Password = ""
		t.last = site
	}
	if t != m.Tab {
		t.Bar.SetState(state)
		m.updateTabItem(t)
		if err != nil {
			t.logError(err)
		}
	} else {
		m.connChanged()
	}
	if state == Connected {
		m.saveTabs()
	}
}

// tabStatus shows text in the status bar when t is the current tab; a tab
// in the background does not talk over the one in front.
func (m *Main) tabStatus(t *Tab, text string, failed bool) {
	if t == m.Tab {
		m.setStatus(text, failed)
	}
}

// queueLog is the queue's log: the current tab's, from any goroutine.
func (m *Main) queueLog(e transport.Event) { m.logNow.Load().Add(e) }

// updateTabItem titles t's tab after its server, with a mark while the
// connection is down.
func (m *Main) updateTabItem(t *Tab) {
	if m.DocTabs == nil {
		return
	}
	state, _, _ := t.Conn.State()
	text, down := TabTitle(state, t.site())
	if state == Connected && ConnectionLost(t.Remote.Model.State().Err) {
		down = true
	}
	var icon fyne.Resource
	if down {
		icon = theme.WarningIcon()
	}
	if t.Item.Text == text && t.Item.Icon == icon {
		return
	}
	t.Item.Text, t.Item.Icon = text, icon
	m.DocTabs.Refresh()
}

// TabTitle is a tab's title: the server it is for ("alice@ftp.example.com",
// the port only when it is not the usual one), "New tab" before any, and
// down when the tab has a server but no connection to it (not connected,
// connecting, or the connection failed or dropped): the tab shows a mark.
func TabTitle(state ConnState, site Site) (title string, down bool) {
	if site.Host == "" {
		return newTabTitle(), false
	}
	return ServerName(site), state != Connected
}

// ConnectionLost says whether a remote listing's error means the session
// is gone: the session dials again by itself after a drop, so an error
// that is not about the folder (not found, permission, a refused command,
// a bad name) or a data connection is a server that cannot be reached or
// logged in to now.
func ConnectionLost(err error) bool {
	if err == nil {
		return false
	}
	for _, folder := range []error{transfer.ErrNotFound, transfer.ErrPermission, transfer.ErrRefused,
		transfer.ErrBadName, transfer.ErrDataConn, transfer.ErrDataPath, context.Canceled} {
		if errors.Is(err, folder) {
			return false
		}
	}
	return true
}

// ServerName names a server as the tabs and the queue's site column do:
// user@host, with the port when it is not the usual one for the protocol.
func ServerName(site Site) string {
	usual := 21
	switch {
	case site.SFTP:
		usual = sftp.DefaultPort
	case site.TLS == transport.TLSImplicit:
		usual = 990
	}
	addr := site.Host
	if site.Port != 0 && site.Port != usual {
		addr = net.JoinHostPort(site.Host, strconv.Itoa(site.Port))
	}
	if site.User != "" && site.User != "anonymous" {
		addr = site.User + "@" + addr
	}
	return addr
}

// The tabs' keys: Ctrl+T and Ctrl+W as in browsers and FileZilla, and
// Ctrl+Tab (Control on every system, as browsers do on macOS too).
var (
	newTabShortcut   = &desktop.CustomShortcut{KeyName: fyne.KeyT, Modifier: fyne.KeyModifierShortcutDefault}
	closeTabShortcut = &desktop.CustomShortcut{KeyName: fyne.KeyW, Modifier: fyne.KeyModifierShortcutDefault}
	nextTabShortcut  = &desktop.CustomShortcut{KeyName: fyne.KeyTab, Modifier: fyne.KeyModifierControl}
)

// tabMenuItems are File → New tab, Close tab and Next tab.
func (m *Main) tabMenuItems() []*fyne.MenuItem {
	newTab := fyne.NewMenuItem(lang.X("tabs.menu.new", "New tab"), func() { m.NewTab() })
	newTab.Shortcut = newTabShortcut
	closeTab := fyne.NewMenuItem(lang.X("tabs.menu.close", "Close tab"), func() { m.CloseTab(m.Tab) })
	closeTab.Shortcut = closeTabShortcut
	next := fyne.NewMenuItem(lang.X("tabs.menu.next", "Next tab"), m.NextTab)
	next.Shortcut = nextTabShortcut
	return []*fyne.MenuItem{newTab, closeTab, next}
}

// siteTabNames are Settings → General → "Saved sites open", in the order
// of sites.Settings.SitesReplaceTab's false and true.
func siteTabNames() []string {
	return []string{lang.X("settings.sitetab.new", "In a new tab when the current one is connected"),
		lang.X("settings.sitetab.replace", "In the current tab")}
}

func boolIndex(b bool) int {
	if b {
		return 1
	}
	return 0
}

// tabForSite is where a saved site opens: a new tab when the current one
// is connected or connecting, unless the settings say to replace it.
func (m *Main) tabForSite() *Tab {
	if state, _, _ := m.Conn.State(); state != Disconnected && !m.Prefs.Get().SitesReplaceTab {
		return m.NewTab()
	}
	return m.Tab
}
