package ui

import (
	"errors"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"portside/transfer/sites"
	"portside/transfer/transport"
)

// The Charset tab's choices, worded as FileZilla words them.
const (
	charsetAuto   = "Autodetect"
	charsetUTF8   = "Force UTF-8"
	charsetCustom = "Use custom charset"
)

// SiteEditor is the right half of the Site Manager: one site's settings
// in FileZilla's four tabs. It edits a copy; Site reads the fields back.
type SiteEditor struct {
	widget.BaseWidget

	Tabs   *container.AppTabs
	escape *escapeHook // Escape from any of its fields (the Site Manager closes)

	// General
	Name     *escEntry
	Protocol *escSelect
	Host     *escEntry
	Port     *escEntry
	Logon    *escSelect
	User     *escEntry
	Password *escEntry
	// KeychainNote says, when there is no keychain, that Normal cannot
	// keep a password here.
	KeychainNote *widget.Label
	// KeyFile is the private key of a "Key file" logon (SFTP), shown
	// under the password only for that logon.
	KeyFile  *escEntry
	Comments *escEntry

	// Advanced
	LocalDir    *escEntry
	BrowseLocal *escButton
	RemoteDir   *escEntry
	CertText    *widget.Label
	ForgetCert  *escButton

	// Transfer Settings
	DataMode       *escRadioGroup
	ProbeText      *widget.Label
	ResetProbe     *escButton
	PassiveAddress *escRadioGroup
	ActiveMin      *escEntry
	ActiveMax      *escEntry
	External       *escEntry
	MaxConnections *escSelect
	ListHidden     *escCheck
	// TransferScroll scrolls the tab (it is the tallest).
	TransferScroll *container.Scroll
	// Speed (sitemanager_speed.go)
	Segments      *escEntry
	Pipelining    *escCheck
	LearnedText   *widget.Label
	ForgetLearned *escButton

	// Charset
	Charset       *escRadioGroup
	CustomCharset *escSelectEntry

	// Proxy is the Proxy tab (sitemanager_proxy.go).
	Proxy *SiteProxy
	// Bookmarks is the site's own bookmarks (sitemanager_bookmarks.go).
	Bookmarks *SiteBookmarks

	// OnChanged is called after the user changes any field.
	OnChanged func()

	site        sites.Site // the site loaded: ID, folder and probe come from here
	passwordSet bool       // the user typed in Password
	keychainErr error
	loading     bool
}

