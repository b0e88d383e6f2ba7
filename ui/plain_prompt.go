package ui

import (
	"encoding/json"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"portside/transfer/transport"
)

// A quick connect is "explicit TLS if available" by default (#11): where
// the server refuses AUTH TLS, the user is asked once, before USER and
// PASS cross the network readable, as FileZilla asks about an "Insecure
// FTP connection". "Remember for this server" is kept beside the quick
// connect history, in the app's preferences: host:port only, never a
// password.

const (
	plainOKKey = "quickconnect.plain_ok"
	plainOKMax = 50 // a bound on what the preferences hold
)

// plainAllowed reports whether the user said not to ask again for addr.
func plainAllowed(addr string) bool {
	return slices.Contains(plainAllowedList(), addr)
}

func plainAllowedList() []string {
	var out []string
	raw := fyne.CurrentApp().Preferences().String(plainOKKey)
	if raw == "" || json.Unmarshal([]byte(raw), &out) != nil {
		return nil
	}
	return out
}

// allowPlain remembers addr, newest first.
func allowPlain(addr string) {
	list := []string{addr}
	for _, a := range plainAllowedList() {
		if a != addr && len(list) < plainOKMax {
			list = append(list, a)
		}
	}
	if b, err := json.Marshal(list); err == nil {
		fyne.CurrentApp().Preferences().SetString(plainOKKey, string(b))
	}
}

// hasSecret reports whether a login would send something worth hiding: an
// anonymous login sends a mail-address-like placeholder, no password.
func (s Site) hasSecret() bool {
	return s.User != "" && !strings.EqualFold(s.User, "anonymous")
}

// confirmPlain is the transport's ConfirmPlain for site: nil where no
// question is due, else a question asked at most once per connect.
func (m *Main) confirmPlain(site Site) func(addr string) error {
	if !site.hasSecret() {
		return nil
	}
	return transport.AskOnce(func(addr string) error {
		if plainAllowed(addr) {
			return nil
		}
		answer := make(chan bool, 1)
		m.do(func() { m.showPlainQuestion(addr, answer) })
		if !<-answer {
			return transport.ErrPlainRefused
		}
		return nil
	})
}

// showPlainQuestion puts the question up; the answer goes to answer (the
// connecting goroutine waits for it), and "remember" is saved here, on
// the UI goroutine.
func (m *Main) showPlainQuestion(addr string, answer chan<- bool) {
	text := widget.NewLabel(lang.X("ui.plain.text",
		"This server does not support encryption (TLS).\n\nIf you connect anyway, your password and your files cross the network\nreadable by anyone on the way."))
	remember := widget.NewCheck(lang.X("ui.plain.remember", "Remember for this server"), nil)
	nameObject("dlg.plain", text)
	nameObject("dlg.plain.remember", remember)
	title := lang.X("ui.plain.title", "Insecure FTP connection") + " — " + addr
	// dialog: plain-login
	d := dialog.NewCustomConfirm(title, lang.X("ui.plain.connect", "Connect anyway"), lang.X("ui.plain.cancel", "Cancel"),
		container.NewVBox(text, remember), func(ok bool) {
			if ok && remember.Checked {
				allowPlain(addr)
			}
			answer <- ok
		}, m.Window)
	d.Show()
}
