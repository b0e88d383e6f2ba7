package ui

import (
	"errors"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"portside/transfer/sites"
	"portside/transfer/transport"
)

// SiteProxy is the Site Manager's Proxy tab: the site's own proxy, or the
// default one of File → Proxy settings (the site's Proxy nil), or none
// (Kind none: this site connects directly even when a default is set).
// The password goes to the keychain (sites.ProxyAccount), never into
// sites.json; like the site's own password, it is kept unless typed.
type SiteProxy struct {
	Kind     *escSelect
	Host     *escEntry
	Port     *escEntry
	User     *escEntry
	Password *escEntry

	onChanged   func()
	passwordSet bool // the user typed in Password
	loading     bool
	hadPassword bool // the loaded site had a proxy user: a password may be saved
}

// siteProxyKinds are the Kind choices: index 0 is the default proxy,
// index i > 0 is transport.ProxyKind(i-1).
func siteProxyKinds() []string {
	return []string{lang.X("sm.proxy.default", "Default (File > Proxy settings)"),
		lang.X("sm.proxy.none", "None (connect directly)"), "SOCKS5", "HTTP CONNECT"}
}

func newSiteProxy(onChanged func(), esc *escapeHook) *SiteProxy {
	p := &SiteProxy{Host: newEscEntry(esc, false, false), Port: newEscEntry(esc, false, false), User: newEscEntry(esc, false, false),
		Password: newEscEntry(esc, true, false), onChanged: onChanged}
	p.Kind = newEscSelect(esc, siteProxyKinds(), func(string) { p.changed() })
	for _, e := range []*widget.Entry{&p.Host.Entry, &p.Port.Entry, &p.User.Entry} {
		e.OnChanged = func(string) { p.changed() }
	}
	p.Password.OnChanged = func(string) {
		if !p.loading {
			p.passwordSet = true
		}
		p.changed()
	}
	p.Host.PlaceHolder = "proxy.example.com"
	nameObject("sm.proxy.kind", p.Kind)
	return p
}

// tab is the Proxy tab's content.
func (p *SiteProxy) tab() fyne.CanvasObject {
	note := widget.NewLabel(lang.X("sm.proxy.note", "Connections to this site and its passive-mode transfers go "+
		"through the proxy. Active mode cannot work through a proxy; auto mode skips it."))
	note.Wrapping = fyne.TextWrapWord
	note.Importance = widget.LowImportance
	port := container.NewGridWrap(fyne.NewSize(80, p.Port.MinSize().Height), p.Port)
	form := widget.NewForm(
		widget.NewFormItem(lang.X("sm.proxy.type", "Proxy:"), p.Kind),
		widget.NewFormItem(lang.X("sm.proxy.host", "Host:"), container.NewBorder(nil, nil, nil,
			container.NewHBox(widget.NewLabel(lang.X("sm.proxy.port", "Port:")), port), p.Host)),
		widget.NewFormItem(lang.X("sm.proxy.user", "User:"), p.User),
		widget.NewFormItem(lang.X("sm.proxy.password", "Password:"), p.Password),
	)
	return container.NewVBox(form, note)
}

// load shows a site's proxy (nil: the default).
func (p *SiteProxy) load(proxy *sites.Proxy) {
	p.loading = true
	defer func() { p.loading = false; p.update() }()
	p.passwordSet = false
	var q sites.Proxy
	if proxy == nil {
		p.Kind.SetSelectedIndex(0)
	} else {
		q = *proxy
		p.Kind.SetSelectedIndex(int(q.Kind) + 1)
	}
	p.Host.SetText(q.Host)
	p.Port.SetText(portText(q.Port))
	p.User.SetText(q.User)
	p.Password.SetText("")
	p.hadPassword = proxy != nil && q.User != ""
}

// read is the tab's proxy for the site: nil for the default; a sentence
// when it cannot be used.
func (p *SiteProxy) read() (*sites.Proxy, error) {
	i := p.Kind.SelectedIndex()
	if i <= 0 {
		return nil, nil
	}
	q := &sites.Proxy{Kind: transport.ProxyKind(i - 1)}
	if q.Kind == transport.ProxyNone {
		return q, nil
	}
	q.Host, q.User = strings.TrimSpace(p.Host.Text), strings.TrimSpace(p.User.Text)
	q.Port = proxyDefaultPort(q.Kind) // what the placeholder shows, as ALL_PROXY's URLs default
	if t := strings.TrimSpace(p.Port.Text); t != "" {
		n, err := strconv.Atoi(t)
		if err != nil {
			return q, errors.New(lang.X("sm.proxy.err.port", "Give the proxy's port, a number from 1 to 65535."))
		}
		q.Port = n
	}
	return q, q.Validate()
}

// NewPassword is the proxy password typed, or nil when none was (the
// keychain's stays).
func (p *SiteProxy) NewPassword() *string {
	if !p.passwordSet {
		return nil
	}
	pw := p.Password.Text
	return &pw
}

func (p *SiteProxy) changed() {
	if p.loading {
		return
	}
	p.update()
	if p.onChanged != nil {
		p.onChanged()
	}
}

// update enables the fields a proxy of the chosen kind uses.
func (p *SiteProxy) update() {
	own := p.Kind.SelectedIndex() > 1
	for _, w := range []fyne.Disableable{p.Host, p.Port, p.User, p.Password} {
		setEnabled(w, own)
	}
	p.Port.PlaceHolder = strconv.Itoa(proxyDefaultPort(transport.ProxyKind(max(p.Kind.SelectedIndex()-1, 0))))
	p.Password.PlaceHolder = ""
	if p.hadPassword {
		p.Password.PlaceHolder = lang.X("sm.proxy.kept", "unchanged (kept in the keychain)")
	}
	p.Port.Refresh()
	p.Password.Refresh()
}

// proxyDefaultPort is the port of a proxy given without one: SOCKS5's
// 1080, and 3128 (Squid's, as transport.ParseProxyURL takes) for HTTP.
func proxyDefaultPort(k transport.ProxyKind) int {
	if k == transport.ProxyHTTP {
		return 3128
	}
	return 1080
}

// saveSiteProxyPassword stores the proxy password typed in the editor for
// the saved site (its ID is known only after the save).
func saveSiteProxyPassword(store *sites.Store, saved sites.Site, e *SiteEditor) error {
	pw := e.Proxy.NewPassword()
	if pw == nil {
		return nil
	}
	if err := store.SetSiteProxy(saved.ID, saved.Proxy, pw); err != nil {
		return err
	}
	e.Proxy.passwordSet = false
	return nil
}
