// Package i18n holds Portside's catalogues (English and Simplified
// Chinese, JSON files under lang/ in the flat format Fyne's lang package
// reads) and a small localiser over them built on go-i18n directly.
//
// The window registers the same files with lang.AddTranslationsFS(FS, Dir)
// for lang.L/lang.X; the command line, which must not link Fyne, and the
// connection check's report, whose language can be switched in the dialog
// (Fyne's lang has one global language), use For(lang).
package i18n

import (
	"embed"
	"os"
	"strings"
	"sync"

	"encoding/json"
	"github.com/jeandeaual/go-locale"
	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

// FS holds the catalogues, in Dir; each file is NAME.LANG.json.
//
//go:embed lang/*.json
var FS embed.FS

// Dir is the folder of FS that holds the catalogues.
const Dir = "lang"

// The languages there are catalogues for.
const (
	English = "en"
	Chinese = "zh-Hans"
)

// Languages lists them, the fallback first.
var Languages = []string{English, Chinese}

var (
	once    sync.Once
	bundle  *goi18n.Bundle
	loadErr error
)

func load() {
	bundle = goi18n.NewBundle(language.English)
	bundle.RegisterUnmarshalFunc("json", json.Unmarshal)
	files, err := FS.ReadDir(Dir)
	if err != nil {
		loadErr = err
		return
	}
	for _, f := range files {
		if _, err := bundle.LoadMessageFileFS(FS, Dir+"/"+f.Name()); err != nil && loadErr == nil {
			loadErr = err
		}
	}
}

// Localizer words messages in one language.
type Localizer struct {
	lang string
	l    *goi18n.Localizer
}

// For returns the localiser for lang ("en", "zh-Hans", or any tag that
// matches one of them, e.g. "zh_CN.UTF-8"); others get English.
func For(lang string) *Localizer {
	once.Do(load)
	lang = Match(lang)
	return &Localizer{lang: lang, l: goi18n.NewLocalizer(bundle, lang)}
}

// Lang is the language the localiser speaks.
func (l *Localizer) Lang() string { return l.lang }

// T words key with data (a map or struct for the template). A key with
// no message comes back as the key itself, which a test catches.
func (l *Localizer) T(key string, data any) string {
	s, err := l.l.Localize(&goi18n.LocalizeConfig{MessageID: key, TemplateData: data})
	if err != nil {
		return key
	}
	return s
}

// TN words key for the count n with the language's plural forms
// ({"one": …, "other": …}); the template gets n as .Count unless data
// says otherwise.
func (l *Localizer) TN(key string, n int, data map[string]any) string {
	if data == nil {
		data = map[string]any{}
	}
	if _, ok := data["Count"]; !ok {
		data["Count"] = n
	}
	s, err := l.l.Localize(&goi18n.LocalizeConfig{MessageID: key, PluralCount: n, TemplateData: data})
	if err != nil {
		return key
	}
	return s
}

// Has reports whether key has a message in this language (not the fallback).
func (l *Localizer) Has(key string) bool {
	_, tag, err := l.l.LocalizeWithTag(&goi18n.LocalizeConfig{MessageID: key})
	return err == nil && Match(tag.String()) == l.lang
}

// LoadError is the error of loading the catalogues, if any (a test checks
// it is nil).
func LoadError() error {
	once.Do(load)
	return loadErr
}

// Match maps a locale name to a language with a catalogue: any Chinese
// (zh, zh-CN, zh_CN.UTF-8, zh-Hans, and for now zh-TW too) to zh-Hans,
// everything else to English.
func Match(name string) string {
	n := strings.ToLower(strings.TrimSpace(name))
	if n == "zh" || strings.HasPrefix(n, "zh-") || strings.HasPrefix(n, "zh_") || strings.HasPrefix(n, "zh.") {
		return Chinese
	}
	return English
}

// System is the language of the system's locale: the usual environment
// variables first (LANGUAGE, LC_ALL, LC_MESSAGES, LANG), then what the
// platform reports.
func System(getenv func(string) string) string {
	if getenv == nil {
		getenv = os.Getenv
	}
	for _, v := range []string{"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"} {
		if s := getenv(v); s != "" && s != "C" && s != "POSIX" {
			first, _, _ := strings.Cut(s, ":")
			return Match(first)
		}
	}
	if l, err := locale.GetLocale(); err == nil {
		return Match(l)
	}
	return English
}