// NewSiteEditor returns an editor holding a new site's defaults.
func NewSiteEditor() *SiteEditor {
	esc := &escapeHook{}
	e := &SiteEditor{
		escape:        esc,
		Name:          newEscEntry(esc, false, false),
		Host:          newEscEntry(esc, false, false),
		Port:          newEscEntry(esc, false, false),
		User:          newEscEntry(esc, false, false),
		Password:      newEscEntry(esc, true, false),
		Comments:      newEscEntry(esc, false, true),
		LocalDir:      newEscEntry(esc, false, false),
		RemoteDir:     newEscEntry(esc, false, false),
		ActiveMin:     newEscEntry(esc, false, false),
		ActiveMax:     newEscEntry(esc, false, false),
		External:      newEscEntry(esc, false, false),
		CustomCharset: newEscSelectEntry(esc, sites.CommonCharsets),
		CertText:      widget.NewLabel(""),
		ProbeText:     widget.NewLabel(""),
		KeychainNote:  widget.NewLabel(""),
		KeyFile:       newEscEntry(esc, false, false),
	}
	e.KeyFile.PlaceHolder = lang.X("site.keyfile.hint", "Private key file, such as /home/ann/.ssh/id_ed25519")
	e.KeyFile.OnChanged = func(string) { e.changed() }
	e.Protocol = newEscSelect(esc, localLabels(sites.Protocols.Labels()), func(string) { e.changed() })
	e.Logon = newEscSelect(esc, localLabels(sites.Logons.Labels()), func(string) { e.changed() })
	e.DataMode = newEscRadioGroup(esc, localLabels(sites.DataModes.Labels()), func(string) { e.changed() })
	e.DataMode.Horizontal = true
	e.DataMode.Required = true
	e.PassiveAddress = newEscRadioGroup(esc, localLabels(sites.PassiveAddresses.Labels()), func(string) { e.changed() })
	e.PassiveAddress.Required = true
	var counts []string
	for n := sites.MinConnections; n <= sites.MaxConnections; n++ {
		counts = append(counts, strconv.Itoa(n))
	}
	e.MaxConnections = newEscSelect(esc, counts, func(string) { e.changed() })
	e.ListHidden = newEscCheck(esc, lang.X("settings.hidden", "Show hidden files (LIST -a)"), func(bool) { e.changed() })
	e.Charset = newEscRadioGroup(esc, localLabels([]string{charsetAuto, charsetUTF8, charsetCustom}), func(string) { e.changed() })
	e.Charset.Required = true
	e.ForgetCert = newEscButton(esc, lang.X("site.cert.forget", "Forget"), theme.DeleteIcon(), nil)
	e.BrowseLocal = newEscButton(esc, lang.X("site.browse", "Browse…"), theme.FolderOpenIcon(), nil)
	nameObject("sm.browse", e.BrowseLocal)
	nameObject("sm.host", e.Host)
	nameObject("sm.port", e.Port)
	nameObject("sm.logon", e.Logon)
	nameObject("sm.user", e.User)
	nameObject("sm.password", e.Password)
	e.ResetProbe = newEscButton(esc, lang.X("site.probe.again", "Probe again"), theme.ViewRefreshIcon(), nil)
	e.Proxy = newSiteProxy(e.changed, esc)
	e.newSpeedFields(esc)

	for _, en := range []*widget.Entry{&e.Name.Entry, &e.Host.Entry, &e.Port.Entry, &e.User.Entry, &e.Comments.Entry, &e.LocalDir.Entry, &e.RemoteDir.Entry,
		&e.ActiveMin.Entry, &e.ActiveMax.Entry, &e.External.Entry, &e.CustomCharset.Entry} {
		en.OnChanged = func(string) { e.changed() }
	}
	e.Password.OnChanged = func(string) {
		if !e.loading {
			e.passwordSet = true
		}
		e.changed()
	}
	e.Comments.SetMinRowsVisible(4)
	e.Comments.Wrapping = fyne.TextWrapWord
	for _, l := range []*widget.Label{e.CertText, e.ProbeText, e.KeychainNote} {
		l.Wrapping = fyne.TextWrapWord
	}
	e.CertText.TextStyle.Monospace = true
	e.KeychainNote.Importance = widget.WarningImportance
	e.Host.PlaceHolder = "ftp.example.com"
	e.ActiveMin.PlaceHolder, e.ActiveMax.PlaceHolder = lang.X("site.port.any", "any"), lang.X("site.port.any", "any")
	e.External.PlaceHolder = lang.X("site.external.hint", "this computer's own address")
	e.LocalDir.PlaceHolder = lang.X("site.localdir.hint", "the local pane's current folder")
	e.RemoteDir.PlaceHolder = lang.X("site.remotedir.hint", "the login folder")

	e.Bookmarks = newSiteBookmarks(e.changed, esc)
	e.Tabs = container.NewAppTabs(
		container.NewTabItem(lang.X("site.tab.general", "General"), e.generalTab()),
		container.NewTabItem(lang.X("site.tab.advanced", "Advanced"), e.advancedTab()),
		container.NewTabItem(lang.X("site.tab.transfer", "Transfer Settings"), e.transferTab()),
		container.NewTabItem(lang.X("site.tab.charset", "Charset"), e.charsetTab()),
		container.NewTabItem(lang.X("sm.tab.proxy", "Proxy"), e.Proxy.tab()),
		container.NewTabItem(lang.X("sm.bookmarks.tab", "Bookmarks"), e.Bookmarks.Box),
	)
	nameTabs("sm", e.Tabs)
	e.ExtendBaseWidget(e)
	e.Load(sites.NewSite(lang.X("sm.new_site", "New site")), nil)
	return e
}

func (e *SiteEditor) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(e.Tabs)
}

func (e *SiteEditor) generalTab() fyne.CanvasObject {
	port := container.NewGridWrap(fyne.NewSize(80, e.Port.MinSize().Height), e.Port)
	hostRow := container.NewBorder(nil, nil, nil, container.NewHBox(widget.NewLabel(lang.X("site.port", "Port:")), port), e.Host)
	return widget.NewForm(
		widget.NewFormItem(lang.X("sm.name", "Name:"), e.Name),
		widget.NewFormItem(lang.X("site.host", "Host:"), hostRow),
		widget.NewFormItem(lang.X("site.encryption", "Encryption:"), e.Protocol),
		widget.NewFormItem(lang.X("site.logon", "Logon Type:"), e.Logon),
		widget.NewFormItem(lang.X("site.user", "User:"), e.User),
		widget.NewFormItem(lang.X("sm.password", "Password:"), container.NewVBox(e.Password, e.KeyFile, e.KeychainNote)),
		widget.NewFormItem(lang.X("site.comments", "Comments:"), e.Comments),
	)
}

