// Package ui is Portside's window: the quick-connect bar, the local and
// remote file panes, the transfer queue with the message log, and the
// status bar. Widgets render small models (PaneModel, Connection,
// QueueModel) that call package transfer off the UI goroutine; nothing
// here imports fyne.io/fyne/v2/app, so the tests run on Fyne's test driver
// without cgo.
package ui

import (
	"context"
	"crypto/x509"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"portside/transfer"
	"portside/transfer/local"
	"portside/transfer/queue"
	"portside/transfer/sftp"
	"portside/transfer/sites"
	"portside/transfer/transport"
)

// Config is what the window is built from.
type Config struct {
	Local    transfer.FS // the local side; nil means local.FS{}
	LocalDir string      // where the local pane opens; empty: the home folder
	Dial     DialFunc    // nil means DialFTP
	// TrustCertificate decides about certificates the system does not
	// vouch for; nil asks the user in a dialog.
	TrustCertificate func(chain []*x509.Certificate, verifyErr error) error
	// Journal is the transfer queue's journal file, so the queue survives a
	// crash; empty means a temporary one, removed by Close (the demo, tests).
	Journal string
	// RefreshDelay is how long a pane waits after a transfer lands in its
	// folder before listing it again, gathering a burst into one listing;
	// 0 means 300 ms.
	RefreshDelay time.Duration
	// SpeedLimit caps all queued transfers together, in bytes per second;
	// 0 means no limit.
	SpeedLimit int64
	// Do runs f on the UI goroutine; nil means fyne.Do. Tests pass their own.
	Do func(f func())
	// Sites are the saved site profiles, for the Site Manager, the recent
	// sites and the sync jobs; nil hides them. Its folder also holds the
	// sync jobs (jobs.json) and manifests (sync/).
	Sites *sites.Store
	// AskCertificate decides about a saved site's certificate that neither
	// the system nor the site's pin vouches for; nil asks in a CertDialog.
	AskCertificate sites.Ask
	// FontCovers says whether a character can be drawn, for the one-time
	// log line about names no font can show; nil asks Fyne's fonts and the
	// system's. Tests pass their own.
	FontCovers func(rune) bool
	// AskHostKey decides about an SFTP server's unknown host key; nil asks
	// in a HostKeyPrompt.
	AskHostKey sftp.Ask
	// Prefs are the Settings window's values; nil: defaults, not saved.
	Prefs *Prefs
	// TabsFile keeps the open tabs (their sites and folders, never a
	// password) for the next start; empty: tabs are not kept (the demo,
	// tests).
	TabsFile string
}

// Main is the whole window's content and the models behind it.
type Main struct {
	Window fyne.Window
	// Tab is the current tab: its quick-connect bar, panes, message log,
	// connection and comparison are m.Bar, m.Local, m.Remote, m.Log,
	// m.Conn and m.Compare (ui/tabs.go). Everything a user acts on goes
	// through it; callbacks of a tab in the background hold their own.
	*Tab
	// Tabs are all open tabs, in the order shown; DocTabs shows them.
	Tabs       []*Tab
	DocTabs    *container.DocTabs
	Queue      *QueuePanel
	Status     *widget.Label
	StatusMark *widget.Icon  // the padlock or the warning sign of a connection (securityMark)
	Totals     *widget.Label // the queue's counts, speed and time left
	Transfers  *Transfers    // nil when no queue journal could be opened
	Content    fyne.CanvasObject

	// Sites are the saved sites (nil: none). The toolbar above the
	// quick-connect bar opens the Site Manager, the recent sites and the
	// Synchronize dialog.
	Sites       *sites.Store
	SiteManager *widget.Button
	Recent      *widget.Button
	SyncButton  *widget.Button
	// Manager is the Site Manager last opened; Sync the Synchronize
	// dialog last opened (tests drive them).
	Manager *SiteManager
	Sync    *SyncDialog
	Files   *FileTools // permissions, View/Edit, find (ui/files.go)

	// OnRemoteListed is called whenever a remote listing arrives; the smoke
	// test reads it from the program's output.
	OnRemoteListed func(dir string, entries []transfer.Entry)
	// OnTransferEnded is called when a queue item ends: done, failed,
	// cancelled or skipped. The drag test reads it from the output.
	OnTransferEnded func(it queue.Item)

	doFunc    func(f func())
	askCert   sites.Ask
	syncCtx   context.Context // parent of every sync; cancelled by Close
	stopSyncs context.CancelFunc
	exists    *existsPrompt
	drag      *dragDrop
	closeOnce sync.Once
	sweep     *sweeper       // frames and releases after a big run (release.go)
	listed    *debounce      // a release after big listings (release.go)
	hostKeys  *sftp.HostKeys // SFTP host key decisions, for the connection and the queue
	// SSH asks for SFTP key passphrases and one-time codes.
	SSH *SSHPrompt
	// Prefs are the Settings window's values (prefs.go); SpeedSwitch the
	// status bar's speed limit switch.
	Prefs       *Prefs
	SpeedSwitch *widget.Check
	Settings    *SettingsForm // the Settings window last opened (tests drive it)

	cfg      Config                  // what new tabs are built from
	localFS  transfer.FS             // the local side, for new tabs
	glyphs   *glyphCheck             // one report a session, whatever the tab
	logNow   atomic.Pointer[LogView] // the current tab's log, for the queue's goroutines
	logHost  *fyne.Container         // the queue panel's Log tab: the current tab's log
	viewSync func()                  // shows the current tab's View menu checks
}

