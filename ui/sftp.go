package ui

import (
	"context"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"portside/transfer/sftp"
	"portside/transfer/sites"
	"portside/transfer/transport"
)

// SFTP in the window: a site whose Protocol is SFTP dials transfer/sftp
// instead of transfer/ftp, here and nowhere else. The panes, the queue and
// the syncs get a transfer.FS either way.

// sftpRemote is an SFTP session as the window's Remote. SFTP has no data
// connections, so it has no method to report.
type sftpRemote struct{ *sftp.Session }

func (sftpRemote) Method() transport.Method { return transport.Method(0) }

// DialSFTP opens an SFTP Remote.
func DialSFTP(ctx context.Context, cfg sftp.Config) (Remote, error) {
	s, err := sftp.Connect(ctx, cfg)
	if err != nil {
		return nil, err // a nil *Session in a Remote would not be nil
	}
	return sftpRemote{s}, nil
}

// sftpConfig is the session configuration for s, with the window's host
// key decisions and questions.
func (s Site) sftpConfig(keys *sftp.HostKeys, q *SSHPrompt) sftp.Config {
	var cfg sftp.Config
	if s.Saved != nil {
		cfg = s.Saved.SFTPConfig(s.Password)
	} else {
		cfg = sftp.Config{Host: s.Host, Port: s.Port, User: s.User, Password: s.Password, Agent: true}
	}
	cfg.HostKeys = keys
	if q != nil {
		cfg.Passphrase, cfg.Answer = q.passphraseFor(s.Saved), q.Answer
	}
	return cfg
}

// parseSFTPURL reads sftp://user@host:port/path into a quick-connect Site.
func parseSFTPURL(raw string) (Site, error) {
	cfg, p, err := sftp.ParseURL(raw)
	if err != nil {
		return Site{}, fmt.Errorf("read site address: %w", err)
	}
	s := Site{SFTP: true, Host: cfg.Host, Port: cfg.Port, User: cfg.User, Password: cfg.Password}
	if p != "/" {
		s.Path = p
	}
	return s, nil
}

// newHostKeys is the window's host key store: Portside's known_hosts
// beside sites.json, OpenSSH's read as well, unknown keys put to ask (nil:
// a dialog). One store for the window's connection and the queue's, so a
// "trust once" holds for both.
func (m *Main) newHostKeys(ask sftp.Ask) *sftp.HostKeys {
	hk := &sftp.HostKeys{UserFiles: sftp.DefaultUserFiles(), Ask: ask}
	if m.Sites != nil {
		hk.File = filepath.Join(m.Sites.Dir(), "known_hosts")
	} else if dir, err := sites.DefaultDir(); err == nil {
		hk.File = filepath.Join(dir, "known_hosts")
	}
	if hk.Ask == nil {
		hk.Ask = (&HostKeyPrompt{Window: m.Window, Do: m.doFunc}).Ask
	}
	m.SSH = &SSHPrompt{Window: m.Window, Do: m.doFunc, Sites: m.Sites}
	return hk
}

// HostKeyPrompt asks about a server's unknown host key in a dialog: trust
// it once, always (Portside's known_hosts), or not.
type HostKeyPrompt struct {
	Window fyne.Window
	Do     func(func()) // nil: fyne.Do

	mu sync.Mutex // one dialog at a time
}

// Ask runs on the dialling goroutine and waits for the answer.
func (p *HostKeyPrompt) Ask(k sftp.HostKey) (sftp.Decision, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	answer := make(chan sftp.Decision, 1)
	show := func() {
		text := widget.NewLabel(HostKeyText(k))
		text.TextStyle.Monospace = true
		var d *dialog.CustomDialog
		reply := func(v sftp.Decision) func() {
			return func() { d.Hide(); answer <- v }
		}
		// dialog: sftp-hostkey
		d = dialog.NewCustomWithoutButtons(lang.X("hostkey.title", "Unknown host key"), text, p.Window)
		reject := widget.NewButton(lang.X("dlg.cancel", "Cancel"), reply(sftp.Reject))
		once := widget.NewButton(lang.X("cert.trust_once", "Trust once"), reply(sftp.TrustOnce))
		d.SetButtons([]fyne.CanvasObject{reject, once,
			widget.NewButton(lang.X("cert.trust_always", "Always trust"), reply(sftp.TrustAlways)),
		})
		// for scripts/dialogs-xvfb.sh
		nameObject("dlg.hostkey", text)
		nameObject("hostkey.reject", reject)
		nameObject("hostkey.once", once)
		d.Show()
	}
	if p.Do != nil {
		p.Do(show)
	} else {
		fyne.Do(show)
	}
	return <-answer, nil
}

