package ui

import (
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"portside/i18n"
	"portside/transfer/sites"
	"portside/transfer/transport"
)

// SettingsForm is the Settings window's content: FileZilla's Edit →
// Settings, in three tabs. Its fields hold text; Settings reads them back
// into a sites.Settings, which says what is wrong with them.
type SettingsForm struct {
	Tabs *container.AppTabs

	Language   *widget.Select
	ShowHidden *widget.Check
	// SiteTab: a saved site opens in a new tab when the current one is
	// connected, or replaces the current one (ui/tabs.go).
	SiteTab *widget.Select

	QuickTLS    *widget.Select
	Mode        *widget.Select
	PortMin     *widget.Entry
	PortMax     *widget.Entry
	External    *widget.Entry
	Connections *widget.Entry
	ConnTimeout *widget.Entry
	DataTimeout *widget.Entry
	Retries     *widget.Entry

	SpeedDown      *widget.Entry
	SpeedUp        *widget.Entry
	SpeedOn        *widget.Check
	ExistsDownload *widget.Select
	ExistsUpload   *widget.Select
	DoubleClick    *widget.Select // what a double-click on a file does

	// Problem shows what keeps the settings from being saved.
	Problem *widget.Label
}

// The choices' words, in the order of their values.
func languageNames() []string {
	return []string{lang.X("settings.lang.system", "System language"), "English", "简体中文"}
}

var languageValues = []string{"", i18n.English, i18n.Chinese}

func tlsNames() []string {
	// In transport.TLSMode's order: the index is the mode.
	return []string{lang.X("settings.tls.none", "None (plain FTP)"),
		lang.X("settings.tls.explicit", "Explicit FTPS (AUTH TLS)"),
		lang.X("settings.tls.implicit", "Implicit FTPS"),
		lang.X("settings.tls.if_available", "Explicit FTPS if available (asks before a plain login)")}
}

func modeNames() []string {
	return []string{lang.X("settings.mode.auto", "Auto"),
		lang.X("settings.mode.passive", "Passive mode"),
		lang.X("settings.mode.active", "Active mode")}
}

func existsNames() []string {
	return []string{lang.X("settings.exists.ask", "Ask"),
		lang.X("settings.exists.overwrite", "Overwrite"),
		lang.X("settings.exists.newer", "Overwrite if newer"),
		lang.X("settings.exists.size", "Overwrite if the size differs"),
		lang.X("settings.exists.resume", "Resume"),
		lang.X("settings.exists.rename", "Rename (keep both)"),
		lang.X("settings.exists.skip", "Skip")}
}

// doubleClickNames word sites.DoubleClickActions, as FileZilla does.
func doubleClickNames() []string {
	return []string{lang.X("settings.double_click.transfer", "Transfer"),
		lang.X("settings.double_click.queue", "Add to queue"),
		lang.X("settings.double_click.edit", "View/Edit"),
		lang.X("settings.double_click.none", "Nothing")}
}

