package ui

import (
	"os"
	"sync/atomic"

	"fyne.io/fyne/v2/lang"

	"portside/i18n"
)

// UseLanguage registers Portside's catalogues with Fyne's lang package in
// the language the Settings window chose ("" follows the system).
//
// Fyne's lang has one global language, which it takes from the system's
// locale list when catalogues are added; on Linux and the BSDs that list
// comes from $LANGUAGE, $LC_ALL, $LC_MESSAGES and $LANG, so the choice is
// put in $LANGUAGE first (i18n.System, for Portside's own localiser, reads
// it too). Widgets are worded when they are built, so a new choice shows
// fully at the next start; the Settings window says so. On Windows and
// macOS Fyne asks the system instead, and only i18n.System follows the
// choice.
func UseLanguage(choice string) error {
	switch choice {
	case i18n.Chinese:
		os.Setenv("LANGUAGE", "zh_CN")
	case i18n.English:
		os.Setenv("LANGUAGE", "en")
	}
	defer languageGen.Add(1)
	return lang.AddTranslationsFS(i18n.FS, i18n.Dir)
}

// languageGen counts UseLanguage calls: what keeps worded text (the column
// widths) knows when to word it again.
var languageGen atomic.Int64