func (e *SiteEditor) advancedTab() fyne.CanvasObject {
	local := widget.NewFormItem(lang.X("site.localdir", "Default local directory:"), container.NewBorder(nil, nil, nil, e.BrowseLocal, e.LocalDir))
	remote := widget.NewFormItem(lang.X("site.remotedir", "Default remote directory:"), e.RemoteDir)
	remote.HintText = lang.X("site.remotedir.example", "Opened after login, e.g. /htdocs")
	cert := widget.NewFormItem(lang.X("site.cert", "Trusted certificate:"), container.NewBorder(nil, nil, nil, container.NewVBox(e.ForgetCert), e.CertText))
	hidden := widget.NewFormItem(lang.X("site.listings", "Listings:"), e.ListHidden)
	hidden.HintText = lang.X("site.listings.hint", "vsftpd and others hide dot files such as .htaccess unless asked")
	return widget.NewForm(local, remote, hidden, cert)
}

func (e *SiteEditor) transferTab() fyne.CanvasObject {
	probe := widget.NewFormItem(lang.X("site.probed", "Auto-detected:"), container.NewBorder(nil, nil, nil, container.NewVBox(e.ResetProbe), e.ProbeText))
	width := e.ActiveMin.MinSize().Height
	ports := container.NewHBox(
		container.NewGridWrap(fyne.NewSize(90, width), e.ActiveMin), widget.NewLabel(lang.X("site.port.to", "to")),
		container.NewGridWrap(fyne.NewSize(90, width), e.ActiveMax))
	external := widget.NewFormItem(lang.X("site.external", "External address:"), e.External)
	external.HintText = lang.X("site.external.example", "Active mode: an IP, or a host name looked up at each connect (for a dynamic IP)")
	max := widget.NewFormItem(lang.X("site.max_connections", "Maximum connections:"), container.NewHBox(e.MaxConnections))
	max.HintText = lang.X("site.max_connections.hint", "Connections to this server at once, transfers and browsing together")
	// Scrolled: the speed rows (sitemanager_speed.go) make it taller
	// than the other tabs.
	e.TransferScroll = container.NewVScroll(widget.NewForm(append([]*widget.FormItem{
		widget.NewFormItem(lang.X("site.mode", "Transfer mode:"), container.NewHBox(e.DataMode)),
		probe,
		widget.NewFormItem(lang.X("site.pasv", "Passive mode:"), e.PassiveAddress),
		widget.NewFormItem(lang.X("site.active_ports", "Active mode ports:"), ports),
		external,
		max,
	}, e.speedItems()...)...))
	return e.TransferScroll
}

func (e *SiteEditor) charsetTab() fyne.CanvasObject {
	intro := widget.NewLabel(lang.X("site.charset.intro", "The server names its files in this character set:"))
	custom := widget.NewForm(widget.NewFormItem(lang.X("site.charset.encoding", "Encoding:"), e.CustomCharset))
	hint := widget.NewLabel(lang.X("site.charset.hint", "Autodetect uses UTF-8, as nearly every server does today. Old servers on Chinese, "+
		"Japanese or Korean Windows often use GBK, Big5 or Shift_JIS instead; with the wrong one, names with "+
		"accents or other scripts show garbled."))
	hint.Wrapping = fyne.TextWrapWord
	hint.Importance = widget.LowImportance
	return container.NewVBox(intro, e.Charset, custom, hint)
}