// NewMain builds the window's content into w, opens the transfer queue and
// lists the local side.
func NewMain(w fyne.Window, cfg Config) *Main {
	m := &Main{Window: w, doFunc: cfg.Do, Sites: cfg.Sites, askCert: cfg.AskCertificate, Prefs: cfg.Prefs, cfg: cfg}
	if m.Prefs == nil {
		m.Prefs = NewPrefs("", sites.Settings{})
	}
	m.syncCtx, m.stopSyncs = context.WithCancel(context.Background())
	m.localFS = cfg.Local
	if m.localFS == nil {
		m.localFS = local.FS{}
	}
	m.listed = newListingRelease()
	m.Status = widget.NewLabel("")
	m.Status.Truncation = fyne.TextTruncateEllipsis
	m.StatusMark = widget.NewIcon(nil)
	m.StatusMark.Hide()
	m.Totals = widget.NewLabel("")
	m.glyphs = m.newGlyphCheck(cfg.FontCovers)
	m.hostKeys = m.newHostKeys(cfg.AskHostKey)
	m.drag = &dragDrop{m: m, row: -1, ghost: newDragGhost()}

	m.Tab = m.newTab() // ui/tabs.go
	m.Tabs = []*Tab{m.Tab}
	m.logNow.Store(m.Log)
	m.showConn(false) // before the queue, which may have more to say
	m.newQueue(cfg, m.localFS)
	m.applySettings(m.Prefs)
	m.newToolbar()
	m.newDocTabs() // ui/tabs.go
	w.SetMainMenu(m.mainMenu())
	w.SetContent(m.layout())

	m.Local.Model.SetFS(m.localFS, cfg.LocalDir)
	m.restoreTabs() // ui/tabs_restore.go
	nameTab(m.Tab)
	return m
}

// newPanes makes t's local and remote panes; what they report goes to t's
// log, and to the status bar while t is the current tab.
func (m *Main) newPanes(t *Tab) {
	localModel, remoteModel := NewPaneModel(), NewPaneModel()
	for _, pm := range []*PaneModel{localModel, remoteModel} {
		pm.Do = m.cfg.Do
		pm.OnFailed = t.logError
		pm.OnDone = func(msg string) { m.tabStatus(t, msg, false) }
	}
	glyphs := m.glyphs
	localModel.OnListed = func(_ string, entries []transfer.Entry) {
		go glyphs.check(entries)
		m.bigListing(len(entries))
	}
	remoteModel.OnListed = func(dir string, entries []transfer.Entry) {
		go glyphs.check(entries)
		m.bigListing(len(entries))
		if m.OnRemoteListed != nil {
			m.OnRemoteListed(dir, entries)
		}
	}
	t.Local = NewPane(lang.X("pane.local", "Local site"), LocalSide, localModel)
	t.Remote = NewPane(lang.X("pane.remote", "Remote site"), RemoteSide, remoteModel)
	t.Remote.IdleText = lang.X("pane.not_connected", "Not connected to any server")
	t.Remote.update()
	t.Local.Peer, t.Remote.Peer = t.Remote, t.Local
	nameObject("pane.local", t.Local.List)
	nameObject("pane.remote", t.Remote.List)
	for _, p := range []*Pane{t.Local, t.Remote} {
		p.OnAction = func(a Action) { m.paneAction(p, a) }
	}
}

