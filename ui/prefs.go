package ui

import (
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"portside/transfer"
	"portside/transfer/ftp"
	"portside/transfer/queue"
	"portside/transfer/sites"
)

// Prefs are the Settings window's values, live: the connection, the queue
// and the status bar read them at the moment they need them, so a change
// applies to the next connection, transfer or file-exists question
// without a restart. Dir is where they are saved ("": not saved, as in
// the demo and tests).
type Prefs struct {
	Dir string

	mu       sync.Mutex
	s        sites.Settings
	onChange []func(sites.Settings)
}

// NewPrefs holds s, saved in dir.
func NewPrefs(dir string, s sites.Settings) *Prefs { return &Prefs{Dir: dir, s: s} }

// Get is the current settings; a nil Prefs is the defaults.
func (p *Prefs) Get() sites.Settings {
	if p == nil {
		return sites.Settings{}
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.s
}

// Set saves s (when Dir is set) and applies it; on a save error nothing
// changes.
func (p *Prefs) Set(s sites.Settings) error {
	if p.Dir != "" {
		if err := sites.SaveSettings(p.Dir, s); err != nil {
			return err
		}
	} else if probs := s.Problems(); len(probs) > 0 {
		return &settingsError{probs}
	}
	p.mu.Lock()
	p.s = s
	fs := append([]func(sites.Settings){}, p.onChange...)
	p.mu.Unlock()
	for _, f := range fs {
		f(s)
	}
	return nil
}

// OnChange calls f after every Set.
func (p *Prefs) OnChange(f func(sites.Settings)) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.onChange = append(p.onChange, f)
}

type settingsError struct{ problems []string }

func (e *settingsError) Error() string {
	s := ""
	for i, p := range e.problems {
		if i > 0 {
			s += " "
		}
		s += p
	}
	return s
}

// applyFTP is the settings' part of a session's configuration.
func (p *Prefs) applyFTP(cfg *ftp.Config, site Site) {
	p.Get().ApplyFTP(cfg, site.Saved != nil)
}

// existsDefault answers the queue's file-exists question with the default
// action for the item's direction, when the settings name one; else the
// prompt asks. It is never "for all": a changed setting applies to the
// next question.
func (p *Prefs) existsDefault(ask func(queue.Item, transfer.Entry, transfer.Entry) (queue.Policy, bool)) func(queue.Item, transfer.Entry, transfer.Entry) (queue.Policy, bool) {
	return func(it queue.Item, src, dst transfer.Entry) (queue.Policy, bool) {
		s := p.Get()
		name := s.ExistsDownload
		if it.Dir == queue.Upload {
			name = s.ExistsUpload
		}
		if pol, err := queue.ParsePolicy(name); err == nil && pol != queue.Ask {
			return pol, false
		}
		return ask(it, src, dst)
	}
}

// applySettings hooks the settings into the window: the quick-connect
// bar's TLS and mode at start, the speed limits, and the status bar's
// speed switch.
func (m *Main) applySettings(p *Prefs) {
	s := p.Get()
	m.Bar.SetTLS(s.QuickTLSMode())
	m.Bar.Mode.SetSelected(barLabel(s.Mode.String()))
	m.SpeedSwitch = widget.NewCheck(lang.X("settings.speed.switch", "Speed limit"), func(on bool) {
		s := m.Prefs.Get()
		if s.SpeedOn == on {
			return
		}
		s.SpeedOn = on
		if err := m.Prefs.Set(s); err != nil {
			m.setStatus(err.Error(), true)
		}
	})
	m.SpeedSwitch.SetChecked(s.SpeedOn)
	m.applySpeed(s)
	p.OnChange(func(s sites.Settings) {
		m.do(func() {
			for _, t := range m.Tabs {
				if state, _, _ := t.Conn.State(); state == Disconnected {
					t.Bar.SetTLS(s.QuickTLSMode())
					t.Bar.Mode.SetSelected(barLabel(s.Mode.String()))
				}
			}
			m.SpeedSwitch.SetChecked(s.SpeedOn)
			m.updateSpeedSwitch(s)
		})
		m.applySpeed(s)
	})
	m.updateSpeedSwitch(s)
}

// updateSpeedSwitch shows the switch only when there is a limit to switch.
func (m *Main) updateSpeedSwitch(s sites.Settings) {
	if s.SpeedDown > 0 || s.SpeedUp > 0 {
		m.SpeedSwitch.Enable()
	} else {
		m.SpeedSwitch.Disable()
	}
}

// applySpeed sets the queue's download and upload limits.
func (m *Main) applySpeed(s sites.Settings) {
	if m.Transfers == nil {
		return
	}
	down, up := int64(0), int64(0)
	if s.SpeedOn {
		down, up = s.SpeedDown*1024, s.SpeedUp*1024
	}
	m.Transfers.down.set(down)
	m.Transfers.up.set(up)
}

// settingsShortcut is Ctrl+, (Cmd+, on macOS), where desktop apps keep
// their settings.
var settingsShortcut = &desktop.CustomShortcut{KeyName: fyne.KeyComma, Modifier: fyne.KeyModifierShortcutDefault}