// Load shows s in the fields; pin is its trusted certificate, if any.
func (e *SiteEditor) Load(s sites.Site, pin *sites.CertInfo) {
	e.loading = true
	defer func() { e.loading = false; e.update() }()
	e.site, e.passwordSet = s, false
	e.Name.SetText(s.Name)
	e.Host.SetText(s.Host)
	e.Port.SetText(portText(s.Port))
	e.Protocol.SetSelected(choiceLabel(sites.Protocols.Label(s.Protocol)))
	e.Logon.SetSelected(choiceLabel(sites.Logons.Label(s.Logon)))
	e.User.SetText(s.User)
	e.Password.SetText("")
	e.KeyFile.SetText(s.KeyFile)
	e.Comments.SetText(s.Comments)
	e.LocalDir.SetText(s.LocalDir)
	e.RemoteDir.SetText(s.RemoteDir)
	e.DataMode.SetSelected(choiceLabel(sites.DataModes.Label(s.DataMode)))
	e.PassiveAddress.SetSelected(choiceLabel(sites.PassiveAddresses.Label(s.UseSentPassiveAddress)))
	e.ActiveMin.SetText(portText(s.ActivePortMin))
	e.ActiveMax.SetText(portText(s.ActivePortMax))
	e.External.SetText(s.ExternalAddress)
	e.ListHidden.SetChecked(s.ListHidden)
	e.MaxConnections.SetSelected(strconv.Itoa(s.MaxConnections))
	switch {
	case s.Charset == sites.CharsetAuto:
		e.Charset.SetSelected(choiceLabel(charsetAuto))
		e.CustomCharset.SetText("")
	case strings.EqualFold(s.Charset, sites.CharsetUTF8):
		e.Charset.SetSelected(choiceLabel(charsetUTF8))
		e.CustomCharset.SetText("")
	default:
		e.Charset.SetSelected(choiceLabel(charsetCustom))
		e.CustomCharset.SetText(s.Charset)
	}
	e.Proxy.load(s.Proxy)
	e.Bookmarks.load(s.Bookmarks)
	e.loadSpeed(s)
	e.SetPin(pin)
	e.SetProbe(s.Probe)
}

// SetPin shows the site's trusted certificate.
func (e *SiteEditor) SetPin(pin *sites.CertInfo) {
	if pin == nil {
		e.CertText.TextStyle.Monospace = false
		e.CertText.SetText(lang.X("site.cert.none", "None yet. Portside asks the first time the server shows a certificate that this computer does not trust."))
		e.ForgetCert.Disable()
		return
	}
	e.CertText.TextStyle.Monospace = true
	e.CertText.SetText(CertInfoText(*pin) + "\n" + lang.X("cert.first_seen", "First:    {{.Time}}", map[string]any{"Time": FormatTime(pin.FirstSeen)}))
	e.ForgetCert.Enable()
}

// SetProbe shows what auto mode found; nil when it has not probed.
func (e *SiteEditor) SetProbe(p *sites.Probe) {
	e.site.Probe = p
	if p == nil {
		e.ProbeText.SetText(lang.X("site.probe.none", "Nothing yet: the first connect in Default mode tries EPSV, PASV, EPRT and PORT, and keeps the first that carries a listing."))
		e.ResetProbe.Disable()
		return
	}
	e.ProbeText.SetText(lang.X("site.probe", "{{.Method}}, on {{.Time}}: {{.Reason}}.", map[string]any{"Method": p.Method, "Time": FormatTime(p.When), "Reason": p.Reason}))
	e.ResetProbe.Enable()
}

// SetKeychainProblem says, under the password, why Normal cannot keep a
// password on this computer; nil hides it.
func (e *SiteEditor) SetKeychainProblem(err error) {
	e.keychainErr = err
	e.update()
}

// Site reads the fields: the loaded site with the user's changes. The
// error is a sentence about a field that is not a number; the rest is
// sites.Site.Validate's to say.
func (e *SiteEditor) Site() (sites.Site, error) {
	s := e.site
	var errs []error
	num := func(en *escEntry, what string) int {
		t := strings.TrimSpace(en.Text)
		if t == "" {
			return 0
		}
		n, err := strconv.Atoi(t)
		if err != nil {
			errs = append(errs, errors.New(lang.X("site.err.number", "The {{.Field}} {{.Text}} is not a number.", map[string]any{"Field": what, "Text": strconv.Quote(t)})))
		}
		return n
	}
	s.Name = e.Name.Text
	s.Host = e.Host.Text
	s.Port = num(e.Port, lang.X("site.field.port", "port"))
	s.Protocol, _ = sites.Protocols.ByLabel(englishLabel(sites.Protocols.Labels(), e.Protocol.Selected))
	s.Logon, _ = sites.Logons.ByLabel(englishLabel(sites.Logons.Labels(), e.Logon.Selected))
	s.User = e.User.Text
	s.KeyFile = strings.TrimSpace(e.KeyFile.Text)
	s.Comments = e.Comments.Text
	s.LocalDir = strings.TrimSpace(e.LocalDir.Text)
	s.RemoteDir = strings.TrimSpace(e.RemoteDir.Text)
	s.DataMode, _ = sites.DataModes.ByLabel(englishLabel(sites.DataModes.Labels(), e.DataMode.Selected))
	s.UseSentPassiveAddress, _ = sites.PassiveAddresses.ByLabel(englishLabel(sites.PassiveAddresses.Labels(), e.PassiveAddress.Selected))
	s.ActivePortMin = num(e.ActiveMin, lang.X("site.field.port_min", "lowest active port"))
	s.ActivePortMax = num(e.ActiveMax, lang.X("site.field.port_max", "highest active port"))
	s.ExternalAddress = e.External.Text
	s.ListHidden = e.ListHidden.Checked
	s.MaxConnections, _ = strconv.Atoi(e.MaxConnections.Selected)
	e.readSpeed(&s, num)
	switch e.Charset.Selected {
	case choiceLabel(charsetUTF8):
		s.Charset = sites.CharsetUTF8
	case choiceLabel(charsetCustom):
		s.Charset = strings.TrimSpace(e.CustomCharset.Text)
		if s.Charset == "" {
			errs = append(errs, errors.New(lang.X("site.err.charset", "Enter the custom charset's name, such as GBK, or choose Autodetect.")))
		}
	default:
		s.Charset = sites.CharsetAuto
	}
	var perr error
	s.Proxy, perr = e.Proxy.read()
	s.Bookmarks = e.Bookmarks.Bookmarks()
	return s, errors.Join(append(errs, perr)...)
}