// newConnection makes t's quick-connect bar and the connection behind it;
// each site connected to is also handed to the queue, with the user's
// certificate decisions.
func (m *Main) newConnection(t *Tab) {
	cfg := m.cfg
	t.Conn = &Connection{Do: cfg.Do, Dial: cfg.Dial, Log: t.Log.Add, TrustCertificate: cfg.TrustCertificate, Prefs: m.Prefs}
	t.trust.main = m
	if t.Conn.TrustCertificate == nil {
		t.Conn.TrustCertificate = t.trust.ask
	}
	t.Conn.TrustFor = m.siteTrust
	t.Conn.ConfirmPlain = m.confirmPlain
	if m.Sites != nil {
		t.Conn.Methods = m.Sites.Methods()
	}
	t.Conn.HostKeys, t.Conn.SSH = m.hostKeys, m.SSH
	t.Conn.OnChanged = func() { m.tabChanged(t) }
	t.Conn.OnConnected = func(r Remote, site Site) {
		site = m.keepProbe(r, site)
		if site.Saved == nil {
			rememberQuick(site) // the host field's drop-down, without the password
		}
		if m.Transfers != nil {
			m.Transfers.Remember(site)
		}
		t.Remote.Model.SetFS(r, site.Path)
	}
	t.Conn.OnDisconnected = func() {
		t.lastRemote = t.Remote.Model.State().Path // kept for the next start
		t.Remote.Model.SetFS(nil, "")
	}
	t.Conn.OnTrusted = func(s Site, der []byte) {
		if m.Transfers != nil {
			m.Transfers.Trusted(s, der)
		}
	}

	t.Bar = NewConnectBar()
	t.Bar.OnConnect = func(s Site) { m.barConnect(t, s) } // ui/tabs.go
	t.Bar.OnDisconnect = t.Conn.Disconnect
	t.Bar.OnInvalid = func(err error) {
		m.tabStatus(t, lang.X("status.cannot_connect", "Cannot connect: {{.Error}}", map[string]any{"Error": errorText(err)}), true)
	}
	t.Bar.Host.ActionItem = m.newHistoryButton()
	s := m.Prefs.Get()
	t.Bar.SetTLS(s.QuickTLSMode())
	t.Bar.Mode.SetSelected(barLabel(s.Mode.String()))
}

func (m *Main) newQueue(cfg Config, localFS transfer.FS) {
	model := NewQueueModel()
	model.Do = cfg.Do
	model.OnChange = m.queueChanged
	m.sweep = newSweeper(m.Window, m.do) // ui/release.go
	model.OnBigRunEnded = m.sweep.runEnded
	model.OnBusy = newRunHeap().busy // ui/release.go
	nameOf := siteColumnName(m.Sites)
	model.SiteName = func(key string) string { return SiteColumn(key, nameOf) } // queue_site.go
	m.logHost = container.NewStack(m.Log)                                       // the current tab's log (ui/tabs.go)
	m.Queue = NewQueuePanel(model, m.logHost)
	m.Queue.OnCommand = m.queueCommand
	m.Queue.ShowLog()
	m.exists = newExistsPrompt(m)
	m.openQueue(cfg, localFS)
}

// newDragAndRefresh lets t's rows be dragged between its panes, and has a
// pane list its folder again, after delay, when transfers land in it.
func (m *Main) newDragAndRefresh(t *Tab) {
	delay := m.cfg.RefreshDelay
	if delay == 0 {
		delay = 300 * time.Millisecond
	}
	for _, p := range []*Pane{t.Local, t.Remote} {
		p.List.OnDrag = func(ids []int, at fyne.Position) { m.drag.move(p, ids, at) }
		p.List.OnDragEnd = m.drag.end
		model := p.Model
		t.refresh[p.Side] = &debounce{wait: delay, maxWait: 8 * delay, do: m.do, f: func() {
			// Never cut short the user's own navigation.
			if !model.State().Loading {
				model.Refresh()
			}
		}}
	}
}

