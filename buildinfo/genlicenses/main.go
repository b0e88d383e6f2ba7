// Command genlicenses writes buildinfo/licenses.json: the licence of every
// module that portside or portside-cli links on Linux, Windows or macOS,
// with its full text read from the module cache, plus Go's own (the
// standard library is linked too). Help → About shows them.
//
//	go run ./buildinfo/genlicenses -o buildinfo/licenses.json
//	go run ./buildinfo/genlicenses -copyright FILE   the .deb's copyright file,
//	                                                 from the committed licenses.json
//
// The file is committed, so a build needs no module cache walk; a test
// regenerates it and fails when it no longer matches go.mod.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"

	"portside/buildinfo"
)

// targets are the platforms whose dependency sets differ (D-Bus on Linux,
// the Credential Manager on Windows, Cocoa bits on macOS).
var targets = []string{"linux", "windows", "darwin"}

// packages are the programs shipped.
var packages = []string{"./cmd/portside", "./cmd/portside-cli"}

func main() {
	out := flag.String("o", "buildinfo/licenses.json", "file to write")
	copyright := flag.String("copyright", "", "write a Debian copyright file of the embedded licences to this file instead")
	flag.Parse()
	var b []byte
	var err error
	if *copyright != "" {
		*out, b = *copyright, Copyright(buildinfo.AllLicenses())
	} else {
		b, err = Generate(".")
	}
	if err == nil {
		err = os.WriteFile(*out, b, 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "genlicenses:", err)
		os.Exit(1)
	}
}

// Generate returns licenses.json for the module in dir.
func Generate(dir string) ([]byte, error) {
	mods := map[string]listedModule{}
	for _, goos := range targets {
		if err := listModules(dir, goos, mods); err != nil {
			return nil, err
		}
	}
	root, err := goEnv(dir, "GOROOT")
	if err != nil {
		return nil, err
	}
	// No version for std: the About box shows the Go that built the
	// binary (runtime.Version), and the file stays the same across Go
	// patch releases.
	mods["std"] = listedModule{Path: "std", Dir: root}

	var all []buildinfo.License
	var problems []string
	for _, m := range mods {
		text, err := licenseText(m.Dir)
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s: %v", m.Path, err))
			continue
		}
		name := Classify(text)
		if name == "" {
			problems = append(problems, fmt.Sprintf("%s: licence text not recognised", m.Path))
			continue
		}
		all = append(all, buildinfo.License{Module: m.Path, Version: m.Version, Name: name, Text: text})
		if b, ok := bundled[m.Path]; ok {
			text, err := os.ReadFile(filepath.Join(m.Dir, b.file))
			if err != nil || Classify(string(text)) == "" {
				problems = append(problems, fmt.Sprintf("%s: %s: licence missing or not recognised", m.Path, b.file))
				continue
			}
			all = append(all, buildinfo.License{Module: b.name, Version: m.Version, Name: Classify(string(text)), Text: string(text), BundledIn: m.Path})
		}
	}
	if len(problems) > 0 {
		sort.Strings(problems)
		return nil, errors.New(strings.Join(problems, "; "))
	}
	sort.Slice(all, func(i, j int) bool { return all[i].Module < all[j].Module })
	b, err := json.MarshalIndent(all, "", "  ")
	return append(b, '\n'), err
}

type listedModule struct {
	Path, Version, Dir string
	Main               bool
	Replace            *listedModule
}