// NewPassword is the password typed for a Normal logon, or nil when the user
// did not type one (the saved password stays).
func (e *SiteEditor) NewPassword() *string {
	if !e.passwordSet || e.Logon.Selected != choiceLabel(sites.Logons.Label(sites.Normal)) {
		return nil
	}
	pw := e.Password.Text
	return &pw
}

// Loaded is the site as it was loaded (its ID is empty for a new one).
func (e *SiteEditor) Loaded() sites.Site { return e.site }

func (e *SiteEditor) changed() {
	if e.loading {
		return
	}
	e.update()
	if e.OnChanged != nil {
		e.OnChanged()
	}
}

// update enables what the chosen options use, and words the placeholders
// after them.
func (e *SiteEditor) update() {
	logon, _ := sites.Logons.ByLabel(englishLabel(sites.Logons.Labels(), e.Logon.Selected))
	setEnabled(e.User, logon != sites.Anonymous)
	setEnabled(e.Password, logon == sites.Normal)
	switch {
	case logon == sites.Anonymous:
		e.Password.PlaceHolder = ""
	case logon == sites.AskPassword:
		e.Password.PlaceHolder = lang.X("site.password.ask", "Asked for at each connect")
	case e.site.ID != "" && e.site.Logon == sites.Normal:
		e.Password.PlaceHolder = lang.X("site.password.saved", "Saved in the keychain; type to replace it")
	default:
		e.Password.PlaceHolder = ""
	}
	e.Password.Refresh()
	if logon == sites.KeyFile {
		e.KeyFile.Show()
	} else {
		e.KeyFile.Hide()
	}
	if e.keychainErr != nil && logon == sites.Normal {
		e.KeychainNote.SetText(lang.X("site.keychain.none", "No keychain is available on this computer, so a password cannot be saved; "+
			"choose “Ask for password” and Portside asks each time."))
		e.KeychainNote.Show()
	} else {
		e.KeychainNote.Hide()
	}

	proto, _ := sites.Protocols.ByLabel(englishLabel(sites.Protocols.Labels(), e.Protocol.Selected))
	e.Port.PlaceHolder = "21"
	if proto == sites.FTPSImplicit {
		e.Port.PlaceHolder = "990"
	}
	if proto == sites.SFTP {
		e.Port.PlaceHolder = "22"
	}
	e.Port.Refresh()

	mode, _ := sites.DataModes.ByLabel(englishLabel(sites.DataModes.Labels(), e.DataMode.Selected))
	setEnabled(e.PassiveAddress, mode != transport.ModeActive)
	for _, w := range []fyne.Disableable{e.ActiveMin, e.ActiveMax, e.External} {
		setEnabled(w, mode != transport.ModePassive)
	}
	setEnabled(e.CustomCharset, e.Charset.Selected == choiceLabel(charsetCustom))
}

func setEnabled(w fyne.Disableable, on bool) {
	if on {
		w.Enable()
	} else {
		w.Disable()
	}
}

func portText(p int) string {
	if p == 0 {
		return ""
	}
	return strconv.Itoa(p)
}