// HostKeyText describes a host key for a person deciding whether to trust
// it, as ssh does on first contact.
func HostKeyText(k sftp.HostKey) string {
	return lang.X("hostkey.text", "Portside has not met the server {{.Host}} before.\n\n"+
		"Key type:  {{.Type}}\nSHA-256:   {{.Fingerprint}}\n\n"+
		"Compare the fingerprint with the one the server's administrator gives you.",
		map[string]any{"Host": k.Host, "Type": k.Type, "Fingerprint": k.Fingerprint})
}

// SSHPrompt asks the user what an SSH login needs beyond the site: a key's
// passphrase (once per key while Portside runs, for the window's
// connection and the queue's alike) and keyboard-interactive questions
// (one-time codes), in dialogs.
type SSHPrompt struct {
	Window fyne.Window
	Do     func(func()) // nil: fyne.Do
	// Sites keeps the passphrases of saved "Key file" sites whose user
	// ticks Keep; nil offers no keeping.
	Sites *sites.Store

	mu    sync.Mutex        // one dialog at a time
	known map[string]string // key file → passphrase that opened it, until Portside quits
	// Entries and Keep are the fields of the dialog on screen, for tests.
	Entries []*widget.Entry
	Keep    *widget.Check
	Dialog  *dialog.FormDialog
}

// passphraseFor is the Passphrase hook of a site's logins: the passphrase
// given before in this run, else the one kept in the keychain for a saved
// Key file site, else a dialog (with a Keep box for such a site).
func (p *SSHPrompt) passphraseFor(saved *sites.Site) func(file string) (string, error) {
	return func(file string) (string, error) {
		p.mu.Lock()
		pass, ok := p.known[file]
		p.mu.Unlock()
		if ok {
			return pass, nil
		}
		keyed := saved != nil && saved.Logon == sites.KeyFile && p.Sites != nil
		if keyed {
			if kept, err := p.Sites.KeyPassphrase(saved.ID); err == nil && sftp.PassphraseOpens(file, kept) {
				p.remember(file, kept)
				return kept, nil
			}
		}
		var keep *bool
		if keyed {
			keep = new(bool)
		}
		a, err := p.ask(lang.X("ssh.passphrase.title", "Passphrase for the key"), []string{lang.X("ssh.passphrase", "The key {{.File}} is encrypted.\nPassphrase:", map[string]any{"File": filepath.Base(file)})}, []bool{false}, keep)
		if err != nil {
			return "", err
		}
		if sftp.PassphraseOpens(file, a[0]) {
			p.remember(file, a[0])
			if keep != nil && *keep {
				p.Sites.KeepKeyPassphrase(saved.ID, a[0]) // best effort: the login goes on without
			}
		}
		return a[0], nil
	}
}

func (p *SSHPrompt) remember(file, pass string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.known == nil {
		p.known = map[string]string{}
	}
	p.known[file] = pass
}

// Answer shows one round of keyboard-interactive questions.
func (p *SSHPrompt) Answer(c sftp.Challenge) ([]string, error) {
	title := c.Name
	if title == "" {
		title = lang.X("ssh.asks", "The server asks")
	}
	qs := append([]string(nil), c.Questions...)
	if c.Instruction != "" && len(qs) > 0 {
		qs[0] = c.Instruction + "\n" + qs[0]
	}
	return p.ask(title, qs, c.Echo, nil)
}

