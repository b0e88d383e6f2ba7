package ui

import (
	"errors"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"portside/transfer/sites"
	"portside/transfer/transport"
)

// withProxy gives a connection the proxy it goes through: the saved site's
// own, else the default one from File → Proxy settings. Without saved
// sites (the demo, tests) nothing changes.
func (m *Main) withProxy(site Site) Site {
	if m.Sites == nil || site.Proxy != nil {
		return site
	}
	p, err := m.Sites.ProxyFor(site.Saved)
	if err != nil {
		m.logFailure(errors.New("the proxy settings could not be read, connecting directly: " + err.Error()))
		return site
	}
	site.Proxy = p
	return site
}

// proxyKinds are the choices of the proxy dialog, in transport's order.
var proxyKinds = []string{"None (connect directly)", "SOCKS5", "HTTP CONNECT"}

// ProxyForm is File → Proxy settings: the default proxy for every
// connection whose saved site names none of its own.
type ProxyForm struct {
	Kind     *widget.Select
	Host     *widget.Entry
	Port     *widget.Entry
	User     *widget.Entry
	Password *widget.Entry
	Dialog   dialog.Dialog
}

// ShowProxySettings opens the default proxy's settings.
func (m *Main) ShowProxySettings() *ProxyForm {
	if m.Sites == nil {
		return nil
	}
	cur, err := m.Sites.DefaultProxy()
	if err != nil {
		m.setStatus(err.Error(), true)
	}
	f := &ProxyForm{Kind: widget.NewSelect([]string{lang.X("proxy.none", "None (connect directly)"), proxyKinds[1], proxyKinds[2]}, nil), Host: widget.NewEntry(), Port: widget.NewEntry(),
		User: widget.NewEntry(), Password: widget.NewPasswordEntry()}
	f.Kind.SetSelectedIndex(int(cur.Kind))
	f.Host.SetText(cur.Host)
	if cur.Port != 0 {
		f.Port.SetText(strconv.Itoa(cur.Port))
	}
	f.User.SetText(cur.User)
	f.Password.PlaceHolder = lang.X("proxy.password.kept", "unchanged (kept in the keychain)")
	note := widget.NewLabel(lang.X("proxy.note", "Connections go through the proxy, file transfers too (passive mode). "+
		"Active mode cannot work through a proxy, as the server would have to connect back to this computer: "+
		"auto mode skips it, and a site set to active mode fails with a message. A site can name its own proxy."))
	note.Wrapping = fyne.TextWrapWord
	note.Importance = widget.LowImportance
	form := widget.NewForm(
		widget.NewFormItem(lang.X("proxy.type", "Type"), f.Kind),
		widget.NewFormItem(lang.X("proxy.host", "Host"), f.Host),
		widget.NewFormItem(lang.X("proxy.port", "Port"), f.Port),
		widget.NewFormItem(lang.X("proxy.user", "User"), f.User),
		widget.NewFormItem(lang.X("proxy.password", "Password"), f.Password),
	)
	content := container.NewVBox(form, note)
	nameObject("proxy.port", f.Port) // for scripts/dialogs-xvfb.sh
	var d *dialog.ConfirmDialog
	// dialog: proxy
	d = dialog.NewCustomConfirm(lang.X("proxy.title", "Proxy settings"), lang.X("sm.save", "Save"), lang.X("dlg.cancel", "Cancel"), content, func(ok bool) {
		if !ok {
			return
		}
		if err := f.save(m.Sites); err != nil {
			// Fyne has closed the form; once the error is read, the form
			// comes back as the user left it, to be corrected: nothing
			// typed is lost, and nothing was saved.
			// dialog: proxy-save-error
			e := dialog.NewError(err, m.Window)
			e.SetOnClosed(d.Show)
			e.Show()
			return
		}
		m.setStatus(lang.X("proxy.saved", "Proxy settings saved; they apply to the next connection."), false)
	}, m.Window)
	d.Resize(fyne.NewSize(560, 0))
	f.Dialog = d
	d.Show()
	return f
}

// save stores what the form holds; an empty password keeps the saved one.
func (f *ProxyForm) save(store *sites.Store) error {
	p := sites.Proxy{Kind: transport.ProxyKind(max(f.Kind.SelectedIndex(), 0)),
		Host: strings.TrimSpace(f.Host.Text), User: strings.TrimSpace(f.User.Text)}
	if t := strings.TrimSpace(f.Port.Text); t != "" {
		n, err := strconv.Atoi(t)
		if err != nil {
			return errors.New(lang.X("proxy.err.port", "Give the proxy's port, a number from 1 to 65535."))
		}
		p.Port = n
	}
	var pw *string
	if f.Password.Text != "" {
		pw = &f.Password.Text
	}
	return store.SetDefaultProxy(p, pw)
}
