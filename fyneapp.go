// Package portside holds the files at the root of the source tree that the
// program needs at run time. FyneApp.toml is the one place the version is
// written (Fyne's packager reads it too), so the binary embeds it rather
// than repeating the number in Go or in the Makefile.
package portside

import _ "embed"

// FyneAppTOML is FyneApp.toml as it was when the binary was built.
//
//go:embed FyneApp.toml
var FyneAppTOML []byte