var errNotAnswered = fmt.Errorf("the question was not answered")

func (p *SSHPrompt) ask(title string, questions []string, echo []bool, keep *bool) ([]string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	done := make(chan bool, 1)
	entries := make([]*widget.Entry, len(questions))
	out := make([]string, len(questions))
	show := func() {
		items := make([]*widget.FormItem, len(questions))
		for i, q := range questions {
			if i < len(echo) && echo[i] {
				entries[i] = widget.NewEntry()
			} else {
				entries[i] = widget.NewPasswordEntry()
			}
			items[i] = widget.NewFormItem(q, entries[i])
		}
		p.Keep = nil
		if keep != nil {
			p.Keep = widget.NewCheck(lang.X("ssh.keep", "Keep it in the keychain"), nil)
			items = append(items, widget.NewFormItem("", p.Keep))
		}
		check := p.Keep
		// dialog: sftp-prompt
		d := dialog.NewForm(title, lang.X("dlg.ok", "OK"), lang.X("dlg.cancel", "Cancel"), items, func(ok bool) {
			for i, e := range entries {
				out[i] = e.Text
			}
			if check != nil {
				*keep = check.Checked
			}
			done <- ok
		}, p.Window)
		// Fyne sizes a form dialog to its fields' minimum: a password field
		// of a few characters, which hid most of what was typed. The
		// labels' column takes the widest question (a server's
		// instruction stands in the first), so the field gets its room
		// beyond that, within the window.
		d.Resize(fyne.NewSize(promptWidth(questions, p.Window), 0))
		p.Entries, p.Dialog = entries, d
		if len(entries) > 0 {
			nameObject("dlg.ssh-prompt", entries[0]) // for scripts/dialogs-xvfb.sh
		}
		d.Show()
	}
	if p.Do != nil {
		p.Do(show)
	} else {
		fyne.Do(show)
	}
	if !<-done {
		return nil, errNotAnswered
	}
	return out, nil
}

// sftpSite reads the bar with an sftp:// URL in the host field, the bar's
// way to choose SFTP: the URL's user and port, else the fields'.
func (b *ConnectBar) sftpSite(host string) (Site, error) {
	s, err := parseSFTPURLLoose(host)
	if err != nil {
		return Site{}, err
	}
	if s.User == "" {
		s.User = strings.TrimSpace(b.User.Text)
	}
	if s.Password == "" {
		s.Password = b.Password.Text
	}
	if p := strings.TrimSpace(b.Port.Text); p != "" && s.Port == 0 {
		if s.Port, err = parsePort(p); err != nil {
			return Site{}, err
		}
	}
	if s.Path == "" {
		s.Path = b.path
	}
	return s, nil
}

// parseSFTPURLLoose is parseSFTPURL that lets the user come from the
// bar's User field.
func parseSFTPURLLoose(raw string) (Site, error) {
	u, err := url.Parse(raw)
	if err == nil && u.User == nil {
		u.User = url.User("-") // a stand-in, dropped below
		s, err := parseSFTPURL(u.String())
		s.User = ""
		return s, err
	}
	return parseSFTPURL(raw)
}

// sftpHostText is what the bar's host field shows for an SFTP site.
func sftpHostText(host string) string {
	return (&url.URL{Scheme: "sftp", Host: bracket(host)}).String()
}

func bracket(host string) string {
	if strings.Contains(host, ":") {
		return "[" + host + "]"
	}
	return host
}

// promptWidth is an SSH question dialog's width: the widest line of its
// questions, as the form's bold labels draw it, plus 300 for the answer
// field and the padding; at least 520, at most the window's width.
func promptWidth(questions []string, w fyne.Window) float32 {
	var widest float32
	for _, q := range questions {
		for _, line := range strings.Split(q, "\n") {
			l := widget.NewLabelWithStyle(line, fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
			widest = max(widest, l.MinSize().Width)
		}
	}
	width := max(520, widest+300)
	if w != nil && w.Canvas().Size().Width > 0 {
		width = min(width, w.Canvas().Size().Width-40)
	}
	return width
}
