package ui

import (
	"path"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"portside/transfer"
)

// linkIcon is Material Design's "link" glyph (Apache 2.0, the set Fyne's own
// icons come from); the theme has no icon for a symbolic link.
var linkIcon = theme.NewThemedResource(fyne.NewStaticResource("link.svg", []byte(
	`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M3.9 12c0-1.71 1.39-3.1 3.1-3.1h4V7H7c-2.76 0-5 2.24-5 5s2.24 5 5 5h4v-1.9H7c-1.71 0-3.1-1.39-3.1-3.1zM8 13h8v-2H8v2zm9-6h-4v1.9h4c1.71 0 3.1 1.39 3.1 3.1s-1.39 3.1-3.1 3.1h-4V17h4c2.76 0 5-2.24 5-5s-2.24-5-5-5z"/></svg>`)))

// Extensions by kind, for the icon only; nothing else trusts a name's suffix.
var kindByExt = map[string]func() fyne.Resource{
	".txt": theme.FileTextIcon, ".md": theme.FileTextIcon, ".html": theme.FileTextIcon,
	".htm": theme.FileTextIcon, ".css": theme.FileTextIcon, ".js": theme.FileTextIcon,
	".json": theme.FileTextIcon, ".xml": theme.FileTextIcon, ".csv": theme.FileTextIcon,
	".log": theme.FileTextIcon, ".go": theme.FileTextIcon, ".conf": theme.FileTextIcon,
	".jpg": theme.FileImageIcon, ".jpeg": theme.FileImageIcon, ".png": theme.FileImageIcon,
	".gif": theme.FileImageIcon, ".svg": theme.FileImageIcon, ".webp": theme.FileImageIcon,
	".mp3": theme.FileAudioIcon, ".ogg": theme.FileAudioIcon, ".flac": theme.FileAudioIcon,
	".wav": theme.FileAudioIcon, ".mp4": theme.FileVideoIcon, ".mkv": theme.FileVideoIcon,
	".webm": theme.FileVideoIcon, ".mov": theme.FileVideoIcon, ".avi": theme.FileVideoIcon,
	".zip": theme.FileApplicationIcon, ".gz": theme.FileApplicationIcon, ".tgz": theme.FileApplicationIcon,
	".xz": theme.FileApplicationIcon, ".bz2": theme.FileApplicationIcon, ".7z": theme.FileApplicationIcon,
	".exe": theme.FileApplicationIcon, ".deb": theme.FileApplicationIcon, ".bin": theme.FileApplicationIcon,
}

// entryIcon is the icon for e's type; a link gets its target's icon and a
// link badge (see fileRow).
func entryIcon(e transfer.Entry) fyne.Resource {
	if e.IsDir {
		return theme.FolderIcon()
	}
	if f, ok := kindByExt[strings.ToLower(path.Ext(e.Name))]; ok {
		return f()
	}
	return theme.FileIcon()
}
