package buildinfo

import (
	_ "embed"
	"encoding/json"
)

// licensesJSON is written by `go run ./buildinfo/genlicenses` (make
// licenses) from the module cache: the full licence text of every module
// either program links on Linux, Windows or macOS. TestLicensesCurrent
// fails when go.mod changes and the file was not regenerated.
//
//go:embed licenses.json
var licensesJSON []byte

// License is one module's licence, as licenses.json holds it.
type License struct {
	Module  string `json:"module"`
	Version string `json:"version"`
	Name    string `json:"license"` // SPDX identifier, e.g. "BSD-3-Clause"
	Text    string `json:"text"`
	// BundledIn names the module that compiles this C library into the
	// binary (GLFW in go-gl/glfw); empty for a Go module's own licence.
	BundledIn string `json:"bundled_in,omitempty"`
}

// AllLicenses is every entry of licenses.json, sorted by module.
func AllLicenses() []License {
	var l []License
	if err := json.Unmarshal(licensesJSON, &l); err != nil {
		panic("buildinfo: licenses.json: " + err.Error()) // embedded and tested: cannot happen at run time
	}
	return l
}

// Licenses are the licences of what this binary links: its modules, the
// Go standard library, and C libraries built into a linked module (their
// entries carry the module's version). A module licenses.json lacks is
// listed with Name "unknown", so a gap shows rather than hides.
func (in Info) Licenses() []License {
	all := AllLicenses()
	byModule := map[string]License{}
	for _, l := range all {
		byModule[l.Module] = l
	}
	std := byModule["std"]
	std.Version = in.Go
	out := []License{std}
	linked := map[string]bool{}
	for _, d := range in.Deps {
		linked[d.Path] = true
		l, ok := byModule[d.Path]
		if !ok {
			l = License{Module: d.Path, Version: d.Version, Name: "unknown"}
		}
		out = append(out, l)
	}
	for _, l := range all {
		if l.BundledIn != "" && linked[l.BundledIn] {
			out = append(out, l)
		}
	}
	return out
}