// NewSettingsForm shows s.
func NewSettingsForm(s sites.Settings) *SettingsForm {
	f := &SettingsForm{Problem: widget.NewLabel("")}
	f.Problem.Importance = widget.DangerImportance
	f.Problem.Wrapping = fyne.TextWrapWord
	f.Language = widget.NewSelect(languageNames(), nil)
	f.Language.SetSelectedIndex(max(indexOf(languageValues, s.Language), 0))
	f.ShowHidden = widget.NewCheck(lang.X("settings.hidden", "Show hidden files (LIST -a)"), nil)
	f.ShowHidden.SetChecked(s.ShowHidden)
	f.SiteTab = widget.NewSelect(siteTabNames(), nil)
	f.SiteTab.SetSelectedIndex(boolIndex(s.SitesReplaceTab))

	f.QuickTLS = widget.NewSelect(tlsNames(), nil)
	f.QuickTLS.SetSelectedIndex(int(s.QuickTLSMode()))
	f.Mode = widget.NewSelect(modeNames(), nil)
	f.Mode.SetSelectedIndex(int(s.Mode))
	f.PortMin, f.PortMax = numEntry(s.ActivePortMin), numEntry(s.ActivePortMax)
	f.External = widget.NewEntry()
	f.External.SetText(s.ExternalAddress)
	f.External.SetPlaceHolder(lang.X("settings.external.hint", "IP address or host name; empty: this computer's"))
	f.Connections = numEntry(s.SiteConnections())
	f.ConnTimeout, f.DataTimeout = numEntry(orDefault(s.ConnectTimeout, 15)), numEntry(orDefault(s.DataTimeout, 10))
	f.Retries = numEntry(orDefault(s.Retries, 3))

	f.SpeedDown, f.SpeedUp = numEntry(int(s.SpeedDown)), numEntry(int(s.SpeedUp))
	f.SpeedOn = widget.NewCheck(lang.X("settings.speed.on", "Limit the speed"), nil)
	f.SpeedOn.SetChecked(s.SpeedOn)
	f.ExistsDownload, f.ExistsUpload = widget.NewSelect(existsNames(), nil), widget.NewSelect(existsNames(), nil)
	f.ExistsDownload.SetSelectedIndex(max(indexOf(sites.ExistsPolicies, s.ExistsDownload), 0))
	f.ExistsUpload.SetSelectedIndex(max(indexOf(sites.ExistsPolicies, s.ExistsUpload), 0))
	f.DoubleClick = widget.NewSelect(doubleClickNames(), nil)
	f.DoubleClick.SetSelectedIndex(max(indexOf(sites.DoubleClickActions, s.DoubleClick), 0))

	general := widget.NewForm(
		widget.NewFormItem(lang.X("settings.language", "Language"), f.Language),
		widget.NewFormItem("", widget.NewLabel(lang.X("settings.language.restart", "A new language applies when Portside starts again."))),
		widget.NewFormItem(lang.X("settings.listings", "Listings"), f.ShowHidden),
		widget.NewFormItem(lang.X("settings.sitetab", "Saved sites open"), f.SiteTab),
	)
	ports := container.NewGridWithColumns(3, f.PortMin, widget.NewLabel("–"), f.PortMax)
	conn := widget.NewForm(
		widget.NewFormItem(lang.X("settings.quick_tls", "Quick connect TLS"), f.QuickTLS),
		widget.NewFormItem(lang.X("settings.mode", "Transfer mode"), f.Mode),
		widget.NewFormItem(lang.X("settings.ports", "Active mode ports"), ports),
		widget.NewFormItem(lang.X("settings.external", "External address"), f.External),
		widget.NewFormItem(lang.X("settings.connections", "Connections per site"), f.Connections),
		widget.NewFormItem(lang.X("settings.timeout.connect", "Connect timeout (s)"), f.ConnTimeout),
		widget.NewFormItem(lang.X("settings.timeout.data", "Data timeout (s)"), f.DataTimeout),
		widget.NewFormItem(lang.X("settings.retries", "Tries per transfer"), f.Retries),
	)
	xfer := widget.NewForm(
		widget.NewFormItem(lang.X("settings.speed.down", "Download limit (KiB/s)"), f.SpeedDown),
		widget.NewFormItem(lang.X("settings.speed.up", "Upload limit (KiB/s)"), f.SpeedUp),
		widget.NewFormItem("", f.SpeedOn),
		widget.NewFormItem(lang.X("settings.exists.download", "When a downloaded file exists"), f.ExistsDownload),
		widget.NewFormItem(lang.X("settings.exists.upload", "When an uploaded file exists"), f.ExistsUpload),
		widget.NewFormItem(lang.X("settings.double_click", "Double-click on a file"), f.DoubleClick),
	)
	f.Tabs = container.NewAppTabs(
		container.NewTabItem(lang.X("settings.tab.general", "General"), general),
		container.NewTabItem(lang.X("settings.tab.connection", "Connection"), conn),
		container.NewTabItem(lang.X("settings.tab.transfers", "Transfers"), xfer),
	)
	return f
}