// layout: the toolbar on top, the tabs (each with its bar and panes)
// over the queue and log (both splits adjustable), the status bar with
// the queue's totals at the bottom, and the drag label's layer over it all.
func (m *Main) layout() fyne.CanvasObject {
	body := container.NewVSplit(m.DocTabs, m.Queue)
	body.Offset = 0.64
	top := container.NewVBox(m.toolbar(), widget.NewSeparator())
	bottom := container.NewVBox(widget.NewSeparator(), container.NewBorder(nil, nil, m.StatusMark, container.NewHBox(m.SpeedSwitch, m.Totals), m.Status))
	m.Content = container.NewStack(container.NewBorder(top, bottom, nil, nil, body), m.drag.ghost.layer)
	return m.Content
}

// openQueue opens the transfer queue on cfg.Journal; when that fails (say,
// another Portside holds it) the window still transfers, on a temporary
// journal, and says what is lost.
func (m *Main) openQueue(cfg Config, localFS transfer.FS) {
	tc := transfersConfig{journal: cfg.Journal, local: localFS, dial: cfg.Dial, log: m.queueLog, feed: m.Queue.Model.Feed,
		limit: cfg.SpeedLimit, onExists: m.Prefs.existsDefault(m.exists.ask), trustFor: m.siteTrust, hostKeys: m.hostKeys, ssh: m.SSH,
		prefs: m.Prefs, learned: learnInto(m.Sites, func(err error) { m.do(func() { m.logFailure(err) }) })}
	t, restored, err := openTransfers(tc)
	if err != nil && cfg.Journal != "" {
		m.logFailure(err)
		tc.journal = ""
		t, restored, err = openTransfers(tc)
		m.setStatus(lang.X("status.queue_unsaved", "The transfer queue is not saved this time (see the log): transfers will not survive a restart."), true)
	}
	if err != nil {
		m.logFailure(err)
		m.setStatus(lang.X("status.no_queue", "No transfer queue: {{.Error}}", map[string]any{"Error": errorText(err)}), true)
		return
	}
	m.Transfers = t
	m.Queue.Model.Lookup = t.Queue.Journaled // done items stay in the journal, not in the window
	m.Queue.Changed(m.Queue.Model.Load(t.Queue.Items()))
	m.Totals.SetText(m.Queue.Model.Totals())
	if restored > 0 {
		m.setStatus(lang.X("status.restored", "{{.Transfers}} from the last session wait, paused: connect to their server and Resume them.",
			map[string]any{"Transfers": countTransfers(restored)}), false)
		m.Queue.ShowTab(TabQueued)
	}
}

// Close keeps the tabs for the next start, stops the queue (its items
// stay in the journal) and closes the tabs' remote sessions. It leaves the widgets alone, as the app may have quit;
// a second call does nothing.
func (m *Main) Close() {
	m.closeOnce.Do(func() {
		m.saveTabs() // ui/tabs_restore.go: before the sessions go
		m.sweep.stop()
		m.listed.Stop()
		for _, t := range m.Tabs {
			for _, d := range t.refresh {
				d.Stop()
			}
		}
		if m.stopSyncs != nil {
			m.stopSyncs() // a sync waiting for its copies must not hold up the queue's close
		}
		m.exists.close() // a worker waiting for an answer must not hold up the queue's close
		if m.Transfers != nil {
			m.Transfers.Close()
		}
		m.closeFiles() // ui/edit.go: View/Edit's copies go
		for _, t := range m.Tabs {
			if r := t.Conn.Remote(); r != nil {
				r.Close()
			}
		}
	})
}

// Connect fills the quick-connect bar with site and connects to it.
func (m *Main) Connect(site Site) {
	m.Bar.SetSite(site)
	m.connect(site)
}

// connect starts a connection in the current tab; certificates trusted
// "this time" before are asked about again.
func (m *Main) connect(site Site) { m.connectIn(m.Tab, site) }

func (m *Main) connectIn(t *Tab, site Site) {
	site = m.withProxy(site) // proxy_ui.go
	t.trust.reset()
	t.savedID = ""
	if site.Saved != nil {
		t.savedID = site.Saved.ID
	}
	if t.resume != "" && sameServer(site, t.last) { // a restored tab's first connect: its folder of last time
		site.Path, t.resume = t.resume, ""
	}
	t.restored = false
	t.Conn.Connect(site)
}

// DragLabel reports whether the drag label shows, and its text.
func (m *Main) DragLabel() (bool, string) { return m.drag.ghost.Visible() }

