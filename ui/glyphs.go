package ui

import (
	"bytes"
	"fmt"
	"log"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/fontscan"
	"github.com/go-text/typesetting/language"

	"portside/transfer"
	"portside/transfer/transport"
)

// Fyne draws text with its own fonts and falls back to the system's for
// characters they lack; a machine without a CJK font shows Chinese and
// Japanese names as boxes ("��"). Nothing in the window would say why, so
// the first name with a character no font has is logged, once, with the
// package that fixes it. scripts/deps.sh installs that package.

// fontHint is what the log says to install.
const fontHint = "install a font for them (on Debian: fonts-wqy-microhei, 5 MB, for Chinese, Japanese and Korean)"

// glyphCheck reports, once, a listed name with a character no font has.
type glyphCheck struct {
	covers func(rune) bool // nil: systemCoverage, loaded on first use
	report func(name string, r rune)

	mu    sync.Mutex // one check at a time; the font scan is not cheap
	done  bool
	known map[rune]bool // runes seen covered; bounded
}

// knownMax bounds the covered-rune cache: a hostile server's names could
// hold every code point.
const knownMax = 8192

// check looks at the names of entries; it runs off the UI goroutine.
func (g *glyphCheck) check(entries []transfer.Entry) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.done {
		return
	}
	if g.known == nil {
		g.known = map[rune]bool{}
	}
	for _, e := range entries {
		for _, r := range e.Name {
			if r < 0x250 || g.known[r] { // Latin: always in Fyne's own font
				continue
			}
			if g.covers == nil {
				g.covers = systemCoverage().covers // only for a name outside Latin
			}
			if !g.covers(r) {
				g.done = true
				g.report(e.Name, r)
				return
			}
			if len(g.known) < knownMax {
				g.known[r] = true
			}
		}
	}
}

// glyphReport is the log line for name, whose r no font has.
func glyphReport(name string, r rune) string {
	return fmt.Sprintf("Some names have characters no installed font can show (%U in %q): they appear as boxes; %s.",
		r, name, fontHint)
}

// coverage answers whether a rune can be drawn: by Fyne's embedded fonts,
// else by a system font as Fyne's fallback finds it.
type coverage struct {
	mu    sync.Mutex
	faces []*font.Face
	fm    *fontscan.FontMap // nil: no system fonts
}

var (
	systemOnce sync.Once
	systemCov  *coverage
)

// systemCoverage is the coverage of Fyne's fonts and the system's, built
// once (the system font scan is cached by go-text under the user's cache
// folder, as Fyne's own is).
func systemCoverage() *coverage {
	systemOnce.Do(func() {
		systemCov = newCoverage(true)
	})
	return systemCov
}

func newCoverage(system bool) *coverage {
	c := &coverage{}
	for _, res := range []fyne.Resource{theme.DefaultTextFont(), theme.DefaultSymbolFont(), theme.DefaultEmojiFont()} {
		if res == nil {
			continue // built with no_emoji
		}
		if f, err := font.ParseTTF(bytes.NewReader(res.Content())); err == nil {
			c.faces = append(c.faces, f)
		}
	}
	if system {
		fm := fontscan.NewFontMap(quietLogger{})
		start := time.Now()
		if err := fm.UseSystemFonts(""); err == nil {
			c.fm = fm
		} else {
			log.Printf("portside: cannot read the system's fonts (%v): names in other scripts may show as boxes", err)
		}
		if d := time.Since(start); d > 2*time.Second {
			log.Printf("portside: reading the system's fonts took %s", d.Round(time.Millisecond))
		}
	}
	return c
}

func (c *coverage) covers(r rune) bool {
	for _, f := range c.faces {
		if _, ok := f.NominalGlyph(r); ok {
			return true
		}
	}
	if c.fm == nil {
		return false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.fm.SetQuery(fontscan.Query{Families: []string{fontscan.SansSerif}})
	c.fm.SetScript(language.LookupScript(r))
	f := c.fm.ResolveFace(r) // an arbitrary face when none has r: ask it
	if f == nil {
		return false
	}
	_, ok := f.NominalGlyph(r)
	return ok
}

type quietLogger struct{}

func (quietLogger) Printf(string, ...any) {}

// newGlyphCheck reports into the message log and on stderr.
func (m *Main) newGlyphCheck(covers func(rune) bool) *glyphCheck {
	return &glyphCheck{covers: covers, report: func(name string, r rune) {
		text := glyphReport(name, r)
		log.Print("portside: " + text)
		m.queueLog(transport.Event{Time: time.Now(), Kind: transport.Failure, Text: text}) // the current tab's, from this goroutine
	}}
}