// Settings reads the form; the problems are for the Problem label.
func (f *SettingsForm) Settings() (sites.Settings, []string) {
	var s sites.Settings
	var bad []string
	num := func(e *widget.Entry, what string) int {
		t := strings.TrimSpace(e.Text)
		if t == "" {
			return 0
		}
		n, err := strconv.Atoi(t)
		if err != nil || n < 0 {
			bad = append(bad, lang.X("settings.err.number", "{{.Field}}: enter a whole number.", map[string]any{"Field": what}))
		}
		return n
	}
	s.Language = languageValues[max(f.Language.SelectedIndex(), 0)]
	s.ShowHidden = f.ShowHidden.Checked
	s.SitesReplaceTab = f.SiteTab.SelectedIndex() == 1
	s.SetQuickTLS(transport.TLSMode(max(f.QuickTLS.SelectedIndex(), 0)))
	s.Mode = transport.Mode(max(f.Mode.SelectedIndex(), 0))
	s.ActivePortMin = num(f.PortMin, lang.X("settings.ports", "Active mode ports"))
	s.ActivePortMax = num(f.PortMax, lang.X("settings.ports", "Active mode ports"))
	s.ExternalAddress = strings.TrimSpace(f.External.Text)
	s.Connections = num(f.Connections, lang.X("settings.connections", "Connections per site"))
	s.ConnectTimeout = num(f.ConnTimeout, lang.X("settings.timeout.connect", "Connect timeout (s)"))
	s.DataTimeout = num(f.DataTimeout, lang.X("settings.timeout.data", "Data timeout (s)"))
	s.Retries = num(f.Retries, lang.X("settings.retries", "Tries per transfer"))
	s.SpeedDown = int64(num(f.SpeedDown, lang.X("settings.speed.down", "Download limit (KiB/s)")))
	s.SpeedUp = int64(num(f.SpeedUp, lang.X("settings.speed.up", "Upload limit (KiB/s)")))
	s.SpeedOn = f.SpeedOn.Checked
	s.ExistsDownload = sites.ExistsPolicies[max(f.ExistsDownload.SelectedIndex(), 0)]
	s.ExistsUpload = sites.ExistsPolicies[max(f.ExistsUpload.SelectedIndex(), 0)]
	s.DoubleClick = sites.DoubleClickActions[max(f.DoubleClick.SelectedIndex(), 0)]
	if s.DoubleClick == sites.DoubleClickActions[0] {
		s.DoubleClick = "" // the default: settings.json stays as it was
	}
	if len(bad) == 0 {
		bad = settingsProblems(s.Check())
	}
	return s, bad
}

// ShowSettings opens the Settings window (File → Settings…, Ctrl+,).
// Save applies at once: the next connection, transfer and file-exists
// question use the new values; the language applies at the next start.
func (m *Main) ShowSettings() {
	f := NewSettingsForm(m.Prefs.Get())
	m.Settings = f
	content := container.NewBorder(nil, f.Problem, nil, nil, f.Tabs)
	var d *dialog.CustomDialog
	save := widget.NewButton(lang.X("settings.save", "Save"), func() {
		s, bad := f.Settings()
		if len(bad) == 0 {
			if err := m.Prefs.Set(s); err != nil {
				bad = []string{err.Error()}
			}
		}
		if len(bad) > 0 {
			f.Problem.SetText(strings.Join(bad, "\n"))
			return
		}
		d.Hide()
		m.setStatus(lang.X("settings.saved", "Settings saved."), false)
	})
	save.Importance = widget.HighImportance
	cancel := widget.NewButton(lang.X("settings.cancel", "Cancel"), func() { d.Hide() })
	// dialog: settings
	d = dialog.NewCustomWithoutButtons(lang.X("settings.title", "Settings"), content, m.Window)
	d.SetButtons([]fyne.CanvasObject{cancel, save})
	d.Resize(fyne.NewSize(560, 460))
	d.Show()
	escapeCloses(m.Window.Canvas(), d.Hide, d.SetOnClosed)
}

func numEntry(n int) *widget.Entry {
	e := widget.NewEntry()
	if n != 0 {
		e.SetText(strconv.Itoa(n))
	}
	return e
}

func orDefault(n, def int) int {
	if n == 0 {
		return def
	}
	return n
}

func indexOf(list []string, v string) int {
	for i, s := range list {
		if s == v {
			return i
		}
	}
	return -1
}