// queueChanged renders a batch of queue events: the panel, the totals,
// listings of folders that got files, the log and a notification when a
// run ends.
func (m *Main) queueChanged(ch QueueChange) {
	m.Queue.Changed(ch)
	m.Totals.SetText(m.Queue.Model.Totals())
	for _, it := range ch.Ended {
		switch it.State {
		case queue.Done:
			m.refreshFor(it)
		case queue.Failed:
			m.logFailure(fmt.Errorf("%s %s: %s", it.Dir, it.Src, it.Err))
		}
		m.editEnded(it) // ui/edit.go
		if m.OnTransferEnded != nil {
			m.OnTransferEnded(it)
		}
	}
	if ch.RunEnded != nil {
		if n := RunNotification(*ch.RunEnded); n != nil {
			m.setStatus(n.Title+": "+n.Content, ch.RunEnded.Failed > 0)
			fyne.CurrentApp().SendNotification(n)
		}
	}
}

// refreshFor lists the destination pane again, soon, in every tab that
// shows the folder it landed in.
func (m *Main) refreshFor(it queue.Item) {
	for _, t := range m.Tabs {
		p := t.Local
		if it.Dir == queue.Upload {
			p = t.Remote
			if _, site, _ := t.Conn.State(); t.Conn.Remote() == nil || site.Key() != it.Site {
				continue
			}
		}
		if p.Model.ShowsFolderOf(it.Dst) {
			t.refresh[p.Side].Trigger()
		}
	}
}

func (m *Main) queueCommand(c QueueCommand, ids []uint64) {
	if m.Transfers == nil {
		return
	}
	m.Transfers.Command(c, ids, func(err error) {
		m.do(func() {
			if err != nil {
				m.setStatus(err.Error(), true)
				return
			}
			switch c {
			case CmdRemove:
				m.Queue.Changed(m.Queue.Model.Forget(ids))
				m.Totals.SetText(m.Queue.Model.Totals())
			case CmdRetry:
				// The red "Transfers failed" is about the run before; this
				// one has not failed (yet).
				text := lang.X("status.retrying_all", "Retrying the failed transfers…")
				if len(ids) > 0 {
					text = lang.X("status.retrying", "Retrying {{.Transfers}}…", map[string]any{"Transfers": countTransfers(len(ids))})
				}
				m.setStatus(text, false)
			}
		})
	})
}

// connChanged shows the current tab's connection: the bar's button, the
// toolbar, the titles, the status bar, and an error in the log.
func (m *Main) connChanged() {
	m.showConn(true)
	if state, _, _ := m.Conn.State(); state == Connected {
		m.focusRemoteAfterConnect()
	}
}

// showConn shows the current tab's connection; logErr also puts its error
// in the message log (once, when it happens; not again at a tab switch).
func (m *Main) showConn(logErr bool) {
	state, site, err := m.Conn.State()
	m.Bar.SetState(state)
	m.updateToolbar()
	m.updateTitle()
	m.updateTabItem(m.Tab)
	m.refreshBookmarkMenu() // the site's bookmarks (bookmark_menu.go)
	switch {
	case err != nil:
		m.setStatus(errorText(err), true)
		if logErr {
			m.logFailure(err)
		}
	case state == Connecting:
		m.setStatus(lang.X("status.connecting", "Connecting to {{.Site}}…", map[string]any{"Site": site.Name()}), false)
	case state == Connected:
		data := map[string]any{"Site": site.Name(), "Method": m.Conn.Remote().Method(), "TLS": barLabel(site.TLS.String())}
		text := lang.X("status.connected", "Connected to {{.Site}} — {{.Method}}", data)
		if site.SFTP {
			text = lang.X("status.connected_sftp", "Connected to {{.Site}} — SFTP over SSH", data)
		}
		icon, mark := securityMark(site)
		m.setStatus(text+" — "+mark, false) // say it: users check that it is encrypted
		m.StatusMark.SetResource(icon)
		m.StatusMark.Show()
		m.focusRemoteAfterConnect()
	default:
		m.setStatus(lang.X("status.not_connected", "Not connected"), false)
	}
}

func (m *Main) setStatus(text string, failed bool) {
	m.StatusMark.Hide()
	m.Status.Importance = widget.MediumImportance
	if failed {
		m.Status.Importance = widget.DangerImportance
	}
	m.Status.SetText(text)
}

// logFailure puts an error in the message log, where FileZilla users look
// for what went wrong.
func (m *Main) logFailure(err error) {
	m.Log.Add(transport.Event{Time: time.Now(), Kind: transport.Failure, Text: err.Error()})
}