// listModules adds the modules of the shipped packages' dependencies for
// goos. CGO_ENABLED=1 because the window's OpenGL binding is cgo only;
// listing needs no C compiler.
func listModules(dir, goos string, mods map[string]listedModule) error {
	args := append([]string{"list", "-e", "-deps", "-json=Module"}, packages...)
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOOS="+goos, "GOARCH=amd64", "CGO_ENABLED=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("go list for %s: %v: %s", goos, err, stderr.Bytes())
	}
	dec := json.NewDecoder(bytes.NewReader(out))
	for dec.More() {
		var p struct{ Module *listedModule }
		if err := dec.Decode(&p); err != nil {
			return fmt.Errorf("go list for %s: %w", goos, err)
		}
		m := p.Module
		if m == nil || m.Main {
			continue // the standard library, or Portside itself
		}
		if r := m.Replace; r != nil && buildinfo.LocalPath(r.Path) {
			// make's patched copy of Fyne (third_party/fyne): upstream's
			// module, version and licence; the copy holds its files.
			m = &listedModule{Path: m.Path, Version: m.Version, Dir: r.Dir}
		} else if r != nil {
			m = r
		}
		if m.Dir == "" {
			return fmt.Errorf("module %s@%s is not in the module cache (go mod download)", m.Path, m.Version)
		}
		mods[m.Path] = *m
	}
	return nil
}

func goEnv(dir, key string) (string, error) {
	cmd := exec.Command("go", "env", key)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("go env %s: %w", key, err)
	}
	return strings.TrimSpace(string(out)), nil
}

// licenseText reads a module's licence file: the first file at its root
// named LICENSE, LICENCE or COPYING, in any case, with any extension.
func licenseText(dir string) (string, error) {
	des, err := os.ReadDir(dir)
	if err != nil {
		return "", err
	}
	for _, de := range des {
		n := strings.ToLower(de.Name())
		if de.Type().IsRegular() && (strings.HasPrefix(n, "license") || strings.HasPrefix(n, "licence") || strings.HasPrefix(n, "copying")) {
			b, err := os.ReadFile(filepath.Join(dir, de.Name()))
			if err != nil {
				return "", err
			}
			return strings.ReplaceAll(string(b), "\r\n", "\n"), nil
		}
	}
	return "", fmt.Errorf("no licence file in %s", dir)
}

// bundled are C libraries compiled into a Go module, whose own licences
// ship beside the module's: GLFW, which go-gl/glfw builds from source.
var bundled = map[string]struct{ name, file string }{
	"github.com/go-gl/glfw/v3.4/glfw": {"GLFW (C library, built in)", "glfw/LICENSE.md"},
}

// Copyright is the text of a Debian package's copyright file: Portside's
// components and each one's licence in full, as licences that require
// their notice to travel with binaries ask.
func Copyright(ls []buildinfo.License) []byte {
	var b strings.Builder
	b.WriteString("Portside is built from the components below. Each one's licence follows in full.\n")
	for _, l := range ls {
		name := l.Module
		if name == "std" {
			name = "The Go standard library"
		}
		fmt.Fprintf(&b, "\n%s\n\n%s %s — %s\n\n%s\n", strings.Repeat("-", 72), name, l.Version, l.Name, strings.TrimRight(l.Text, "\n"))
	}
	return []byte(b.String())
}

// Classify names the licence of text with its SPDX identifier, or "" when
// the text is none of the licences Portside's dependencies use. The tests
// are the distinctive sentences of each licence, so a reworded copyright
// line does not matter.
func Classify(text string) string {
	t := strings.Join(strings.Fields(text), " ") // one space, no line breaks
	has := func(s string) bool { return strings.Contains(t, s) }
	switch {
	case has("Apache License") && has("Version 2.0"):
		return "Apache-2.0"
	case has("Mozilla Public License Version 2.0") || has("Mozilla Public License, version 2.0"):
		return "MPL-2.0"
	case has("Permission is hereby granted, free of charge"):
		return "MIT"
	case has("Permission to use, copy, modify, and/or distribute this software for any purpose"),
		has("Permission to use, copy, modify, and distribute this software for any purpose"):
		return "ISC"
	case has("This is free and unencumbered software released into the public domain"):
		return "Unlicense"
	case has("This software is provided 'as-is', without any express or implied warranty"):
		return "Zlib"
	case has("Redistribution and use in source and binary forms"):
		if has("Neither the name") || has("names of its contributors may be used") || has("name of the copyright holder nor") {
			return "BSD-3-Clause"
		}
		return "BSD-2-Clause"
	}
	return ""
}
